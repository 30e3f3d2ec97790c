// My tasks: check in and out on the spot with the phone's position (or the rotating code).
// Offline, the check-in or check-out is kept with its Idempotency-Key and sent later.
import { get, newKey } from '../api.js';
import { t } from '../i18n.js';
import * as queue from '../offline-queue.js';
import { announce, chip, empty, fail, field, h, position, showFieldErrors, span, statusChip } from '../ui.js';

const ACTIVE = ['accepted', 'checked_in', 'offered'];

export async function render(root, ctx) {
  const assignments = await get('/me/assignments', { cache: true });
  const needs = await Promise.all(assignments.map((a) => get(`/needs/${a.need_id}`, { cache: true }).catch(() => null)));
  const waiting = queue.pending();
  const active = [], done = [];
  assignments.forEach((a, i) => (ACTIVE.includes(a.status) ? active : done).push([a, needs[i]]));
  root.replaceChildren(h('h2', {}, t('tasks_title')));
  if (!assignments.length) root.append(empty(t('tasks_none')));
  for (const [a, need] of active) root.append(taskCard(a, need, waiting, ctx));
  if (done.length) root.append(h('h3', {}, t('tasks_done')));
  for (const [a, need] of done) root.append(taskCard(a, need, waiting, ctx));
}

/** The status as the phone knows it: a queued move counts as done, marked "waiting to sync". */
function localStatus(a, waiting) {
  const mine = waiting.filter((i) => i.assignmentId === a.id).map((i) => i.kind);
  if (mine.includes('check_out')) return ['completed', true];
  if (mine.includes('check_in')) return ['checked_in', true];
  return [a.status, false];
}

function taskCard(a, need, waiting, ctx) {
  const [status, unsynced] = localStatus(a, waiting);
  const card = h('article', { class: `card ${unsynced ? 'pending-sync' : ''}`, dataset: { assignment: a.id, status } },
    h('h3', {}, h('span', {}, need ? need.title : `#${a.need_id}`), statusChip(status, 'task')),
    need ? h('p', {}, span(need.starts_at, need.ends_at)) : null,
    need ? h('p', { class: 'muted' }, need.address || need.public_place) : null,
    need && need.contact_phone ? h('p', {}, h('a', { href: `tel:${need.contact_phone}` }, t('call', { phone: need.contact_phone }))) : null,
    unsynced ? chip(t('waiting_sync'), 'warn') : null);
  if (status === 'accepted') card.append(checkInForm(a, ctx));
  if (status === 'checked_in' && !unsynced) card.append(checkOutForm(a, ctx));
  if (status === 'checked_in' && unsynced) card.append(h('p', { class: 'muted' }, t('checkout_after_sync')));
  return card;
}

async function record(kind, a, body, form, ctx) {
  const item = { path: `/assignments/${a.id}/${kind === 'check_in' ? 'check-in' : 'check-out'}`,
    body, key: newKey(), kind, assignmentId: a.id };
  try {
    const result = await queue.sendOrQueue(item);
    await ctx.rerender();
    announce(result.queued ? t('saved_offline') : t(kind === 'check_in' ? 'checked_in' : 'checked_out'));
  } catch (err) {
    if (!showFieldErrors(form, err)) fail(err);
  }
}

function checkInForm(a, ctx) {
  const code = h('input', { type: 'text', inputmode: 'numeric', maxlength: 6, autocomplete: 'one-time-code' });
  const form = h('form', { novalidate: true }, h('div', { class: 'field-error', dataset: { errorFor: 'position' } }));
  const here = h('button', { type: 'button', class: 'ok wide' }, t('check_in_here'));
  here.addEventListener('click', async () => {
    here.disabled = true;
    try { await record('check_in', a, { position: await position() }, form, ctx); } catch (err) { fail(err); } finally { here.disabled = false; }
  });
  const byCode = h('button', { type: 'submit', class: 'secondary' }, t('check_in_code'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { code: code.value.trim() };
    try { body.position = await position(); } catch (err) { /* the code alone may do */ }
    await record('check_in', a, body, form, ctx);
  });
  form.append(here, h('details', {}, h('summary', {}, t('use_code')), field('code', t('checkin_code'), code), byCode));
  return form;
}

function checkOutForm(a, ctx) {
  const content = h('textarea', { maxlength: 2000 });
  const form = h('form', { novalidate: true }, field('content', t('what_done'), content),
    h('div', { class: 'field-error', dataset: { errorFor: 'position' } }),
    h('button', { type: 'submit', class: 'wide' }, t('check_out_here')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await record('check_out', a, { position: await position(), content: content.value.trim() }, form, ctx);
    } catch (err) { fail(err); } finally { button.disabled = false; }
  });
  return form;
}
