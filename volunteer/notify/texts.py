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
    "need_called_off": (  # need_cancelled, with the reason (rows queued before it keep the old kind)
        ("服务已取消", "「{title}」（原定 {starts_at}）已被取消，原因：{reason}。您不用前往，也不会记为缺席。"),
        ("Service cancelled", '"{title}" (planned for {starts_at}) is cancelled: {reason}. No need to go, and it never counts as a no-show.'),
    ),
    "need_changed": (
        ("服务有变动", "「{title}」改为 {starts_at} 开始，地点：{address}。如不能前往，现在退出不影响履约率。"),
        ("The service has changed", '"{title}" now starts {starts_at}, at {address}. If you cannot make it, withdrawing now costs nothing.'),
    ),
    "request_changed": (
        ("服务时间或地点有变", "「{title}」改为 {starts_at} 开始，地点：{address}。"),
        ("Your service has moved", '"{title}" now starts {starts_at}, at {address}.'),
    ),
    "request_cancelled": (
        ("服务已取消", "「{title}」已取消，原因：{reason}。如仍需帮助，可以再次提出。"),
        ("Service cancelled", '"{title}" is cancelled: {reason}. If you still need help, you can ask again.'),
    ),
    "request_accepted": (
        ("求助已受理", "您的求助已受理为「{title}」，服务时间 {starts_at}，正在安排志愿者。"),
        ("Request taken up", 'Your request is now "{title}", at {starts_at}; a volunteer is being arranged.'),
    ),
    "volunteer_coming": (
        ("志愿者已安排", "{name}（{phone}）将于 {starts_at} 为您提供「{title}」。"),
        ("A volunteer is coming", '{name} ({phone}) will come for "{title}" at {starts_at}.'),
    ),
    "volunteer_arrived": (
        ("志愿者已到达", "{name} 已于 {at_at} 签到，开始「{title}」。"),
        ("The volunteer has arrived", '{name} checked in at {at_at} for "{title}".'),
    ),
    "service_to_confirm": (
        ("请确认服务", "{name} 完成了「{title}」，记录 {hours} 小时，请在“我的求助”中确认。"),
        ("Please confirm the service", '{name} finished "{title}" and recorded {hours} h; please confirm it under My requests.'),
    ),
    "volunteer_withdrew": (
        ("志愿者有变", "{name} 不能来「{title}」了，社区正在另找志愿者。"),
        ("A change of volunteer", '{name} can no longer come for "{title}"; the community is finding someone else.'),
    ),
    "confirm_reminder": (
        ("服务时长待确认", "{name} 在「{title}」记录了 {hours} 小时，仍在等您确认。"),
        ("Hours waiting for you", '{name} recorded {hours} h on "{title}"; it is still waiting for your confirmation.'),
    ),
    "confirm_escalated": (
        ("服务时长久未确认", "{name} 在「{title}」记录的 {hours} 小时已超过 {hours_waiting} 小时无人确认，请网格工作人员处理。"),
        ("Hours unconfirmed too long", '{name}\'s {hours} h on "{title}" have waited over {hours_waiting} h; grid staff, please confirm or reject.'),
    ),
    "password_reset": (
        ("密码已被重置", "{name} 为您设置了临时密码（{until_at} 前有效），登录后请立即设置新密码。如非本人要求，请联系社区。"),
        ("Your password was reset", "{name} set you a temporary password (valid until {until_at}); choose a new one when you sign in. If you did not ask, tell your community."),
    ),
    "activity_applied": (
        ("新的活动报名", "{name} 报名了「{title}」，请审核。"),
        ("New sign-up", '{name} applied for "{title}"; please review.'),
    ),
    "activity_approved": (
        ("报名已通过", "您报名的「{title}」已通过，{starts_at} 开始，届时请签到。"),
        ("Sign-up approved", 'Your sign-up for "{title}" is approved; it starts {starts_at}. Check in when you arrive.'),
    ),
    "activity_refused": (
        ("报名未通过", "您报名的「{title}」未通过，原因：{reason}。"),
        ("Sign-up not approved", 'Your sign-up for "{title}" was not approved: {reason}.'),
    ),
    "team_offer": (
        ("团队服务任务", "「{title}」需要 {slots} 人，{starts_at} 开始，交给了「{organisation}」。请认领并安排成员。"),
        ("A need for your team", '"{title}" needs {slots} people from {starts_at}; it was given to "{organisation}". Take it and assign members.'),
    ),
    "team_accepted": (
        ("团队已认领", "「{organisation}」认领了「{title}」的 {slots} 个名额。"),
        ("Team took the need", '"{organisation}" took {slots} slots of "{title}".'),
    ),
    "team_declined": (
        ("团队婉拒", "「{organisation}」婉拒了「{title}」，原因：{reason}。"),
        ("Team declined", '"{organisation}" declined "{title}": {reason}.'),
    ),
    "team_assigned": (
        ("队长安排了服务", "您随「{organisation}」参加「{title}」，{starts_at} 开始，届时请签到。"),
        ("Your team leader assigned you", 'You serve "{title}" with "{organisation}" from {starts_at}; check in when you arrive.'),
    ),
    "organisation_leader": (
        ("您已成为负责人", "您已被指定为「{organisation}」的负责人，可以邀请和审核成员。"),
        ("You lead a team", 'You are now a leader of "{organisation}": you can invite and approve members.'),
    ),
    "organisation_verified": (
        ("组织已通过核验", "「{organisation}」已通过社区核验，可以接收成员申请和服务任务。"),
        ("Organisation verified", '"{organisation}" is verified by the community: it can take applications and needs.'),
    ),
    "organisation_invited": (
        ("加入邀请", "「{organisation}」邀请您加入，请在“我的团队”中接受。"),
        ("You are invited", '"{organisation}" invites you to join; accept it under My teams.'),
    ),
    "organisation_applied": (
        ("新的入队申请", "{name} 申请加入「{organisation}」，请审核。"),
        ("New application", '{name} asks to join "{organisation}"; please review.'),
    ),
    "organisation_approved": (
        ("已加入", "您已成为「{organisation}」的成员。"),
        ("You have joined", 'You are now a member of "{organisation}".'),
    ),
    "organisation_removed": (
        ("已离开团队", "您已不再是「{organisation}」的成员。"),
        ("No longer a member", 'You are no longer a member of "{organisation}".'),
    ),
    "volunteer_applied": (
        ("新的志愿者申请", "{name} 申请成为本网格的志愿者，请在“志愿者”中审核。"),
        ("New volunteer application", "{name} applies to volunteer in your grid; review it under Volunteers."),
    ),
    "volunteer_verified": (
        ("志愿者审核通过", "您已通过审核，可以在“附近”报名服务了。"),
        ("You are verified", "Your volunteer application is approved: you can sign up for needs near you."),
    ),
    "volunteer_more_info": (
        ("申请需要补充", "审核人员请您补充：{reason}。修改资料并保存后即重新提交。"),
        ("More is needed", "The reviewer asks: {reason}. Change your profile and save it to apply again."),
    ),
    "volunteer_refused": (
        ("申请未通过", "您的志愿者申请未通过，原因：{reason}。修改资料并保存可重新申请。"),
        ("Application refused", "Your volunteer application was refused: {reason}. Change your profile and save it to apply again."),
    ),
    "request_new": (
        ("新的求助", "{grid} 的 {name} 提出了求助，请在求助队列中查看。"),
        ("New request", "{name} of {grid} asks for help; see the request queue."),
    ),
    "request_withdrawn": (
        ("居民撤回了求助", "{grid} 的 {name} 撤回了求助，原因：{reason}。"),
        ("A request was taken back", "{name} of {grid} took their request back: {reason}."),
    ),
    "assignment_withdrawn": (
        ("志愿者退出", "{name} 退出了「{title}」（{starts_at} 开始），原因：{reason}。现有 {taken}/{slots} 人，空出的名额已转给候补或下一位。"),
        ("A volunteer withdrew", '{name} withdrew from "{title}" (starting {starts_at}): {reason}. Now {taken}/{slots}; the slot passes to the waitlist or the next candidate.'),
    ),
    "waitlist_offer": (
        ("候补名额空出", "「{title}」（{starts_at} 开始）空出一个名额，轮到您了。请在 {expires_at} 前接受或婉拒。"),
        ("A slot came free", 'A slot on "{title}" (starting {starts_at}) came free and it is your turn. Accept or decline by {expires_at}.'),
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
