// My requests and their status; confirm the hours of a finished service; rate it.
import { get, post, serverNow } from '../api.js';
import { checkinCodeCard } from '../checkin-code.js';
import { t } from '../i18n.js';
import {
  announce, busyButton, chip, empty, fail, field, h, reasonForm, showFieldErrors, span, statusChip, when,
} from '../ui.js';

export async function render(root, ctx) {
  const [requests, records] = await Promise.all([
    get('/requests?per_page=50', { cache: true }).then((page) => page.items),
    get('/records?status=pending&per_page=100').then((page) => page.items).catch(() => []),
  ]);
  const needs = await Promise.all(requests.map((r) => (r.need_id ? get(`/needs/${r.need_id}`).catch(() => null) : null)));
  root.replaceChildren(h('h2', {}, t('my_requests')));
  if (!requests.length) root.append(empty(t('no_requests')), button(ctx));
  requests.forEach((req, i) => root.append(requestCard(req, needs[i], records, ctx)));
}

function button(ctx) {
  const b = h('button', { type: 'button', class: 'wide' }, t('ask_for_help'));
  b.addEventListener('click', () => ctx.go('ask'));
  return b;
}

function requestCard(req, need, records, ctx) {
  const status = need ? need.status : req.status;
  const card = h('article', { class: 'card', dataset: { request: req.id } },
    h('h3', {}, h('span', {}, req.description), statusChip(status)),
    h('div', { class: 'meta' }, h('span', {}, t('asked_at', { at: when(req.created_at) })),
      req.urgency === 'urgent' ? chip(t('urgent'), 'danger') : null),
    need ? h('p', {}, t('service_time', { at: span(need.starts_at, need.ends_at) })) : null,
    req.status === 'declined' ? h('p', {}, t('declined_reason', { reason: req.decline_reason || '' })) : null,
    req.status === 'withdrawn' && req.decline_reason
      ? h('p', { dataset: { reason: req.id } }, t('taken_back_reason', { reason: req.decline_reason })) : null,
    need && need.status === 'cancelled' && need.cancel_reason && req.status !== 'withdrawn'
      ? h('p', { dataset: { reason: req.id } }, t('cancelled_reason', { reason: need.cancel_reason })) : null,
    h('p', { class: 'muted' }, t(`explain_${status}`)));
  if (req.coming && req.coming.length) card.append(whoComes(req));
  if (need && ['open', 'filled', 'in_progress'].includes(need.status)
    && Date.parse(need.checkin_opens_at) <= serverNow() && serverNow() <= Date.parse(need.ends_at)) {
    card.append(showCode(need));
  }
  if (need) {
    for (const record of records.filter((r) => r.need_id === need.id)) card.append(confirmRow(record, ctx));
    if (req.rating) card.append(given(req.rating));
    else if (need.status === 'completed') card.append(ratingForm(need, ctx));
  }
  const mayTakeBack = req.status === 'submitted' || (req.status === 'accepted' && need && ['open', 'filled'].includes(need.status));
  if (mayTakeBack) {
    card.append(reasonForm({
      open: t('take_back'), label: t('take_back_reason'), submit: t('take_back_send'),
      send: async (reason) => {
        await post(`/requests/${req.id}/cancel`, { reason });
        announce(t('taken_back'));
        await ctx.rerender();
      },
    }));
  }
  return card;
}

/** Who holds a place, with a masked phone and where each one is: the resident sees who comes. */
function whoComes(req) {
  return h('section', { class: 'coming', dataset: { coming: req.id } },
    h('p', { class: 'label' }, t('who_comes', { time: when(req.starts_at) })),
    h('ul', {}, req.coming.map((c) => h('li', { dataset: { comingStatus: c.status } },
      h('span', {}, `${c.name} · ${c.phone}`), ' ', statusChip(c.status, 'task')))));
}

/** The rotating check-in code, for the volunteer at the door to enter. */
function showCode(need) {
  const slot = h('div', {});
  const b = busyButton(t('show_code'), async () => {
    try {
      const code = await get(`/needs/${need.id}/checkin-code`);
      b.hidden = true;
      slot.replaceChildren(checkinCodeCard(need.id, code));
    } catch (err) { fail(err); }
  }, { class: 'secondary' });
  return h('div', { dataset: { showCode: need.id } }, b, slot);
}

function confirmRow(record, ctx) {
  return h('div', { class: 'card', style: 'background:var(--primary-soft)' },
    h('p', {}, t('record_to_confirm', { hours: record.hours, content: record.content })),
    h('div', { class: 'actions' }, busyButton(t('confirm_service'), async () => {
      try { await post(`/records/${record.id}/confirm`); announce(t('confirmed')); ctx.rerender(); } catch (err) { fail(err); }
    }, { class: 'ok' })));
}

/** The rating as the server holds it: on any phone, after signing in again. */
function given(rating) {
  return h('div', { class: 'rated', dataset: { rating: rating.score } },
    h('p', { class: 'chip ok' }, t('your_rating', { n: rating.score })),
    h('p', { class: 'stars-shown', 'aria-hidden': 'true' }, '★'.repeat(rating.score) + '☆'.repeat(5 - rating.score)),
    rating.comment ? h('p', { class: 'muted' }, rating.comment) : null);
}

function ratingForm(need, ctx) {
  let score = 0;
  const comment = h('textarea', { maxlength: 1000 });
  const stars = [1, 2, 3, 4, 5].map((n) => {
    const b = h('button', { type: 'button', 'aria-pressed': 'false', 'aria-label': t('stars_n', { n }) }, '☆');
    b.addEventListener('click', () => {
      score = n;
      stars.forEach((s, i) => {
        s.setAttribute('aria-pressed', String(i < n));
        s.textContent = i < n ? '★' : '☆';
      });
    });
    return b;
  });
  const form = h('form', { class: 'rating', novalidate: true },
    h('p', { class: 'label', id: `rate-${need.id}` }, t('rate_service')),
    h('div', { class: 'stars', role: 'group', 'aria-labelledby': `rate-${need.id}` }, stars),
    h('div', { class: 'field-error', dataset: { errorFor: 'score' } }),
    field('comment', t('comment'), comment),
    h('button', { type: 'submit', class: 'wide' }, t('send_rating')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await post(`/needs/${need.id}/rating`, { score: score || null, comment: comment.value.trim() });
      announce(t('rated_thanks'));
      await ctx.rerender();
    } catch (err) {
      if (err.code === 'already_rated') { await ctx.rerender(); return; }
      if (!showFieldErrors(form, err)) fail(err);
    }
  });
  return form;
}
