// Trainings the social worker runs for volunteers: list and add.
import { optional, post } from '../api.js';
import { t } from '../i18n.js';
import { announce, empty, fail, field, h, isoFromInput, notice, showFieldErrors, when } from '../ui.js';

export async function render(root, ctx) {
  const trainings = await optional('/trainings');
  root.replaceChildren(h('h2', {}, t('trainings_title')));
  if (trainings === null) { root.append(notice(t('not_open_yet'))); return; }
  const items = trainings.items || trainings;
  if (!items.length) root.append(empty(t('trainings_none')));
  for (const tr of items) {
    root.append(h('article', { class: 'card' }, h('h3', {}, tr.title), h('p', { class: 'muted' }, `${when(tr.starts_at)} · ${tr.place || ''}`)));
  }
  const title = h('input', { type: 'text', maxlength: 100 });
  const starts = h('input', { type: 'datetime-local' });
  const ends = h('input', { type: 'datetime-local' });
  const form = h('form', { class: 'card', novalidate: true }, h('h3', {}, t('training_new')),
    field('title', t('training_name'), title), field('starts_at', t('starts_at'), starts), field('ends_at', t('ends_at'), ends),
    h('button', { type: 'submit', class: 'wide' }, t('save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await post('/trainings', { title: title.value.trim(), starts_at: isoFromInput(starts.value), ends_at: isoFromInput(ends.value) });
      announce(t('saved'));
      ctx.rerender();
    } catch (err) { if (!showFieldErrors(form, err)) fail(err); }
  });
  root.append(form);
}
