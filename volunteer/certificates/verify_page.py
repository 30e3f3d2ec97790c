"""The verification page a person reads: the same figures as the JSON, as HTML.

The page loads nothing but this host's stylesheet and runs no script, so its
Content-Security-Policy allows only 'self'.
"""
from flask import Response
from markupsafe import escape

from volunteer.clock import local

CSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
TEXTS = {
    "title": ("志愿服务证明查验", "Certificate verification"),
    "valid": ("有效：本证书由本平台出具。", "Valid: this certificate was issued here."),
    "matches": ("服务记录与证书内容一致。", "The service records still match the certificate."),
    "changed": ("注意：证书出具后服务记录有更正，与证书内容不一致。",
                "Note: the service records were corrected after issue and no longer match."),
    "number": ("证书编号", "Number"),
    "volunteer": ("志愿者", "Volunteer"),
    "period": ("服务期间", "Period"),
    "hours": ("服务时长", "Hours"),
    "hours_value": ("{hours} 小时，共 {services} 次", "{hours} h in {services} services"),
    "community": ("出具单位", "Issued by"),
    "issued": ("出具时间", "Issued"),
    "hash": ("内容校验码", "Content hash"),
    "period_value": ("{first} 至 {last}", "{first} to {last}"),
}


def wants_html(accept) -> bool:
    """A browser asks for text/html first; API clients send application/json, */* or nothing."""
    return accept.best_match(["application/json", "text/html"]) == "text/html"


def _t(key: str, lang: str, **params) -> str:
    zh, en = TEXTS[key]
    return (en if lang == "en" else zh).format(**params)


def render(view: dict, lang: str) -> str:
    issued = local(view["issued_at"]).strftime("%Y-%m-%d %H:%M")
    rows = [
        ("number", view["number"]), ("volunteer", view["volunteer"]),
        ("period", _t("period_value", lang, first=view["period_from"], last=view["period_to"])),
        ("hours", _t("hours_value", lang, hours=f"{float(view['hours']):g}", services=view["services"])),
        ("community", view["community"] or "—"), ("issued", issued), ("hash", view["content_hash"]),
    ]
    cells = "".join(f"<dt>{escape(_t(k, lang))}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    records = _t("matches" if view["matches_records"] else "changed", lang)
    return (f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(_t("title", lang))}</title><link rel="stylesheet" href="/static/app.css">'
            '<link rel="icon" href="/static/icons/icon.svg" type="image/svg+xml"></head>'
            f'<body><main class="verify"><section class="card"><h1>{escape(_t("title", lang))}</h1>'
            f'<p class="verify-valid" id="verify-valid">{escape(_t("valid", lang))}</p>'
            f'<p id="verify-records">{escape(records)}</p><dl class="verify-facts">{cells}</dl>'
            '</section></main></body></html>')


def response(view: dict, lang: str) -> Response:
    page = Response(render(view, lang), mimetype="text/html")
    page.headers["Content-Security-Policy"] = CSP
    page.headers["Cache-Control"] = "no-cache"
    page.headers["Content-Language"] = "en" if lang == "en" else "zh-CN"
    page.vary.add("Accept")
    page.vary.add("Accept-Language")
    return page
