"""What three screens show equals what the API answers for the same person: the check-in
code after it rolls over, the dashboard's grid ratio, and the certificate's verification page."""
import io
import re
import time
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from models import User, db
from models.needs import Urgency
from tests.conftest import CENTRE, TestConfig, World
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, PHONE_SIZE, shot, sign_in
from tests.e2e.screen import check_screen, watch
from volunteer import clock, create_app

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)
AT_DOOR = {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}


def _api(page, path: str, **headers):
    r = page.request.get(path, headers={"Accept": "application/json", **headers})
    assert r.ok, (path, r.status)
    return r.json()


def test_the_checkin_code_on_screen_follows_the_api_when_it_rolls_over(live, phone, db_engine):
    with db_engine.connect() as conn:
        need_id = conn.execute(text("SELECT need_id FROM assignments WHERE id = :a"),
                               {"a": live["offline_assignment"]}).scalar_one()
    page = phone().new_page()
    sign_in(page, live["worker"]["phone"])
    page.goto(f"/#/need/{need_id}")
    code = page.locator("#checkin-code")
    code.wait_for()
    first = _api(page, f"/api/v1/needs/{need_id}/checkin-code")
    if first["valid_for_s"] <= 2:  # about to roll over: start from the next one
        time.sleep(first["valid_for_s"] + 1)
        first = _api(page, f"/api/v1/needs/{need_id}/checkin-code")
    page.wait_for_function("c => document.querySelector('#checkin-code').textContent === c", arg=first["code"],
                           timeout=5000)
    shown_left = int(re.search(r"\d+", page.locator("#checkin-code-left").inner_text()).group())
    assert abs(shown_left - first["valid_for_s"]) <= 2
    check_screen(page)
    shot(page, "code-1-shown")

    time.sleep(first["valid_for_s"] + 1)  # past the rollover, by the server's own count
    now = _api(page, f"/api/v1/needs/{need_id}/checkin-code")
    assert now["code"] != first["code"]
    page.wait_for_function("c => document.querySelector('#checkin-code').textContent === c", arg=now["code"],
                           timeout=5000)
    assert "秒后更新" in page.locator("#checkin-code-left").inner_text()
    left = int(re.search(r"\d+", page.locator("#checkin-code-left").inner_text()).group())
    assert abs(left - now["valid_for_s"]) <= 3 and left > 0
    check_screen(page)
    shot(page, "code-2-rolled-over")


def test_the_dashboards_grid_filter_shows_the_grids_own_ratio(live, phone):
    page = phone().new_page()
    sign_in(page, live["admin"]["phone"])
    page.goto("/#/dashboard")
    page.locator("#filter-grid_id").wait_for()
    whole = _api(page, "/api/v1/dashboard")["volunteer_ratio"][0]  # other files add communities after it
    assert (whole["level"], whole["name"]) == ("community", "黄河路社区")
    row = page.locator("li.ratio-row").first
    assert row.inner_text().startswith(f"{whole['name']}: {whole['volunteers']} / {whole['residents']:,}")

    page.select_option("#filter-grid_id", str(live["grid_id"]))
    page.locator("li.ratio-row[data-level='grid']").wait_for()
    [grid] = _api(page, f"/api/v1/dashboard?grid_id={live['grid_id']}")["volunteer_ratio"]
    assert (grid["level"], grid["name"], grid["grid_id"]) == ("grid", "第一网格", live["grid_id"])
    assert grid["residents"] < whole["residents"]
    v = grid["ratio"]
    percent = f"{v * 100:.{2 if 0 < v < 0.01 else 1}f}%"
    shown = page.locator("li.ratio-row[data-level='grid']").inner_text()
    assert shown.startswith(f"第一网格: {grid['volunteers']} / {grid['residents']:,} = {percent}")
    assert "居民数按网格户数估算" in shown and whole["name"] not in shown
    chart = page.locator("#ratio-h").locator("xpath=..").inner_text()
    assert "第一网格" in chart and f"{whole['name']}（" not in chart
    check_screen(page)
    shot(page, "dashboard-grid")


def _served_and_confirmed(live) -> dict:
    """A volunteer of the grid with 1.5 confirmed hours from earlier today."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    app = create_app(settings)
    world = World(app)
    world._phone = 13900000000
    volunteer = world.volunteer(live["grid_id"], skills=("shopping_errands",), name="孙丽")
    from volunteer.assignments.services import assign, check_in, check_out
    from volunteer.hours.services import confirm
    from volunteer.needs.services import create_need

    begin = clock.now().replace(microsecond=0) - timedelta(hours=3)
    with app.app_context():
        worker, person = db.session.get(User, live["worker"]["id"]), db.session.get(User, volunteer["id"])
        with clock.freeze(begin):
            need = create_need(worker, title="陪老人散步", skills=["shopping_errands"], urgency=Urgency.normal,
                               starts_at=begin + timedelta(minutes=5), ends_at=begin + timedelta(hours=2),
                               grid_id=live["grid_id"], position=AT_DOOR)
            assignment_id = assign(worker, need.id, volunteer["id"]).id
        with clock.freeze(begin + timedelta(minutes=10)):
            check_in(person, assignment_id, AT_DOOR, None)
        with clock.freeze(begin + timedelta(minutes=100)):
            record_id = check_out(person, assignment_id, AT_DOOR, "陪老人在小区散步", None).id
        confirm(db.session.get(User, live["worker"]["id"]), record_id)
        db.engine.dispose()
    return volunteer


def test_the_verification_url_on_the_certificate_opens_a_page_a_person_reads(live, phone, browser):
    volunteer = _served_and_confirmed(live)
    page = phone().new_page()
    sign_in(page, volunteer["phone"])
    pdf = page.request.get("/api/v1/me/certificate.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    printed = "".join(PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text().split())
    url = re.search(r"Verify:(http://\S+?/verify)", printed).group(1)
    machine = _api(page, url)
    assert machine["valid"] is True and machine["hours"] == 1.5 and machine["volunteer"] == "孙*"

    reader = phone().new_page()  # anyone, not signed in
    reader.goto(url)
    shown = reader.locator("main").inner_text()
    assert reader.evaluate("document.documentElement.lang") == "zh-CN"
    assert machine["number"] in shown and machine["volunteer"] in shown
    assert f"{machine['hours']} 小时" in shown and "有效" in shown and "\\u" not in shown
    check_screen(reader)
    assert_accessible(reader)
    shot(reader, "certificate-verify-zh")

    english = browser.new_context(viewport=PHONE_SIZE, locale="en-US", is_mobile=True, has_touch=True)
    reader = english.new_page()  # its Accept-Language is en-US
    watch(reader)
    reader.goto(url)
    shown = reader.locator("main").inner_text()
    assert reader.evaluate("document.documentElement.lang") == "en"
    assert machine["number"] in shown and machine["volunteer"] in shown
    assert f"{machine['hours']} h" in shown and "Valid" in shown and "有效" not in shown
    check_screen(reader)
    shot(reader, "certificate-verify-en")
    english.close()
