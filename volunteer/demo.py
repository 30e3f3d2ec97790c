"""The demo street: real-looking places, people, open needs and a service history.

`flask seed-demo` calls `seed`. One seeded random generator draws everything, so every
demo database holds the same people in the same places. Rows are added directly rather
than through the services: the demo writes a past (services done, hours confirmed, stars
earned) that the services only reach through many people's steps over months.
"""
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from typing import NamedTuple

from flask import current_app
from sqlalchemy import select

from models import (
    Activity, ActivitySignup, Assignment, Availability, Community, Feedback, Grid, HelpRequest, HoursEntry, Need,
    Organisation, OrganisationMember, PointsTransfer, Project, Reward, Role, ServiceRecord, Skill,
    SocialWorkerProfile, StarAward, Training, TrainingAttendance, User, UserRole, VolunteerProfile, db,
)
from models.activities import ActivityStatus, SignupMode, SignupStatus
from models.organisations import MemberRole, MemberStatus, OrganisationKind, OrganisationStatus
from models.assignments import AssignmentSource, AssignmentStatus
from models.needs import NeedStatus, RequestStatus, Urgency
from models.people import LicenceLevel, VolunteerStatus
from models.places import CommunityKind
from models.records import RecordStatus
from volunteer import clock
from volunteer.accounts.services import hash_password
from volunteer.assignments.services import service_hours
from volunteer.geo import Point, distance_m
from volunteer.hours import rules
from volunteer.hours.services import configured_ladder, issuer_account, user_account
from volunteer.dashboards.boards import refresh_boards
from volunteer.organisations.rules import check_character
from volunteer.people.services import ensure_skills

PASSWORD = "demo1234"
SEED = 2026

# ---------------------------------------------------------------------------- places

class CommunityPlan(NamedTuple):
    code: str  # grid codes grow from it: JS-HHL-01
    name: str
    kind: CommunityKind
    street: str  # 街道 or 乡镇
    district: str
    centre: tuple[float, float]  # WGS-84
    grid_households: tuple[int, ...]
    people_per_household: float


# Two urban communities of 丰产路街道 (Jinshui district) and a village of the township just
# north of the city, so the dashboards show both the urban and the rural targets.
COMMUNITIES = (
    CommunityPlan("JS-HHL", "黄河路社区", CommunityKind.urban, "丰产路街道", "金水区",
                  (34.7788, 113.6782), (412, 386, 455, 337, 468), 2.72),
    CommunityPlan("JS-JSL", "经三路社区", CommunityKind.urban, "丰产路街道", "金水区",
                  (34.7876, 113.6846), (396, 441, 358, 487, 420), 2.81),
    CommunityPlan("HJ-BBC", "八堡村", CommunityKind.rural, "花园口镇", "惠济区",
                  (34.9012, 113.7194), (326, 372, 305), 2.95),
)

# Grid centres as (north, east) metres from the community centre: neighbours, < 1 km apart.
GRID_LAYOUTS = {
    5: ((250, -400), (250, 0), (250, 400), (-250, -200), (-250, 200)),
    3: ((0, -450), (300, 0), (0, 450)),
}
NUMERALS = "〇一二三四五六七八九十"

# -------------------------------------------------------------------------- people

ADMIN = ("13803710000", "孟庆华")


class SocialWorkerPlan(NamedTuple):
    phone: str
    name: str
    level: LicenceLevel
    licence_number: str
    organisation: str
    community: str  # one social worker per community (一社区一社工)
    specialties: tuple[str, ...]


SOCIAL_WORKERS = (
    SocialWorkerPlan("13803710001", "刘佳琪", LicenceLevel.intermediate, "4101052016000347",
                     "金水区阳光社会工作服务中心", "JS-HHL",
                     ("psychological_counselling", "community_corrections", "mediation")),
    SocialWorkerPlan("13803710002", "赵梦瑶", LicenceLevel.assistant, "4101052021001126",
                     "金水区阳光社会工作服务中心", "JS-JSL",
                     ("relationship_counselling", "child_psychological", "mediation")),
    SocialWorkerPlan("13803710003", "宋志刚", LicenceLevel.senior, "4100002012000058",
                     "花园口镇社会工作服务站", "HJ-BBC",
                     ("crisis_intervention", "child_psychological", "psychological_counselling",
                      "community_corrections")),
)

# One grid manager per grid, in the order the grids are made.
GRID_MANAGERS = ("李红梅", "王建军", "陈丽娟", "张海燕", "杨志强", "周晓燕", "吴国栋",
                 "徐亚楠", "孙丽华", "马振宇", "郭长青", "何桂香", "高保国")


def manager_phone(n: int) -> str:
    return f"1390371{n:04d}"


VOLUNTEER = ("13603710001", "张晓雯", "JS-HHL-01", ("shopping_errands", "digital_help", "medical_escort"))
RESIDENT = ("15503710001", "王秀兰", "JS-HHL-01", "黄河路社区3号院2号楼1单元401")

LOGINS: list[tuple[str, str, str]] = [
    ("街道管理员", *ADMIN),
    ("社工", SOCIAL_WORKERS[0].phone, SOCIAL_WORKERS[0].name),
    ("网格员", manager_phone(1), GRID_MANAGERS[0]),
    ("网格员(村)", manager_phone(11), GRID_MANAGERS[10]),
    ("志愿者", VOLUNTEER[0], VOLUNTEER[1]),
    ("居民", RESIDENT[0], RESIDENT[1]),
]

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁宋谢韩唐冯于董萧程曹袁邓许傅沈曾彭"
            "吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛"
            "邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
