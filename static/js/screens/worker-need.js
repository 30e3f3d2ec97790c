// One need: who is assigned, ranked candidates with their reasons, assign or offer, the
// board of everyone offered with how each answered, and the check-in code for the spot.
import { get, optional, patch, post } from '../api.js';
import { checkinCodeCard } from '../checkin-code.js';
import { lang, t } from '../i18n.js';
import {
  announce, busyButton, chip, distance, empty, fail, field, groupName, h, isoFromInput, loadServedGroups, loadSkills,
  localInput, notice, reasonForm,
  showFieldErrors, skillName, span, statusChip, when,
} from '../ui.js';

// Assignment states that hold one of the need's places.
const HOLDS_PLACE = ['accepted', 'checked_in', 'completed'];

/** Whether this person is shown the need's rotating code now: its social worker or resident, in the check-in window. */
export function showsCode(need, user, now = Date.now()) {
  return [need.social_worker_id, need.resident_id].includes(user.id)
    && ['open', 'filled', 'in_progress'].includes(need.status)
    && Date.parse(need.checkin_opens_at) <= now && now <= Date.parse(need.ends_at);
}

export async function render(root, ctx) {
  const id = Number(ctx.arg);
  await Promise.all([loadSkills(), loadServedGroups()]);
  const need = await get(`/needs/${id}`);
  const full = need.taken >= need.slots;
  const dispatching = need.status === 'open' && !full;
  const [candidates, board, code, teams, given] = await Promise.all([
    dispatching ? get(`/needs/${id}/candidates`).catch((err) => { fail(err); return []; }) : [],
    optional(`/needs/${id}/offers`).catch(() => undefined),  // undefined: not this person's to see
    showsCode(need, ctx.user) ? optional(`/needs/${id}/checkin-code`).catch(() => null) : null,
    dispatching ? optional(`/needs/${id}/candidate-teams`).catch(() => null) : null,
    optional(`/needs/${id}/teams`).catch(() => null),
  ]);
  // No one to offer: say why, from the rules each nearby volunteer with the skills breaks.
  const gaps = dispatching && !candidates.length ? await get(`/needs/${id}/candidates/shortfall`).catch(() => null) : null;
  const back = h('button', { type: 'button', class: 'secondary' }, `← ${t('back_to_queue')}`);
  back.addEventListener('click', () => ctx.go('queue'));
  root.replaceChildren(back, h('h2', {}, need.title), h('article', { class: 'card', dataset: { needId: need.id } },
    h('h3', {}, h('span', {}, span(need.starts_at, need.ends_at)),
      h('span', { class: 'tags' }, need.urgency === 'urgent' ? chip(t('urgent'), 'danger') : null, statusChip(need.status))),
    h('p', {}, need.address || need.public_place),
    h('div', { class: 'tags' }, need.skills.map((s) => h('span', { class: 'chip', dataset: { skill: s } }, skillName(s))),
      need.served_groups.map((g) => h('span', { class: 'chip muted', dataset: { served: g } }, groupName(g))),
      chip(t('slots_taken', { taken: need.taken, slots: need.slots }), full ? 'ok' : 'warn')),
    board ? assignees(board.people) : null));
  if (full && ['open', 'filled'].includes(need.status)) {
    root.append(h('p', { class: 'notice', role: 'status', dataset: { needFull: '' } }, t('need_full')));
  }
  if (code) root.append(checkinCodeCard(id, code));
  else if ([need.social_worker_id, need.resident_id].includes(ctx.user.id) && ['open', 'filled'].includes(need.status)
    && Date.now() < Date.parse(need.checkin_opens_at)) {
    root.append(h('p', { class: 'muted', dataset: { codeOpens: need.checkin_opens_at } }, t('code_opens_at', { time: when(need.checkin_opens_at) })));
  }
  if (need.status === 'cancelled' && need.cancel_reason) {
    root.append(h('p', { class: 'notice', dataset: { cancelReason: '' } }, t('cancelled_reason', { reason: need.cancel_reason })));
  }
  if (board && board.people.some((p) => p.record_status)) root.append(servedSection(board));
  if (dispatching) root.append(candidatesSection(need, candidates, gaps, ctx));
  if (teams || (given && given.length)) root.append(teamsSection(need, teams || [], given || [], ctx));
  if (board !== undefined) root.append(boardSection(need, board, dispatching, ctx));
  if (board !== undefined && ['open', 'filled'].includes(need.status)) root.append(changeForm(need, ctx));
  if (board !== undefined && ['open', 'filled'].includes(need.status)) {
    root.append(reasonForm({
      open: t('cancel_need'), label: t('cancel_need_reason'), submit: t('cancel_need_send'),
      send: async (reason) => {
        await post(`/needs/${id}/cancel`, { reason });
        announce(t('need_cancelled_done'));
        await ctx.rerender();
      },
    }));
  }
}

