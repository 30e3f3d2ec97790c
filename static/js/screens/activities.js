// Activities (招募): those near me and mine; sign up for a session answering the questions;
// organisers publish one (sessions, questions, mode), share its short link and QR, and
// approve or refuse sign-ups. #/activities and #/activities/<id>.
import { get, newKey, post } from '../api.js';
import { t } from '../i18n.js';
import {
  announce, busyButton, chip, empty, fail, field, h, isoFromInput, localInput, reasonForm, showFieldErrors,
  skillName, span, statusChip,
} from '../ui.js';

const publishes = (ctx) => (ctx.user.roles || []).some((r) => ['social_worker', 'grid_manager', 'admin'].includes(r.role));

export async function render(root, ctx) {
  if (ctx.arg) return renderOne(root, ctx, Number(ctx.arg));
  const [all, mine] = await Promise.all([get('/activities?per_page=50'), get('/activities?mine=true&per_page=50')]);
  root.replaceChildren(h('h2', {}, t('activities_title')));
  root.append(h('h3', {}, t('activities_mine')),
    mine.items.length ? h('div', { dataset: { activitiesMine: mine.total } }, mine.items.map(card)) : empty(t('activities_mine_none')));
  root.append(h('h3', {}, t('activities_open')), h('p', { class: 'muted', dataset: { activitiesTotal: all.total } }, t('activities_total', { n: all.total })),
    all.items.length ? h('div', { dataset: { activitiesOpen: '' } }, all.items.map(card)) : empty(t('activities_none')));
  const led = publishes(ctx) ? [] : (await get('/organisations?mine=true&per_page=50')).items
    .filter((o) => o.my_role === 'leader' && o.status === 'verified');
  if (publishes(ctx) || led.length) root.append(await publishForm(ctx, led));
}

/** One activity as the list gives it: title, organiser, mode, sessions with places left. */
function card(a) {
  const left = a.sessions.reduce((n, s) => n + s.left, 0);
  return h('article', { class: 'card', dataset: { activity: a.id } },
    h('h3', {}, h('a', { href: `#/activities/${a.id}` }, a.title), chip(t(`mode_${a.mode}`))),
    h('p', { class: 'muted' }, a.organiser),
    h('p', { dataset: { left } }, t('activity_line', { sessions: a.sessions.length, left })));
}

async function renderOne(root, ctx, id) {
  const a = await get(`/activities/${id}`);
  root.replaceChildren(h('p', {}, h('a', { href: '#/activities' }, t('activities_back'))), h('h2', {}, a.title),
    h('p', { class: 'muted', dataset: { organiser: '' } }, a.organiser));
  if (a.description) root.append(h('p', {}, a.description));
  root.append(h('p', {}, chip(t(`mode_${a.mode}`)), ...a.skills.map((s) => chip(skillName(s)))));
  root.append(sessions(a, ctx));
  if (a.organises) {
    root.append(h('section', { class: 'card', dataset: { share: a.path } }, h('h3', {}, t('activity_share')),
      h('p', { class: 'link' }, h('a', { href: a.path, target: '_blank', rel: 'noopener', dataset: { shortLink: '' } }, location.origin + a.path)),
      h('p', { class: 'muted' }, t('activity_share_hint'))));
    root.append(await signupList(a, ctx));
  }
}

/** The sessions, each with places left and my sign-up; a form to sign up for one. */
function sessions(a, ctx) {
  const box = h('section', { dataset: { sessions: a.sessions.length } }, h('h3', {}, t('activity_sessions')));
  const mine = new Map(a.my_signups.map((s) => [s.need_id, s]));
  for (const s of a.sessions) {
    const signup = mine.get(s.need_id);
    const el = h('article', { class: 'card', dataset: { session: s.need_id } },
      h('h3', {}, h('span', {}, span(s.starts_at, s.ends_at)), signup ? statusChip(signup.status, 'signup') : null),
      h('p', { class: 'muted' }, s.place),
      h('p', { dataset: { left: s.left } }, s.left ? t('places_left', { left: s.left, slots: s.slots }) : t('places_none')));
    if (signup && signup.reason) el.append(h('p', {}, t('signup_refused_why', { reason: signup.reason })));
    if (signup && signup.status === 'approved') el.append(h('a', { class: 'button secondary', href: '#/tasks' }, t('go_to_tasks')));
    if (!signup && s.left && !a.organises) el.append(signupForm(a, s, ctx));
    box.append(el);
  }
  return box;
}

function signupForm(a, s, ctx) {
  const answers = a.questions.map((q, i) => field(`answers.${i}`, q, h('input', { maxlength: 200, dataset: { answer: i } })));
  const form = h('form', { novalidate: true, class: 'signup' }, ...answers,
    h('div', { class: 'field-error', dataset: { errorFor: 'answers' } }),
    h('button', { type: 'submit' }, a.mode === 'approval' ? t('apply_for_session') : t('sign_up_for_session')));
  const key = newKey();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const given = [...form.querySelectorAll('[data-answer]')].map((el) => el.value.trim());
    try {
      const made = await post(`/activities/${a.id}/signups`, { need_id: s.need_id, answers: given }, key);
      announce(made.status === 'approved' ? t('signed_up_now') : t('applied_session_now'));
      ctx.rerender();
    } catch (err) { if (!showFieldErrors(form, err)) fail(err); }
  });
  return form;
}

