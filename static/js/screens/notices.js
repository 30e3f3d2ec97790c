// My notifications, newest first: unread ones marked; open one to go where it points.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { announce, busyButton, chip, empty, fail, h, when } from '../ui.js';

export async function render(root, ctx) {
  const notes = await get('/me/notifications?per_page=50', { cache: true });
  root.replaceChildren(h('h2', {}, t('notices_title')));
  if (!notes.length) { root.append(empty(t('notices_none'))); return; }
  const unread = notes.filter((n) => !n.read).map((n) => n.id);
  if (unread.length) {
    root.append(busyButton(t('mark_all_read'), async () => {
      try { await post('/me/notifications/read', { ids: unread }); announce(t('marked_read')); await ctx.rerender(); } catch (err) { fail(err); }
    }, { class: 'secondary wide' }));
  }
  root.append(h('ul', { class: 'plain' }, notes.map((note) => item(note, ctx))));
}

/** The screen a notification is about: the need (staff), my offers, or my tasks. */
function target(note) {
  const [what, id] = (note.subject || '').split(':');
  if (what === 'need') return `need/${id}`;
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
