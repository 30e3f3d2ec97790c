// Sign in by phone and password (cookie session + CSRF token), or register as a resident.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { gridPicker } from '../grid-picker.js';
import { announce, fail, field, h, showFieldErrors } from '../ui.js';

/** Take over the form the page drew, in the mode it was in. */
export const adopt = (first) => ({ registering: first.registering });

export async function render(root, ctx, preloaded) {
  let registering = Boolean(preloaded && preloaded.registering);
  const draw = () => {
    const phone = h('input', { type: 'tel', inputmode: 'numeric', autocomplete: 'tel', required: true, maxlength: 11 });
    const password = h('input', { type: 'password', autocomplete: registering ? 'new-password' : 'current-password', required: true });
    const name = h('input', { type: 'text', autocomplete: 'name', required: true });
    const grid = registering ? gridPicker() : null;
    const consent = h('input', { type: 'checkbox', id: 'privacy-consent', name: 'privacy_version' });
    const form = h('form', { class: 'card', novalidate: true },
      h('h2', {}, registering ? t('register_title') : t('login_title')),
      registering ? field('name', t('real_name'), name) : null,
      field('phone', t('phone'), phone),
      field('password', t('password'), password, registering ? t('password_hint') : null),
      grid ? grid.element : null,
      registering ? h('div', { class: 'field' },
        h('label', { class: 'check', for: 'privacy-consent' }, consent, t('privacy_accept')),
        h('a', { href: '/privacy', target: '_blank', rel: 'noopener' }, t('privacy_read')),
        h('div', { class: 'field-error', dataset: { errorFor: 'privacy_version' } })) : null,
      h('button', { type: 'submit', class: 'wide' }, registering ? t('register') : t('login')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = { phone: phone.value.trim(), password: password.value };
      try {
        if (registering) {
          // The version accepted is the server's current one; unticked, none is sent and the server asks.
          const notice = consent.checked ? await get('/privacy-notice', { cache: true }) : null;
          await post('/auth/register', {
            ...body, name: name.value.trim(), grid_id: grid.value(), ...(notice ? { privacy_version: notice.version } : {}),
          });
        }
      } catch (err) {
        if (!showFieldErrors(form, err)) fail(err);
        return;
      }
      try {
        ctx.signedIn(await post('/auth/login', body));
      } catch (err) {
        // Registering never says whether the phone had an account; if it had, its own password signs in.
        if (registering && err.code === 'bad_credentials') announce(t('registered_phone_has_account'), 'error');
        else if (!showFieldErrors(form, err)) fail(err);
      }
    });
    const toggle = h('button', { type: 'button', class: 'secondary wide' },
      registering ? t('have_account') : t('new_account'));
    toggle.addEventListener('click', () => { registering = !registering; draw(); });
    root.replaceChildren(h('p', { class: 'muted' }, t('welcome')), form, toggle);
  };
  draw();
}
