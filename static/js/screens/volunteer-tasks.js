// My tasks: check in and out on the spot with a fresh position (or the rotating code), only
// while check-in is open by the server's clock. Offline, the check-in or check-out is kept
// with its Idempotency-Key and sent later; one the server then refuses stays on its task,
// with the reason, until the volunteer has read it.
import { get, newKey, post, serverNow } from '../api.js';
import { t } from '../i18n.js';
import * as queue from '../offline-queue.js';
import {
  announce, chip, empty, fail, field, fix, h, problemText, reasonForm, showFieldErrors, span, statusChip, when,
} from '../ui.js';

const ACTIVE = ['accepted', 'checked_in', 'offered', 'waitlisted'];
// The accuracy (metres) of the fix each assignment's last check-in or check-out used.
const accuracies = new Map();

export async function render(root, ctx) {
  const assignments = (await get('/me/assignments?per_page=50', { cache: true })).items;
  const needs = await Promise.all(assignments.map((a) => get(`/needs/${a.need_id}`, { cache: true }).catch(() => null)));
  const waiting = queue.pending();
  const refused = queue.refused();
  const active = [], done = [];
  assignments.forEach((a, i) => (ACTIVE.includes(a.status) ? active : done).push([a, needs[i]]));
  root.replaceChildren(h('h2', {}, t('tasks_title')));
  if (!assignments.length) root.append(empty(t('tasks_none')));
  for (const [a, need] of active) root.append(taskCard(a, need, waiting, refused, ctx));
  if (done.length) root.append(h('h3', {}, t('tasks_done')));
  for (const [a, need] of done) root.append(taskCard(a, need, waiting, refused, ctx));
}

/** The status as the phone knows it: a queued move counts as done, marked "waiting to sync". */
function localStatus(a, waiting) {
  const mine = waiting.filter((i) => i.assignmentId === a.id).map((i) => i.kind);
  if (mine.includes('check_out')) return ['completed', true];
  if (mine.includes('check_in')) return ['checked_in', true];
  return [a.status, false];
}

function taskCard(a, need, waiting, refused, ctx) {
  const [status, unsynced] = localStatus(a, waiting);
  const card = h('article', { class: `card ${unsynced ? 'pending-sync' : ''}`, dataset: { assignment: a.id, status } },
    h('h3', {}, h('span', {}, need ? need.title : `#${a.need_id}`), statusChip(status, 'task')),
    need ? h('p', {}, span(need.starts_at, need.ends_at)) : null,
    need ? h('p', { class: 'muted' }, need.address || need.public_place) : null,
    need && need.description ? h('p', { dataset: { needNote: need.id } }, need.description) : null,
    need && need.request_description ? h('blockquote', { dataset: { residentWords: need.id } },
      t('resident_words', { words: need.request_description })) : null,
    need && need.contact_phone ? h('p', {}, h('a', { href: `tel:${need.contact_phone}` }, t('call', { phone: need.contact_phone }))) : null,
    unsynced ? chip(t('waiting_sync'), 'warn') : null,
    ...refused.filter((i) => i.assignmentId === a.id).map((item) => refusedNotice(item, ctx)),
    h('p', { class: 'muted accuracy', hidden: !accuracies.has(a.id), dataset: { accuracy: accuracies.get(a.id) ?? '' } },
      accuracies.has(a.id) ? t('fix_accuracy', { m: accuracies.get(a.id) }) : ''));
  if (a.reason && ['withdrawn', 'cancelled'].includes(a.status)) {
    card.append(h('p', { class: 'muted', dataset: { reason: a.id } }, t(`${a.status}_reason`, { reason: a.reason })));
  }
  if (a.status === 'withdrawn') card.append(h('p', { class: 'muted', dataset: { late: String(a.withdrawn_late) } },
    t(a.withdrawn_late ? 'withdrawn_late' : 'withdrawn_free')));
  if (status === 'waitlisted') card.append(h('p', { class: 'notice' }, t('waitlist_explain')));
  if (status === 'accepted') card.append(checkInPart(a, need, card, ctx));
  if (!unsynced && (status === 'accepted' || status === 'waitlisted')) card.append(withdrawPart(a, status, ctx));
  if (status === 'checked_in' && !unsynced) card.append(checkOutForm(a, need, card, ctx));
  if (status === 'checked_in' && unsynced) card.append(h('p', { class: 'muted' }, t('checkout_after_sync')));
  return card;
}

/** "I can't come" (or leave the waitlist), with a reason; says first whether it will count as late. */
function withdrawPart(a, status, ctx) {
  const free = a.withdraw_free_until && serverNow() < Date.parse(a.withdraw_free_until);
  const hint = status === 'waitlisted' ? null
    : free ? t('withdraw_free_until', { time: when(a.withdraw_free_until) }) : t('withdraw_late_warning');
  return reasonForm({
    open: t(status === 'waitlisted' ? 'leave_waitlist' : 'cant_come'),
    label: t('withdraw_reason'), hint, submit: t('withdraw_send'),
    send: async (reason) => {
      await post(`/assignments/${a.id}/withdraw`, { reason }, newKey());
      announce(t('withdrawn_done'));
      await ctx.rerender();
    },
  });
}

