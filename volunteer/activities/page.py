"""The public page of an activity behind its short link, /a/<slug>, and its QR code.

A page a person reads (or prints for the notice board): no personal data, no script, only
this host's stylesheet. The QR code is drawn on
this server (volunteer/links.py), never fetched from elsewhere.
"""
from flask import Response
from markupsafe import escape

from volunteer.certificates.verify_page import CSP
from volunteer.clock import local
from volunteer.links import qr_svg

TEXTS = {
    "organiser": ("组织方", "Organised by"),
    "sessions": ("场次", "Sessions"),
    "left": ("剩余 {left}/{slots} 个名额", "{left} of {slots} places left"),
    "full": ("已满", "Full"),
    "first_come": ("先到先得，报名即确认。", "First come: signing up takes a place."),
    "approval": ("报名后由组织方审核。", "Apply; the organiser approves each sign-up."),
    "questions": ("报名需回答", "Asked at sign-up"),
    "how": ("用手机打开本页或扫描二维码，登录后在“活动”中报名。", "Open this page on a phone or scan the code; sign in and sign up under Activities."),
    "qr": ("本活动的二维码", "QR code of this activity"),
}


def _t(key: str, lang: str, **params) -> str:
    zh, en = TEXTS[key]
    return (en if lang == "en" else zh).format(**params)


def render(view: dict, url: str, lang: str) -> str:
    def when(session):
        start, end = local(session["starts_at"]), local(session["ends_at"])
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    rows = "".join(
        f'<li data-session="{s["need_id"]}">{escape(when(s))} · {escape(s["place"])} · '
        f'{escape(_t("left", lang, left=s["left"], slots=s["slots"]) if s["left"] else _t("full", lang))}</li>'
        for s in view["sessions"])
    questions = "".join(f"<li>{escape(q)}</li>" for q in view["questions"])
    asked = f'<h2>{escape(_t("questions", lang))}</h2><ul>{questions}</ul>' if questions else ""
    return (f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(view["title"])}</title><link rel="stylesheet" href="/static/app.css">'
            '<link rel="icon" href="/static/icons/icon.svg" type="image/svg+xml"></head>'
            f'<body><main class="verify public-activity"><section class="card"><h1>{escape(view["title"])}</h1>'
            f'<p id="organiser">{escape(_t("organiser", lang))}：{escape(view["organiser"])}</p>'
            f'<p>{escape(view["description"])}</p><p id="mode">{escape(_t(view["mode"].value, lang))}</p>'
            f'<h2>{escape(_t("sessions", lang))}</h2><ul id="sessions">{rows}</ul>{asked}'
            f'<figure class="qr" aria-label="{escape(_t("qr", lang))}">{qr_svg(url)}'
            f'<figcaption id="short-link">{escape(url)}</figcaption></figure>'
            f'<p class="muted">{escape(_t("how", lang))}</p></section></main></body></html>')


def response(view: dict, url: str, lang: str) -> Response:
    return Response(render(view, url, lang), mimetype="text/html", headers={
        "Content-Security-Policy": CSP, "Vary": "Accept-Language", "Cache-Control": "no-cache"})
