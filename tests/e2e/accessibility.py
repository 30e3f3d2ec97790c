"""Checks run in the page: labels, names, tap targets of 44 px, WCAG AA text contrast."""

AUDIT = r"""
() => {
  const problems = [];
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.name || '').trim().slice(0, 30)}"`;
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (!visible(el)) continue;
    if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      problems.push(`no label: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('button, a[href], summary')) {
    if (!visible(el)) continue;
    if (!(el.textContent.trim() || el.getAttribute('aria-label'))) problems.push(`no name: ${describe(el)}`);
  }
  // Tap targets: controls, and links that are not inside running text.
  const targets = document.querySelectorAll('button, select, input:not([type=checkbox]), textarea, summary, .tabs a, a.button, a[href^="tel:"]');
  for (const el of targets) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.height < 44 || r.width < 44) problems.push(`small target ${Math.round(r.width)}x${Math.round(r.height)}: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('input[type=checkbox]')) {
    const label = el.closest('label');
    if (visible(el) && (!label || label.getBoundingClientRect().height < 44)) problems.push(`small checkbox: ${describe(el)}`);
  }
  // Contrast of every visible text node's element against its nearest opaque background.
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3); } return [255, 255, 255]; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el) || !visible(el) || el.closest('svg, [disabled], .toast')) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const fg = rgb(style.color).slice(0, 3), bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}: ${describe(el)}`);
  }
  return problems;
}
"""


def assert_accessible(page) -> None:
    problems = page.evaluate(AUDIT)
    assert problems == [], problems
