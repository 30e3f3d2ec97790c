// Me: who I am, language, larger text for elderly eyes, my password, sign out.
import { get, post, put } from '../api.js';
import { lang, setLang, t } from '../i18n.js';
import { announce, busyButton, empty, fail, field, h, showFieldErrors, when } from '../ui.js';

export async function render(root, ctx) {
  if (ctx.user.must_change_password) {  // signed in with a temporary password: choose a new one first
    root.replaceChildren(h('h2', {}, t('password_choose_new')), h('p', { class: 'notice', dataset: { mustChange: '' } }, t('password_temporary_notice')),
      passwordCard(ctx), section(ctx));
    return;
  }
  root.replaceChildren(...[h('h2', {}, t('settings_title')), section(ctx), volunteerLink(ctx), teamsLink(), activitiesLink(),
    projectsLink(ctx), boardLink(ctx), passwordCard(ctx), personalCard(ctx)].filter(Boolean));
}

/** Anyone may apply to volunteer; one who has can change their profile from here too. */
export function volunteerLink(ctx) {
  const already = (ctx.user.roles || []).some((r) => r.role === 'volunteer');
  return h('a', { class: 'button secondary wide', href: '#/profile', dataset: { profileLink: '' } },
    already ? t('edit_profile') : t('become_volunteer'));
}

/** Teams and organisations: mine, those I may join, and (staff) those of my communities. */
export function teamsLink() {
  return h('a', { class: 'button secondary wide', href: '#/teams', dataset: { teamsLink: '' } }, t('teams_link'));
}

/** Activities recruiting near me, mine, and (staff) publishing one. */
export function activitiesLink() {
  return h('a', { class: 'button secondary wide', href: '#/activities', dataset: { activitiesLink: '' } }, t('activities_link'));
}

/** Funded projects: for community staff, and leaders of the organisations delivering them. */
export function projectsLink(ctx) {
  const staff = (ctx.user.roles || []).some((r) => ['social_worker', 'admin'].includes(r.role));
  return staff ? h('a', { class: 'button secondary wide', href: '#/projects', dataset: { projectsLink: '' } }, t('projects_link')) : null;
}

/** My grid's public board (公示): what residents are shown, in a page of its own. */
export function boardLink(ctx) {
  const home = (ctx.user.roles || []).find((r) => r.role === 'resident' && r.grid_id);
  return home ? h('a', { class: 'button secondary wide', href: `/board/grid/${home.grid_id}`, target: '_blank', rel: 'noopener', dataset: { boardLink: home.grid_id } }, t('board_link')) : null;
}

/** "need:12" as a person reads it: 需求 #12. */
function viaText(via) {
  const [kind, id] = (via || '').split(':');
  if (kind === 'export') return t('via_export');
  return ['need', 'request'].includes(kind) ? t(`via_${kind}`, { id }) : '';
}

/** My personal information: the notice I accepted, a copy of everything, who viewed me, deletion. */
export function personalCard(ctx) {
  const user = ctx.user;
  const consent = h('p', { dataset: { privacyVersion: user.privacy_version || '' } },
    user.privacy_version ? t('privacy_accepted', { version: user.privacy_version, at: when(user.privacy_accepted_at) })
      : t('privacy_not_accepted'));
  const accept = user.privacy_version ? null : busyButton(t('privacy_accept_now'), async () => {
    try {
      const notice = await get('/privacy-notice');
      ctx.setUser(await put('/me/privacy-consent', { version: notice.version }));
      ctx.rerender();
    } catch (err) { fail(err); }
  });
  const log = h('div', { dataset: { auditLog: '' } });
  const showLog = busyButton(t('privacy_who_viewed'), async () => {
    try {
      const page = await get('/me/audit?action=read_personal');
      log.replaceChildren(...(page.items.length ? [h('ul', { class: 'audit' }, page.items.map((e) => h('li', {
        dataset: { auditId: e.id },
      }, t('audit_read', { who: e.actor_name || t('audit_system'), at: when(e.at), via: viaText(e.via) }))))]
        : [empty(t('audit_none'))]));
    } catch (err) { fail(err); }
  }, { class: 'secondary wide' });
  const password = h('input', { type: 'password', autocomplete: 'current-password' });
  const deletion = h('form', { novalidate: true, dataset: { form: 'deletion' } },
    h('p', { class: 'muted' }, t('delete_account_hint')),
    field('password', t('delete_password'), password),
    h('button', { type: 'submit', class: 'danger wide' }, t('delete_account')));
  deletion.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!window.confirm(t('delete_account_confirm'))) return;
    try {
      await post('/me/deletion', { password: password.value });
      announce(t('account_deleted'));
      ctx.signOut({ ended: true });
    } catch (err) { if (!showFieldErrors(deletion, err)) fail(err); }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'personal-h' },
    h('h3', { id: 'personal-h' }, t('privacy_title')), consent, accept,
    h('p', {}, h('a', { href: '/privacy', target: '_blank', rel: 'noopener' }, t('privacy_read'))),
    h('p', {}, h('a', { href: '/api/v1/me/data', download: 'my-data.json', class: 'button secondary wide' }, t('privacy_download'))),
    showLog, log, h('details', {}, h('summary', {}, t('delete_account')), deletion));
}

/** Change my password: every other phone signed in as me is signed out. */
export function passwordCard(ctx) {
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
      if (ctx && ctx.user.must_change_password) {
        ctx.setUser((await get('/me')).user);
        ctx.go('');
      }
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
