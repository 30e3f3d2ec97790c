// Charts drawn as SVG by the app itself: horizontal bars with targets, and columns.
const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function frame(width, height, label) {
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label });
  svg.append(s('title', {}, label));
  return svg;
}

/**
 * Horizontal bars, one per row, each against its own target line.
 * rows: [{label, value, target, meets}] with value/target as fractions; format(v) -> text.
 */
export function barsAgainstTargets(rows, { label, format, max }) {
  const rowH = 44, left = 8, width = 340, barW = 220;
  const top = Math.max(max || 0, ...rows.map((r) => Math.max(r.value || 0, r.target || 0))) * 1.15 || 1;
  const svg = frame(width, rows.length * rowH + 8, label);
  rows.forEach((r, i) => {
    const y = i * rowH + 4;
    svg.append(s('text', { x: left, y: y + 13, 'font-size': 13 }, r.label));
    svg.append(s('rect', { x: left, y: y + 18, width: barW, height: 16, rx: 4, fill: '#e3e8ee' }));
    svg.append(s('rect', { x: left, y: y + 18, width: Math.max(2, ((r.value || 0) / top) * barW), height: 16, rx: 4,
      fill: r.neutral ? '#0b5cad' : r.meets ? '#1b6b32' : '#b35c00' }));
    if (r.target !== null && r.target !== undefined) {
      const tx = left + (r.target / top) * barW;
      svg.append(s('line', { x1: tx, x2: tx, y1: y + 14, y2: y + 38, stroke: '#1a1a1a', 'stroke-width': 2, 'stroke-dasharray': '3 2' }));
    }
    svg.append(s('text', { x: left + barW + 8, y: y + 31, 'font-size': 13, 'font-weight': 700 }, format(r.value)));
  });
  return svg;
}

/** Vertical columns: items [{label, value}], e.g. hours per month. */
export function columns(items, { label, format }) {
  const width = 340, height = 170, base = 140, left = 6;
  const top = Math.max(1, ...items.map((d) => d.value)) * 1.15;
  const step = (width - left * 2) / Math.max(items.length, 1);
  const svg = frame(width, height, label);
  svg.append(s('line', { x1: left, x2: width - left, y1: base, y2: base, stroke: '#8a96a3' }));
  items.forEach((d, i) => {
    const hgt = (d.value / top) * (base - 20);
    const x = left + i * step + step * 0.15;
    svg.append(s('rect', { x, y: base - hgt, width: step * 0.7, height: Math.max(hgt, 0), rx: 3, fill: '#0b5cad' }));
    if (d.value > 0) svg.append(s('text', { x: x + step * 0.35, y: base - hgt - 4, 'font-size': 10, 'text-anchor': 'middle' }, format(d.value)));
    svg.append(s('text', { x: x + step * 0.35, y: base + 16, 'font-size': 10, 'text-anchor': 'middle' }, d.label));
  });
  return svg;
}
