// Check-ins and check-outs made without a network wait here (localStorage) with their
// Idempotency-Key, and are sent when the network returns. The server answers a resent
// key with the first answer, so an item sent twice is still recorded once. An item the
// server refuses when it arrives is kept, with the reason, until the volunteer has seen it.
import { ApiError, post } from './api.js';

const STORE = 'offline-queue';
const REFUSED = 'offline-refused';
const listeners = new Set();
let flushing = null;

export function pending() {
  try { return JSON.parse(localStorage.getItem(STORE)) || []; } catch { return []; }
}

function save(items) {
  localStorage.setItem(STORE, JSON.stringify(items));
  listeners.forEach((fn) => fn(items));
}

export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

/** Items the server refused when they were sent late, each with `reason` ({code, message, fields}). */
export function refused() {
  try { return JSON.parse(localStorage.getItem(REFUSED)) || []; } catch { return []; }
}

/** The volunteer has seen why an item of this assignment was refused. */
export function dismiss(assignmentId) {
  localStorage.setItem(REFUSED, JSON.stringify(refused().filter((i) => i.assignmentId !== assignmentId)));
}

function keepRefused(item, err) {
  const reason = { code: err.code, message: err.message, fields: err.fields || {} };
  localStorage.setItem(REFUSED, JSON.stringify([...refused(), { ...item, body: undefined, reason, refusedAt: new Date().toISOString() }]));
}

/** Keep a POST for later. `item`: {path, body, key, kind, assignmentId, at}. */
export function enqueue(item) {
  save([...pending().filter((i) => i.key !== item.key), { ...item, at: item.at || new Date().toISOString() }]);
}

/** Send what waits, oldest first; stop at the first network failure. Returns results. */
export function flush() {
  if (!flushing) flushing = run().finally(() => { flushing = null; });
  return flushing;
}

async function run() {
  const results = [];
  for (const item of pending()) {
    try {
      const data = await post(item.path, item.body, item.key);
      results.push({ item, ok: true, data });
    } catch (err) {
      if (err instanceof ApiError && err.offline) break;
      results.push({ item, ok: false, error: err });  // refused: out of the queue, kept to show why
      keepRefused(item, err);
    }
    save(pending().filter((i) => i.key !== item.key));
  }
  return results;
}

/** POST now, or queue it when the phone is offline. Resolves {queued} or {data}. */
export async function sendOrQueue(item) {
  if (navigator.onLine === false) {
    enqueue(item);
    return { queued: true };
  }
  try {
    return { data: await post(item.path, item.body, item.key) };
  } catch (err) {
    if (err instanceof ApiError && err.offline) {
      enqueue(item);
      return { queued: true };
    }
    throw err;
  }
}
