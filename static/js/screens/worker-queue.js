// The queue of my communities: residents' requests to shape into needs, and the needs.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import {
  announce, busyButton, chip, empty, fail, field, groupName, h, isoFromInput, loadServedGroups, loadSkills, localInput,
  showFieldErrors, skillName, span, statusChip, when,
} from '../ui.js';

// Which waiting requests the queue shows: all, the urgent ones, or those waiting over a day.
const FILTERS = { all: '', urgent: '&urgency=urgent', waited: '&waited_hours=24' };
let filter = 'all';
let servedGroups = [];  // who services may be for, as the API lists them

export async function render(root, ctx) {
  const [requests, needs, skills, groups, applicants] = await Promise.all([
    get(`/requests?status=submitted&oldest_first=true&per_page=50${FILTERS[filter]}`, { cache: true }),
    get('/needs?per_page=100', { cache: true }), loadSkills(), loadServedGroups(),
    get('/volunteers?to_review=true&per_page=1').catch(() => null)]);
  servedGroups = groups;
  const waiting = requests.items;
  const live = needs.items.filter((n) => ['open', 'filled', 'in_progress'].includes(n.status));
  root.replaceChildren(h('h2', {}, t('queue_requests', { n: requests.total })), filterBar(ctx));
  if (applicants && applicants.total) {
    root.prepend(h('a', { class: 'button secondary wide', href: '#/volunteers', dataset: { reviewLink: applicants.total } },
      t('review_link', { n: applicants.total })));
  }
  if (!waiting.length) root.append(empty(t('queue_no_requests')));
  for (const req of waiting) root.append(requestCard(req, skills, ctx));
  if (requests.total > waiting.length) root.append(h('p', { class: 'muted' }, t('shown_of', { n: waiting.length, total: requests.total })));
  root.append(h('h2', {}, t('queue_needs', { n: live.length })));
  if (!live.length) root.append(empty(t('queue_no_needs')));
  for (const need of live) root.append(needCard(need, ctx));
}

function filterBar(ctx) {
  return h('div', { class: 'segmented', role: 'group', 'aria-label': t('queue_filter') },
    Object.keys(FILTERS).map((name) => {
      const b = h('button', { type: 'button', 'aria-pressed': String(filter === name), dataset: { filter: name } }, t(`queue_filter_${name}`));
      b.addEventListener('click', () => { filter = name; ctx.rerender(); });
      return b;
    }));
}

/** How long a request has waited, in whole hours (days past two days). */
function waited(iso) {
  const hours = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 3600000));
  return hours >= 48 ? t('waited_days', { n: Math.floor(hours / 24) }) : t('waited_hours', { n: hours });
}

function requestCard(req, skills, ctx) {
  const card = h('article', { class: 'card', dataset: { request: req.id } },
    h('h3', {}, h('span', {}, req.description), req.urgency === 'urgent' ? chip(t('urgent'), 'danger') : chip(t('status_submitted'), 'warn')),
    h('p', { dataset: { who: req.id } }, h('strong', {}, req.resident_name), ` · ${req.grid_name}`),
    h('div', { class: 'meta' }, h('span', {}, req.address), req.skill ? chip(skillName(req.skill)) : null,
      h('span', {}, t('asked_at', { at: when(req.created_at) })), h('span', { dataset: { waited: req.id } }, waited(req.created_at))),
    req.preferred_start ? h('p', {}, t('preferred_start', { at: when(req.preferred_start) })) : null);
  const shape = h('button', { type: 'button' }, t('make_need'));
  const decline = h('button', { type: 'button', class: 'secondary' }, t('decline'));
  const actions = h('div', { class: 'actions' }, shape, decline);
  shape.addEventListener('click', () => actions.replaceWith(needForm(req, skills, ctx)));
  decline.addEventListener('click', () => actions.replaceWith(declineForm(req, ctx)));
  card.append(actions);
  return card;
}

function quarterHourFromNow() {
  const at = new Date(Date.now() + 15 * 60000);
  at.setMinutes(Math.ceil(at.getMinutes() / 15) * 15, 0, 0);
  return at;
}

