"""What the screens show is what the API sends to the same person.

Each test reads the API as the person on the phone (the page's own fetch, with its
session) and asserts that the screen shows exactly that: the rewards and their
`points_cost`, the balance before and after a redemption, each person on a need's board
with their state, who is assigned, the training just created, the need made from a
request. A field renamed on either side fails here, in Chinese and in English.
"""
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from models import Assignment, Role, User, db
from models.assignments import AssignmentStatus
from models.needs import Urgency
from tests.conftest import CENTRE, TestConfig, World
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from tests.e2e.screen import check_screen
from volunteer import clock, create_app

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)

NORTH_M = 8000  # the town lies 8 km north of the other tests' grid, out of their volunteers' reach
TOWN_CENTRE = (CENTRE[0] + NORTH_M / 111_320, CENTRE[1])
TOWN_POSITION = {"lat": TOWN_CENTRE[0], "lng": TOWN_CENTRE[1], "crs": "wgs84"}
BALANCE = 200
REWARDS = (("爱心超市：大米一袋（10斤）", 50, 10), ("理发券（社区便民理发点）", 30, 5), ("家电免费清洗一次", 500, 2))
HELD = ("accepted", "checked_in", "completed")

# What the board calls each assignment state, as the person reads it.
STATE_TEXT = {
    "zh": {"offered": "待答复", "accepted": "已接单", "declined": "已拒绝", "expired": "已过期"},
    "en": {"offered": "Offered", "accepted": "Accepted", "declined": "Declined", "expired": "Expired"},
}
WORDS = {
    "zh": {"points": "{n} 积分", "balance": "积分余额：{n}", "redeem": "兑换", "confirm": "确认兑换",
           "after": "兑换后余额 {n} 积分", "short": "还差 {n} 积分", "stock": "剩 {n} 件", "cancel": "取消",
           "assigned": "已安排：", "full": "名额已满", "offer": "向最近的志愿者发出邀请", "assign": "指派",
           "none_near": "附近没有符合条件的志愿者", "candidates": "推荐人选", "capacity": "名额 {n} 人",
           "make_need": "转为需求", "publish": "发布需求", "urgency": "紧急程度", "note": "给志愿者的说明", "title": "需求标题", "more_skills": "更多技能",
           "urgent": "紧急", "normal": "普通", "save": "保存"},
    "en": {"points": "{n} points", "balance": "Balance: {n} points", "redeem": "Redeem", "confirm": "Confirm",
           "after": "your balance will be {n} points", "short": "you need {n} more", "stock": "{n} left",
           "cancel": "Cancel", "assigned": "Assigned: ", "full": "All places are filled",
           "offer": "Offer to the nearest volunteers", "assign": "Assign", "none_near": "No matching volunteer nearby",
           "candidates": "Candidates", "capacity": "Places: {n}", "make_need": "Make a need",
           "publish": "Publish need", "urgency": "Urgency", "note": "Note for volunteers", "title": "Title", "more_skills": "More skills", "urgent": "Urgent",
           "normal": "Normal", "save": "Save"},
}

API = """async (path) => {
  const r = await fetch('/api/v1' + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  return { status: r.status, body: await r.json() };
}"""

LINES = """(el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
}"""


def api(page, path: str):
    answer = page.evaluate(API, path)
    assert answer["status"] == 200, answer
    return answer["body"]


def in_language(page, lang: str) -> None:
    if lang == "en":
        page.locator("#lang-toggle").click()
        page.wait_for_function("document.documentElement.lang === 'en'")


def tomorrow_at(hour: int) -> datetime:
    """A local hour tomorrow, in UTC: never in the past, never across midnight."""
    day = clock.local(clock.now()).date() + timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=clock.LOCAL).astimezone(clock.now().tzinfo)