GIVEN_NAMES = (
    "伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "勇", "军", "杰", "涛", "超", "明",
    "霞", "平", "刚", "辉", "鹏", "浩然", "子涵", "欣怡", "梓萱", "宇轩", "思远", "佳怡",
    "雨桐", "俊杰", "晓东", "文博", "志强", "建华", "海燕", "丽娟", "婷婷", "晓燕", "亚楠",
    "振宇", "一鸣", "家豪", "雅琪", "梦瑶", "晨曦", "博文", "瑞雪", "书豪", "嘉怡", "明轩",
    "凯", "帆", "琳", "璐", "颖", "倩", "丹", "晶", "亮", "斌", "红霞", "春燕", "国强",
)
ELDERLY_GIVEN_NAMES = (
    "秀兰", "桂英", "淑珍", "玉兰", "凤英", "秀英", "桂兰", "素珍", "玉珍", "翠花", "金凤",
    "德福", "长顺", "振华", "建国", "国庆", "春生", "守义", "保国", "根生", "福林", "玉堂",
    "德胜", "桂芝", "淑英", "秀芳", "老栓", "满仓",
)
VOLUNTEER_PREFIXES = ("130", "131", "132", "135", "136", "137", "150", "151", "152", "157",
                      "158", "159", "182", "186", "187", "188", "189")
RESIDENT_PREFIXES = ("133", "153", "155", "156", "177", "180", "181")
RESIDENTS_PER_GRID = 4
# Common surnames drawn more often than rare ones, as on any street.
SURNAME_POOL = SURNAMES[:40] * 3 + SURNAMES
MIN_VOLUNTEERS = 200


class Weekly(NamedTuple):
    weekdays: tuple[int, ...]  # 0 = Monday
    start: int  # minutes since local midnight
    end: int


WEEKLY_PATTERNS = (
    Weekly((0, 1, 2, 3, 4), 18 * 60, 21 * 60),  # after work
    Weekly((5, 6), 8 * 60, 12 * 60),  # weekend mornings
    Weekly((5, 6), 14 * 60, 18 * 60),  # weekend afternoons
    Weekly((0, 1, 2, 3, 4), 8 * 60, 11 * 60 + 30),  # retired: weekday mornings
    Weekly((0, 1, 2, 3, 4), 14 * 60, 17 * 60 + 30),  # retired: weekday afternoons
)
OFFICE_HOURS = Weekly((0, 1, 2, 3, 4), 8 * 60 + 30, 17 * 60 + 30)
ALL_DAYS, WORKING_DAYS, SATURDAY = (0, 1, 2, 3, 4, 5, 6), OFFICE_HOURS.weekdays, (5,)
SERVICE_RADII = (1000, 1500, 2000, 3000, 3000, 5000)

# --------------------------------------------------------------------------- needs


class NeedPlan(NamedTuple):
    grid: str
    title: str
    skills: tuple[str, ...]
    slots: int
    day: int  # at least this many days from today
    start: time  # local (Asia/Shanghai)
    end: time
    request: str | None  # the resident's words, when the need grew from a help request
    place: str | None  # where, when not at the resident's home
    urgency: Urgency = Urgency.normal
    weekdays: tuple[int, ...] = ALL_DAYS  # the days it may fall on (0 = Monday)


OPEN_NEEDS = (
    NeedPlan("JS-HHL-01", "为独居老人代购生活用品", ("shopping_errands",), 1, 1, time(9, 30),
             time(11), "王奶奶独居，腿脚不便，想请人帮忙买米、面、青菜和降压药。", None),
    NeedPlan("JS-HHL-03", "陪同高龄老人到医院复诊", ("medical_escort",), 1, 2, time(8),
             time(11, 30), "老人87岁，要到河南省人民医院心内科复诊，子女在外地，需要有人陪同挂号、取药。",
             None, Urgency.urgent),
    NeedPlan("HJ-BBC-02", "留守儿童周末学业辅导", ("child_study",), 3, 1, time(9),
             time(11, 30), None, "八堡村党群服务中心二楼儿童之家", weekdays=SATURDAY),
    NeedPlan("JS-JSL-02", "老年人智能手机使用教学", ("digital_help",), 2, 3, time(15), time(17),
             None, "经三路社区党群服务中心一楼多功能厅"),
    NeedPlan("JS-JSL-04", "独居老人家中小家电检修", ("home_repair",), 1, 2, time(14, 30),
             time(16, 30), "家里电饭锅和热水器不好用了，想请懂电器的志愿者上门看看。", None),
    NeedPlan("HJ-BBC-01", "空巢老人上门陪伴聊天", ("emotional_comfort", "intergenerational_contact"),
             2, 4, time(15), time(17), None, None, weekdays=WORKING_DAYS),  # the village's retirees
    NeedPlan("JS-HHL-02", "社区矫正对象心理疏导面谈", ("psychological_counselling", "community_corrections"),
             1, 3, time(10), time(11, 30), None, "黄河路社区党群服务中心二楼社工室",
             weekdays=WORKING_DAYS),  # social workers keep office hours
)


class LongProject(NamedTuple):
    grid: str
    title: str
    skills: tuple[str, ...]
    days_ago: int  # its first day
    days: int  # consecutive days of service
    hours_a_day: int
    content: str


# Long projects are where the starred volunteers earned most of their hours.
LONG_PROJECTS = (
    LongProject("HJ-BBC-01", "留守儿童假期托管班", ("child_study", "child_safety"), 160, 10, 4,
                "上午辅导作业，下午开展安全教育和文体活动。"),
    LongProject("JS-HHL-02", "社区助老食堂午间送餐", ("meal_delivery",), 120, 20, 2,
                "每天为辖区高龄、独居老人送午餐并询问身体情况。"),
    LongProject("JS-JSL-03", "汛期独居老人巡访与值守", ("elder_daily_care", "emotional_comfort"), 75, 12, 3,
                "每日巡访独居老人，检查门窗水电，夜间在社区值守点值班。"),
    LongProject("JS-HHL-04", "老旧小区适老化改造入户协助", ("home_repair",), 40, 8, 4,
                "入户登记改造需求，协助安装扶手、防滑垫和感应夜灯。"),
)


class PastTask(NamedTuple):
    title: str
    skill: str
    kinds: tuple[CommunityKind, ...]
    at_home: bool  # for one resident at home, or an activity at the community centre
    content: str  # what the volunteer wrote at check-out


