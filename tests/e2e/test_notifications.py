"""The bell: unread notifications counted in the header, listed, opened, marked read."""
import base64
import json

import pytest
from sqlalchemy import select, text

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


# A browser's push service lives on the internet; the test stands in for it at 127.0.0.1.
FAKE_PUSH = """(() => {
  const subscription = { endpoint: '%(endpoint)s', keys: { p256dh: '%(p256dh)s', auth: 'c2VjcmV0LWF1dGgtMTIzNA' } };
  const made = { ...subscription, toJSON: () => subscription, unsubscribe: async () => true };
  let current = null;
  PushManager.prototype.subscribe = async function () { current = made; return made; };
  PushManager.prototype.getSubscription = async function () { return current; };
})();"""


def _browser_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()


def test_this_phone_subscribes_to_web_push_and_shows_a_pushed_message(live, phone, db_engine):
    context = phone()
    context.grant_permissions(["notifications"])
    endpoint = f"{live['base']}/fake-push/{live['helper']['id']}"
    context.add_init_script(FAKE_PUSH % {"endpoint": endpoint, "p256dh": _browser_key()})
    page = context.new_page()
    sign_in(page, live["helper"]["phone"])
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.locator("#bell").click()
    page.get_by_role("button", name="在本机接收推送通知").click()
    page.get_by_text("本机已开启推送通知。").first.wait_for()
    with db_engine.connect() as connection:
        owner = connection.execute(text("SELECT user_id FROM push_subscriptions WHERE endpoint = :e"),
                                   {"e": endpoint}).scalar()
    assert owner == live["helper"]["id"]

    # The service worker shows what the server pushes (delivered here through DevTools).
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if registrations:
            break
        page.wait_for_timeout(100)
    registration = next(r for r in registrations if r["scopeURL"].startswith(live["base"]))
    message = {"title": "服务即将开始", "body": "「打扫楼道」将于 12-01 09:00 开始。", "tag": "notification-1",
               "url": "/#/notices"}
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": live["base"], "registrationId": registration["registrationId"],
                                                 "data": json.dumps(message, ensure_ascii=False)})
    shown = None
    for _ in range(50):
        shown = page.evaluate("""async () => {
            const list = await (await navigator.serviceWorker.ready).getNotifications();
            return list.map((n) => [n.title, n.body, n.data.url]);
        }""")
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == [[message["title"], message["body"], "/#/notices"]]
