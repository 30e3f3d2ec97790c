// Simplified Chinese first, English on request. Every string lives in strings.js.
import STRINGS from './strings.js';

let current = localStorage.getItem('lang') === 'en' ? 'en' : 'zh';

export const lang = () => current;

export function t(key, params = {}) {
  const entry = STRINGS[key];
  const text = entry ? entry[current === 'en' ? 1 : 0] : key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? params[name] : `{${name}}`));
}

export function setLang(next) {
  current = next === 'en' ? 'en' : 'zh';
  localStorage.setItem('lang', current);
  applyLang();
}

export function applyLang() {
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
  document.title = t('app_title');
}
