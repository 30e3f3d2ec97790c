// The rotating check-in code, shown on the spot: counts down each second and, when the
// code rolls over, fetches the new one from GET /needs/{id}/checkin-code. The countdown
// runs from the API's `valid_for_s` on the phone's monotonic clock, so a phone whose clock
// is wrong still changes code when the server does.
import { optional } from './api.js';
import { t } from './i18n.js';
import { h } from './ui.js';

export function checkinCodeCard(needId, first) {
  const code = h('p', { class: 'code', id: 'checkin-code' }, first.code);
  const left = h('p', { class: 'muted', id: 'checkin-code-left', 'aria-live': 'off' });
  const qr = h('figure', { class: 'qr', 'aria-label': t('checkin_qr'), dataset: { checkinQr: '' } });
  const card = h('section', { class: 'card', 'aria-labelledby': 'code-h' }, h('h3', { id: 'code-h' }, t('checkin_code')), code, left, qr);
  drawQr(qr, first);
  let until = performance.now() + first.valid_for_s * 1000;
  let fetching = false;
  const show = (s) => { left.textContent = t('code_valid_for', { s }); };
  async function refresh() {
    fetching = true;
    try {
      const next = await optional(`/needs/${needId}/checkin-code`);
      if (!next) return closed();
      code.textContent = next.code;
      drawQr(qr, next);
      until = performance.now() + next.valid_for_s * 1000;
      show(next.valid_for_s);
    } catch (err) {
      if (err.code === 'outside_checkin_window') return closed();
      until = performance.now() + 5000; // offline: keep the last code, try again shortly
    } finally { fetching = false; }
    return true;
  }
  function closed() {
    card.replaceChildren(h('h3', { id: 'code-h' }, t('checkin_code')), h('p', { class: 'muted' }, t('code_window_closed')));
    return false;
  }
  show(first.valid_for_s);
  const timer = setInterval(async () => {
    if (!card.isConnected) { clearInterval(timer); return; }
    if (fetching) return;
    const s = Math.ceil((until - performance.now()) / 1000);
    if (s > 0) { show(s); return; }
    if (!await refresh()) clearInterval(timer);
  }, 1000);
  return card;
}

/** The QR of the link that checks in with the current code (drawn by the server as SVG). */
function drawQr(figure, shown) {
  if (!shown.qr_svg) { figure.hidden = true; return; }
  const svg = new DOMParser().parseFromString(shown.qr_svg, 'image/svg+xml').documentElement;
  if (svg.nodeName !== 'svg') return;
  svg.setAttribute('role', 'img');
  figure.replaceChildren(document.importNode(svg, true));
  figure.dataset.checkinQr = shown.link;
}
