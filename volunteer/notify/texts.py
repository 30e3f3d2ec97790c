"""What each kind of notification says, in Simplified Chinese and English.

Rows keep a kind and its params; the words are made when someone reads them, in their
language. Params ending in `_at` hold ISO UTC times and are shown in Asia/Shanghai.
"""
from dataclasses import dataclass
from datetime import datetime

from volunteer import clock

TEXTS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # kind: ((zh title, zh body), (en title, en body))
    "offer_made": (
        ("新的服务邀请", "「{title}」{place}，{starts_at} 开始。请在 {expires_at} 前接受或婉拒。"),
        ("New offer", '"{title}" near {place}, starting {starts_at}. Accept or decline by {expires_at}.'),
    ),
    "offer_accepted": (
        ("邀请已接受", "{name} 接受了「{title}」（已有 {taken}/{slots} 人）。"),
        ("Offer accepted", '{name} accepted "{title}" ({taken}/{slots} filled).'),
    ),
    "offers_exhausted": (
        ("无人可再邀请", "「{title}」已没有可邀请的志愿者，仍缺 {missing} 人，请人工安排。"),
        ("No one left to offer", '"{title}" has run out of candidates with {missing} slots open; please arrange by hand.'),
    ),
    "need_escalated": (
        ("紧急需求无人接", "紧急需求「{title}」发布 {minutes} 分钟后仍未满员（{taken}/{slots}），请尽快跟进。"),
        ("Urgent need unfilled", 'Urgent need "{title}" is still unfilled after {minutes} minutes ({taken}/{slots}).'),
    ),
    "need_cancelled": (
        ("服务已取消", "「{title}」（原定 {starts_at}）已被取消，您不用前往，也不会记为缺席。"),
        ("Service cancelled", '"{title}" (planned for {starts_at}) is cancelled: no need to go, and it never counts as a no-show.'),
    ),
    "shift_reminder": (
        ("服务即将开始", "「{title}」将于 {starts_at} 开始，地点：{address}。"),
        ("Your shift is coming up", '"{title}" starts at {starts_at}, at {address}.'),
    ),
    "checkout_missing": (
        ("未签退", "「{title}」您没有签退，系统已按计划结束时间 {ends_at} 结束，记录待社工核实。"),
        ("No check-out", '"{title}": you did not check out; it was closed at the planned end {ends_at} and awaits review.'),
    ),
}


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def _shown(key: str, value):
    if key.endswith("_at") and isinstance(value, str):
        return clock.local(datetime.fromisoformat(value)).strftime("%m-%d %H:%M")
    return value


class CannotRender(Exception):
    """A notification whose kind is unknown or whose params its texts do not fit."""


def render(kind: str, params: dict, lang: str = "zh") -> Message:
    if kind not in TEXTS:
        raise CannotRender(f"unknown notification kind {kind!r}")
    zh, en = TEXTS[kind]
    title, body = en if lang == "en" else zh
    shown = {k: _shown(k, v) for k, v in params.items()}
    try:
        return Message(title.format(**shown), body.format(**shown))
    except (KeyError, IndexError, ValueError) as error:
        raise CannotRender(f"{kind}: the texts need {error} that the params lack") from error
