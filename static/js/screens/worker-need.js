// One need: ranked candidates with their reasons, assign or offer, the response board,
// and the check-in code to show on the spot.
import { get, optional, post } from '../api.js';
import { checkinCodeCard } from '../checkin-code.js';
import { t } from '../i18n.js';
import { announce, busyButton, chip, distance, empty, fail, h, loadSkills, notice, skillName, span, statusChip, when } from '../ui.js';

export async function render(root, ctx) {
  const id = Number(ctx.arg);
  await loadSkills();
  const need = await get(`/needs/${id}`);
  const open = ['open', 'filled'].includes(need.status);
  const [candidates, board, code] = await Promise.all([
    open ? get(`/needs/${id}/candidates`).catch((err) => { fail(err); return []; }) : [],
    optional(`/needs/${id}/offers`).catch(() => null),
    optional(`/needs/${id}/checkin-code`).catch(() => null),
  ]);
  const back = h('button', { type: 'button', class: 'secondary' }, `← ${t('back_to_queue')}`);
  back.addEventListener('click', () => ctx.go('queue'));
  root.replaceChildren(back, h('h2', {}, need.title), h('article', { class: 'card' },
    h('h3', {}, h('span', {}, span(need.starts_at, need.ends_at)), statusChip(need.status)),
    h('p', {}, need.address || need.public_place),
    h('div', { class: 'tags' }, need.skills.map((s) => chip(skillName(s))),
      chip(t('slots_taken', { taken: need.taken, slots: need.slots }), need.taken >= need.slots ? 'ok' : 'warn'))));
  if (code) root.append(checkinCodeCard(id, code));
  if (open) root.append(candidatesSection(need, candidates, ctx), offerSection(need, board, ctx));
}

function candidatesSection(need, candidates, ctx) {
  const section = h('section', { 'aria-labelledby': 'cand-h' }, h('h3', { id: 'cand-h' }, t('candidates')));
  if (!candidates.length) section.append(empty(t('candidates_none')));
  const full = need.taken >= need.slots;
  candidates.forEach((c, rank) => section.append(h('article', { class: 'card', dataset: { candidate: c.user_id } },
    h('h3', {}, h('span', {}, `${rank + 1}. ${c.name}`), c.is_social_worker ? chip(t('social_worker'), 'ok') : null),
    h('p', {}, c.explanation || [distance(c.distance_m), '★'.repeat(c.star_level) || t('no_star')].join(' · ')),
    c.score !== undefined && c.score !== null ? h('p', { class: 'muted' }, t('score', { n: Number(c.score).toFixed(2) })) : null,
    h('div', { class: 'tags' }, c.skills.map((s) => chip(skillName(s)))),
    full ? null : h('div', { class: 'actions' }, busyButton(t('assign'), async () => {
      try {
        await post(`/needs/${need.id}/assignments`, { user_id: c.user_id });
        announce(t('assigned', { name: c.name }));
        ctx.rerender();
      } catch (err) { fail(err); }
    })))));
  return section;
}

function offerSection(need, board, ctx) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'board-h' }, h('h3', { id: 'board-h' }, t('offers_board')));
  if (board === null) { section.append(notice(t('not_open_yet'))); return section; }
  const counts = board.counts || {};
  section.append(h('div', { class: 'tags' }, ['offered', 'accepted', 'declined', 'expired'].map((k) => chip(`${t(`status_${k}`)} ${counts[k] || 0}`))));
  for (const row of board.rows || board.items || []) {
    section.append(h('div', { class: 'row' }, h('span', {}, `${row.name} · ${distance(row.distance_m)}`),
      h('span', {}, statusChip(row.status), ' ', row.responded_at ? when(row.responded_at) : '')));
  }
  section.append(h('div', { class: 'actions' }, busyButton(t('send_offers'), async () => {
    try { await post(`/needs/${need.id}/offers`, {}); announce(t('offers_sent')); ctx.rerender(); } catch (err) { fail(err); }
  })));
  return section;
}