@pytest.fixture(scope="module")
def town(live):
    """A community of its own: a social worker, volunteers with points, rewards, needs
    with a board of offers in every state, needs to fill, and requests to shape."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    app = create_app(settings)
    world = World(app)
    world._phone = 13950000000  # beyond the phones of the shared seed and the other files
    community_id = world.community(name="金桥社区")
    grid_id = world.grid(community_id, code="JQ-01", centre=TOWN_CENTRE)
    worker = world.social_worker(community_id, grid_id, name="陈静")
    saver = world.volunteer(grid_id, offset_m=(NORTH_M + 50, 0), skills=("culture_recreation",), name="孙丽")
    walkers = [world.volunteer(grid_id, offset_m=(NORTH_M + 100 * (n + 1), 0), skills=("elder_daily_care",),
                               name=name) for n, name in enumerate(("郑浩", "冯雪", "蒋涛", "韩梅", "杨帆"))]
    cook = world.volunteer(grid_id, offset_m=(NORTH_M + 150, 0), skills=("meal_delivery",), name="朱琳")
    resident = world.user("钱桂兰", roles=[(Role.resident, grid_id, None)])
    with app.app_context():
        from volunteer.dispatch.services import accept_offer, decline_offer, make_offers
        from volunteer.dispatch.sweeps import expire_offers
        from volunteer.hours.services import issuer_account, user_account
        from volunteer.needs.services import create_need, submit_request
        from volunteer.rewards.catalogue import create_reward
        from volunteer.rewards.ledger import transfer

        def staff():
            return db.session.get(User, worker["id"])

        transfer(issuer_account(community_id), user_account(saver["id"]), BALANCE, "service", memo="社区服务")
        db.session.commit()
        rewards = [create_reward(staff(), community_id, name, "", cost, stock).id for name, cost, stock in REWARDS]

        def need(title, skills, hour, slots):
            return create_need(staff(), title=title, skills=skills, starts_at=tomorrow_at(hour),
                               ends_at=tomorrow_at(hour + 1), urgency=Urgency.normal, grid_id=grid_id,
                               slots=slots, position=TOWN_POSITION).id

        # The board: two offers lapse unanswered, one is accepted, one declined, one still out.
        with clock.freeze(clock.now() - timedelta(hours=1)):
            board_need = need("陪老人散步", ["elder_daily_care"], 9, 2)
            make_offers(staff(), board_need, 2)
        expire_offers(clock.now())

        def offered():
            return db.session.scalars(select(Assignment).where(
                Assignment.need_id == board_need, Assignment.status == AssignmentStatus.offered)
                .order_by(Assignment.id)).all()

        first, second = offered()
        accept_offer(db.session.get(User, first.user_id), first.id, None)
        decline_offer(db.session.get(User, second.user_id), second.id, None)
        assert len(offered()) == 1
        to_fill = {"zh": need("送午餐", ["meal_delivery"], 11, 1), "en": need("送晚餐", ["meal_delivery"], 16, 1)}
        resident_user = db.session.get(User, resident["id"])
        requests = {
            "zh": submit_request(resident_user, "老伴住院，想请人帮忙买菜送饭", "金桥小区5号楼302", TOWN_POSITION,
                                 Urgency.urgent, skill="shopping_errands").id,
            "en": submit_request(db.session.get(User, resident["id"]), "想请人陪我去社区医院", "金桥小区7号楼101",
                                 TOWN_POSITION, Urgency.normal, skill="medical_escort",
                                 preferred_start=tomorrow_at(9)).id,
        }
        db.engine.dispose()
    return {"community_id": community_id, "worker": worker, "saver": saver, "walkers": walkers, "cook": cook,
            "rewards": rewards, "board_need": board_need, "to_fill": to_fill, "requests": requests}


@pytest.mark.parametrize("lang,reward_name", [("zh", "爱心超市：大米一袋（10斤）"), ("en", "理发券（社区便民理发点）")])
def test_rewards_show_the_api_prices_and_redeem_only_after_a_confirmation(live, phone, town, lang, reward_name):
    words = WORDS[lang]
    page = phone().new_page()
    sign_in(page, town["saver"]["phone"])
    in_language(page, lang)
    page.locator("#tabs a[href='#/me']").click()
    page.locator("[data-reward]").first.wait_for()

    points = api(page, "/me/points")
    rewards = api(page, f"/communities/{town['community_id']}/rewards")
    assert page.locator("[data-points-balance]").inner_text() == words["balance"].format(n=points["balance"])
    assert page.locator("[data-stat='points'] .value").inner_text() == str(points["balance"])
    assert page.locator("[data-reward]").count() == len(rewards)
    for reward in rewards:
        row = page.locator(f"[data-reward='{reward['id']}']")
        assert row.locator(".reward-name").inner_text() == reward["name"]
        assert row.locator(".reward-cost").inner_text() == words["points"].format(n=reward["points_cost"])
        assert row.locator(".reward-stock").inner_text() == words["stock"].format(n=reward["stock"])
        button = row.get_by_role("button", name=words["redeem"], exact=True)
        assert page.evaluate(LINES, button.element_handle()) == 1  # "兑换" on one line, never a column
    page.evaluate("document.documentElement.classList.add('large')")
    for reward in rewards:
        button = page.locator(f"[data-reward='{reward['id']}']").get_by_role("button", name=words["redeem"], exact=True)
        assert page.evaluate(LINES, button.element_handle()) == 1
    check_screen(page)
    page.evaluate("document.documentElement.classList.remove('large')")
    assert_accessible(page)

    # One tap asks first: the reward, its cost and the balance after; nothing is sent yet.
    redemptions = []
    page.on("request", lambda r: redemptions.append(r.url) if r.url.endswith("/redeem") else None)
    reward = next(r for r in rewards if r["name"] == reward_name)
    row = page.locator(f"[data-reward='{reward['id']}']")
    row.get_by_role("button", name=words["redeem"], exact=True).click()
    question = row.locator(".confirm")
    question.wait_for()
    assert reward["name"] in question.inner_text()
    assert words["points"].format(n=reward["points_cost"]) in question.inner_text()
    assert words["after"].format(n=points["balance"] - reward["points_cost"]) in question.inner_text()
    shot(page, f"rewards-confirm-{lang}")
    assert_accessible(page)
    check_screen(page)
    assert redemptions == []
    question.get_by_role("button", name=words["cancel"]).click()
    assert row.locator(".confirm").count() == 0
    assert redemptions == []

    row.get_by_role("button", name=words["redeem"], exact=True).click()
    with page.expect_response(lambda r: r.url.endswith(f"/rewards/{reward['id']}/redeem")) as answer:
        row.locator(".confirm").get_by_role("button", name=words["confirm"]).click()
    assert answer.value.status == 201
    assert answer.value.json()["points"] == reward["points_cost"]
    page.locator("[data-points-balance]").filter(
        has_text=words["balance"].format(n=points["balance"] - reward["points_cost"])).wait_for()

    after = api(page, "/me/points")
    assert after["balance"] == points["balance"] - reward["points_cost"]
    assert page.locator("[data-points-balance]").inner_text() == words["balance"].format(n=after["balance"])
    assert page.locator("[data-stat='points'] .value").inner_text() == str(after["balance"])
    stock = next(r for r in api(page, f"/communities/{town['community_id']}/rewards") if r["id"] == reward["id"])["stock"]
    assert stock == reward["stock"] - 1
    assert page.locator(f"[data-reward='{reward['id']}'] .reward-stock").inner_text() == words["stock"].format(n=stock)
    assert redemptions == [answer.value.url]
    shot(page, f"rewards-redeemed-{lang}")
    check_screen(page)


def test_a_reward_beyond_the_balance_says_how_many_points_are_missing(live, phone, town):
    words = WORDS["zh"]
    page = phone().new_page()
    sign_in(page, town["saver"]["phone"])
    page.locator("#tabs a[href='#/me']").click()
    page.locator("[data-reward]").first.wait_for()
    balance = api(page, "/me/points")["balance"]
    dear = next(r for r in api(page, f"/communities/{town['community_id']}/rewards") if r["name"] == "家电免费清洗一次")
    row = page.locator(f"[data-reward='{dear['id']}']")
    row.get_by_role("button", name=words["redeem"], exact=True).click()
    question = row.locator(".confirm")
    assert words["short"].format(n=dear["points_cost"] - balance) in question.inner_text()
    assert question.get_by_role("button", name=words["confirm"]).count() == 0
    check_screen(page)


def _need_page(page, need_id: int):
    page.goto(f"/#/need/{need_id}")
    page.locator("[data-need-id]").wait_for()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_offer_board_lists_each_person_in_the_state_the_api_sends(live, phone, town, lang):
    page = phone().new_page()
    sign_in(page, town["worker"]["phone"])
    in_language(page, lang)
    _need_page(page, town["board_need"])
    board = api(page, f"/needs/{town['board_need']}/offers")
    assert {p["status"] for p in board["people"]} == {"offered", "accepted", "declined", "expired"}
    rows = page.locator("[data-person]")
    assert rows.count() == len(board["people"])
    for person in board["people"]:
        row = page.locator(f"[data-person='{person['user_id']}']")
        assert row.locator(".person-name").inner_text() == person["name"]
        assert row.locator(".chip").inner_text() == STATE_TEXT[lang][person["status"]]
        assert row.get_attribute("data-status") == person["status"]
    for state, count in board["counts"].items():
        assert page.locator(f"[data-count='{state}']").inner_text() == f"{STATE_TEXT[lang][state]} {count}"
    held = [p["name"] for p in board["people"] if p["status"] in HELD]
    assert page.locator("[data-assigned] .assignee").all_inner_texts() == held
    need = api(page, f"/needs/{town['board_need']}")
    assert need["taken"] == len(held) < need["slots"]
    shot(page, f"need-board-{lang}")
    assert_accessible(page)
    check_screen(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_full_need_says_who_is_assigned_and_offers_no_more(live, phone, town, lang):
    words = WORDS[lang]
    need_id = town["to_fill"][lang]
    page = phone().new_page()
    sign_in(page, town["worker"]["phone"])
    in_language(page, lang)
    _need_page(page, need_id)
    assert page.locator("[data-assigned] .assignee").count() == 0
    candidate = page.locator(f"[data-candidate='{town['cook']['id']}']")
    candidate.get_by_role("button", name=words["assign"]).click()
    page.locator("[data-need-full]").wait_for()

    need = api(page, f"/needs/{need_id}")
    board = api(page, f"/needs/{need_id}/offers")
    assert need["taken"] == need["slots"] == 1
    held = [p["name"] for p in board["people"] if p["status"] in HELD]
    assert held == ["朱琳"]
    assert page.locator("[data-assigned] .assignee").all_inner_texts() == held
    assert page.locator("[data-assigned]").inner_text().startswith(words["assigned"])
    assert words["full"] in page.locator("[data-need-full]").inner_text()
    screen = page.locator("main").inner_text()
    assert words["none_near"] not in screen
    assert page.get_by_role("button", name=words["offer"]).count() == 0
    assert page.get_by_role("heading", name=words["candidates"]).count() == 0
    assert page.locator("[data-candidate]").count() == 0
    shot(page, f"need-full-{lang}")
    assert_accessible(page)
    check_screen(page)


@pytest.mark.parametrize("lang,title", [("zh", "防诈骗讲座"), ("en", "First aid basics")])
def test_a_new_training_sends_what_the_api_requires_and_shows_what_it_made(live, phone, town, lang, title):
    words = WORDS[lang]
    page = phone().new_page()
    sign_in(page, town["worker"]["phone"])
    in_language(page, lang)
    page.locator("#tabs a[href='#/trainings']").click()
    form = page.locator("form.training-form")
    form.wait_for()
    me = api(page, "/me")
    scope = [r["community_id"] for r in me["user"]["roles"] if r["role"] == "social_worker"]
    names = {c["id"]: c["name"] for c in api(page, "/communities")}
    community = form.locator("select[name='community_id']")
    assert community.input_value() == str(town["community_id"])
    assert [int(v) for v in community.locator("option").evaluate_all("os => os.map(o => o.value)")] == scope
    assert community.locator("option:checked").inner_text() == names[town["community_id"]]
    form.locator("input[name='title']").fill(title)
    form.locator("input[name='place']").fill("金桥社区党群服务中心二楼")
    form.locator("input[name='capacity']").fill("25")
    assert form.locator("input[name='starts_at']").input_value()
    assert form.locator("input[name='ends_at']").input_value()
    assert_accessible(page)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/trainings") and r.request.method == "POST") as answer:
        form.get_by_role("button", name=words["save"]).click()
    assert answer.value.status == 201, answer.value.text()
    made = answer.value.json()
    assert (made["title"], made["capacity"], made["community_id"]) == (title, 25, town["community_id"])
    card = page.locator(f"[data-training='{made['id']}']")
    card.wait_for()
    listed = next(tr for tr in api(page, "/trainings")["items"] if tr["id"] == made["id"])
    assert (listed["title"], listed["capacity"], listed["place"]) == (made["title"], made["capacity"], made["place"])
    assert card.locator("h3").inner_text() == listed["title"]
    assert words["capacity"].format(n=listed["capacity"]) in card.inner_text()
    assert listed["place"] in card.inner_text()
    shot(page, f"training-created-{lang}")
    check_screen(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_need_form_keeps_the_requests_urgency_and_takes_several_skills(live, phone, town, lang):
    words = WORDS[lang]
    request_id = town["requests"][lang]
    page = phone().new_page()
    sign_in(page, town["worker"]["phone"])
    in_language(page, lang)
    card = page.locator(f"[data-request='{request_id}']")
    card.get_by_role("button", name=words["make_need"]).wait_for()
    page.wait_for_load_state("networkidle")  # the queue is drawn once more when its data lands
    card.get_by_role("button", name=words["make_need"]).click()
    request = api(page, f"/requests/{request_id}")
    urgency = card.get_by_label(words["urgency"])
    assert urgency.input_value() == request["urgency"]
    assert card.locator(f"input[name='skills'][value='{request['skill']}']").is_checked()
    assert card.locator("input[name='skills']:checked").count() == 1
    card.get_by_text(words["more_skills"]).click()
    card.locator("input[name='skills'][value='meal_delivery']").check()
    if lang == "en":  # a normal request the social worker judges urgent
        urgency.select_option("urgent")
    # The title volunteers browse starts from the skill, never from the resident's own words.
    assert request["description"] not in card.get_by_label(words["title"]).input_value()
    card.get_by_label(words["note"]).fill("上午九点前到，带上老人的医保卡")
    shot(page, f"need-form-{lang}")
    assert_accessible(page)
    check_screen(page)
    card.get_by_role("button", name=words["publish"]).click()
    page.locator("[data-need-id]").wait_for()
    need_id = int(page.locator("[data-need-id]").get_attribute("data-need-id"))

    need = api(page, f"/needs/{need_id}")
    assert need["request_id"] == request_id
    assert need["description"] == "上午九点前到，带上老人的医保卡"
    assert need["request_description"] == request["description"]  # staff read the resident's words
    assert need["urgency"] == "urgent"
    assert sorted(need["skills"]) == sorted([request["skill"], "meal_delivery"])
    skills = {s["code"]: s["name_en" if lang == "en" else "name_zh"] for s in api(page, "/skills")}
    for code in need["skills"]:
        assert page.locator(f"[data-need-id] [data-skill='{code}']").inner_text() == skills[code]
    assert words["urgent"] in page.locator("[data-need-id] h3").inner_text()
    shot(page, f"need-from-request-{lang}")
    check_screen(page)


QUEUE_WORDS = {"zh": {"urgent": "紧急", "all": "全部", "waited": "已等 {n} 小时"},
               "en": {"urgent": "Urgent", "all": "All", "waited": "waited {n} h"}}


HARBOUR = (CENTRE[0] - 0.3, CENTRE[1])  # 33 km south: a queue of its own


@pytest.fixture(scope="module")
def harbour(live):
    """A community whose queue no other test touches: its social worker and a resident."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    world = World(create_app(settings))
    world._phone = 13730000000  # beyond the phones of the other files
    community_id = world.community(name="港湾社区")
    grid_id = world.grid(community_id, code="GW-01", centre=HARBOUR, name="港湾一网格")
    worker = world.social_worker(community_id, grid_id, name="欧阳娜")
    resident = world.user("潘桂香", roles=[(Role.resident, grid_id, None)])
    return {"app": world.app, "worker": worker, "resident": resident}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_queue_names_who_asked_where_and_how_long_ago_and_filters_as_the_api(live, phone, harbour, lang):
    words = QUEUE_WORDS[lang]
    with harbour["app"].app_context():
        from volunteer.needs.services import submit_request

        resident = db.session.get(User, harbour["resident"]["id"])
        with clock.freeze(clock.now() - timedelta(hours=5, minutes=10)):
            asked = submit_request(resident, "家里水管漏水，想请人看看", "港湾小区5号楼302",
                                   {"lat": HARBOUR[0], "lng": HARBOUR[1], "crs": "wgs84"}, Urgency.urgent).id
        calm = submit_request(db.session.get(User, harbour["resident"]["id"]), "想请人帮忙修一下门锁", "港湾小区5号楼302",
                              {"lat": HARBOUR[0], "lng": HARBOUR[1], "crs": "wgs84"}, Urgency.normal).id
        db.engine.dispose()
    page = phone().new_page()
    sign_in(page, harbour["worker"]["phone"])
    in_language(page, lang)
    card = page.locator(f"[data-request='{asked}']")
    card.wait_for()
    page.wait_for_load_state("networkidle")
    waiting = api(page, "/requests?status=submitted&oldest_first=true&per_page=50")
    shown = [int(c.get_attribute("data-request")) for c in page.locator("[data-request]").all()]
    assert shown == [r["id"] for r in waiting["items"]]
    mine = next(r for r in waiting["items"] if r["id"] == asked)
    assert card.locator(f"[data-who='{asked}']").inner_text() == f"{mine['resident_name']} · {mine['grid_name']}"
    assert card.locator(f"[data-waited='{asked}']").inner_text() == words["waited"].format(n=5)
    page.get_by_role("button", name=words["urgent"], exact=True).click()
    page.wait_for_load_state("networkidle")
    urgent = api(page, "/requests?status=submitted&oldest_first=true&per_page=50&urgency=urgent")
    expect(page.locator("[data-request]")).to_have_count(len(urgent["items"]))
    assert [int(c.get_attribute("data-request")) for c in page.locator("[data-request]").all()] == \
        [r["id"] for r in urgent["items"]]
    assert page.locator(f"[data-request='{calm}']").count() == 0 and calm not in [r["id"] for r in urgent["items"]]
    shot(page, f"queue-urgent-{lang}")
    page.get_by_role("button", name=words["all"], exact=True).click()
