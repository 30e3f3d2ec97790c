// Me: who I am, language, larger text for elderly eyes, my password, sign out.
import { put } from '../api.js';
import { lang, setLang, t } from '../i18n.js';
import { announce, fail, field, h, showFieldErrors } from '../ui.js';

export async function render(root, ctx) {
  root.replaceChildren(h('h2', {}, t('settings_title')), section(ctx), passwordCard());
}

/** Change my password: every other phone signed in as me is signed out. */
export function passwordCard() {
  const current = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8 });
  const form = h('form', { class: 'card', 'aria-labelledby': 'password-h', dataset: { form: 'password' } },
    h('h3', { id: 'password-h' }, t('password_change')),
    field('current_password', t('password_current'), current),
    field('new_password', t('password_new'), next, t('password_hint')),
    h('button', { type: 'submit', class: 'wide' }, t('password_save')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await put('/me/password', { current_password: current.value, new_password: next.value });
      form.reset();
      showFieldErrors(form, null);
      announce(t('password_changed'));
    } catch (err) {
      if (!showFieldErrors(form, err)) fail(err);
    }
  });
  return form;
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
