// Near me: open needs around my home, nearest first, with the rounded place only.
import { get, newKey, optional, post } from '../api.js';
import { t } from '../i18n.js';
import { announce, busyButton, chip, distance, empty, fail, h, loadSkills, skillName, span } from '../ui.js';

let order = 'distance';

/** Started before the session check returns, so the list arrives one round trip sooner. */
export function load() {
  return Promise.allSettled([
    optional(`/me/nearby-needs?order=${order}&per_page=20`),
    get('/needs', { cache: true }),
    loadSkills(),
  ]);
}

const settled = (value) => ({ status: 'fulfilled', value });

/** Take over the list the page drew (static/js/first-screen.js) from the data it came with. */
export function adopt(first) {
  order = first.order;
  return [settled(first.nearby), settled([]), settled(first.skills)];
}

export async function render(root, ctx, preloaded) {
  const [nearby, open] = await (preloaded || load());
  if (nearby.status === 'rejected' && open.status === 'rejected') throw nearby.reason;
  // The dedicated endpoint when the server has it; otherwise the open needs, nearest first.
  const list = nearby.status === 'fulfilled' && nearby.value
    ? nearby.value.items
    : (open.value.items || open.value || []).slice().sort((a, b) => (order === 'start'
      ? a.starts_at.localeCompare(b.starts_at) : (a.distance_m ?? 1e12) - (b.distance_m ?? 1e12)));
  const segmented = h('div', { class: 'segmented', role: 'group', 'aria-label': t('sort_by') },
    ['distance', 'start'].map((value) => {
      const b = h('button', { type: 'button', 'aria-pressed': String(order === value) }, t(`sort_${value}`));
      b.addEventListener('click', () => { order = value; ctx.rerender(); });
      return b;
    }));
  root.replaceChildren(h('h2', {}, t('nearby_title')), segmented);
  if (!list.length) root.append(empty(t('nearby_none')));
  for (const need of list) root.append(needCard(need, ctx));
}

function needCard(need, ctx) {
  const left = need.slots - need.taken;
  return h('article', { class: 'card', dataset: { need: need.id } },
    h('h3', {}, h('span', {}, need.title), need.urgency === 'urgent' ? chip(t('urgent'), 'danger') : null),
    h('div', { class: 'meta' },
      need.distance_m !== null && need.distance_m !== undefined ? h('span', {}, `📍 ${distance(need.distance_m)}`) : null,
      h('span', {}, need.public_place)),
    h('p', {}, span(need.starts_at, need.ends_at)),
    h('div', { class: 'tags' }, (need.skills || []).map((s) => chip(skillName(s))),
      chip(t('slots_left', { n: left }), left > 0 ? 'ok' : 'muted')),
    left > 0 ? h('div', { class: 'actions' }, busyButton(t('sign_up'), async () => {
      try {
        await post(`/needs/${need.id}/signup`, {}, newKey());
        announce(t('signed_up'));
        ctx.go('tasks');
      } catch (err) { fail(err); }
    })) : h('div', { class: 'actions' }, busyButton(t('join_waitlist'), async () => {
      try {
        await post(`/needs/${need.id}/waitlist`, {}, newKey());
        announce(t('waitlisted'));
        ctx.go('tasks');
      } catch (err) { fail(err); }
    }, { class: 'secondary' })));
}
