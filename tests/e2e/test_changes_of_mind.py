"""Changes of mind on the phone: a volunteer says "I can't come" (told first whether it
counts), joins a full need's waitlist; a resident takes a request back; a social worker
cancels a need. Each screen is compared with what the API then says."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from models import User, db
from models.needs import Urgency
from tests.conftest import CENTRE, TestConfig, World
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from tests.e2e.screen import expect_refusal
from tests.e2e.test_tasks import _api, _task
from volunteer import clock, create_app

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)
AT_DOOR = {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}


def _shown_time(page, iso: str) -> str:
    return page.evaluate("(iso) => import('/static/js/ui.js').then((ui) => ui.when(iso))", iso)


def _in_english(page) -> None:
    page.locator("#lang-toggle").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'")


def _taken(db_engine, need_id: int) -> int:
    with db_engine.connect() as conn:
        return conn.execute(text("SELECT taken FROM needs WHERE id = :n"), {"n": need_id}).scalar_one()


def test_i_cant_come_a_day_ahead_asks_why_says_it_is_free_and_frees_the_place(live, phone, db_engine):
    person = _task(live, timedelta(hours=30))
    page = phone().new_page()
    sign_in(page, person["phone"])
    page.get_by_role("link", name="任务").click()
    card = page.locator(f"[data-assignment='{person['assignment_id']}']")
    card.get_by_role("button", name="我去不了").click()
    status, mine = _api(page, "GET", "/me/assignments")
    mine = mine["items"]
    task = next(a for a in mine if a["id"] == person["assignment_id"])
    assert f"{_shown_time(page, task['withdraw_free_until'])} 前退出不影响履约率" in card.inner_text()
    expect_refusal(page, 422, "/withdraw")
    card.get_by_role("button", name="确认退出").click()
    card.locator("[data-error-for='reason']").get_by_text("必填").wait_for()
    shot(page, "withdraw-asks-why")
    card.get_by_label("原因（社工会看到）").fill("孩子发烧，去不了")
    card.get_by_role("button", name="确认退出").click()
    expect(card).to_have_attribute("data-status", "withdrawn")
    status, mine = _api(page, "GET", "/me/assignments")
    mine = mine["items"]
    task = next(a for a in mine if a["id"] == person["assignment_id"])
    assert (task["status"], task["withdrawn_late"], task["reason"]) == ("withdrawn", False, "孩子发烧，去不了")
    assert card.locator(f"[data-reason='{task['id']}']").inner_text() == f"退出原因：{task['reason']}"
    assert card.locator("[data-late]").inner_text() == "提前退出，不影响履约率"
    assert _taken(db_engine, person["need_id"]) == 0
    shot(page, "withdrawn-in-good-time")


def test_i_cant_come_hours_before_warns_it_counts_as_late_in_english(live, phone):
    person = _task(live, timedelta(hours=5))
    page = phone().new_page()
    sign_in(page, person["phone"])
    _in_english(page)
    page.get_by_role("link", name="Tasks").click()
    card = page.locator(f"[data-assignment='{person['assignment_id']}']")
    card.get_by_role("button", name="I can't come").click()
    assert "withdrawing now counts as late in your reliability" in card.inner_text()
    card.get_by_label("Why (the social worker will see it)").fill("Called in to work")
    card.get_by_role("button", name="Withdraw", exact=True).click()
    expect(card).to_have_attribute("data-status", "withdrawn")
    status, mine = _api(page, "GET", "/me/assignments")
    mine = mine["items"]
    task = next(a for a in mine if a["id"] == person["assignment_id"])
    assert task["withdrawn_late"] is True
    assert card.locator("[data-late]").inner_text() == "Late withdrawal (counts in reliability)"
    shot(page, "withdrawn-late-en")


def _full_need(live) -> dict:
    """A need near the grid centre tomorrow, its one place taken by someone else, and a
    second verified volunteer who could serve it."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    app = create_app(settings)
    world = World(app)
    world._phone = 13940000000
    holder = world.volunteer(live["grid_id"], skills=("child_study",), name="占位人")
    waiting = world.volunteer(live["grid_id"], offset_m=(80, 0), skills=("child_study",), name="候补人")
    from volunteer.assignments.services import assign
    from volunteer.needs.services import create_need

    with app.app_context():
        worker = db.session.get(User, live["worker"]["id"])
        begin = clock.now().replace(microsecond=0) + timedelta(hours=26)
        need = create_need(worker, title="辅导作业", skills=["child_study"], urgency=Urgency.normal,
                           starts_at=begin, ends_at=begin + timedelta(hours=2), grid_id=live["grid_id"],
                           position=AT_DOOR)
        assign(worker, need.id, holder["id"])
        waiting.update(need_id=need.id)
        db.engine.dispose()
    return waiting


