// Staff: volunteer applications to review (verify, ask for more, refuse with a reason) and
// the roster of my grids, filtered and paged as the API gives them.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import {
  announce, busyButton, chip, empty, fail, h, loadSkills, reasonForm, skillName, statusChip, when,
} from '../ui.js';

const PER_PAGE = 20;
const STATUSES = ['pending', 'more_info', 'refused', 'verified', 'suspended'];
let mode = 'review';
let filters = { status: '', skill: '', q: '' };

const query = (page) => {
  const q = new URLSearchParams({ page, per_page: PER_PAGE });
  if (mode === 'review') q.set('to_review', 'true');
  else Object.entries(filters).forEach(([k, v]) => { if (v) q.set(k, v); });
  return `/volunteers?${q}`;
};

export async function render(root, ctx) {
  const [first, skills] = await Promise.all([get(query(1)), loadSkills()]);
  const list = h('div', { class: 'volunteer-list' });
  const tabs = h('div', { class: 'segmented', role: 'group', 'aria-label': t('volunteers_title') },
    ['review', 'roster'].map((name) => {
      const b = h('button', { type: 'button', 'aria-pressed': String(mode === name), dataset: { mode: name } },
        t(`volunteers_${name}`));
      b.addEventListener('click', () => { mode = name; ctx.rerender(); });
      return b;
    }));
  root.replaceChildren(h('h2', {}, t('volunteers_title')), tabs);
  const total = h('p', { class: 'muted', dataset: { total: first.total } }, t('volunteers_total', { n: first.total }));
  if (mode === 'roster') root.append(filterForm(skills, ctx));
  root.append(total, list);
  let page = first;
  const more = h('button', { type: 'button', class: 'secondary wide' });
  const drawMore = () => {
    const left = page.total - page.page * page.per_page;
    more.hidden = left <= 0;
    more.textContent = t('volunteers_more', { n: Math.min(left, PER_PAGE) });
  };
  more.addEventListener('click', async () => {
    try {
      page = await get(query(page.page + 1));
      list.append(...page.items.map((v) => card(v, ctx)));
      drawMore();
    } catch (err) { fail(err); }
  });
  if (!first.items.length) list.append(empty(t(mode === 'review' ? 'volunteers_none_to_review' : 'volunteers_none')));
  list.append(...first.items.map((v) => card(v, ctx)));
  drawMore();
  root.append(more);
}

function filterForm(skills, ctx) {
  const status = h('select', { name: 'status', 'aria-label': t('volunteers_any_status') },
    h('option', { value: '' }, t('volunteers_any_status')),
    STATUSES.map((s) => h('option', { value: s, selected: filters.status === s }, t(`volunteer_${s}`))));
  const skill = h('select', { name: 'skill', 'aria-label': t('volunteers_any_skill') },
    h('option', { value: '' }, t('volunteers_any_skill')),
    skills.map((s) => h('option', { value: s.code, selected: filters.skill === s.code }, skillName(s.code))));
  const q = h('input', { type: 'search', name: 'q', value: filters.q, maxlength: 50, placeholder: t('volunteers_search'), 'aria-label': t('volunteers_search') });
  const form = h('form', { class: 'filters', role: 'search' }, status, skill, q,
    h('button', { type: 'submit', class: 'secondary' }, t('volunteers_filter')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filters = { status: status.value, skill: skill.value, q: q.value.trim() };
    ctx.rerender();
  });
  return form;
}

/** One volunteer as the API gives them: name, masked phone, grid, skills, stars, certificates. */
function card(v, ctx) {
  const el = h('article', { class: 'card', dataset: { volunteer: v.user_id } },
    h('h3', {}, h('span', {}, v.name), statusChip(v.status, 'volunteer')),
    h('p', { class: 'meta' }, h('span', { dataset: { phone: '' } }, v.phone), v.grid_name ? h('span', {}, v.grid_name) : null,
      v.star_level ? chip('★'.repeat(v.star_level)) : null),
    h('div', { class: 'meta' }, v.skills.map((code) => chip(skillName(code)))),
    v.applied_at ? h('p', { class: 'muted' }, t('applied_at', { at: when(v.applied_at) })) : null,
    v.review_note ? h('p', {}, t('review_note', { note: v.review_note })) : null);
  if (v.certifications.length) {
    el.append(h('ul', { class: 'plain' }, v.certifications.map((c) => {
      const row = h('li', { class: 'certificate', dataset: { certificate: c.id } },
        h('span', {}, `${skillName(c.skill)} · ${c.number}`), h('span', { class: 'muted' }, t('valid_until', { day: c.expires_on })),
        h('span', { class: `chip ${c.checked ? 'ok' : 'warn'}` }, c.checked ? t('certificate_checked') : t('certificate_unchecked')));
      if (!c.checked && v.status === 'verified') {
        row.append(busyButton(t('check_certificate'), async () => {
          try { await post(`/volunteers/${v.user_id}/certifications/${c.id}/check`); announce(t('certificate_checked')); ctx.rerender(); } catch (err) { fail(err); }
        }, { class: 'secondary' }));
      }
      return row;
    })));
  }
  if (v.status === 'pending' || v.status === 'more_info') el.append(decide(v, ctx));
  if (mode === 'roster') el.append(resetPassword(v));
  return el;
}

/** A forgotten password: a temporary one to tell the person face to face, shown once. */
function resetPassword(v) {
  const opener = h('button', { type: 'button', class: 'secondary' }, t('reset_password'));
  const box = h('div', { class: 'reset', hidden: true });
  opener.addEventListener('click', () => {
    const yes = busyButton(t('reset_password_yes'), async () => {
      try {
        const made = await post(`/users/${v.user_id}/password-reset`);
        box.replaceChildren(h('p', {}, t('temporary_password_is', { until: when(made.valid_until) })),
          h('p', { class: 'temporary', dataset: { temporaryPassword: '' } }, made.temporary_password));
      } catch (err) { fail(err); }
    }, { class: 'danger' });
    const no = h('button', { type: 'button', class: 'secondary' }, t('keep_it'));
    no.addEventListener('click', () => { box.hidden = true; opener.hidden = false; });
    box.replaceChildren(h('p', {}, t('reset_password_confirm', { name: v.name })), h('div', { class: 'actions' }, yes, no));
    box.hidden = false;
    opener.hidden = true;
  });
  return h('div', { class: 'actions' }, opener, box);
}

function decide(v, ctx) {
  const verify = busyButton(t('verify_volunteer'), async () => {
    try { await post(`/volunteers/${v.user_id}/verify`); announce(t('verified_now')); ctx.rerender(); } catch (err) { fail(err); }
  });
  const ask = v.status === 'pending' ? reasonForm({
    open: t('ask_more'), label: t('ask_more_label'), submit: t('ask_more_send'), kind: 'secondary',
    send: async (reason) => { await post(`/volunteers/${v.user_id}/ask-for-more`, { reason }); announce(t('asked_now')); ctx.rerender(); },
  }) : null;
  const refuse = reasonForm({
    open: t('refuse_volunteer'), label: t('refuse_label'), submit: t('refuse_send'),
    send: async (reason) => { await post(`/volunteers/${v.user_id}/refuse`, { reason }); announce(t('refused_now')); ctx.rerender(); },
  });
  return h('div', { class: 'actions decide' }, verify, ask, refuse);
}
