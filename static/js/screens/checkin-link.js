// A scanned check-in QR (#/checkin/<need>-<code>): keep the code for that need's task and
// open Tasks, where the volunteer checks in with it in one tap.
import { t } from '../i18n.js';
import { h } from '../ui.js';

export async function render(root, ctx) {
  const [needId, code] = String(ctx.arg || '').split('-');
  if (/^\d+$/.test(needId) && /^\d{6}$/.test(code || '')) {
    sessionStorage.setItem('scannedCode', JSON.stringify({ needId: Number(needId), code }));
  }
  root.replaceChildren(h('p', { class: 'loading' }, t('checkin_link_here')));
  ctx.go('tasks');
}