/** An offline move the server refused when it arrived: what, when and why, until read. */
function refusedNotice(item, ctx) {
  const seen = h('button', { type: 'button', class: 'secondary' }, t('got_it'));
  seen.addEventListener('click', () => { queue.dismiss(item.assignmentId); ctx.rerender(); });
  return h('div', { class: 'notice error', role: 'alert', dataset: { refused: item.kind } },
    h('p', {}, t(`sync_refused_${item.kind}`, { time: when(item.at) })),
    h('p', { dataset: { reason: item.reason.code } }, problemText(item.reason)), seen);
}

/** A fresh fix for the check-in or check-out, its accuracy shown on the card at once. */
async function here(a, card) {
  const { position, accuracy } = await fix({ fresh: true });
  accuracies.set(a.id, accuracy);
  const line = card.querySelector('.accuracy');
  line.dataset.accuracy = accuracy;
  line.hidden = false;
  line.textContent = t('fix_accuracy', { m: accuracy });
  return position;
}

async function record(kind, a, body, form, ctx) {
  const item = { path: `/assignments/${a.id}/${kind === 'check_in' ? 'check-in' : 'check-out'}`,
    body, key: newKey(), kind, assignmentId: a.id };
  try {
    const result = await queue.sendOrQueue(item);
    queue.dismiss(a.id);  // acted on: an older refusal is behind them
    await ctx.rerender();
    announce(result.queued ? t('saved_offline') : t(kind === 'check_in' ? 'checked_in' : 'checked_out'));
  } catch (err) {
    if (!showFieldErrors(form, err)) fail(err);
  }
}

/** The check-in form while check-in is open; before, when it opens; after, that it has closed. */
function checkInPart(a, need, card, ctx) {
  if (!need || !need.checkin_opens_at) return checkInForm(a, card, ctx);
  const now = serverNow();
  const opens = Date.parse(need.checkin_opens_at);
  if (now > Date.parse(need.ends_at)) return h('p', { class: 'notice', dataset: { checkinClosed: '' } }, t('checkin_closed'));
  if (now >= opens) return checkInForm(a, card, ctx);
  if (opens - now < 6 * 3600 * 1000) {  // open it on screen when the time comes
    setTimeout(() => { if (card.isConnected) ctx.rerender(); }, opens - now + 1000);
  }
  return h('p', { class: 'notice', dataset: { checkinOpens: need.checkin_opens_at } },
    t('checkin_opens', { time: when(need.checkin_opens_at) }));
}

function checkInForm(a, card, ctx) {
  const code = h('input', { type: 'text', inputmode: 'numeric', maxlength: 6, autocomplete: 'one-time-code' });
  const form = h('form', { novalidate: true }, h('div', { class: 'field-error', dataset: { errorFor: 'position' } }));
  const atSpot = h('button', { type: 'button', class: 'ok wide' }, t('check_in_here'));
  atSpot.addEventListener('click', async () => {
    atSpot.disabled = true;
    try { await record('check_in', a, { position: await here(a, card) }, form, ctx); } catch (err) { fail(err); } finally { atSpot.disabled = false; }
  });
  const byCode = h('button', { type: 'submit', class: 'secondary' }, t('check_in_code'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { code: code.value.trim() };
    try { body.position = await here(a, card); } catch (err) { /* the code alone may do */ }
    await record('check_in', a, body, form, ctx);
  });
  const details = h('details', {}, h('summary', {}, t('use_code')), field('code', t('checkin_code'), code), byCode);
  const scanned = JSON.parse(sessionStorage.getItem('scannedCode') || 'null');
  if (scanned && scanned.needId === a.need_id) {  // from the organiser's QR: the code is filled in
    code.value = scanned.code;
    details.open = true;
    sessionStorage.removeItem('scannedCode');
  }
  form.append(atSpot, details);
  return form;
}

function checkOutForm(a, need, card, ctx) {
  const content = h('textarea', { maxlength: 2000 });
  const button = h('button', { type: 'submit', class: 'wide' }, t('check_out_here'));
  const form = h('form', { novalidate: true }, field('content', t('what_done'), content),
    h('div', { class: 'field-error', dataset: { errorFor: 'position' } }), button);
  const send = async () => {
    button.disabled = true;
    try {
      await record('check_out', a, { position: await here(a, card), content: content.value.trim() }, form, ctx);
    } catch (err) { fail(err); } finally { button.disabled = false; }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (form.querySelector('.confirm')) return;
    const early = need && a.checkin_at && serverNow() < Date.parse(need.starts_at);
    if (!early) { send(); return; }
    // Before the planned start: say what will be recorded, and check out only if they mean it.
    const hours = Math.max(0, (serverNow() - Date.parse(a.checkin_at)) / 3600000);
    const yes = h('button', { type: 'button', class: 'danger' }, t('early_checkout_yes'));
    const no = h('button', { type: 'button', class: 'secondary' }, t('early_checkout_no'));
    const id = `early-${a.id}`;
    const panel = h('div', { class: 'confirm', role: 'group', 'aria-labelledby': id, dataset: { earlyCheckout: '' } },
      h('p', { id }, t('early_checkout', { start: when(need.starts_at), hours: Number(hours.toFixed(2)) })),
      h('div', { class: 'actions' }, yes, no));
    yes.addEventListener('click', () => { panel.remove(); send(); });
    no.addEventListener('click', () => { panel.remove(); button.hidden = false; button.focus(); });
    button.hidden = true;
    form.append(panel);
    yes.focus();
  });
  return form;
}
