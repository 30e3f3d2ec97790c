// Small DOM helpers shared by the screens: elements, messages, fields, formats.
import { get, remember } from './api.js';
import { lang, t } from './i18n.js';

/** h('button', {class: 'x', onclick}, 'text', child) -> element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

let toastTimer;
/** Say something in the aria-live region (read out by screen readers, shown as a toast). */
export function announce(message, kind = 'info') {
  const live = document.getElementById('live');
  live.textContent = message;
  live.className = `toast show ${kind === 'error' ? 'error' : ''}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { live.className = 'toast'; }, 4000);
}

/** What went wrong, in words: where the answer only says "see the fields", the fields' own sentences. */
export function problemText(err) {
  const problems = err && err.fields && Object.keys(err.fields).length ? flatten(err.fields) : '';
  const generic = err && err.code === 'validation_failed';
  return (generic && problems) || (err && err.message) || t('error_generic');
}

/** Tell what went wrong (see problemText). */
export function fail(err) {
  announce(problemText(err), 'error');
}

let fieldCount = 0;
/** A labelled control with a slot for the API's error on that field. */
export function field(name, label, control, hint) {
  const id = control.id || `f-${name}-${++fieldCount}`;
  control.id = id;
  control.name = name;
  const error = h('div', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: name } });
  control.setAttribute('aria-describedby', hint ? `${id}-hint ${id}-error` : `${id}-error`);
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    hint ? h('p', { class: 'muted', id: `${id}-hint` }, hint) : null, control, error);
}

/** Show {"fields": {...}} from an ApiError next to the fields; returns whether any matched. */
export function showFieldErrors(form, err) {
  form.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  let matched = false;
  const elsewhere = [];
  for (const [name, problem] of Object.entries((err && err.fields) || {})) {
    const slot = form.querySelector(`[data-error-for="${name}"]`);
    if (!slot) { elsewhere.push(flatten(problem)); continue; }
    slot.textContent = flatten(problem);
    const control = form.querySelector(`[name="${name}"]`);
    if (control) control.setAttribute('aria-invalid', 'true');
    matched = true;
  }
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
  if (matched && elsewhere.length) announce(elsewhere.join(' '), 'error');  // a field the form does not show
  return matched;
}

function flatten(problem) {
  if (Array.isArray(problem)) return problem.map(flatten).join(' ');
  if (problem && typeof problem === 'object') return Object.values(problem).map(flatten).join(' ');
  return String(problem);
}

const locale = () => (lang() === 'en' ? 'en-GB' : 'zh-CN');

// Times are the community's, whatever zone the phone is set to. China keeps no summer time.
const ZONE = 'Asia/Shanghai';
const ZONE_OFFSET = '+08:00';
const ZONE_MS = 8 * 3600 * 1000;

export function when(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale(), {
    month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: ZONE,
  });
}

export function span(starts, ends) {
  const end = new Date(ends).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', timeZone: ZONE });
  return `${when(starts)}–${end}`;
}

export function distance(metres) {
  if (metres === null || metres === undefined) return '';
  return metres < 1000 ? t('metres', { n: Math.round(metres) }) : t('km', { n: (metres / 1000).toFixed(1) });
}

export function chip(text, kind = '') { return h('span', { class: `chip ${kind}` }, text); }

const STATUS_KIND = {
  submitted: 'warn', accepted: 'ok', declined: 'danger', withdrawn: 'muted', open: 'warn', filled: 'ok',
  in_progress: 'ok', completed: 'ok', cancelled: 'muted', expired: 'muted', offered: 'warn',
  checked_in: 'ok', no_show: 'danger', pending: 'warn', verified: 'ok', rejected: 'danger',
  waitlisted: 'warn',
};
/** A status as a coloured chip; `of` names whose status it is when words differ ("task"). */
export function statusChip(status, of = 'status') { return chip(t(`${of}_${status}`), STATUS_KIND[status] || ''); }

export function notice(text) { return h('div', { class: 'notice', role: 'note' }, text); }
export function empty(text) { return h('p', { class: 'empty' }, text); }
export function loading() { return h('p', { class: 'loading' }, t('loading')); }

let skills = null;
/** The skills taxonomy, kept across screens (and offline). */
export async function loadSkills() {
  if (!skills) skills = await get('/skills', { cache: true }).catch(() => []);
  return skills;
}
/** The skills as the page brought them (kept for offline use too). */
export function seedSkills(list) {
  skills = list;
  remember('/skills', list);
}
export function skillName(code) {
  const skill = (skills || []).find((s) => s.code === code);
  if (!skill) return code;
  return lang() === 'en' ? skill.name_en : skill.name_zh;
}

let groups = null;
/** Who a service may be for (空巢老人, 留守儿童...), kept across screens. */
export async function loadServedGroups() {
  if (!groups) groups = await get('/served-groups', { cache: true }).catch(() => []);
  return groups;
}
export function groupName(code) {
  const group = (groups || []).find((g) => g.code === code);
  if (!group) return code;
  return lang() === 'en' ? group.name_en : group.name_zh;
}

/** The phone's position as WGS-84 (what browsers report). */
export function position() {
  return fix().then((f) => f.position);
}

/**
 * Where the phone is, with how sure it is: {position, accuracy} (metres). `fresh` asks for
 * a new fix, never one kept from before (a check-in after walking must be where one is now).
 */
export function fix({ fresh = false } = {}) {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) { reject(new Error(t('no_geolocation'))); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ position: { lat: p.coords.latitude, lng: p.coords.longitude, crs: 'wgs84' },
        accuracy: Math.round(p.coords.accuracy) }),
      () => reject(new Error(t('no_geolocation'))),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: fresh ? 0 : 60000 },
    );
  });
}

/** A Date whose UTC fields read as Shanghai's wall clock at `date` (set them with setUTC*). */
export function wallClock(date = new Date()) { return new Date(date.getTime() + ZONE_MS); }

/** A wall-clock Date (see wallClock) as "YYYY-MM-DDTHH:MM" for <input type="datetime-local">. */
export function wallInput(wall) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

/** An instant as Shanghai's "YYYY-MM-DDTHH:MM" for <input type="datetime-local">. */
export function localInput(date) { return wallInput(wallClock(date)); }

/** An <input type="datetime-local"> value (Shanghai wall clock) as ISO 8601. */
export function isoFromInput(value) {
  if (!value) return null;
  return `${value.length === 16 ? `${value}:00` : value}${ZONE_OFFSET}`;
}

/** A button that shows it is busy while `action` runs. */
export function busyButton(label, action, attrs = {}) {
  const button = h('button', { type: 'button', ...attrs }, label);
  button.addEventListener('click', async () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try { await action(button); } finally { button.disabled = false; button.removeAttribute('aria-busy'); }
  });
  return button;
}

/**
 * A change of mind that needs a reason ("I can't come", cancel): a button that opens a
 * short form; `send(reason)` does the move, its field problems shown beside the reason.
 */
export function reasonForm({ open, label, submit, hint, send, kind = 'danger' }) {
  const opener = h('button', { type: 'button', class: 'secondary' }, open);
  const reason = h('textarea', { maxlength: 200, rows: 2 });
  const go = h('button', { type: 'submit', class: kind }, submit);
  const back = h('button', { type: 'button', class: 'secondary' }, t('keep_it'));
  const form = h('form', { novalidate: true, hidden: true, class: 'reason-form' },
    field('reason', label, reason, hint), h('div', { class: 'actions' }, go, back));
  opener.addEventListener('click', () => { opener.hidden = true; form.hidden = false; reason.focus(); });
  back.addEventListener('click', () => { form.hidden = true; opener.hidden = false; opener.focus(); });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    go.disabled = true;
    try { await send(reason.value.trim()); } catch (err) {
      if (!showFieldErrors(form, err)) fail(err);
    } finally { go.disabled = false; }
  });
  return h('div', { class: 'reason' }, opener, form);
}
