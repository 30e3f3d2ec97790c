"""The evaluation pack's verification page a person reads: the same facts as the JSON."""
from flask import Response
from markupsafe import escape

from volunteer.certificates.verify_page import CSP
from volunteer.clock import local

TEXTS = {
    "title": ("服务评估包查验", "Evaluation pack verification"),
    "valid": ("有效：本评估包由本平台出具。", "Valid: this pack was issued here."),
    "matches": ("服务记录与评估包内容一致。", "The service records still match the pack."),
    "changed": ("注意：评估包出具后服务记录有变化（更正、确认或评分），与评估包内容不一致。",
                "Note: the records changed after issue (a correction, confirmation or rating) and no longer match."),
    "number": ("编号", "Number"),
    "project": ("项目", "Project"),
    "funder": ("购买方", "Funder"),
    "organisation": ("承接组织", "Delivered by"),
    "period": ("期间", "Period"),
    "entries": ("记录", "Records"),
    "hours": ("确认时长", "Confirmed hours"),
    "issued": ("出具时间", "Issued"),
    "head": ("链头校验码", "Head hash"),
    "check": ("持有 JSON 副本者可将其 entries 提交到本地址的 /check，核对每一条是否与出具时相同。",
              "Whoever holds the JSON copy can send its entries to /check at this address to see that every entry is as issued."),
}


def _t(key: str, lang: str) -> str:
    zh, en = TEXTS[key]
    return en if lang == "en" else zh


def render(found: dict, lang: str) -> str:
    project = found["project"]
    rows = [("number", found["number"]), ("project", project["name"]), ("funder", project["funder"]),
            ("organisation", project["organisation"]), ("period", " – ".join(project["period"])),
            ("entries", str(found["entries"])), ("hours", f"{float(found['hours']):g}"),
            ("issued", local(found["issued_at"]).strftime("%Y-%m-%d %H:%M")), ("head", found["head_hash"])]
    cells = "".join(f"<dt>{escape(_t(k, lang))}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    records = _t("matches" if found["matches_records"] else "changed", lang)
    return (f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(_t("title", lang))}</title><link rel="stylesheet" href="/static/app.css"></head>'
            f'<body><main class="verify"><section class="card"><h1>{escape(_t("title", lang))}</h1>'
            f'<p class="verify-valid" id="verify-valid">{escape(_t("valid", lang))}</p>'
            f'<p id="verify-records">{escape(records)}</p><dl class="verify-facts">{cells}</dl>'
            f'<p class="muted">{escape(_t("check", lang))}</p></section></main></body></html>')


def response(found: dict, lang: str) -> Response:
    return Response(render(found, lang), mimetype="text/html",
                    headers={"Content-Security-Policy": CSP, "Vary": "Accept, Accept-Language"})
