"""Offline: the app shell opens with no network, and a check-in made offline is kept
with its Idempotency-Key and recorded exactly once when the network returns, even when
the first answer is lost on the way back."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from tests.e2e.screen import expect_refusal

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)


def _checkins(engine, assignment_id):
    with engine.connect() as conn:
        status = conn.execute(text("SELECT status FROM assignments WHERE id = :a"), {"a": assignment_id}).scalar()
        audits = conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'check_in' AND subject = :s"),
                              {"s": f"assignment:{assignment_id}"}).scalar()
        keys = conn.execute(text("SELECT count(*) FROM idempotency_records WHERE action = :a"),
                            {"a": f"check_in:{assignment_id}"}).scalar()
    return status, audits, keys


def test_offline_check_in_is_queued_and_recorded_once(live, phone, db_engine):
    assignment_id = live["offline_assignment"]
    context = phone()
    page = context.new_page()
    sign_in(page, live["offline"]["phone"])
    page.get_by_role("link", name="任务").click()
    card = page.locator(f"[data-assignment='{assignment_id}']")
    card.wait_for()
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")

    # No network at all: the shell and the last known tasks still open.
    expect_refusal(page, "failed", "/api/v1/")  # every call while offline, and the answer lost below
    context.set_offline(True)
    page.reload()
    card.get_by_role("button", name="到达，签到").wait_for()
    assert page.locator("#net-banner").is_visible()
    card.get_by_role("button", name="到达，签到").click()
    page.get_by_text("网络不通，已保存在手机上，联网后自动提交。").wait_for()
    expect(card).to_have_attribute("data-status", "checked_in")
    expect(card).to_contain_text("待提交")
    shot(page, "offline-1-queued")
    assert _checkins(db_engine, assignment_id) == ("accepted", 0, 0)

    # Back online, the first send reaches the server but its answer is lost.
    sent = []

    def lose_first_answer(route):
        response = route.fetch()  # the server has answered when this returns
        sent.append(route.request.headers.get("idempotency-key"))
        if len(sent) == 1:
            route.abort()
        else:
            route.fulfill(response=response)

    page.route("**/api/v1/assignments/*/check-in", lose_first_answer)
    context.set_offline(False)
    _wait(lambda: len(sent) >= 1, page)
    # The kept item is sent again (here on the next start of the app) with the same key.
    page.reload()
    _wait(lambda: len(sent) >= 2, page)
    page.get_by_text("离线记录已提交。").wait_for()
    assert sent[0] and sent[0] == sent[1]
    assert page.evaluate("JSON.parse(localStorage.getItem('offline-queue') || '[]').length") == 0
    page.reload()
    page.locator(f"[data-assignment='{assignment_id}'][data-status='checked_in']").wait_for()
    shot(page, "offline-2-synced")
    assert _checkins(db_engine, assignment_id) == ("checked_in", 1, 1)


def _wait(condition, page, tries=100):
    for _ in range(tries):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("timed out")
