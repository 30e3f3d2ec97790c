// Check-ins and check-outs made without a network wait here (localStorage) with their
// Idempotency-Key, and are sent when the network returns. The server answers a resent
// key with the first answer, so an item sent twice is still recorded once.
import { ApiError, post } from './api.js';

const STORE = 'offline-queue';
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
      results.push({ item, ok: false, error: err });  // refused: drop it and say why
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
