// My notifications, newest first: unread ones marked; open one to go where it points.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { announce, busyButton, chip, empty, fail, h, when } from '../ui.js';

export async function render(root, ctx) {
  const notes = (await get('/me/notifications?per_page=50', { cache: true })).items;
  const heading = h('h2', {}, t('notices_title'));
  root.replaceChildren(heading);
  // Offered once this phone's service worker is there (on a first visit, a moment later).
  pushControl().then((control) => { if (control) heading.after(control); }).catch(() => {});
  if (!notes.length) { root.append(empty(t('notices_none'))); return; }
  const unread = notes.filter((n) => !n.read).map((n) => n.id);
  if (unread.length) {
    root.append(busyButton(t('mark_all_read'), async () => {
      try { await post('/me/notifications/read', { ids: unread }); announce(t('marked_read')); await ctx.rerender(); } catch (err) { fail(err); }
    }, { class: 'secondary wide' }));
  }
  root.append(h('ul', { class: 'plain' }, notes.map((note) => item(note, ctx))));
}

/** The screen a notification is about: the need (staff), my offers, my tasks, an application. */
function target(note) {
  const [what, id] = (note.subject || '').split(':');
  if (what === 'need') return `need/${id}`;
  if (what === 'volunteer') return note.kind === 'volunteer_applied' ? 'volunteers' : 'profile';
  if (what === 'assignment') return note.kind === 'offer_made' ? 'offers' : 'tasks';
  return null;
}

function item(note, ctx) {
  const where = target(note);
  const open = async () => {
    try {
      if (!note.read) await post('/me/notifications/read', { ids: [note.id] });
    } catch (err) { fail(err); return; }
    if (where) ctx.go(where); else await ctx.rerender();
  };
  const action = where ? t('open_notice') : t('mark_read');
  return h('li', { class: `card${note.read ? '' : ' unread'}`, dataset: { notice: note.id } },
    h('h3', {}, h('span', {}, note.title), note.read ? null : chip(t('unread'), 'warn')),
    h('p', {}, note.body),
    h('p', { class: 'muted' }, when(note.created_at)),
    where || !note.read ? h('div', { class: 'actions' }, busyButton(action, open, { class: 'secondary' })) : null);
}

// Web Push to this phone: offered where the browser has it and the person has not refused.
const canPush = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

const pushOn = () => h('p', { class: 'muted', dataset: { push: 'on' } }, t('push_on'));

async function pushControl() {
  if (!canPush() || Notification.permission === 'denied') return null;
  const registration = await navigator.serviceWorker.ready;
  const current = await registration.pushManager.getSubscription();
  if (current && Notification.permission === 'granted') {
    post('/me/push-subscriptions', current.toJSON()).catch(() => {});  // it follows who is signed in
    return pushOn();
  }
  return busyButton(t('push_enable'), async (button) => {
    try {
      if (await Notification.requestPermission() !== 'granted') { announce(t('push_refused'), 'error'); return; }
      const { public_key: key } = await get('/push/vapid-public-key');
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(key) });
      await post('/me/push-subscriptions', subscription.toJSON());
      button.replaceWith(pushOn());
      announce(t('push_on'));
    } catch (err) { fail(err.status ? err : new Error(t('push_failed'))); }
  }, { class: 'secondary wide', dataset: { push: 'off' } });
}

/** A base64url key as the bytes pushManager.subscribe wants. */
function bytes(base64url) {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '='));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