URBAN, RURAL = (CommunityKind.urban,), (CommunityKind.rural,)
BOTH = (CommunityKind.urban, CommunityKind.rural)
PAST_TASKS = (
    PastTask("为独居老人代购生活用品", "shopping_errands", BOTH, True,
             "代购大米、挂面、鸡蛋和青菜，已送到老人家中并核对小票。"),
    PastTask("陪同老人到社区卫生服务中心复诊", "medical_escort", BOTH, True,
             "陪同挂号、候诊、取药，已送老人回家。"),
    PastTask("为高龄老人上门测量血压血糖", "health_checks", BOTH, True,
             "血压135/85，血糖正常，已提醒老人按时服药。"),
    PastTask("教老人用智能手机挂号和视频通话", "digital_help", URBAN, True,
             "教会老人用微信视频通话和在手机上预约挂号。"),
    PastTask("为行动不便老人打扫卫生", "cleaning", BOTH, True, "打扫厨房和卫生间，清理阳台杂物。"),
    PastTask("为独居老人送午餐", "meal_delivery", URBAN, True, "从社区助老食堂取餐送到老人家中。"),
    PastTask("上门检修老人家中电器", "home_repair", BOTH, True, "更换厨房灯管，检查热水器和插座。"),
    PastTask("留守儿童作业辅导", "child_study", RURAL, True, "辅导数学和语文作业，检查课文背诵。"),
    PastTask("空巢老人上门陪伴聊天", "emotional_comfort", BOTH, True, "陪老人聊天、读报，老人情绪不错。"),
    PastTask("防范电信诈骗宣传进楼院", "legal_education", URBAN, False,
             "在楼院发放防范电信诈骗宣传资料，现场讲解常见骗局。"),
    PastTask("社区老年合唱队排练", "culture_recreation", URBAN, False, "协助组织排练，布置场地，维持秩序。"),
    PastTask("儿童防溺水安全教育课堂", "child_safety", RURAL, False, "为村里孩子讲解防溺水知识，发放安全手册。"),
)
PAST_NEEDS = 30
PENDING_DAYS_AGO = (2, 1, 1)  # the newest records still wait for confirmation
STAR_VOLUNTEERS = 5
FEEDBACK = ((5, "志愿者很耐心，非常感谢！"), (5, "服务很周到，老人很满意。"), (5, ""),
            (4, "很准时，办事利索。"), (4, ""), (3, "来得有点晚，其他都好。"))


@dataclass
class Demo:
    """What the seeding steps share: the generator, the one password hash, rows made so far."""

    rng: random.Random
    password_hash: str
    now: datetime
    skills: dict[str, Skill]
    names: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    communities: dict[str, Community] = field(default_factory=dict)
    grids: dict[str, Grid] = field(default_factory=dict)
    social_workers: dict[int, User] = field(default_factory=dict)  # community id -> its worker
    managers: dict[int, User] = field(default_factory=dict)  # grid id -> its manager
    volunteers: list[VolunteerProfile] = field(default_factory=list)
    residents: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    homes: dict[User, tuple[str, float, float]] = field(default_factory=dict)  # address, lat, lng
    confirmed: list[tuple[datetime, int, Decimal]] = field(default_factory=list)
    organisations: dict[OrganisationKind, Organisation] = field(default_factory=dict)
    team_members: set[int] = field(default_factory=set)  # user ids of the team, leader included


class DatabaseInUse(Exception):
    """The database holds people who are not the demo's: it is not for demo logins."""


def seed(volunteers: int = 240) -> bool:
    """Make the demo street and commit; False (and nothing done) when it is there already."""
    if volunteers < MIN_VOLUNTEERS:
        raise ValueError(f"the demo needs at least {MIN_VOLUNTEERS} volunteers")
    if db.session.scalar(select(User.id).where(User.phone == ADMIN[0])) is not None:
        return False
    if db.session.scalar(select(User.id).limit(1)) is not None:
        raise DatabaseInUse()
    ensure_skills()
    demo = Demo(rng=random.Random(SEED), password_hash=hash_password(PASSWORD), now=clock.now(),
                skills={s.code: s for s in db.session.scalars(select(Skill).order_by(Skill.code))})
    seed_places(demo)
    seed_staff(demo)
    seed_volunteers(demo, volunteers)
    seed_residents(demo)
    seed_organisations(demo)
    seed_needs(demo)
    seed_history(demo)
    seed_rewards(demo)
    seed_trainings(demo)
    seed_activity(demo)
    seed_project(demo)
    db.session.commit()
    refresh_boards(demo.now)  # the public boards show the demo at once, before the scheduler's first run
    return True


# -------------------------------------------------------------------------- places

def seed_places(demo: Demo) -> None:
    """Communities and their grids, with households counted as the street reports them."""
    for plan in COMMUNITIES:
        households = sum(plan.grid_households)
        community = Community(name=plan.name, kind=plan.kind, households=households,
                              residents=round(households * plan.people_per_household),
                              street=plan.street, district=plan.district, city="郑州市")
        demo.communities[plan.code] = community
        layout = GRID_LAYOUTS[len(plan.grid_households)]
        for n, (count, (north, east)) in enumerate(zip(plan.grid_households, layout), start=1):
            lat, lng = shifted(*plan.centre, north, east)
            grid = Grid(code=f"{plan.code}-{n:02d}", name=f"第{NUMERALS[n]}网格", community=community,
                        households=count, centre_lat=lat, centre_lng=lng)
            demo.grids[grid.code] = grid
        db.session.add(community)
    db.session.flush()


def shifted(lat: float, lng: float, north_m: float, east_m: float) -> tuple[float, float]:
    """The point `north_m` and `east_m` metres away (flat earth: fine within a few km)."""
    return (round(lat + north_m / 111_320, 6),
            round(lng + east_m / (111_320 * math.cos(math.radians(lat))), 6))


def scattered(rng: random.Random, lat: float, lng: float, radius_m: float) -> tuple[float, float]:
    """A point uniformly inside the circle: homes spread over the grid, not heaped at its centre."""
    distance, bearing = radius_m * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    return shifted(lat, lng, distance * math.cos(bearing), distance * math.sin(bearing))


# -------------------------------------------------------------------------- people