/** Organisers: sign-ups with their answers; applications to approve or refuse. */
async function signupList(a, ctx) {
  const page = await get(`/activities/${a.id}/signups?per_page=100`);
  const when = new Map(a.sessions.map((s) => [s.need_id, span(s.starts_at, s.ends_at)]));
  const box = h('section', { dataset: { signups: page.total } }, h('h3', {}, t('activity_signups', { n: page.total })));
  if (!page.items.length) box.append(empty(t('activity_signups_none')));
  for (const s of page.items) {
    const el = h('article', { class: 'card', dataset: { signup: s.id } },
      h('h3', {}, h('span', {}, s.name), statusChip(s.status, 'signup')),
      h('p', { class: 'meta' }, h('span', { dataset: { phone: '' } }, s.phone), h('span', {}, when.get(s.need_id))),
      s.answers.length ? h('ul', { class: 'plain' }, s.answers.map((ans, i) => h('li', { dataset: { answer: i } }, `${a.questions[i]}：${ans}`))) : null);
    if (s.status === 'applied') {
      el.append(h('div', { class: 'actions' }, busyButton(t('approve_signup'), async () => {
        try { await post(`/activity-signups/${s.id}/approve`); announce(t('approved_now')); ctx.rerender(); } catch (err) { fail(err); }
      }), reasonForm({ open: t('refuse_signup'), label: t('refuse_signup_label'), submit: t('refuse_send'),
        send: async (reason) => { await post(`/activity-signups/${s.id}/refuse`, { reason }); announce(t('refused_signup_now')); ctx.rerender(); } })));
    }
    box.append(el);
  }
  return box;
}

/** Publish: where (one of my grids, or of the communities my team serves), what, the mode,
 * up to five questions, one or more sessions. A team's leader publishes for the team. */
async function publishForm(ctx, led = []) {
  const staffRoles = (ctx.user.roles || []).filter((r) => ['social_worker', 'grid_manager', 'admin'].includes(r.role));
  const communities = led.length ? [...new Set(led.flatMap((o) => o.communities.map((c) => c.id)))]
    : [...new Set(staffRoles.map((r) => r.community_id).filter(Boolean))];
  const gridIds = new Set(led.length ? [] : staffRoles.map((r) => r.grid_id).filter(Boolean));
  const team = led.length ? h('select', {}, led.map((o) => h('option', { value: o.id }, o.name))) : null;
  const lists = await Promise.all(communities.map((c) => get(`/grids?community_id=${c}`)));
  const grids = lists.flat();
  for (const id of gridIds) if (!grids.some((g) => g.id === id)) grids.push(await get(`/grids/${id}`));
  const grid = h('select', {}, grids.map((g) => h('option', { value: g.id }, g.name)));
  const title = h('input', { maxlength: 100 });
  const about = h('textarea', { maxlength: 2000, rows: 2 });
  const mode = h('select', {}, ['first_come', 'approval'].map((m) => h('option', { value: m }, t(`mode_${m}`))));
  const questions = h('textarea', { maxlength: 500, rows: 2 });
  const tomorrow = new Date(Date.now() + 86400000);
  const rows = h('div', { dataset: { sessionRows: '' } });
  const addRow = () => {
    const starts = h('input', { type: 'datetime-local', value: localInput(tomorrow).slice(0, 11) + '09:00' });
    const ends = h('input', { type: 'datetime-local', value: localInput(tomorrow).slice(0, 11) + '11:00' });
    const slots = h('input', { type: 'number', min: 1, max: 500, value: 5, inputmode: 'numeric' });
    const n = rows.children.length;
    rows.append(h('fieldset', { class: 'session-row', dataset: { row: n } }, h('legend', {}, t('session_n', { n: n + 1 })),
      field(`sessions.${n}.starts_at`, t('starts_at'), starts), field(`sessions.${n}.ends_at`, t('ends_at'), ends),
      field(`sessions.${n}.slots`, t('slots'), slots)));
  };
  addRow();
  const more = h('button', { type: 'button', class: 'secondary' }, t('add_session'));
  more.addEventListener('click', addRow);
  const form = h('form', { class: 'card', novalidate: true, dataset: { publishActivity: '' } }, h('h3', {}, t('publish_activity')),
    team ? field('organisation_id', t('activity_team'), team) : null,
    field('grid_id', t('activity_grid'), grid), field('title', t('activity_title_label'), title),
    field('description', t('activity_about'), about), field('mode', t('activity_mode'), mode),
    field('questions', t('activity_questions'), questions, t('activity_questions_hint')),
    rows, h('div', { class: 'field-error', dataset: { errorFor: 'sessions' } }), more,
    h('button', { type: 'submit', class: 'wide' }, t('publish_activity')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const sessionsGiven = [...rows.querySelectorAll('.session-row')].map((row) => {
      const [starts, ends, slots] = row.querySelectorAll('input');
      return { starts_at: isoFromInput(starts.value), ends_at: isoFromInput(ends.value), slots: Number(slots.value) };
    });
    try {
      const made = await post('/activities', {
        grid_id: Number(grid.value), title: title.value.trim(), description: about.value.trim(), mode: mode.value,
        organisation_id: team ? Number(team.value) : null,
        questions: questions.value.split('\n').map((q) => q.trim()).filter(Boolean), sessions: sessionsGiven,
      });
      announce(t('activity_published'));
      ctx.go(`activities/${made.id}`);
    } catch (err) { if (!showFieldErrors(form, err)) fail(err); }
  });
  return form;
}
