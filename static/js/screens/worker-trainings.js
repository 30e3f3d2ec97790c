// Trainings the social worker runs for volunteers: list, and schedule one in a community
// of their own.
import { get, optional, post } from '../api.js';
import { t } from '../i18n.js';
import { announce, empty, fail, field, h, isoFromInput, notice, showFieldErrors, span, wallClock, wallInput } from '../ui.js';

const RUNS_TRAININGS = ['social_worker', 'admin'];

export async function render(root, ctx, preloaded, createdId = null) {
  const [trainings, communities] = await Promise.all([
    optional('/trainings?per_page=50').then((page) => page && page.items), get('/communities', { cache: true }).catch(() => [])]);
  root.replaceChildren(h('h2', {}, t('trainings_title')));
  if (trainings === null) { root.append(notice(t('not_open_yet'))); return; }
  const mine = myCommunities(ctx.user, communities);
  if (mine.length) root.append(trainingForm(root, ctx, mine));
  if (!trainings.length) root.append(empty(t('trainings_none')));
  for (const tr of trainings) root.append(trainingCard(tr, tr.id === createdId));
  if (createdId !== null) {
    const card = root.querySelector(`[data-training="${createdId}"]`);
    if (card) card.focus();
  }
}

/** The communities where this person may schedule a training (a street admin: all of them). */
function myCommunities(user, communities) {
  const roles = (user?.roles || []).filter((r) => RUNS_TRAININGS.includes(r.role));
  if (roles.some((r) => r.role === 'admin' && r.community_id === null && r.grid_id === null)) return communities;
  const ids = new Set(roles.map((r) => r.community_id).filter((id) => id !== null && id !== undefined));
  return [...ids].map((id) => communities.find((c) => c.id === id) || { id, name: `#${id}` });
}

function trainingCard(tr, justMade) {
  return h('article', { class: `card${justMade ? ' just-made' : ''}`, tabindex: justMade ? '-1' : null, dataset: { training: tr.id } },
    h('h3', {}, tr.title),
    h('p', { class: 'muted' }, `${span(tr.starts_at, tr.ends_at)} · ${tr.place}`),
    h('p', {}, `${t('training_capacity', { n: tr.capacity })} · ${t('training_attended', { n: tr.attended })}`));
}

/** Tomorrow at `hour`, Shanghai time, as a datetime-local value. */
function tomorrowAt(hour) {
  const wall = wallClock();
  wall.setUTCDate(wall.getUTCDate() + 1);
  wall.setUTCHours(hour, 0, 0, 0);
  return wallInput(wall);
}

function trainingForm(root, ctx, communities) {
  const community = h('select', {}, communities.map((c) => h('option', { value: c.id }, c.name)));
  const title = h('input', { type: 'text', maxlength: 100, required: true });
  const place = h('input', { type: 'text', maxlength: 200, required: true });
  const capacity = h('input', { type: 'number', min: 1, max: 1000, value: 30, inputmode: 'numeric', required: true });
  const starts = h('input', { type: 'datetime-local', value: tomorrowAt(14) });
  const ends = h('input', { type: 'datetime-local', value: tomorrowAt(16) });
  const form = h('form', { class: 'card training-form', novalidate: true }, h('h3', {}, t('training_new')),
    field('community_id', t('training_community'), community), field('title', t('training_name'), title),
    field('place', t('training_place'), place), field('capacity', t('training_capacity_label'), capacity),
    field('starts_at', t('starts_at'), starts), field('ends_at', t('ends_at'), ends),
    h('button', { type: 'submit', class: 'wide' }, t('save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await post('/trainings', {
        community_id: Number(community.value), title: title.value.trim(), place: place.value.trim(),
        capacity: capacity.value === '' ? undefined : Number(capacity.value), starts_at: isoFromInput(starts.value), ends_at: isoFromInput(ends.value),
      });
      announce(t('training_created', { title: made.title }));
      await render(root, ctx, undefined, made.id);
    } catch (err) { if (!showFieldErrors(form, err)) fail(err); }
  });
  return form;
}