def add_user(demo: Demo, phone: str, name: str, roles: list[UserRole], days_ago: int = 400) -> User:
    demo.phones.add(phone)
    demo.names.add(name)
    created = demo.now - timedelta(days=days_ago, minutes=demo.rng.randint(0, 600))
    user = User(phone=phone, name=name, password_hash=demo.password_hash, roles=roles, created_at=created,
                privacy_version=current_app.config["PRIVACY_NOTICE_VERSION"], privacy_accepted_at=created)
    db.session.add(user)
    return user


def new_phone(demo: Demo, prefixes: tuple[str, ...]) -> str:
    while True:
        phone = demo.rng.choice(prefixes) + f"{demo.rng.randrange(10 ** 8):08d}"
        if phone not in demo.phones:
            return phone


def new_name(demo: Demo, given_names: tuple[str, ...] = GIVEN_NAMES) -> str:
    """A Chinese name nobody else in the demo has, so the screens are easy to follow."""
    while True:
        name = demo.rng.choice(SURNAME_POOL) + demo.rng.choice(given_names)
        if name not in demo.names:
            return name


def seed_staff(demo: Demo) -> None:
    """Street staff, a manager for every grid and a social worker for every community."""
    demo.names.update(GRID_MANAGERS + (VOLUNTEER[1], RESIDENT[1]))
    demo.phones.update((VOLUNTEER[0], RESIDENT[0]))
    add_user(demo, *ADMIN, [UserRole(role=Role.admin)])
    for n, (grid, name) in enumerate(zip(demo.grids.values(), GRID_MANAGERS), start=1):
        demo.managers[grid.id] = add_user(
            demo, manager_phone(n), name, [UserRole(role=Role.grid_manager, grid_id=grid.id)])
    for plan in SOCIAL_WORKERS:
        add_social_worker(demo, plan)
    db.session.flush()
    for grid in demo.grids.values():
        grid.manager_id = demo.managers[grid.id].id


def add_social_worker(demo: Demo, plan: SocialWorkerPlan) -> None:
    """A licensed worker who also keeps a volunteer profile, to be matched to specialised needs."""
    community = demo.communities[plan.community]
    home = demo.grids[f"{plan.community}-01"]
    user = add_user(demo, plan.phone, plan.name, [
        UserRole(role=Role.social_worker, community_id=community.id),
        UserRole(role=Role.volunteer)])
    specialties = [demo.skills[code] for code in plan.specialties]
    db.session.add(SocialWorkerProfile(
        user=user, licence_level=plan.level, licence_number=plan.licence_number,
        organisation=plan.organisation, specialties=specialties, communities=[community]))
    lat, lng = scattered(demo.rng, home.centre_lat, home.centre_lng, 600)
    db.session.add(VolunteerProfile(
        user=user, home_grid_id=home.id, lat=lat, lng=lng, service_radius_m=5000,
        status=VolunteerStatus.verified, on_duty=True, star_level=0,
        applied_at=user.created_at, consented_at=user.created_at,
        skills=specialties + [demo.skills["community_care"]], availability=weekly_rows([OFFICE_HOURS])))
    demo.social_workers[community.id] = user


def weekly_rows(patterns) -> list[Availability]:
    return [Availability(weekday=day, start_minute=p.start, end_minute=p.end)
            for p in patterns for day in p.weekdays]


def seed_volunteers(demo: Demo, count: int) -> None:
    """Volunteers spread over the grids, more in town than in the village."""
    grids = list(demo.grids.values())
    weights = [1.0 if g.community.kind == CommunityKind.urban else 0.7 for g in grids]
    phone, name, grid_code, skills = VOLUNTEER
    add_volunteer(demo, phone, name, demo.grids[grid_code], [demo.skills[s] for s in skills])
    demo.volunteers[0].status, demo.volunteers[0].on_duty = VolunteerStatus.verified, True
    demo.volunteers[0].applied_at = demo.volunteers[0].consented_at = demo.volunteers[0].user.created_at
    general = [s for s in demo.skills.values() if not s.needs_social_worker]
    for _ in range(count - 1):
        grid = demo.rng.choices(grids, weights)[0]
        skills = demo.rng.sample(general, demo.rng.choice((1, 2, 2, 3, 3, 4)))
        add_volunteer(demo, new_phone(demo, VOLUNTEER_PREFIXES), new_name(demo), grid, skills)
    db.session.flush()


def add_volunteer(demo: Demo, phone: str, name: str, grid: Grid, skills: list[Skill]) -> None:
    rng = demo.rng
    user = add_user(demo, phone, name, [UserRole(role=Role.volunteer),
                                        UserRole(role=Role.resident, grid_id=grid.id)],
                    days_ago=rng.randint(20, 700))
    lat, lng = scattered(rng, grid.centre_lat, grid.centre_lng, 600)
    patterns = rng.sample(WEEKLY_PATTERNS, rng.choice((1, 1, 2)))
    profile = VolunteerProfile(
        user=user, home_grid_id=grid.id, lat=lat, lng=lng, service_radius_m=rng.choice(SERVICE_RADII),
        status=VolunteerStatus.pending if rng.random() < 0.05 else VolunteerStatus.verified,
        on_duty=rng.random() < 0.85, star_level=0, skills=skills, availability=weekly_rows(patterns))
    # Those waiting applied within the last few days (without drawing on the generator, so
    # the rest of the demo stays as it was); the others when they joined.
    waiting = profile.status == VolunteerStatus.pending
    profile.applied_at = demo.now - timedelta(hours=3 + len(demo.volunteers) % 100) if waiting else user.created_at
    profile.consented_at = profile.applied_at
    db.session.add(profile)
    demo.volunteers.append(profile)


def seed_residents(demo: Demo) -> None:
    """A few residents per grid, many of them elderly: those the needs are for."""
    grid = demo.grids[RESIDENT[2]]
    add_resident(demo, grid, RESIDENT[0], RESIDENT[1], RESIDENT[3])
    for grid in demo.grids.values():
        while len(demo.residents[grid.id]) < RESIDENTS_PER_GRID:
            elderly = demo.rng.random() < 0.6
            name = new_name(demo, ELDERLY_GIVEN_NAMES if elderly else GIVEN_NAMES)
            add_resident(demo, grid, new_phone(demo, RESIDENT_PREFIXES), name, home_address(demo, grid))
    db.session.flush()


