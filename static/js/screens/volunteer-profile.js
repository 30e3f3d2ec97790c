// Becoming a volunteer, and changing it later: skills, weekly times, how far, home grid,
// certificates, and consent to the service-record rules. Staff review what is saved here.
import { del, get, newKey, optional, post, put } from '../api.js';
import { gridPicker } from '../grid-picker.js';
import { t } from '../i18n.js';
import {
  announce, busyButton, empty, fail, field, fix, h, loadSkills, notice, showFieldErrors, skillName, statusChip, when,
} from '../ui.js';

// Weekly times offered as taps: [key, start, end]; other windows saved before are kept.
const PARTS = [['morning', '08:00', '12:00'], ['afternoon', '14:00', '18:00'], ['evening', '18:00', '21:00']];
const DAYS = [0, 1, 2, 3, 4, 5, 6];
const RADII = [1000, 2000, 3000, 5000, 10000];

export async function render(root, ctx) {
  // Only one who has applied has a profile to read (asking otherwise is a 404).
  const applied = (ctx.user.roles || []).some((r) => r.role === 'volunteer');
  const [profile, skills] = await Promise.all([applied ? optional('/me/volunteer-profile') : null, loadSkills()]);
  // The grid I live in, if I have one: my profile's, else the one I registered in.
  const homeId = profile ? profile.home_grid_id : ((ctx.user.roles || []).find((r) => r.role === 'resident' && r.grid_id) || {}).grid_id;
  const home = homeId ? await get(`/grids/${homeId}`, { cache: true }).catch(() => ({ id: homeId, name: t('grid_kept') })) : null;
  root.replaceChildren(h('h2', {}, profile ? t('profile_title') : t('apply_title')));
  if (profile) root.append(standing(profile));
  else root.append(h('p', {}, t('apply_intro')));
  root.append(profileForm(profile, skills, home, ctx));
  if (profile) root.append(certificates(profile, skills, ctx));
}

/** Where the application stands, and what staff said when they asked for more or refused. */
function standing(profile) {
  const card = h('section', { class: 'card', dataset: { standing: profile.status } },
    h('p', {}, statusChip(profile.status, 'volunteer')),
    h('p', { class: 'muted' }, t(`volunteer_explain_${profile.status}`)));
  if (profile.applied_at) card.append(h('p', { class: 'muted' }, t('applied_at', { at: when(profile.applied_at) })));
  if (profile.review_note) card.append(h('p', { dataset: { reviewNote: '' } }, t('review_note', { note: profile.review_note })));
  return card;
}

