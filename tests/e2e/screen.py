"""The screen check every browser step ends with.

`check_screen(page)` fails when what a person sees is broken: "undefined", "null", "NaN"
or "[object Object]" on screen, a string key shown instead of its words, a sentence of the
app or of the server in the other language, anything wider than the 360 px phone or
spilling out of its box (in normal and in larger text), a console error, or a failed
request the test did not say it meant to provoke (`expect_refusal`).

Text inside an element whose own `lang` differs from the page's (the "English" button on a
Chinese screen) is in that language on purpose and is not counted as the other language.
"""
from tests.app_strings import app_strings
from volunteer.messages import FIELD_MESSAGES, MESSAGES
from volunteer.notify.texts import TEXTS

# (zh, en) of everything the server says in words.
SERVER_TEXTS = [[*pair] for pair in [*MESSAGES.values(), *FIELD_MESSAGES.values(),
                                      *((zh[i], en[i]) for zh, en in TEXTS.values() for i in (0, 1))]]
# Codes the server sends, which a screen must turn into words.
SERVER_CODES = sorted({*MESSAGES, *FIELD_MESSAGES, *TEXTS})
# The app's own, read from its source (a page may forbid scripts, so not imported there).
STRINGS = {key: [*pair] for key, pair in app_strings().items()}

CHECK = r"""
({ strings: STRINGS, server, codes, large }) => {
  const problems = [];
  const en = document.documentElement.lang === 'en';
  const pairs = [...Object.values(STRINGS), ...server];
  const keys = new Set([...Object.keys(STRINGS), ...codes]);
  // A template of the other language as a pattern over a whole text: {name} stands for anything.
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const other = pairs.filter(([zh, english]) => zh !== english)
    .map((pair) => pair[en ? 0 : 1])
    .filter((text) => text.replace(/\{\w+\}/g, '').trim().length >= 2)
    .map((text) => new RegExp('^' + escape(text).replace(/\\\{\w+\\\}/g, '[\\s\\S]*?') + '$'));
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''} "${(el.textContent || '').trim().slice(0, 30)}"`;
  const where = large ? ' (larger text)' : '';

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || !visible(el) || el.closest('script, style, noscript, template')) continue;
    for (const word of ['undefined', 'null', 'NaN', '[object Object]'])
      if (new RegExp('(^|[^A-Za-z])' + escape(word) + '($|[^A-Za-z])').test(text)) problems.push(`"${word}" in ${describe(el)}`);
    for (const word of text.match(/[a-z][a-z0-9]*(?:_[a-z0-9]+)+/g) || [])
      if (keys.has(word)) problems.push(`untranslated key ${word} in ${describe(el)}`);
    const marked = el.closest('[lang]');
    if (marked && marked !== document.documentElement && marked.lang !== document.documentElement.lang) continue;
    if (other.some((pattern) => pattern.test(text))) problems.push(`other language: ${describe(el)}`);
    if (!en && /[A-Za-z]{2,}(?:[ ,.'’]+[A-Za-z]{2,}){2,}/.test(text)) problems.push(`English on a Chinese screen: ${describe(el)}`);
  }

  // Layout: nothing beyond the screen, no box spilling out of its parent, no text cut off.
  // Visually hidden elements (.sr-only, a skip link parked off screen) and things placed
  // on purpose (position absolute or fixed, like a badge on the bell) are left out.
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width) problems.push(`page ${document.documentElement.scrollWidth}px wide${where}`);
  const hidden = (el, r) => r.right <= 0 || r.bottom <= 0 || r.width <= 1 || r.height <= 1;
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el) || el.closest('svg, .toast, .sr-only')) continue;
    const r = el.getBoundingClientRect();
    if (hidden(el, r)) continue;
    const style = getComputedStyle(el);
    if (r.right > width + 1 || r.left < -1) problems.push(`outside the screen${where}: ${describe(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
    const parent = el.parentElement;
    const placed = ['absolute', 'fixed'].includes(style.position);
    if (!placed && parent && parent !== document.body && getComputedStyle(parent).overflowX === 'visible') {
      const p = parent.getBoundingClientRect();
      if (r.left < p.left - 1 || r.right > p.right + 1) problems.push(`spills out of ${describe(parent)}${where}: ${describe(el)}`);
    }
    // (A text field scrolls its own value: not cut off.)
    if (['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && !el.matches('input, textarea, select'))
      problems.push(`cut off${where}: ${describe(el)} ${el.scrollWidth}>${el.clientWidth}`);
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim() || style.overflowX !== 'visible') continue;
      const range = document.createRange(); range.selectNodeContents(node);
      const t = range.getBoundingClientRect();
      if (t.left < r.left - 1 || t.right > r.right + 1) problems.push(`text spills out${where}: ${describe(el)}`);
    }
  }
  return problems;
}
"""


def watch(page) -> None:
    """Record the page's console errors and failed requests from now on."""
    page._screen_problems = []
    page._screen_expected = []

    def on_console(message):
        if message.type == "error" and "Failed to load resource" not in message.text:
            page._screen_problems.append(f"console: {message.text}")

    def on_response(response):
        if response.status >= 400:
            page._screen_problems.append((response.status, response.url))

    page.on("console", on_console)
    page.on("pageerror", lambda error: page._screen_problems.append(f"page error: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", lambda request: page._screen_problems.append(("failed", request.url)))


def expect_refusal(page, status: int | str, path: str) -> None:
    """The test means to provoke `status` (or "failed": no answer at all, as offline) from
    a URL containing `path`."""
    page._screen_expected.append((status, path))


def _unexpected(page) -> list:
    left = []
    for problem in page._screen_problems:
        if isinstance(problem, tuple):
            status, url = problem
            if any(status == s and path in url for s, path in page._screen_expected):
                continue
            problem = f"{status} {url}" if status != "failed" else f"request failed: {url}"
        left.append(problem)
    return left


def check_screen(page, *, requests: bool = True) -> None:
    """What the page shows now is whole, fits the phone, in one language; nothing failed unasked."""
    page.wait_for_timeout(50)  # let the step's last paint land
    problems = page.evaluate(CHECK, _arguments(large=False))
    problems += _in_larger_text(page)
    if requests and hasattr(page, "_screen_problems"):
        problems += _unexpected(page)
    assert problems == [], problems


def _arguments(large: bool) -> dict:
    return {"strings": STRINGS, "server": SERVER_TEXTS, "codes": SERVER_CODES, "large": large}


def _in_larger_text(page) -> list:
    was_large = page.evaluate("document.documentElement.classList.contains('large')")
    if was_large:
        return []
    page.evaluate("document.documentElement.classList.add('large')")
    try:
        page.wait_for_timeout(30)
        return [p for p in page.evaluate(CHECK, _arguments(large=True)) if "(larger text)" in p]
    finally:
        page.evaluate("document.documentElement.classList.remove('large')")
