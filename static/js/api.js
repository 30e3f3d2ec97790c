// The one way the app talks to the server: JSON under /api/v1, cookie session + CSRF,
// errors in the shape {"error": {"code", "message", "fields"}}.
import { lang, t } from './i18n.js';

let csrf = sessionStorage.getItem('csrf') || '';
// How far the server's clock is ahead of the phone's, from the Date of its last answer:
// windows (check-in opens, a need starts) are the server's, whatever the phone's clock says.
let skew = Number(sessionStorage.getItem('clock-skew')) || 0;

/** Now by the server's clock (to about a second), in milliseconds. */
export function serverNow() { return Date.now() + skew; }

function learnClock(response) {
  const date = Date.parse(response.headers.get('Date') || '');
  if (Number.isNaN(date)) return;
  skew = date + 500 - Date.now();  // the header is cut to the second: take its middle
  sessionStorage.setItem('clock-skew', String(skew));
}

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || t('error_generic'));
    this.status = status;
    this.code = error.code || (status === 0 ? 'offline' : 'http_error');
    this.fields = error.fields || {};
  }
  get offline() { return this.status === 0; }
  get missing() { return this.status === 404; }
}

export function setCsrf(token) {
  csrf = token || '';
  sessionStorage.setItem('csrf', csrf);
}

async function send(method, path, body, key) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang() === 'en' ? 'en' : 'zh-CN' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (key) headers['Idempotency-Key'] = key;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, { error: { code: 'offline', message: t('offline_error') } });
  }
  learnClock(response);
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** A request; a stale CSRF token (after a server restart) is refreshed once. */
export async function request(method, path, { body, key } = {}) {
  try {
    return await send(method, path, body, key);
  } catch (err) {
    if (err.code !== 'csrf_failed') throw err;
    const me = await send('GET', '/me');
    setCsrf(me.csrf_token);
    return send(method, path, body, key);
  }
}

/** Keep an answer as the last one of `path`, for when the phone is offline. */
export function remember(path, data) {
  localStorage.setItem(`api:${path}`, JSON.stringify(data));
}

/** GET; with cache, the last answer is kept and given back when the phone is offline. */
export async function get(path, { cache = false } = {}) {
  try {
    const data = await request('GET', path);
    if (cache) remember(path, data);
    return data;
  } catch (err) {
    const kept = cache && err.offline ? localStorage.getItem(`api:${path}`) : null;
    if (kept) return JSON.parse(kept);
    throw err;
  }
}

/** GET an endpoint that may not exist on this server yet: null when it answers 404. */
export async function optional(path, options) {
  try {
    return await get(path, options);
  } catch (err) {
    if (err.missing) return null;
    throw err;
  }
}

export const post = (path, body, key) => request('POST', path, { body: body ?? {}, key });
export const put = (path, body) => request('PUT', path, { body });
export const del = (path) => request('DELETE', path);
export const patch = (path, body) => request('PATCH', path, { body });

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
