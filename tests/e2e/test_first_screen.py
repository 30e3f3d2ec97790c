"""The first screen in one round trip: with every request but the page itself refused,
a signed-in volunteer still sees the near-me cards and can sign up from them; when the
app's modules do arrive, they take the screen over with the same markup and keep what
the person had typed."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from tests.conftest import CENTRE
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, PHONE_SIZE, shot
from tests.e2e.server import PASSWORD

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)


def _context(browser, live):
    context = browser.new_context(viewport=PHONE_SIZE, base_url=live["base"], locale="zh-CN",
                                  timezone_id="Asia/Shanghai", service_workers="block", is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(15000)
    return context


def _sign_in(context, person) -> dict:
    answer = context.request.post("/api/v1/auth/login", data={"phone": person["phone"], "password": PASSWORD})
    assert answer.ok, answer.text()
    return answer.json()


def _post_need(browser, live, title: str, days: int) -> dict:
    """The social worker posts a cleaning need (the second volunteer's skill) near the grid."""
    context = _context(browser, live)
    try:
        csrf = _sign_in(context, live["worker"])["csrf_token"]
        starts = datetime.now(timezone.utc) + timedelta(days=days)
        answer = context.request.post("/api/v1/needs", headers={"X-CSRF-Token": csrf}, data={
            "grid_id": live["grid_id"], "title": title, "skills": ["cleaning"], "slots": 2,
            "address": "黄河路12号院3号楼501", "contact_phone": "13700000077",
            "position": {"lat": CENTRE[0] + 0.001, "lng": CENTRE[1], "crs": "wgs84"},
            "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat()})
        assert answer.status == 201, answer.text()
        return answer.json()
    finally:
        context.close()


def test_the_near_me_list_needs_only_the_page_itself(browser, live, db_engine):
    need = _post_need(browser, live, "打扫活动室", days=3)
    context = _context(browser, live)
    try:
        _sign_in(context, live["offline"])
        page = context.new_page()
        refused, allowed = [], {"signup": False}

        def only_the_page(route):
            request = route.request
            if request.resource_type == "document" or (allowed["signup"] and request.url.endswith("/signup")):
                route.continue_()
            else:
                refused.append(request.url)
                route.abort()

        page.route("**/*", only_the_page)
        page.goto("/")
        card = page.locator(f"[data-need='{need['id']}']")
        card.wait_for()
        words = card.inner_text()
        shown_m = page.evaluate(f"window.firstScreen.nearby.items.find((n) => n.id === {need['id']}).distance_m")
        assert "打扫活动室" in words and "📍" in words and "清洁家务" in words and "剩 2 个名额" in words
        assert f"{shown_m} 米" in words and 0 < shown_m <= 400  # 100 m away, measured to a point near the door
        assert "黄河路12号院" not in page.content() and "13700000077" not in page.content()
        assert page.evaluate("document.body.dataset.screen") == "nearby"
        assert page.evaluate("performance.getEntriesByName('usable').length") == 1
        assert page.evaluate("performance.getEntriesByName('app').length") == 0  # the app never ran
        assert any(url.endswith("/static/js/app.js") for url in refused)
        assert page.get_by_role("link", name="任务").is_visible()
        shot(page, "first-screen-1-page-only")

        # The sign-up button works with nothing of the app loaded.
        allowed["signup"] = True
        card.get_by_role("button", name="我来帮忙").click()
        page.get_by_text("报名成功，请按时到达。").wait_for()
        assert page.evaluate("location.hash") == "#/tasks"
        with db_engine.connect() as conn:
            held = conn.execute(text("SELECT count(*) FROM assignments WHERE need_id = :n AND user_id = :u"),
                                {"n": need["id"], "u": live["offline"]["id"]}).scalar()
        assert held == 1
    finally:
        context.close()


def test_the_app_takes_the_near_me_list_over_with_the_same_markup(browser, live):
    need = _post_need(browser, live, "擦洗楼梯扶手", days=4)
    context = _context(browser, live)
    try:
        _sign_in(context, live["offline"])
        page = context.new_page()
        page.goto("/")
        page.wait_for_function("() => performance.getEntriesByName('app').length === 1")
        assert page.locator(f"[data-need='{need['id']}']").is_visible()
        assert page.evaluate("window.firstScreen.screen") == "nearby"
        assert page.evaluate("window.firstScreen.html === document.getElementById('view').innerHTML")
        # The app's own buttons now: sorting by start time asks the API again.
        page.get_by_role("button", name="按时间").click()
        page.locator("button[aria-pressed='true']", has_text="按时间").wait_for()
    finally:
        context.close()


def test_the_sign_in_form_keeps_what_was_typed_when_the_app_takes_over(browser, live):
    context = _context(browser, live)
    try:
        page = context.new_page()
        held, state = [], {"released": False}

        def hold_modules(route):
            if state["released"]:
                route.continue_()
            else:
                held.append(route)

        page.route("**/static/js/**", hold_modules)
        page.goto("/", wait_until="commit")  # "load" would wait for the held modules
        page.get_by_label("手机号").fill(live["helper"]["phone"])
        page.get_by_label("密码").focus()
        assert page.evaluate("performance.getEntriesByName('app').length") == 0
        state["released"] = True
        for route in held:
            route.continue_()
        page.wait_for_function("() => performance.getEntriesByName('app').length === 1")
        assert page.evaluate("window.firstScreen.html !== null")
        assert page.get_by_label("手机号").input_value() == live["helper"]["phone"]
        assert page.evaluate("document.activeElement.name") == "password"
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_selector("nav#tabs:not([hidden])")
    finally:
        context.close()