function profileForm(profile, skills, home, ctx) {
  const mine = new Set(profile ? profile.skills : []);
  const open = skills.filter((s) => !s.needs_social_worker || mine.has(s.code));
  const boxes = open.map((s) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'skill', value: s.code, checked: mine.has(s.code) }), skillName(s.code)));
  const skillSet = h('fieldset', { class: 'skills' }, h('legend', {}, t('my_skills')), ...boxes,
    h('div', { class: 'field-error', dataset: { errorFor: 'skills' } }));

  const windows = profile ? profile.availability : [];
  const isPart = (w) => PARTS.some(([, s, e]) => w.start === s && w.end === e);
  const kept = windows.filter((w) => !isPart(w));
  const times = h('fieldset', { class: 'week' }, h('legend', {}, t('my_week')),
    h('p', { class: 'muted' }, t('my_week_hint')),
    ...DAYS.map((d) => h('div', { class: 'day', role: 'group', 'aria-label': t(`weekday_${d}`) },
      h('span', { class: 'day-name' }, t(`weekday_${d}`)),
      ...PARTS.map(([key, s, e]) => h('label', { class: 'check' }, h('input', {
        type: 'checkbox', name: 'window', value: `${d}|${s}|${e}`,
        checked: windows.some((w) => w.weekday === d && w.start === s && w.end === e),
      }), t(`part_${key}`))))),
    kept.length ? h('p', { class: 'muted' }, t('other_windows', { n: kept.length })) : null,
    h('div', { class: 'field-error', dataset: { errorFor: 'availability' } }));

  const radius = h('select', { id: 'radius' }, RADII.map((m) => h('option', {
    value: m, selected: m === (profile ? profile.service_radius_m : 3000),
  }, t('radius_km', { n: m / 1000 }))));

  const picker = gridPicker({ name: 'home_grid_id', current: home });
  let here = null;
  const whereNote = h('p', { class: 'muted', role: 'status' }, profile ? t('home_kept') : t('home_from_grid'));
  const locate = h('button', { type: 'button', class: 'secondary wide' }, `📍 ${t('home_here')}`);
  locate.addEventListener('click', async () => {
    whereNote.textContent = t('locating');
    try { here = (await fix()).position; whereNote.textContent = t('home_set_here'); } catch (err) { whereNote.textContent = err.message; }
  });

  const party = h('input', { type: 'checkbox', id: 'party-member', checked: Boolean(profile && profile.party_member) });
  const unit = h('input', { type: 'text', maxlength: 100, value: (profile && profile.party_unit) || '' });
  const unitField = field('party_unit', t('party_unit'), unit);
  unitField.hidden = !party.checked;
  party.addEventListener('change', () => { unitField.hidden = !party.checked; });
  const partyBlock = h('div', { class: 'field' }, h('label', { class: 'check', for: 'party-member' }, party, t('party_member')), unitField);

  const consent = profile && profile.consented_at ? null : h('input', { type: 'checkbox', id: 'consent', name: 'consent' });
  const consentBlock = consent ? h('div', { class: 'field consent' },
    h('p', { class: 'muted' }, t('record_rules')),
    h('label', { class: 'check', for: 'consent' }, consent, t('consent_label')),
    h('div', { class: 'field-error', dataset: { errorFor: 'consent' } })) : null;

  const form = h('form', { class: 'profile-form', novalidate: true }, skillSet, times,
    field('service_radius_m', t('my_radius'), radius), partyBlock, picker.element,
    h('div', { class: 'field' }, locate, whereNote, h('div', { class: 'field-error', dataset: { errorFor: 'position' } })),
    consentBlock, h('button', { type: 'submit', class: 'wide' }, profile ? t('profile_save') : t('apply_send')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const gridId = picker.value();
      let position = here || (profile && (!gridId || gridId === profile.home_grid_id) ? profile.position : null);
      if (!position && gridId) position = (await get(`/grids/${gridId}`, { cache: true })).centre;
      const body = {
        skills: [...form.querySelectorAll('input[name="skill"]:checked')].map((b) => b.value),
        availability: [...kept, ...[...form.querySelectorAll('input[name="window"]:checked')].map((b) => {
          const [weekday, start, end] = b.value.split('|');
          return { weekday: Number(weekday), start, end };
        })],
        service_radius_m: Number(radius.value), home_grid_id: gridId,
        on_duty: profile ? profile.on_duty : true, consent: consent ? consent.checked : true,
        party_member: party.checked, party_unit: party.checked && unit.value.trim() ? unit.value.trim() : null,
      };
      if (position) body.position = position;
      const saved = await put('/me/volunteer-profile', body);
      if (!profile) ctx.setUser((await get('/me')).user);
      announce(profile ? t('profile_saved') : t('applied_now'));
      ctx.rerender();
      return saved;
    } catch (err) {
      if (!showFieldErrors(form, err)) fail(err);
    } finally { button.disabled = false; }
  });
  return form;
}

/** My certificates: each shows whether staff have seen it; add one, or take one back. */
function certificates(profile, skills, ctx) {
  const card = h('section', { class: 'card', dataset: { certificates: '' } }, h('h3', {}, t('my_certificates')),
    h('p', { class: 'muted' }, t('certificates_hint')));
  if (!profile.certifications.length) card.append(empty(t('certificates_none')));
  card.append(h('ul', { class: 'plain' }, profile.certifications.map((c) => {
    const remove = busyButton(t('certificate_remove'), async () => {
      try { await del(`/me/volunteer-profile/certifications/${c.id}`); announce(t('certificate_removed')); ctx.rerender(); } catch (err) { fail(err); }
    }, { class: 'secondary' });
    return h('li', { class: 'certificate', dataset: { certificate: c.id } },
      h('span', {}, `${skillName(c.skill)} · ${c.number}`),
      h('span', { class: 'muted' }, t('valid_until', { day: c.expires_on })),
      h('span', { class: `chip ${c.checked ? 'ok' : 'warn'}` }, c.checked ? t('certificate_checked') : t('certificate_unchecked')),
      remove);
  })));
  const kinds = skills.filter((s) => s.needs_certification);
  if (!kinds.length) return card;
  const skill = h('select', {}, kinds.map((s) => h('option', { value: s.code }, skillName(s.code))));
  const number = h('input', { type: 'text', maxlength: 40, autocomplete: 'off' });
  const issued = h('input', { type: 'date' });
  const expires = h('input', { type: 'date' });
  const form = h('form', { class: 'certificate-form', novalidate: true },
    field('skill', t('certificate_kind'), skill), field('number', t('certificate_number'), number),
    field('issued_on', t('issued_on'), issued), field('expires_on', t('expires_on'), expires),
    h('button', { type: 'submit', class: 'secondary wide' }, t('certificate_add')));
  const key = newKey();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await post('/me/volunteer-profile/certifications', {
        skill: skill.value, number: number.value.trim(), issued_on: issued.value || null, expires_on: expires.value || null,
      }, key);
      announce(t('certificate_added'));
      ctx.rerender();
    } catch (err) { if (!showFieldErrors(form, err)) fail(err); }
  });
  card.append(form);
  if (profile.status === 'verified') card.append(notice(t('certificate_needs_check')));
  return card;
}