def add_resident(demo: Demo, grid: Grid, phone: str, name: str, address: str) -> None:
    user = add_user(demo, phone, name, [UserRole(role=Role.resident, grid_id=grid.id)],
                    days_ago=demo.rng.randint(30, 500))
    demo.residents[grid.id].append(user)
    demo.homes[user] = (address, *scattered(demo.rng, grid.centre_lat, grid.centre_lng, 300))


def home_address(demo: Demo, grid: Grid) -> str:
    """An exact address as residents give it: courtyard, building, unit, flat; or village group."""
    rng, community = demo.rng, grid.community
    if community.kind == CommunityKind.rural:
        return f"{community.name}{NUMERALS[int(grid.code[-2:])]}组{rng.randint(1, 80)}号"
    return (f"{community.name}{rng.randint(1, 12)}号院{rng.randint(1, 8)}号楼"
            f"{rng.randint(1, 3)}单元{rng.randint(1, 7)}0{rng.randint(1, 4)}")


# --------------------------------------------------------------------------- needs

def local_at(demo: Demo, days: int, at: time) -> datetime:
    """`days` from today at `at` in Asia/Shanghai, as aware UTC."""
    day = clock.local(demo.now).date() + timedelta(days=days)
    return datetime.combine(day, at, tzinfo=clock.LOCAL).astimezone(timezone.utc)


def days_ahead(demo: Demo, plan: NeedPlan) -> int:
    """The first day at least `plan.day` days from today that falls on one of its weekdays."""
    today = clock.local(demo.now).weekday()
    return next(d for d in range(plan.day, plan.day + 7) if (today + d) % 7 in plan.weekdays)


def seed_needs(demo: Demo) -> None:
    """Open needs of the coming days, some grown from residents' requests, one partly taken."""
    needs = []
    for plan in OPEN_NEEDS:
        grid = demo.grids[plan.grid]
        day = days_ahead(demo, plan)
        # The request's author heads the grid's list; the others are at the list's end.
        resident = None if plan.place else demo.residents[grid.id][0 if plan.request else -1]
        need = add_need(demo, grid, plan.title, plan.skills, local_at(demo, day, plan.start),
                        local_at(demo, day, plan.end), resident, plan.place, plan.request, plan.urgency)
        need.slots = plan.slots
        needs.append(need)
    db.session.flush()
    take_slot(demo, needs[2])
    seed_waiting_requests(demo)


WAITING_REQUESTS = (  # grid, skill, the resident's words: what staff find in their queue
    ("JS-HHL-02", "home_repair", "卫生间水龙头一直滴水，自己拧不紧，想请人帮忙看看。"),
    ("JS-HHL-04", "digital_help", "孩子给买了智能手机，不会用微信视频，想请人教一教。"),
    ("JS-JSL-01", "meal_delivery", "老伴住院了，我腿不好，这几天中午想请人帮忙送一下饭。"),
)


def seed_waiting_requests(demo: Demo) -> None:
    """Requests residents sent today that no one has handled yet."""
    for code, skill, words in WAITING_REQUESTS:
        grid = demo.grids[code]
        resident = demo.residents[grid.id][1]
        address, lat, lng = demo.homes[resident]
        db.session.add(HelpRequest(
            resident_id=resident.id, submitted_by_id=resident.id, grid_id=grid.id,
            skill=demo.skills[skill], description=words, address=address, lat=lat, lng=lng,
            contact_phone=resident.phone, urgency=Urgency.normal, status=RequestStatus.submitted,
            created_at=demo.now - timedelta(hours=demo.rng.randint(1, 6))))


def add_need(demo: Demo, grid: Grid, title: str, skills, starts_at: datetime, ends_at: datetime,
             resident: User | None, place: str | None = None, request_words: str | None = None,
             urgency: Urgency = Urgency.normal) -> Need:
    """A need at the resident's home (from their request, when words are given) or at `place`."""
    address, lat, lng = demo.homes[resident] if resident else (place, grid.centre_lat, grid.centre_lng)
    manager = demo.managers[grid.id]
    skill_rows = [demo.skills[code] for code in skills]
    created = min(starts_at - timedelta(days=2), demo.now - timedelta(hours=5))
    need = Need(
        grid_id=grid.id, created_by_id=manager.id, resident_id=resident.id if resident else None,
        social_worker_id=demo.social_workers[grid.community_id].id, title=title,
        description="",
        needs_social_worker=any(s.needs_social_worker for s in skill_rows),
        slots=1, taken=0, address=address, public_place=f"{grid.community.name}·{grid.name}附近",
        contact_phone=resident.phone if resident else manager.phone, lat=lat, lng=lng,
        radius_m=current_app.config["DEFAULT_NEED_RADIUS_M"],
        checkin_radius_m=current_app.config["CHECKIN_RADIUS_M"], starts_at=starts_at,
        ends_at=ends_at, urgency=urgency, status=NeedStatus.open, created_at=created, skills=skill_rows)
    if request_words:
        need.request = help_request(demo, grid, resident, skill_rows[0], request_words, urgency, created)
    db.session.add(need)
    return need


def help_request(demo: Demo, grid: Grid, resident: User, skill: Skill, words: str, urgency: Urgency,
                 accepted_at: datetime) -> HelpRequest:
    """An accepted request; the grid manager often typed it in for an elderly resident."""
    address, lat, lng = demo.homes[resident]
    by = demo.managers[grid.id] if demo.rng.random() < 0.6 else resident
    return HelpRequest(
        resident_id=resident.id, submitted_by_id=by.id, grid_id=grid.id, skill=skill,
        description=words, address=address, lat=lat, lng=lng, contact_phone=resident.phone,
        urgency=urgency, status=RequestStatus.accepted,
        created_at=accepted_at - timedelta(hours=demo.rng.randint(2, 30)))


