"""The public board as a page a resident reads, or staff print for the notice board (A4):
the same figures as the JSON, no personal data, no script."""
from flask import Response
from markupsafe import escape

from volunteer.certificates.verify_page import CSP
from volunteer.clock import local

TEXTS = {
    "title": ("{name} 志愿服务公示", "{name}: volunteer service notice"),
    "volunteers": ("注册志愿者", "Registered volunteers"),
    "volunteers_value": ("{registered} 人，占常住人口 {ratio}（目标 {target}）{met}", "{registered}, {ratio} of residents (target {target}) {met}"),
    "hours": ("累计服务时长", "Hours served"),
    "hours_value": ("{hours} 小时", "{hours} h"),
    "requests": ("近 {days} 天居民求助", "Requests in the last {days} days"),
    "requests_value": ("收到 {received} 件，已受理 {answered} 件；从发布到有人接单中位 {median}",
                       "{received} received, {answered} taken up; from posting to someone on it, median {median}"),
    "satisfaction": ("服务满意度", "Satisfaction"),
    "satisfaction_value": ("{rate}（目标 {target}，{ratings} 条评价）{met}", "{rate} (target {target}, {ratings} ratings) {met}"),
    "workers": ("社区社工（一社区一社工）", "Social workers (one per community)"),
    "workers_value": ("{count} 名 {levels}{met}", "{count} {levels}{met}"),
    "met": ("✓ 达标", "✓ met"),
    "not_met": ("✗ 未达标", "✗ not met"),
    "none": ("暂无", "none yet"),
    "minutes": ("{n} 分钟", "{n} min"),
    "computed": ("数据更新于 {at}", "Figures as of {at}"),
    "junior": ("初级", "junior"), "intermediate": ("中级", "intermediate"), "senior": ("高级", "senior"),
}


def _t(key: str, lang: str, **params) -> str:
    zh, en = TEXTS[key]
    return (en if lang == "en" else zh).format(**params)


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def render(board: dict, lang: str) -> str:
    v, r, s, w = board["volunteers"], board["requests"], board["satisfaction"], board["social_workers"]

    def met(ok: bool) -> str:
        return _t("met" if ok else "not_met", lang)
    levels = "、".join(f"{_t(level, lang)} {n}" for level, n in w["by_level"].items())
    median = _t("none", lang) if r["median_minutes"] is None else _t("minutes", lang, n=f"{r['median_minutes']:g}")
    rows = [
        ("volunteers", _t("volunteers_value", lang, registered=v["registered"], ratio=_pct(v["ratio"]),
                          target=_pct(v["target"]), met=met(v["meets"]))),
        ("hours", _t("hours_value", lang, hours=f"{float(board['hours']):g}")),
        ("requests", _t("requests_value", lang, received=r["received"], answered=r["answered"], median=median)),
        ("satisfaction", _t("satisfaction_value", lang, rate=_pct(s["rate"]), target=_pct(s["target"]),
                            ratings=s["ratings"], met=met(s["meets"]))),
        ("workers", _t("workers_value", lang, count=w["count"], levels=f"（{levels}）" if levels else "", met=met(w["meets"]))),
    ]
    labels = {"requests": _t("requests", lang, days=r["window_days"])}
    cells = "".join(f'<dt>{escape(labels.get(k) or _t(k, lang))}</dt><dd data-figure="{k}">{escape(text)}</dd>'
                    for k, text in rows)
    title = _t("title", lang, name=board["name"] if board["level"] == "community"
               else f'{board["community_name"]}·{board["name"]}')
    at = local(board["computed_at"]).strftime("%Y-%m-%d %H:%M")
    return (f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)}</title><link rel="stylesheet" href="/static/app.css"></head>'
            f'<body><main class="verify board"><section class="card"><h1>{escape(title)}</h1>'
            f'<dl class="verify-facts">{cells}</dl>'
            f'<p class="muted" id="computed-at">{escape(_t("computed", lang, at=at))}</p></section></main></body></html>')


def response(board: dict, lang: str) -> Response:
    return Response(render(board, lang), mimetype="text/html",
                    headers={"Content-Security-Policy": CSP, "Vary": "Accept-Language", "Cache-Control": "no-cache"})
