"""The personal-information notice (个人信息保护说明) people accept at registration, as a page
in the reader's language. Its version is PRIVACY_NOTICE_VERSION; a new text needs a new one."""
from flask import Response, current_app
from markupsafe import escape

CSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
TITLE = ("个人信息保护说明", "Personal information notice")
VERSION = ("版本 {version}", "Version {version}")
SECTIONS = (
    (("我们收集什么", "What we hold"),
     ("您的手机号、真实姓名、所在网格；求助时的住址、位置和您说的情况；作为志愿者时的技能、可服务时间、服务半径和大致住处；签到签退时的位置；服务记录、时长、积分和评价。",
      "Your phone number, real name and grid; when you ask for help, your address, position and your own words; "
      "as a volunteer, your skills, weekly times, service radius and home area; your position at check-in and "
      "check-out; service records, hours, points and ratings.")),
    (("为什么", "Why"),
     ("只为把社区的需求交给合适的志愿者和社工、记录并确认服务时长、兑现星级与积分回馈。不用于其他目的，不出售，不发给第三方。",
      "Only to match community needs with volunteers and social workers, record and confirm service hours, and "
      "turn them into stars and rewards. Never for anything else, never sold, never given to third parties.")),
    (("谁能看到", "Who sees what"),
     ("您的住址和电话只给接单的志愿者、负责的社工和您所在网格的工作人员；浏览需求的志愿者只看到大致地点和工作人员写的说明。每一次查看都有记录，您可以在“我的”中看到是谁查看了。",
      "Your address and phone go only to whoever takes your need, its social worker and your grid's staff; "
      "volunteers browsing see only a rough place and the staff's note. Every such view is logged, and you can "
      "see who in \u201cMe\u201d.")),
    (("保存多久", "How long"),
     ("签到签退的精确位置保存 {days} 天，之后只保留到约一公里。服务记录按志愿服务记录的规定长期保存。",
      "Exact check-in and check-out positions are kept {days} days, then only to about a kilometre. Service "
      "records are kept as the rules for volunteer service records require.")),
    (("您的权利", "Your rights"),
     ("您可以随时在“我的”中下载我们保存的关于您的全部信息，查看谁看过您的住址和电话，修改密码，或注销账户。注销后您的姓名、电话、住址和位置被删除，已确认的服务时长不再能看出是谁的。",
      "In \u201cMe\u201d you can download everything held about you, see who viewed your address and phone, change "
      "your password, or delete your account. Deleting removes your name, phone, addresses and positions; "
      "confirmed hours stay but no longer say whose they were.")),
)


def render(lang: str) -> str:
    i = 1 if lang == "en" else 0
    days = current_app.config["POSITION_RETENTION_DAYS"]
    version = current_app.config["PRIVACY_NOTICE_VERSION"]
    body = "".join(f"<h2>{escape(head[i])}</h2><p>{escape(text[i].format(days=days))}</p>" for head, text in SECTIONS)
    return (f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(TITLE[i])}</title><link rel="stylesheet" href="/static/app.css">'
            '<link rel="icon" href="/static/icons/icon.svg" type="image/svg+xml"></head>'
            f'<body><main class="verify"><section class="card"><h1>{escape(TITLE[i])}</h1>'
            f'<p class="muted" id="privacy-version">{escape(VERSION[i].format(version=version))}</p>{body}'
            '</section></main></body></html>')


def response(lang: str) -> Response:
    page = Response(render(lang), mimetype="text/html")
    page.headers["Content-Security-Policy"] = CSP
    page.headers["Cache-Control"] = "no-cache"
    page.headers["Content-Language"] = "en" if lang == "en" else "zh-CN"
    page.vary.add("Accept-Language")
    return page
