"""A volunteer's task on the spot: a fresh position with its accuracy, check-in offered only
while it is open, a warning before checking out ahead of the planned start, and an offline
check-in the server refused kept on the task with the reason."""
import itertools
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from models import User, db
from models.needs import Urgency
from tests.conftest import CENTRE, TestConfig, World
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from tests.e2e.screen import expect_refusal
from volunteer import clock, create_app

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)
AT_DOOR = {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}
_phones = itertools.count(13970000000, 100)  # each helper call its own numbers


def _task(live, starts_in: timedelta, checked_in: bool = False) -> dict:
    """A fresh volunteer holding a two-hour need at the grid centre that starts `starts_in` from now."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    app = create_app(settings)
    world = World(app)
    world._phone = next(_phones)
    volunteer = world.volunteer(live["grid_id"], skills=("cleaning",), name="郑晓")
    from volunteer.assignments.services import assign, check_in
    from volunteer.needs.services import create_need

    with app.app_context():
        worker = db.session.get(User, live["worker"]["id"])
        begin = clock.now().replace(microsecond=0) + starts_in
        need = create_need(worker, title="整理活动室", skills=["cleaning"], urgency=Urgency.normal,
                           starts_at=begin, ends_at=begin + timedelta(hours=2), grid_id=live["grid_id"],
                           position=AT_DOOR)
        assignment = assign(worker, need.id, volunteer["id"])
        if checked_in:
            check_in(db.session.get(User, volunteer["id"]), assignment.id, AT_DOOR, None)
        volunteer.update(need_id=need.id, assignment_id=assignment.id, starts_at=begin)
        db.engine.dispose()
    return volunteer


def _status(db_engine, assignment_id: int) -> str:
    with db_engine.connect() as conn:
        return conn.execute(text("SELECT status FROM assignments WHERE id = :a"), {"a": assignment_id}).scalar_one()


def _api(page, method: str, path: str, body=None):
    csrf = page.evaluate("sessionStorage.getItem('csrf')")
    r = page.request.fetch(f"/api/v1{path}", method=method, data=body,
                           headers={"Accept": "application/json", "X-CSRF-Token": csrf or ""})
    return r.status, r.json()


def test_check_in_asks_for_a_fresh_position_and_shows_its_accuracy(live, phone, db_engine):
    person = _task(live, timedelta(minutes=20))
    context = phone()
    context.set_geolocation({"latitude": CENTRE[0], "longitude": CENTRE[1], "accuracy": 35})
    page = context.new_page()
    page.add_init_script("""(() => {
      const asked = window.__fixes = [];
      const real = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
      navigator.geolocation.getCurrentPosition = (ok, fail, options) => { asked.push(options); real(ok, fail, options); };
    })()""")
    sign_in(page, person["phone"])
    page.get_by_role("link", name="任务").click()
    card = page.locator(f"[data-assignment='{person['assignment_id']}']")
    card.get_by_role("button", name="到达，签到").click()
    expect(card).to_have_attribute("data-status", "checked_in")
    assert page.evaluate("window.__fixes.at(-1).maximumAge") == 0  # never a kept fix
    assert card.locator("[data-accuracy]").get_attribute("data-accuracy") == "35"
    assert "定位精度约 ±35 米" in card.inner_text()
    assert _status(db_engine, person["assignment_id"]) == "checked_in"
    shot(page, "task-checked-in-accuracy")


def test_check_in_is_offered_only_once_it_opens_and_the_code_is_not_asked_for_before(live, phone):
    person = _task(live, timedelta(hours=3))
    page = phone().new_page()
    sign_in(page, person["phone"])
    page.get_by_role("link", name="任务").click()
    card = page.locator(f"[data-assignment='{person['assignment_id']}']")
    card.wait_for()
    status, need = _api(page, "GET", f"/needs/{person['need_id']}")
    assert status == 200
    opens = card.locator("[data-checkin-opens]")
    assert opens.get_attribute("data-checkin-opens") == need["checkin_opens_at"]
    shown_time = page.evaluate("(iso) => import('/static/js/ui.js').then((ui) => ui.when(iso))", need["checkin_opens_at"])
    assert opens.inner_text() == f"{shown_time} 起可签到"
    assert card.get_by_role("button", name="到达，签到").count() == 0
    assert card.get_by_text("用签到码").count() == 0
    shot(page, "task-check-in-not-open-yet")

    # The need's social worker is told when the code will appear, and nothing asks for it early.
    worker = phone().new_page()
    sign_in(worker, live["worker"]["phone"])
    worker.goto(f"/#/need/{person['need_id']}")
    note = worker.locator("[data-code-opens]")
    note.wait_for()
    assert worker.locator("#checkin-code").count() == 0
    assert f"签到从 {shown_time} 开始" in note.inner_text()
    shot(worker, "need-code-not-yet")  # the screen check fails on any 409 for the code


def test_checking_out_before_the_planned_start_warns_and_records_only_when_meant(live, phone, db_engine):
    person = _task(live, timedelta(minutes=40), checked_in=True)
    page = phone().new_page()
    sign_in(page, person["phone"])
    page.get_by_role("link", name="任务").click()
    card = page.locator(f"[data-assignment='{person['assignment_id']}']")
    card.get_by_role("button", name="签退").click()
    warning = card.locator("[data-early-checkout]")
    warning.wait_for()
    status, need = _api(page, "GET", f"/needs/{person['need_id']}")
    start = page.evaluate("(iso) => import('/static/js/ui.js').then((ui) => ui.when(iso))", need["starts_at"])
    assert f"服务计划 {start} 开始，现在签退只记 0 小时" in warning.inner_text()
    shot(page, "task-early-checkout-warning")
    card.get_by_role("button", name="先不签退").click()
    expect(warning).to_have_count(0)
    assert _status(db_engine, person["assignment_id"]) == "checked_in"  # nothing recorded

    card.get_by_role("button", name="签退").click()
    card.get_by_role("button", name="仍然签退").click()
    page.get_by_text("签退成功").first.wait_for()
    assert _status(db_engine, person["assignment_id"]) == "completed"

    page.get_by_role("link", name="我的", exact=True).click()  # where the hours stand: whom they wait on
    status, book = _api(page, "GET", "/me/records")
    record = next(r for r in book["services"] if r["need_id"] == person["need_id"])
    waiting = page.locator(f"[data-waiting-on='{record['id']}']")
    who = "或".join({"social_worker": "社工", "resident": "居民", "staff": "发布人"}[w["role"]] + w["name"]
                   for w in record["waiting_on"])
    assert record["waiting_on"] and waiting.inner_text() == f"等待{who}确认。"


def test_an_offline_check_in_refused_on_arrival_stays_on_the_task_with_the_reason(live, phone, db_engine):
    person = _task(live, timedelta(minutes=20))
    context = phone()
    page = context.new_page()
    sign_in(page, person["phone"])
    page.get_by_role("link", name="任务").click()
    card = page.locator(f"[data-assignment='{person['assignment_id']}']")
    card.get_by_role("button", name="到达，签到").wait_for()

    far = {"latitude": CENTRE[0] + 0.006, "longitude": CENTRE[1], "accuracy": 10}  # about 670 m away
    expect_refusal(page, "failed", "/api/v1/")
    expect_refusal(page, 422, f"/assignments/{person['assignment_id']}/check-in")
    context.set_geolocation(far)
    context.set_offline(True)
    card.get_by_role("button", name="到达，签到").click()
    page.get_by_text("网络不通，已保存在手机上").first.wait_for()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    notice = card.locator("[data-refused='check_in']")
    notice.wait_for()

    # What it says is what the server says of the same check-in.
    status, answer = _api(page, "POST", f"/assignments/{person['assignment_id']}/check-in",
                          {"position": {"lat": far["latitude"], "lng": far["longitude"], "crs": "wgs84"}})
    assert status == 422 and answer["error"]["code"] == "too_far_to_check_in"
    assert answer["error"]["message"] in notice.inner_text()
    assert "离线签到未被接受" in notice.inner_text()
    assert _status(db_engine, person["assignment_id"]) == "accepted"
    expect(card).to_have_attribute("data-status", "accepted")
    shot(page, "task-offline-refused")

    page.wait_for_timeout(4500)  # longer than any toast
    page.reload()
    notice.wait_for()  # still there until read
    card.get_by_role("button", name="知道了").click()
    expect(notice).to_have_count(0)
    card.get_by_role("button", name="到达，签到").wait_for()  # free to try again
    page.reload()
    card.get_by_role("button", name="到达，签到").wait_for()
    assert card.locator("[data-refused]").count() == 0