def take_slot(demo: Demo, need: Need) -> None:
    """A volunteer of the grid's community has signed up, so the need shows a slot taken."""
    grid = db.session.get(Grid, need.grid_id)
    code = need.skills[0].code
    nearby = [p for p in candidates(demo, grid) if code in {s.code for s in p.skills}]
    volunteer = (nearby or candidates(demo, grid))[0]
    db.session.add(Assignment(
        need=need, user_id=volunteer.user_id, role="volunteer", source=AssignmentSource.signup,
        status=AssignmentStatus.accepted, distance_m=metres(volunteer, need),
        created_at=demo.now - timedelta(hours=3)))
    need.taken = 1


def candidates(demo: Demo, grid: Grid) -> list[VolunteerProfile]:
    """Verified volunteers living in the grid's community."""
    grids = {g.id for g in grid.community.grids}
    return [p for p in demo.volunteers
            if p.status == VolunteerStatus.verified and p.home_grid_id in grids]


def metres(profile: VolunteerProfile, need: Need) -> float:
    return round(distance_m(Point(profile.lat, profile.lng), Point(need.lat, need.lng)), 1)


# ------------------------------------------------------------------------- history

def seed_history(demo: Demo) -> None:
    """Months of finished service: long projects, everyday tasks, stars for those past 100 h."""
    stars = [demo.volunteers[0]] + demo.rng.sample(
        [p for p in demo.volunteers[1:] if p.status == VolunteerStatus.verified], STAR_VOLUNTEERS - 1)
    joined = {id(p): demo.rng.sample(range(len(LONG_PROJECTS)), demo.rng.choice((3, 4))) for p in stars}
    for n, project in enumerate(LONG_PROJECTS):
        team = [p for p in stars if n in joined[id(p)]] + extra_hands(demo, stars)
        add_long_project(demo, project, team)
    days = sorted(demo.rng.sample(range(3, 150), PAST_NEEDS - len(PENDING_DAYS_AGO)), reverse=True)
    for days_ago in days + list(PENDING_DAYS_AGO):
        add_past_need(demo, demo.rng.choice(PAST_TASKS), days_ago)
    award_stars(demo)


def extra_hands(demo: Demo, stars: list[VolunteerProfile]) -> list[VolunteerProfile]:
    others = [p for p in demo.volunteers if p.status == VolunteerStatus.verified and p not in stars]
    return demo.rng.sample(others, demo.rng.randint(2, 4))


def add_long_project(demo: Demo, project: LongProject, team: list[VolunteerProfile]) -> None:
    """A project of many days: one record per volunteer for the hours of all its days."""
    grid = demo.grids[project.grid]
    started = local_at(demo, -project.days_ago, time(8, 30))
    ended = local_at(demo, project.days - 1 - project.days_ago, time(8 + project.hours_a_day, 30))
    need = add_need(demo, grid, project.title, project.skills, started, ended, None,
                    f"{grid.community.name}党群服务中心")
    hours = Decimal(project.days * project.hours_a_day)
    serve(demo, need, team, started, ended, hours, project.content, confirmed=True)


def add_past_need(demo: Demo, task: PastTask, days_ago: int) -> None:
    """An everyday task done `days_ago` days ago; the newest wait for confirmation."""
    rng = demo.rng
    grid = rng.choice([g for g in demo.grids.values() if g.community.kind in task.kinds])
    starts = local_at(demo, -days_ago, time(rng.choice((9, 10, 14, 15)), rng.choice((0, 30))))
    ends = starts + timedelta(minutes=rng.choice((90, 120, 150, 180)))
    resident = rng.choice(demo.residents[grid.id]) if task.at_home else None
    place = None if task.at_home else f"{grid.community.name}党群服务中心"
    words = f"家里需要帮忙：{task.title}，请社区安排志愿者。" if resident and rng.random() < 0.5 else None
    need = add_need(demo, grid, task.title, (task.skill,), starts, ends, resident, place, words)
    team = pick_team(demo, grid, task.skill, rng.choice((1, 1, 2)) if task.at_home else rng.randint(2, 3))
    checked_in = starts + timedelta(minutes=rng.randint(0, 9))
    checked_out = ends - timedelta(minutes=rng.randint(0, 9))
    serve(demo, need, team, checked_in, checked_out, service_hours(checked_in, checked_out),
          task.content, confirmed=days_ago not in PENDING_DAYS_AGO)


def pick_team(demo: Demo, grid: Grid, skill: str, size: int) -> list[VolunteerProfile]:
    """Volunteers of the community with the skill first, neighbours without it if too few."""
    nearby = candidates(demo, grid)
    skilled = [p for p in nearby if skill in {s.code for s in p.skills}]
    team = demo.rng.sample(skilled, min(size, len(skilled)))
    rest = [p for p in nearby if p not in team]
    return team + demo.rng.sample(rest, min(size - len(team), len(rest)))


def serve(demo: Demo, need: Need, team: list[VolunteerProfile], started: datetime, ended: datetime,
          hours: Decimal, content: str, confirmed: bool) -> None:
    """The team checked in and out: assignments completed, records written, maybe confirmed."""
    need.slots = need.taken = len(team)
    need.status = NeedStatus.completed
    assignments = [completed_assignment(demo, need, p, started, ended) for p in team]
    db.session.add_all(assignments)
    db.session.flush()
    records = [ServiceRecord(
        assignment_id=a.id, need_id=need.id, volunteer_id=a.user_id, started_at=started,
        ended_at=ended, hours=hours, content=content, place=need.public_place,
        status=RecordStatus.pending, created_at=ended, team_id=a.team_id) for a in assignments]
    db.session.add_all(records)
    db.session.flush()
    if confirmed:
        confirm_all(demo, need, records)
    if need.resident_id is not None:
        rate(demo, need, ended)