def test_a_full_need_near_me_offers_its_waitlist_and_the_task_says_so(live, phone):
    person = _full_need(live)
    page = phone().new_page()
    sign_in(page, person["phone"])
    card = page.locator(f"[data-need='{person['need_id']}']")
    status, near = _api(page, "GET", "/me/nearby-needs?per_page=100")
    listed = next(n for n in near["items"] if n["id"] == person["need_id"])
    assert listed["taken"] == listed["slots"] == 1
    assert "剩 0 个名额" in card.inner_text()
    card.get_by_role("button", name="已满，加入候补").click()
    page.get_by_text("已加入候补").first.wait_for()
    status, mine = _api(page, "GET", "/me/assignments")
    mine = mine["items"]
    entry = next(a for a in mine if a["need_id"] == person["need_id"])
    assert entry["status"] == "waitlisted"
    task = page.locator(f"[data-assignment='{entry['id']}']")
    expect(task).to_have_attribute("data-status", "waitlisted")
    assert "候补中" in task.inner_text() and "按加入顺序通知候补" in task.inner_text()
    assert task.get_by_role("button", name="退出候补").count() == 1
    shot(page, "waitlisted-task")


def test_a_resident_takes_a_request_back_and_reads_the_reason_kept(live, phone):
    page = phone().new_page()
    sign_in(page, live["resident"]["phone"])
    status, made = _api(page, "POST", "/requests", {
        "description": "想请人陪同去医院复查", "address": "黄河路社区5号院1号楼302", "position": AT_DOOR})
    assert status == 201, made
    page.get_by_role("link", name="我的求助").click()
    card = page.locator(f"[data-request='{made['id']}']")
    card.get_by_role("button", name="不需要了，撤回求助").click()
    card.get_by_label("撤回原因").fill("儿子回来陪我去")
    card.get_by_role("button", name="确认撤回").click()
    page.get_by_text("求助已撤回").first.wait_for()
    status, mine = _api(page, "GET", f"/requests/{made['id']}")
    assert (mine["status"], mine["decline_reason"]) == ("withdrawn", "儿子回来陪我去")
    card = page.locator(f"[data-request='{made['id']}']")
    assert card.locator(f"[data-reason='{made['id']}']").inner_text() == f"撤回原因：{mine['decline_reason']}"
    assert "已撤回" in card.inner_text()
    assert card.get_by_role("button", name="不需要了，撤回求助").count() == 0
    shot(page, "request-taken-back")


def test_a_social_worker_cancels_a_need_with_a_reason_in_english(live, phone):
    person = _task(live, timedelta(hours=8))
    page = phone().new_page()
    sign_in(page, live["worker"]["phone"])
    _in_english(page)
    page.goto(f"/#/need/{person['need_id']}")
    page.get_by_role("button", name="Cancel this need").click()
    page.get_by_label("Why (volunteers and the resident will read it)").fill("The room is closed for repairs")
    page.get_by_role("button", name="Cancel the need", exact=True).click()
    note = page.locator("[data-cancel-reason]")
    note.wait_for()
    status, need = _api(page, "GET", f"/needs/{person['need_id']}")
    assert (need["status"], need["cancel_reason"]) == ("cancelled", "The room is closed for repairs")
    assert note.inner_text() == f"Cancelled: {need['cancel_reason']}"
    shot(page, "need-cancelled-en")


