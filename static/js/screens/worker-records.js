// Service records waiting for my confirmation: confirm, or reject with a reason.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { announce, busyButton, empty, fail, field, h, showFieldErrors, when } from '../ui.js';

export async function render(root, ctx) {
  const page = await get('/records?status=pending&per_page=50', { cache: true });
  const records = page.items;
  root.replaceChildren(h('h2', {}, t('records_title', { n: page.total })));
  if (!records.length) root.append(empty(t('records_none_pending')));
  for (const r of records) root.append(recordCard(r, ctx));
}

function recordCard(r, ctx) {
  const card = h('article', { class: 'card', dataset: { record: r.id } },
    h('h3', {}, h('span', {}, r.content), h('span', { class: 'chip warn' }, t('hours_n', { n: r.hours }))),
    h('p', { class: 'muted' }, `${when(r.started_at)} – ${when(r.ended_at)} · ${r.place}`));
  const reject = h('button', { type: 'button', class: 'danger' }, t('reject'));
  const actions = h('div', { class: 'actions' }, busyButton(t('confirm_service'), async () => {
    try { await post(`/records/${r.id}/confirm`); announce(t('confirmed')); ctx.rerender(); } catch (err) { fail(err); }
  }, { class: 'ok' }), reject);
  reject.addEventListener('click', () => {
    const reason = h('input', { type: 'text', maxlength: 200 });
    const form = h('form', { novalidate: true }, field('reason', t('reject_reason'), reason),
      h('button', { type: 'submit', class: 'danger wide' }, t('reject')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try { await post(`/records/${r.id}/reject`, { reason: reason.value.trim() }); announce(t('rejected')); ctx.rerender(); } catch (err) {
        if (!showFieldErrors(form, err)) fail(err);
      }
    });
    actions.replaceWith(form);
    reason.focus();
  });
  card.append(actions);
  return card;
}
