// Offers made to me: accept or decline before they expire; pause offers for today.
import { newKey, optional, post } from '../api.js';
import { t } from '../i18n.js';
import { announce, busyButton, chip, distance, empty, fail, h, loadSkills, notice, skillName, span, when } from '../ui.js';

export async function render(root, ctx) {
  await loadSkills();
  const offers = await optional('/me/offers');
  root.replaceChildren(h('h2', {}, t('offers_title')));
  if (offers === null) { root.append(notice(t('not_open_yet'))); return; }
  const { items } = offers;
  if (!items.length) root.append(empty(t('offers_none')));
  for (const offer of items) root.append(offerCard(offer, ctx));
  root.append(busyButton(t('pause_offers'), async () => {
    try { await post('/me/offers/pause'); announce(t('paused')); } catch (err) { fail(err); }
  }, { class: 'secondary wide' }));
}

function offerCard(offer, ctx) {
  const need = offer.need || offer;
  const id = offer.assignment_id || offer.id;
  const answer = (verb, message) => busyButton(t(verb), async () => {
    try { await post(`/offers/${id}/${verb}`, {}, newKey()); announce(t(message)); ctx.rerender(); } catch (err) { fail(err); }
  }, { class: verb === 'accept' ? 'ok' : 'secondary' });
  return h('article', { class: 'card', dataset: { offer: id } },
    h('h3', {}, h('span', {}, need.title), chip(t('expires_at', { at: when(offer.expires_at) }), 'warn')),
    h('div', { class: 'meta' }, h('span', {}, `📍 ${distance(need.distance_m)}`), h('span', {}, need.public_place)),
    h('p', {}, span(need.starts_at, need.ends_at)),
    h('div', { class: 'tags' }, (need.skills || []).map((s) => chip(skillName(s)))),
    h('div', { class: 'actions' }, answer('accept', 'accepted'), answer('decline', 'declined')));
}