/** Why no one can take it: nobody nearby with the skills, or how many each rule turns away. */
function shortfallCard(gaps) {
  if (!gaps.skilled) return h('p', { class: 'notice', dataset: { shortfall: 0 } }, t('shortfall_no_one_skilled'));
  return h('div', { class: 'notice', dataset: { shortfall: gaps.skilled } },
    h('p', {}, t('shortfall_skilled', { n: gaps.skilled })),
    h('ul', {}, gaps.turned_away.map((r) => h('li', { dataset: { turnedAway: r.code } }, t('shortfall_row', { n: r.count, why: r.message })))));
}

/** Who served, the hours each recorded and where those stand, and the resident's rating. */
function servedSection(board) {
  const served = board.people.filter((p) => p.record_status);
  return h('section', { class: 'card', 'aria-labelledby': 'served-h', dataset: { served: '' } },
    h('h3', { id: 'served-h' }, t('served_by')),
    h('ul', { class: 'plain' }, served.map((p) => h('li', { dataset: { servedBy: p.user_id } },
      h('span', { class: 'assignee' }, p.name), ` · ${t('hours_n', { n: p.hours })} `, statusChip(p.record_status, 'record')))),
    board.rating ? h('p', { dataset: { rating: board.rating.score } },
      t('rated', { stars: '★'.repeat(board.rating.score) + '☆'.repeat(5 - board.rating.score) }),
      board.rating.comment ? ` “${board.rating.comment}”` : '') : h('p', { class: 'muted' }, t('not_rated_yet')));
}

/** Staff change the need; a new time or place is told to everyone on it, who may withdraw freely. */
function changeForm(need, ctx) {
  const opener = h('button', { type: 'button', class: 'secondary wide' }, t('change_need'));
  const title = h('input', { type: 'text', maxlength: 100, value: need.title });
  const slots = h('input', { type: 'number', min: Math.max(1, need.taken), max: 100, value: need.slots, inputmode: 'numeric' });
  const address = h('input', { type: 'text', maxlength: 200, value: need.address || '' });
  const starts = h('input', { type: 'datetime-local', value: localInput(new Date(need.starts_at)) });
  const ends = h('input', { type: 'datetime-local', value: localInput(new Date(need.ends_at)) });
  const form = h('form', { class: 'need-form', novalidate: true, hidden: true, dataset: { changeNeed: need.id } },
    field('title', t('need_title'), title), field('slots', t('need_slots'), slots, t('slots_not_below', { n: need.taken })),
    field('address', t('need_address'), address), field('starts_at', t('starts_at'), starts), field('ends_at', t('ends_at'), ends),
    h('p', { class: 'muted' }, t('change_need_hint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('change_need_send')),
      h('button', { type: 'button', class: 'secondary', dataset: { keep: '' } }, t('keep_it'))));
  opener.addEventListener('click', () => { opener.hidden = true; form.hidden = false; title.focus(); });
  form.querySelector('[data-keep]').addEventListener('click', () => { form.hidden = true; opener.hidden = false; });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const changes = {};
    if (title.value.trim() !== need.title) changes.title = title.value.trim();
    if (Number(slots.value) !== need.slots) changes.slots = Number(slots.value);
    if (address.value.trim() !== (need.address || '')) changes.address = address.value.trim();
    if (isoFromInput(starts.value) !== isoFromInput(localInput(new Date(need.starts_at)))) changes.starts_at = isoFromInput(starts.value);
    if (isoFromInput(ends.value) !== isoFromInput(localInput(new Date(need.ends_at)))) changes.ends_at = isoFromInput(ends.value);
    try {
      await patch(`/needs/${need.id}`, changes);
      announce(t('need_changed_done'));
      await ctx.rerender();
    } catch (err) { if (!showFieldErrors(form, err)) fail(err); }
  });
  return h('div', { class: 'change-need' }, opener, form);
}

/** Who holds a place on the need, as the board names them. */
function assignees(people) {
  const held = people.filter((p) => HOLDS_PLACE.includes(p.status));
  if (!held.length) return h('p', { class: 'muted', dataset: { assigned: '' } }, t('need_unassigned'));
  const parts = new Intl.ListFormat(lang() === 'en' ? 'en' : 'zh-CN').formatToParts(held.map((p) => p.name));
  let next = 0;
  const names = parts.map((part) => {
    if (part.type === 'literal') return part.value;
    const person = held[next++];
    return h('span', { class: 'assignee', dataset: { user: person.user_id } }, person.name);
  });
  return h('p', { dataset: { assigned: '' } }, t('need_assigned'), ...names);
}

