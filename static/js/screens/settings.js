// Me: who I am, language, larger text for elderly eyes, sign out.
import { lang, setLang, t } from '../i18n.js';
import { h } from '../ui.js';

export async function render(root, ctx) {
  root.replaceChildren(h('h2', {}, t('settings_title')), section(ctx));
}

/** The settings card, also shown at the foot of the volunteer's "me" screen. */
export function section(ctx) {
  const large = h('input', { type: 'checkbox', id: 'large-text', checked: document.documentElement.classList.contains('large') });
  large.addEventListener('change', () => {
    document.documentElement.classList.toggle('large', large.checked);
    localStorage.setItem('large-text', large.checked ? '1' : '0');
  });
  const language = h('select', { id: 'language' },
    h('option', { value: 'zh', lang: 'zh-CN', selected: lang() === 'zh' }, '简体中文'),
    h('option', { value: 'en', lang: 'en', selected: lang() === 'en' }, 'English'));
  language.addEventListener('change', () => { setLang(language.value); ctx.rerender(); });
  const out = h('button', { type: 'button', class: 'danger wide' }, t('logout'));
  out.addEventListener('click', () => ctx.signOut());
  return h('section', { class: 'card', 'aria-labelledby': 'settings-h' },
    h('h3', { id: 'settings-h' }, `${ctx.user.name} · ${ctx.user.phone}`),
    h('p', { class: 'muted' }, t('acting_as_role', { role: t(`role_${ctx.role}`) })),
    h('label', { class: 'check', for: 'large-text' }, large, t('large_text')),
    h('div', { class: 'field' }, h('label', { for: 'language' }, t('language')), language),
    out);
}