function needForm(req, skills, ctx) {
  const title = h('input', { type: 'text', maxlength: 100, required: true });
  // Titles and notes are what volunteers browse: the resident's own words stay on the request.
  title.value = req.skill ? skillName(req.skill) : '';
  const note = h('textarea', { maxlength: 2000, rows: 3 });
  const urgency = h('select', {}, ['normal', 'urgent'].map((u) => h('option', { value: u, selected: u === req.urgency }, t(`urgency_${u}`))));
  const slots = h('input', { type: 'number', min: 1, max: 100, value: 1, inputmode: 'numeric' });
  const starts = h('input', { type: 'datetime-local' });
  const ends = h('input', { type: 'datetime-local' });
  const start = req.preferred_start && new Date(req.preferred_start) > new Date() ? new Date(req.preferred_start) : quarterHourFromNow();
  starts.value = localInput(start);
  ends.value = localInput(new Date(start.getTime() + 2 * 3600000));
  const picker = skillPicker(req, skills);
  const served = servedPicker();
  const form = h('form', { class: 'need-form', novalidate: true },
    field('title', t('need_title'), title),
    field('description', t('need_note'), note, t('need_note_hint')),
    field('urgency', t('need_urgency'), urgency), picker, served,
    field('slots', t('need_slots'), slots), field('starts_at', t('starts_at'), starts), field('ends_at', t('ends_at'), ends),
    h('div', { class: 'field-error', dataset: { errorFor: 'request_id' } }),
    h('button', { type: 'submit', class: 'wide' }, t('publish_need')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const need = await post('/needs', {
        request_id: req.id, title: title.value.trim(), description: note.value.trim(),
        skills: picker.chosen(), served_groups: served.chosen(), slots: Number(slots.value) || 1,
        urgency: urgency.value, starts_at: isoFromInput(starts.value), ends_at: isoFromInput(ends.value),
      });
      announce(t('need_published'));
      ctx.go(`need/${need.id}`);
    } catch (err) {
      if (!showFieldErrors(form, err)) fail(err);
    }
  });
  return form;
}

let pickerCount = 0;
/** Skills as checkboxes: the request's own ticked in view, the rest one tap away. */
function skillPicker(req, skills) {
  const id = `skills-${++pickerCount}`;
  const box = (s) => h('label', { class: 'check' }, h('input', {
    type: 'checkbox', name: 'skills', value: s.code, checked: s.code === req.skill,
  }), skillName(s.code));
  const asked = skills.filter((s) => s.code === req.skill);
  const others = skills.filter((s) => s.code !== req.skill);
  const picker = h('fieldset', { class: 'skills-picker', 'aria-describedby': `${id}-error` },
    h('legend', {}, t('need_skills')), asked.map(box),
    h('details', { open: !asked.length }, h('summary', {}, t('more_skills')), h('div', { class: 'skill-grid' }, others.map(box))),
    h('div', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: 'skills' } }));
  picker.chosen = () => [...picker.querySelectorAll('input[name="skills"]:checked')].map((c) => c.value);
  return picker;
}

/** Who the service is for, for the reports: a few taps, none needed. */
function servedPicker() {
  const id = `served-${++pickerCount}`;
  const picker = h('fieldset', { class: 'skills-picker', 'aria-describedby': `${id}-error` },
    h('legend', {}, t('served_groups')),
    h('details', {}, h('summary', {}, t('served_groups_pick')), h('div', { class: 'skill-grid' },
      servedGroups.map((g) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'served', value: g.code }), groupName(g.code))))),
    h('div', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: 'served_groups' } }));
  picker.chosen = () => [...picker.querySelectorAll('input[name="served"]:checked')].map((c) => c.value);
  return picker;
}

function declineForm(req, ctx) {
  const reason = h('input', { type: 'text', maxlength: 200, required: true });
  const form = h('form', { novalidate: true }, field('reason', t('decline_reason'), reason),
    h('button', { type: 'submit', class: 'danger wide' }, t('decline')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await post(`/requests/${req.id}/decline`, { reason: reason.value.trim() });
      announce(t('declined_done'));
      ctx.rerender();
    } catch (err) { if (!showFieldErrors(form, err)) fail(err); }
  });
  return form;
}

function needCard(need, ctx) {
  return h('article', { class: 'card', dataset: { need: need.id } },
    h('h3', {}, h('span', {}, need.title),
      h('span', { class: 'tags' }, need.urgency === 'urgent' ? chip(t('urgent'), 'danger') : null, statusChip(need.status))),
    h('div', { class: 'meta' }, h('span', {}, span(need.starts_at, need.ends_at)),
      h('span', {}, t('slots_taken', { taken: need.taken, slots: need.slots }))),
    h('div', { class: 'tags' }, need.skills.map((s) => chip(skillName(s)))),
    h('div', { class: 'actions' }, busyButton(t('open_need'), () => ctx.go(`need/${need.id}`), { class: 'secondary' })));
}