function candidatesSection(need, candidates, gaps, ctx) {
  const section = h('section', { 'aria-labelledby': 'cand-h' }, h('h3', { id: 'cand-h' }, t('candidates')));
  if (!candidates.length) section.append(empty(t('candidates_none')));
  if (gaps) section.append(shortfallCard(gaps));
  candidates.forEach((c, rank) => section.append(h('article', { class: 'card', dataset: { candidate: c.user_id } },
    h('h3', {}, h('span', {}, `${rank + 1}. ${c.name}`), c.is_social_worker ? chip(t('social_worker'), 'ok') : null),
    h('p', {}, c.explanation || [distance(c.distance_m), '★'.repeat(c.star_level) || t('no_star')].join(' · ')),
    c.score !== undefined && c.score !== null ? h('p', { class: 'muted' }, t('score', { n: Number(c.score).toFixed(2) })) : null,
    h('div', { class: 'tags' }, c.skills.map((s) => chip(skillName(s)))),
    h('div', { class: 'actions' }, busyButton(t('assign'), async () => {
      try {
        await post(`/needs/${need.id}/assignments`, { user_id: c.user_id });
        announce(t('assigned', { name: c.name }));
        ctx.rerender();
      } catch (err) { fail(err); }
    })))));
  return section;
}

/** Teams: those the need was given to (their places and members), and the teams that could
 * take it, with how many of their members fit, to give some of its open places to. */
function teamsSection(need, teams, given, ctx) {
  const section = h('section', { 'aria-labelledby': 'teams-h', dataset: { needTeams: '' } }, h('h3', { id: 'teams-h' }, t('need_teams_title')));
  for (const g of given) {
    section.append(h('article', { class: 'card', dataset: { givenTeam: g.organisation_id } },
      h('h3', {}, h('span', {}, g.organisation_name), statusChip(g.status, 'team_offer')),
      h('p', { dataset: { seats: `${g.assigned}/${g.slots}` } }, t('team_seats', { assigned: g.assigned, slots: g.slots })),
      g.members.length ? h('p', { class: 'muted' }, g.members.map((m) => m.name).join('、')) : null));
  }
  const open = need.slots - need.taken;
  if (!teams.length && !given.length) section.append(empty(t('need_teams_none')));
  for (const team of teams.filter((c) => !c.offered)) {
    const count = h('input', { type: 'number', min: 1, max: open, value: Math.min(open, Math.max(team.fitting, 1)), inputmode: 'numeric' });
    section.append(h('article', { class: 'card', dataset: { candidateTeam: team.organisation_id } },
      h('h3', {}, h('span', {}, team.name), chip(t(`kind_${team.kind}`))),
      h('p', { dataset: { fitting: team.fitting } }, t('candidate_team_line', { members: team.members, fitting: team.fitting })),
      team.nearest.length ? h('p', { class: 'muted' }, team.nearest.map((m) => `${m.name} ${distance(m.distance_m)}`).join('、')) : null,
      field('slots', t('how_many_slots'), count),
      h('div', { class: 'actions' }, busyButton(t('give_to_team'), async () => {
        try {
          await post(`/needs/${need.id}/teams`, { organisation_id: team.organisation_id, slots: Number(count.value) });
          announce(t('given_to_team'));
          ctx.rerender();
        } catch (err) { fail(err); }
      }))));
  }
  return section;
}

/** Everyone on the need (offered, assigned, signed up) with their state, as GET .../offers sends it. */
function boardSection(need, board, dispatching, ctx) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'board-h' }, h('h3', { id: 'board-h' }, t('offers_board')));
  if (board === null) { section.append(notice(t('not_open_yet'))); return section; }
  const { counts } = board;
  section.append(h('div', { class: 'tags' }, ['offered', 'accepted', 'declined', 'expired'].map((k) => h('span', {
    class: 'chip', dataset: { count: k },
  }, `${t(`task_${k}`)} ${counts[k]}`))));
  const { people } = board;
  if (!people.length) section.append(empty(t('board_nobody')));
  else {
    section.append(h('ul', { class: 'plain board' }, people.map((p) => h('li', { class: 'person', dataset: { person: p.user_id, status: p.status } },
      h('span', { class: 'person-who' }, h('span', { class: 'person-name' }, p.name),
        h('span', { class: 'muted' }, [distance(p.distance_m), answeredAt(p)].filter(Boolean).join(' · '))),
      statusChip(p.status, 'task')))));
  }
  if (dispatching) {
    section.append(h('div', { class: 'actions' }, busyButton(t('send_offers'), async () => {
      try { await post(`/needs/${need.id}/offers`, {}); announce(t('offers_sent')); ctx.rerender(); } catch (err) { fail(err); }
    })));
  }
  return section;
}

function answeredAt(person) {
  if (person.responded_at) return t('answered_at', { at: when(person.responded_at) });
  if (person.status === 'offered' && person.expires_at) return t('expires_at', { at: when(person.expires_at) });
  return '';
}
