"""The bell: unread notifications counted in the header, listed, opened, marked read."""
import pytest
from sqlalchemy import select

from models import Need, db
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from volunteer import create_app
from volunteer.config import TestConfig
from volunteer.notify.services import notify

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)


def _notify_staff(live) -> int:
    """Two notifications about the seeded need for the street's staff member; its id."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    app = create_app(settings)
    with app.app_context():
        need_id = db.session.scalar(select(Need.id).where(Need.title == "打扫楼道"))
        staff = live["admin"]["id"]
        notify(staff, "offer_accepted", f"need:{need_id}", name="吴敏", title="打扫楼道", taken=1, slots=1)
        notify(staff, "need_escalated", f"need:{need_id}", title="打扫楼道", minutes=30, taken=1, slots=2)
        db.session.commit()
        db.engine.dispose()
    return need_id


def test_the_bell_counts_unread_notifications_and_each_opens_what_it_is_about(live, phone):
    need_id = _notify_staff(live)
    page = phone().new_page()
    sign_in(page, live["admin"]["phone"])
    bell = page.get_by_role("link", name="通知，2 条未读")
    bell.wait_for()
    assert page.locator("#bell-count").inner_text() == "2"
    bell.click()
    page.get_by_role("heading", name="通知").wait_for()
    items = page.locator("[data-notice]")
    assert items.count() == 2
    assert "紧急需求无人接" in items.nth(0).inner_text()  # newest first
    assert "吴敏 接受了「打扫楼道」" in items.nth(1).inner_text()
    assert items.filter(has_text="未读").count() == 2
    shot(page, "notices-1-unread")
    assert_accessible(page)

    items.nth(0).get_by_role("button", name="查看").click()
    page.wait_for_url(f"**/#/need/{need_id}")
    page.get_by_role("link", name="通知，1 条未读").wait_for()

    page.get_by_role("link", name="通知，1 条未读").click()
    page.get_by_role("button", name="全部标为已读").click()
    page.get_by_text("已全部标为已读。").wait_for()
    page.get_by_role("link", name="通知", exact=True).wait_for()
    assert page.locator("#bell-count").is_hidden()
    assert page.locator("[data-notice]").filter(has_text="未读").count() == 0
    shot(page, "notices-2-read")
    assert_accessible(page)