def test_a_social_worker_moves_a_need_and_the_volunteer_on_it_is_told(live, phone):
    person = _task(live, timedelta(hours=30))
    page = phone().new_page()
    sign_in(page, live["worker"]["phone"])
    page.goto(f"/#/need/{person['need_id']}")
    page.get_by_role("button", name="修改需求").click()
    form = page.locator(f"[data-change-need='{person['need_id']}']")
    expect_refusal(page, 422, f"/needs/{person['need_id']}")
    form.get_by_label("需要人数").fill("0")
    form.get_by_role("button", name="保存修改").click()  # below the places taken: refused, nothing changed
    form.locator("[data-error-for='slots']").wait_for()
    assert form.locator("[data-error-for='slots']").inner_text()
    status, before = _api(page, "GET", f"/needs/{person['need_id']}")
    assert before["slots"] == 1
    later = page.evaluate("(iso) => import('/static/js/ui.js').then((ui) => ui.localInput(new Date(iso)))",
                          (person["starts_at"] + timedelta(hours=1)).isoformat())
    form.get_by_label("需要人数").fill("2")
    form.get_by_label("开始时间").fill(later)
    form.get_by_role("button", name="保存修改").click()
    page.get_by_text("已修改，已通知相关人员。").first.wait_for()
    status, need = _api(page, "GET", f"/needs/{person['need_id']}")
    assert need["slots"] == 2 and need["starts_at"] != before["starts_at"]
    expect(page.locator("[data-need-id]")).to_contain_text(_shown_time(page, need["starts_at"]))
    expect(page.locator("[data-need-id]")).to_contain_text("1/2")
    shot(page, "need-changed")
    volunteer = phone().new_page()
    sign_in(volunteer, person["phone"])
    status, notes = _api(volunteer, "GET", "/me/notifications")
    assert notes["items"][0]["kind"] == "need_changed"


def _request_served_soon(live) -> dict:
    """The seeded resident's request made a need that starts in 30 minutes, a volunteer on it."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    app = create_app(settings)
    world = World(app)
    world._phone = 13940000100
    volunteer = world.volunteer(live["grid_id"], skills=("elder_daily_care",), name="钱多多")
    from volunteer.assignments.services import assign
    from volunteer.needs.services import create_need, submit_request

    with app.app_context():
        resident = db.session.get(User, live["resident"]["id"])
        req = submit_request(resident, "请人帮忙换灯泡", "黄河路社区5号院1号楼302", AT_DOOR, Urgency.normal)
        worker = db.session.get(User, live["worker"]["id"])
        begin = clock.now().replace(microsecond=0) + timedelta(minutes=30)
        need = create_need(worker, title="换灯泡", skills=["elder_daily_care"], urgency=None,
                           starts_at=begin, ends_at=begin + timedelta(hours=1), request_id=req.id)
        assign(worker, need.id, volunteer["id"])
        volunteer.update(request_id=req.id, need_id=need.id)
        db.engine.dispose()
    return volunteer


def test_the_resident_sees_who_comes_and_shows_the_check_in_code(live, phone):
    volunteer = _request_served_soon(live)
    page = phone().new_page()
    sign_in(page, live["resident"]["phone"])
    page.get_by_role("link", name="我的求助").click()
    card = page.locator(f"[data-request='{volunteer['request_id']}']")
    coming = card.locator(f"[data-coming='{volunteer['request_id']}']")
    coming.wait_for()
    status, req = _api(page, "GET", f"/requests/{volunteer['request_id']}")
    assert [(c["name"], c["status"]) for c in req["coming"]] == [("钱多多", "accepted")]
    person = req["coming"][0]
    assert person["phone"] != volunteer["phone"] and person["phone"].endswith(volunteer["phone"][-4:])
    assert f"{person['name']} · {person['phone']}" in coming.inner_text()
    assert f"{_shown_time(page, req['starts_at'])} 来服务的志愿者" in coming.inner_text()
    assert "已接单" in coming.inner_text()
    card.get_by_role("button", name="出示签到码").click()
    code = page.locator("#checkin-code")
    code.wait_for()
    status, shown = _api(page, "GET", f"/needs/{volunteer['need_id']}/checkin-code")
    assert status == 200 and code.inner_text() in (shown["code"], shown.get("previous"))
    shot(page, "resident-sees-who-comes")
    status, notes = _api(page, "GET", "/me/notifications")
    notes = notes["items"]
    assert notes[0]["kind"] == "volunteer_coming" and person["phone"] in notes[0]["body"]