def completed_assignment(demo: Demo, need: Need, profile: VolunteerProfile, started: datetime,
                         ended: datetime) -> Assignment:
    """Checked in and out a few steps from the need's place, as phones report it."""
    source = demo.rng.choice([s for s in AssignmentSource if s != AssignmentSource.team])
    checkin, checkout = (scattered(demo.rng, need.lat, need.lng, 60) for _ in range(2))
    team_id = team_of(demo, need, profile.user_id)
    return Assignment(
        need=need, user_id=profile.user_id, role="volunteer", source=AssignmentSource.team if team_id else source,
        team_id=team_id,
        status=AssignmentStatus.completed,
        assigned_by_id=need.social_worker_id if source == AssignmentSource.assigned else None,
        distance_m=metres(profile, need), created_at=need.created_at,
        checkin_at=started, checkin_lat=checkin[0], checkin_lng=checkin[1],
        checkout_at=ended, checkout_lat=checkout[0], checkout_lng=checkout[1])


def confirm_all(demo: Demo, need: Need, records: list[ServiceRecord]) -> None:
    """Confirmed as the hours service does it: an hours entry and the points, once per record."""
    confirmer = need.resident_id if need.resident_id and demo.rng.random() < 0.4 else need.social_worker_id
    at = min(records[0].ended_at + timedelta(hours=demo.rng.randint(2, 30)), demo.now)
    community_id = db.session.get(Grid, need.grid_id).community_id
    per_hour = current_app.config["POINTS_PER_HOUR"]
    for record in records:
        record.status, record.confirmed_by_id, record.confirmed_at = RecordStatus.verified, confirmer, at
        db.session.add(HoursEntry(volunteer_id=record.volunteer_id, record_id=record.id,
                                  hours=record.hours, created_at=at))
        db.session.add(PointsTransfer(
            from_account=issuer_account(community_id), to_account=user_account(record.volunteer_id),
            amount=rules.points_for(record.hours, per_hour), kind="service", record_id=record.id,
            memo=need.title, created_at=at))
        demo.confirmed.append((at, record.volunteer_id, record.hours))


def rate(demo: Demo, need: Need, ended: datetime) -> None:
    score, comment = demo.rng.choice(FEEDBACK)
    db.session.add(Feedback(need_id=need.id, resident_id=need.resident_id, score=score, comment=comment,
                            created_at=min(ended + timedelta(hours=demo.rng.randint(1, 20)), demo.now)))


def award_stars(demo: Demo) -> None:
    """Walk confirmations in time order; a star is awarded when the running total crosses it."""
    ladder = configured_ladder()
    profiles = {p.user_id: p for p in demo.volunteers}
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for at, user_id, hours in sorted(demo.confirmed, key=lambda c: c[0]):
        before = rules.star_level(totals[user_id], ladder)
        totals[user_id] += hours
        after = rules.star_level(totals[user_id], ladder)
        for level in range(before + 1, after + 1):
            db.session.add(StarAward(volunteer_id=user_id, level=level, hours_at_award=totals[user_id],
                                     awarded_at=at))
        profiles[user_id].star_level = after


# ------------------------------------------------------------------ time bank, training

REWARDS = (  # name, points, stock: what communities in Zhengzhou commonly offer
    ("爱心超市：食用油一桶（5L）", 80, 20),
    ("爱心超市：大米一袋（10斤）", 60, 30),
    ("理发券（社区便民理发点）", 30, 50),
    ("家电免费清洗一次", 120, 10),
)
TRAININGS = (  # title, days from today, hours, how many attended (past ones)
    ("志愿服务通识与安全培训", -20, Decimal("2.0"), 18),
    ("老年人照护基础与急救常识", -6, Decimal("3.0"), 12),
    ("入户探访沟通技巧", 5, Decimal("2.0"), 0),
)


def seed_rewards(demo: Demo) -> None:
    """A rewards catalogue in every community, so points have somewhere to go."""
    for community in demo.communities.values():
        worker = demo.social_workers[community.id]
        for name, points, stock in REWARDS:
            db.session.add(Reward(community_id=community.id, name=name, points_cost=points, stock=stock,
                                  description="凭积分在社区党群服务中心兑换", created_by_id=worker.id,
                                  created_at=demo.now - timedelta(days=60)))


def seed_trainings(demo: Demo) -> None:
    """Past trainings with attendance (they show in volunteers' records) and one to come."""
    for community in demo.communities.values():
        worker = demo.social_workers[community.id]
        members = [p for p in demo.volunteers if p.home_grid_id in {g.id for g in community.grids}
                   and p.status == VolunteerStatus.verified]
        for title, days, hours, attended in TRAININGS:
            starts = local_at(demo, days, time(14, 30))
            training = Training(community_id=community.id, title=title, capacity=40,
                                place=f"{community.name}党群服务中心多功能厅", starts_at=starts,
                                ends_at=starts + timedelta(hours=float(hours)), attended=0,
                                created_by_id=worker.id, created_at=starts - timedelta(days=10))
            db.session.add(training)
            for profile in demo.rng.sample(members, min(attended, len(members))):
                training.attendances.append(TrainingAttendance(
                    volunteer_id=profile.user_id, hours=hours, marked_by_id=worker.id,
                    marked_at=training.ends_at))
                training.attended += 1


# ------------------------------------------------------ organisations, activities, projects

class OrganisationPlan(NamedTuple):
    name: str
    kind: OrganisationKind
    code17: str | None  # the unified social credit code without its check character
    contact: str
    phone: str
    communities: tuple[str, ...]


ORGANISATIONS = (
    OrganisationPlan("金水区阳光社会工作服务中心", OrganisationKind.social_organisation, "52410105MJY123456",
                     "刘佳琪", "037163810001", ("JS-HHL", "JS-JSL")),
    OrganisationPlan("黄河路社区志愿服务队", OrganisationKind.volunteer_team, None, "张晓雯", VOLUNTEER[0], ("JS-HHL",)),
    OrganisationPlan("金水区中心医院（驻社区单位）", OrganisationKind.resident_unit, "12410105MB1234560",
                     "周医生", "037163810099", ("JS-HHL",)),
)
TEAM_MEMBERS = 6
ACTIVITY = ("周末社区义诊志愿者招募", "协助医护人员为老人量血压、登记和引导排队。", ("是否有医护或急救经历？",))


