"""The web app's shell: the first screen in one response, the service worker at the root
scope, the manifest, cache headers.

The app itself is static files under static/ (ES modules, no build step). GET / answers
in one round trip with everything the first screen needs: the stylesheet and the small
first-screen script inline, and, for a signed-in caller, their session and (for a
volunteer) the near-me list as JSON in the page, built by the same services as the API
and redacted the same way. That page is personal, so it is never stored by a cache;
/shell is the same page with no one's data in it, which the service worker keeps for
offline use. The service worker must be served from / so that its scope covers the
whole app; the worker is always revalidated, the other files are cached for
STATIC_MAX_AGE seconds (the service worker keeps its own versioned copy for offline use).
"""
import base64
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, g, request, send_from_directory
from flask_wtf.csrf import generate_csrf

from volunteer.accounts import privacy_page
from volunteer.activities import page as activity_page_of, services as activities
from volunteer.dashboards import board_page, boards
from volunteer.errors import Forbidden, InvalidInput, language
from volunteer.links import public_base

REVALIDATE = "no-cache"
PERSONAL = "private, no-store"
NEARBY_FIRST_PAGE = {"order": "distance", "page": 1, "per_page": 20}  # what the app asks for first
STYLESHEET = '<link rel="stylesheet" href="/static/app.css">'
FIRST_SCRIPT = '<script src="/static/js/first-screen.js"></script>'
DATA_SLOT = '<script id="first-data" type="application/json">{"shell":true}</script>'
# Only this host's files, plus the one inline script and stylesheet by their hashes (the
# JSON in the page is data, never run); style attributes stay allowed for the screens.
CSP = ("default-src 'self'; script-src 'self' {script}; style-src 'self' {style}; "
       "style-src-attr 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def register_webapp(app: Flask) -> None:
    @app.get("/")
    def index():
        user = g.get("user")
        return _page(first_screen_data(user) if user is not None else {"session": None}, personal=True)

    @app.get("/shell")
    def shell():
        """The page with no one's data: what the service worker keeps for offline use."""
        return _page({"shell": True}, personal=False)

    @app.get("/privacy")
    def privacy():
        """The personal-information notice, in the reader's language (no sign-in needed)."""
        return privacy_page.response(language())

    @app.get("/a/<string:slug>")
    def activity_page(slug):
        """The public page behind an activity's short link, with its QR code (no sign-in)."""
        return activity_page_of.response(activities.activity_view(activities.by_slug(slug)), public_base() + f"/a/{slug}",
                                         language())

    @app.get("/board/community/<int:community_id>")
    def community_board_page(community_id):
        """The community's public board (公示), printable for the notice board."""
        return board_page.response(boards.board(community_id), language())

    @app.get("/board/grid/<int:grid_id>")
    def grid_board_page(grid_id):
        return board_page.response(boards.grid_board(grid_id), language())

    @app.get("/sw.js")
    def service_worker():
        response = send_from_directory(app.static_folder, "sw.js", mimetype="text/javascript")
        response.headers["Service-Worker-Allowed"] = "/"
        return response

    @app.get("/manifest.webmanifest")
    def manifest():
        return send_from_directory(app.static_folder, "manifest.webmanifest",
                                   mimetype="application/manifest+json")

    app.after_request(cache_headers)
    app.after_request(security_headers)


def first_screen_data(user) -> dict:
    """What the first screen draws from: the session (never the phone number), the skills,
    and for a volunteer the first page of open needs near home, as the API gives them."""
    from volunteer.accounts.schemas import SessionSchema
    from volunteer.dispatch import schemas as dispatch_schemas
    from volunteer.dispatch import services as dispatch
    from volunteer.dispatch.routes import need_summary
    from volunteer.people import schemas as people_schemas
    from volunteer.people import services as people

    session = SessionSchema(exclude=("user.phone",)).dump(
        {"user": user, "csrf_token": generate_csrf(), "token": None})
    data = {"session": session, "nearby": None, "order": NEARBY_FIRST_PAGE["order"],
            "skills": people_schemas.SkillSchema(many=True).dump(people.list_skills())}
    try:
        total, page = dispatch.nearby_needs(user, **NEARBY_FIRST_PAGE)
    except (InvalidInput, Forbidden):  # not a volunteer, or not verified yet: no near-me list to draw
        return data
    data["nearby"] = dispatch_schemas.NearbyPageSchema().dump(
        {"total": total, "page": NEARBY_FIRST_PAGE["page"], "per_page": NEARBY_FIRST_PAGE["per_page"],
         "items": [need_summary(n, m) for n, m in page]})
    return data


def script_json(data) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can end it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _page(data: dict, personal: bool) -> Response:
    strings, template, policy = _parts(current_app.static_folder, current_app.debug)
    body = template.replace(DATA_SLOT, DATA_SLOT.replace('{"shell":true}', script_json({**data, "strings": strings})))
    response = Response(body, mimetype="text/html")
    response.headers["Cache-Control"] = PERSONAL if personal else REVALIDATE
    response.headers["Content-Security-Policy"] = policy
    if personal:
        response.vary.add("Cookie")
    return response


def _parts(static: str, debug: bool) -> tuple[dict, str, str]:
    if debug:
        _read.cache_clear()
    return _read(static)


@lru_cache(maxsize=2)
def _read(static: str) -> tuple[dict, str, str]:
    """index.html with the stylesheet and first-screen script inlined, the strings that
    script uses (key -> [zh, en], from strings.js), and the page's security policy."""
    root = Path(static)
    css = (root / "app.css").read_text()
    script = (root / "js" / "first-screen.js").read_text()
    page = (root / "index.html").read_text()
    for text in (css, script):
        if "</" in text:
            raise ValueError("an inline file must not contain '</'")
    page = page.replace(STYLESHEET, f"<style>{css}</style>").replace(FIRST_SCRIPT, f"<script>{script}</script>")
    source = (root / "js" / "strings.js").read_text()
    entry = r"^\s*(\w+): \[\s*'((?:[^'\\]|\\.)*)',\s*'((?:[^'\\]|\\.)*)'\]"
    every = {key: [_unquote(zh), _unquote(en)] for key, zh, en in re.findall(entry, source, re.M)}
    used = set(re.findall(r"\bt\('(\w+)'", script))
    strings = {k: v for k, v in every.items() if k in used or k.startswith(("role_", "tab_"))}
    policy = CSP.format(script=_hash(script), style=_hash(css))
    return strings, page, policy


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def cache_headers(response):
    """Worker and manifest: revalidate every time. Other static files: cache a while.
    The pages set their own (the personal one is never stored)."""
    path = request.path
    if path in ("/sw.js", "/manifest.webmanifest", "/static/index.html"):
        response.headers["Cache-Control"] = REVALIDATE
    elif path.startswith("/static/") and response.status_code == 200:
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['STATIC_MAX_AGE']}"
    return response


# Data answers are never a page: nothing in them runs, loads or is framed.
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def security_headers(response):
    """On every answer: no type sniffing, no framing by other sites, no referrer to them."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if "Content-Security-Policy" not in response.headers:
        data = request.path.startswith("/api/v1/") and response.mimetype == "application/json"
        response.headers["Content-Security-Policy"] = API_POLICY if data else "frame-ancestors 'none'"
    return response