def seed_organisations(demo: Demo) -> None:
    """Three organisations of the three-way partnership; the demo volunteer leads a team
    whose members' services in the community are served with it (see `serve`)."""
    orgs = demo.organisations
    for plan in ORGANISATIONS:
        org = Organisation(
            name=plan.name, kind=plan.kind, credit_code=plan.code17 + check_character(plan.code17) if plan.code17 else None,
            incubating=plan.kind == OrganisationKind.volunteer_team, contact_name=plan.contact, contact_phone=plan.phone,
            status=OrganisationStatus.verified, registered_by_id=demo.social_workers[demo.communities["JS-HHL"].id].id,
            verified_by_id=demo.social_workers[demo.communities["JS-HHL"].id].id,
            verified_at=demo.now - timedelta(days=200), created_at=demo.now - timedelta(days=210),
            communities=[demo.communities[c] for c in plan.communities])
        db.session.add(org)
        orgs[plan.kind] = org
    db.session.flush()
    seed_team(demo, orgs[OrganisationKind.volunteer_team])


def seed_team(demo: Demo, team: Organisation) -> None:
    """The demo volunteer leads it, with members of the community and one application waiting."""
    leader = next(p for p in demo.volunteers if p.user.phone == VOLUNTEER[0])
    grids = {g.id for g in demo.communities["JS-HHL"].grids}
    locals_ = sorted((p for p in demo.volunteers if p.home_grid_id in grids and p is not leader
                      and p.status == VolunteerStatus.verified), key=lambda p: p.user_id)
    members = locals_[:TEAM_MEMBERS]
    joined = demo.now - timedelta(days=300)
    db.session.add(OrganisationMember(organisation_id=team.id, user_id=leader.user_id, role=MemberRole.leader,
                                      status=MemberStatus.active, joined_at=joined, changed_at=joined, created_at=joined))
    for p in members:
        db.session.add(OrganisationMember(organisation_id=team.id, user_id=p.user_id, role=MemberRole.member,
                                          status=MemberStatus.active, invited_by_id=leader.user_id,
                                          joined_at=joined, changed_at=joined, created_at=joined))
    waiting = locals_[TEAM_MEMBERS]
    db.session.add(OrganisationMember(organisation_id=team.id, user_id=waiting.user_id, role=MemberRole.member,
                                      status=MemberStatus.applied, changed_at=demo.now - timedelta(hours=3),
                                      created_at=demo.now - timedelta(hours=3)))
    demo.team_members = {leader.user_id} | {p.user_id for p in members}


def team_of(demo: Demo, need: Need, user_id: int) -> int | None:
    """The team a demo service was served with: the team's, for its members in its community."""
    team = demo.organisations.get(OrganisationKind.volunteer_team)
    if team is None or user_id not in demo.team_members \
            or need.grid_id not in {g.id for c in team.communities for g in c.grids}:
        return None
    return team.id


def seed_activity(demo: Demo) -> None:
    """Next weekend's health check in the community square, two sessions, approved sign-up:
    two approved, one waiting."""
    grid = demo.grids["JS-HHL-01"]
    worker = demo.social_workers[grid.community_id]
    title, about, questions = ACTIVITY
    team = demo.organisations[OrganisationKind.volunteer_team]
    activity = Activity(slug="yizhen26", title=title, description=about, grid_id=grid.id, organisation_id=team.id,
                        mode=SignupMode.approval, questions=list(questions), status=ActivityStatus.published,
                        created_by_id=worker.id, created_at=demo.now - timedelta(days=2))
    db.session.add(activity)
    db.session.flush()
    today = clock.local(demo.now).weekday()
    saturday = next(d for d in range(2, 9) if (today + d) % 7 == 5)
    sessions = []
    for start, end in ((time(8, 30), time(11, 30)), (time(14, 30), time(17, 0))):
        need = add_need(demo, grid, title, ("elder_daily_care",),
                        local_at(demo, saturday, start), local_at(demo, saturday, end), None, f"{grid.community.name}文化广场")
        need.slots, need.activity_id, need.description = 8, activity.id, about
        sessions.append(need)
    db.session.flush()
    nearby = [p for p in candidates(demo, grid) if p.status == VolunteerStatus.verified][:3]
    for n, profile in enumerate(nearby):
        need = sessions[n % 2]
        signup = ActivitySignup(activity_id=activity.id, need_id=need.id, user_id=profile.user_id,
                                answers=["有，参加过红十字救护培训" if n == 0 else "没有"],
                                status=SignupStatus.applied, created_at=demo.now - timedelta(hours=20 - n))
        if n < 2:
            assignment = Assignment(need_id=need.id, user_id=profile.user_id, role="volunteer",
                                    source=AssignmentSource.signup, status=AssignmentStatus.accepted,
                                    assigned_by_id=worker.id, distance_m=metres(profile, need),
                                    created_at=demo.now - timedelta(hours=10))
            db.session.add(assignment)
            db.session.flush()
            need.taken += 1
            signup.status, signup.assignment_id, signup.decided_by_id = SignupStatus.approved, assignment.id, worker.id
            signup.decided_at = demo.now - timedelta(hours=10)
        db.session.add(signup)


def seed_project(demo: Demo) -> None:
    """The year's home-care project the district bought from the social work centre, with
    the community's past needs for residents under it."""
    community = demo.communities["JS-HHL"]
    today = clock.local(demo.now).date()
    org = demo.organisations[OrganisationKind.social_organisation]
    project = Project(name="居家养老上门服务项目", funder="金水区民政局", organisation_id=org.id,
                      starts_on=today - timedelta(days=180), ends_on=today + timedelta(days=185),
                      budget=Decimal("300000.00"), target_people=30, target_hours=Decimal("600"),
                      target_satisfaction=85, created_by_id=demo.social_workers[community.id].id,
                      created_at=demo.now - timedelta(days=180), communities=[community])
    db.session.add(project)
    db.session.flush()
    grids = [g.id for g in community.grids]
    for need in db.session.scalars(select(Need).where(Need.grid_id.in_(grids), Need.resident_id.is_not(None),
                                                      Need.status == NeedStatus.completed)):
        need.project_id = project.id
