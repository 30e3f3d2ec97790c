"""个人信息保护法 on the phone: a fresh sign-up accepts the notice, later sees who viewed their
address and phone, takes a copy of everything, and deletes the account. In Chinese and English."""
import urllib.request

import pytest

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from tests.e2e.screen import check_screen, expect_refusal

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)

PASSWORD = "river-house-2026"
WORDS = {
    "zh": {"register": "没有账号？注册", "name": "真实姓名", "phone": "手机号", "password": "密码", "near": "找我附近的网格",
           "consent": "我已阅读并同意《个人信息保护说明》", "submit": "注册并登录", "me": "我的",
           "accept_first": "请阅读并同意《个人信息保护说明》。", "who": "谁查看过我的住址和电话",
           "delete": "注销账户", "current": "输入密码以确认注销", "download": "下载我的全部信息",
           "accepted": "已于 {at} 同意说明（版本 {version}）。", "read": "{at} {who} 查看（求助 #{id}）"},
    "en": {"register": "No account? Register", "name": "Real name", "phone": "Mobile number", "password": "Password",
           "near": "Find grids near me", "consent": "I have read and accept the personal information notice",
           "submit": "Register and sign in", "me": "Me", "accept_first": "Read and accept the personal information notice.",
           "who": "Who viewed my address and phone", "delete": "Delete my account", "current": "Your password, to confirm",
           "download": "Download everything held about me",
           "accepted": "Notice accepted on {at} (version {version}).", "read": "{at} {who} viewed (request #{id})"},
}


def _staff_reads_requests(live):
    request = urllib.request.Request(f"{live['base']}/api/v1/requests", headers=live["worker"]["headers"])
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200


@pytest.mark.parametrize("lang,number", [("zh", "13990000001"), ("en", "13990000002")])
def test_a_new_account_accepts_the_notice_sees_who_viewed_it_takes_a_copy_and_leaves(live, phone, lang, number):
    words = WORDS[lang]
    page = phone().new_page()
    page.goto("/")
    if lang == "en":
        page.locator("#lang-toggle").click()
        page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.get_by_role("button", name=words["register"]).click()
    page.get_by_label(words["name"]).fill("黄丽")
    page.get_by_label(words["phone"]).fill(number)
    page.get_by_label(words["password"]).fill(PASSWORD)
    page.get_by_role("button", name=words["near"]).click()
    page.get_by_role("radio").first.wait_for()
    expect_refusal(page, 422, "/api/v1/auth/register")
    page.get_by_role("button", name=words["submit"]).click()  # the notice not accepted: asked, nothing made
    page.locator("[data-error-for='privacy_version']").get_by_text(words["accept_first"]).wait_for()
    check_screen(page)
    page.get_by_label(words["consent"]).check()
    page.get_by_role("button", name=words["submit"]).click()
    page.wait_for_selector("nav#tabs:not([hidden])")

    # She asks for help; her grid's social worker reads the queue, and so her address.
    asked = page.evaluate("""async () => {
        const me = await (await fetch('/api/v1/me')).json();
        const r = await fetch('/api/v1/requests', {method: 'POST', credentials: 'same-origin',
          headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token},
          body: JSON.stringify({description: '帮忙买菜', address: '3号院2号楼101',
                                position: {lat: 34.7466, lng: 113.6253, crs: 'wgs84'}})});
        return {status: r.status, body: await r.json(), me: me.user};
    }""")
    assert asked["status"] == 201, asked
    _staff_reads_requests(live)

    page.get_by_role("link", name=words["me"], exact=True).click()
    me = asked["me"]
    shown = page.locator("[data-privacy-version]")
    assert shown.get_attribute("data-privacy-version") == me["privacy_version"]
    at = page.evaluate("(iso) => import('/static/js/ui.js').then((ui) => ui.when(iso))", me["privacy_accepted_at"])
    assert shown.inner_text() == words["accepted"].format(at=at, version=me["privacy_version"])
    with page.expect_response("**/api/v1/me/audit**") as log:
        page.get_by_role("button", name=words["who"]).click()
    item = log.value.json()["items"][0]
    assert (item["action"], item["via"]) == ("read_personal", f"request:{asked['body']['id']}")
    line = page.locator(f"[data-audit-id='{item['id']}']")
    at = page.evaluate("(iso) => import('/static/js/ui.js').then((ui) => ui.when(iso))", item["at"])
    assert line.inner_text() == words["read"].format(at=at, who=item["actor_name"], id=asked["body"]["id"])
    assert item["actor_name"] == "王*"
    shot(page, f"personal-data-{lang}")
    assert_accessible(page)

    copy = page.request.get(page.get_by_role("link", name=words["download"]).get_attribute("href"))
    data = copy.json()
    assert data["account"]["phone"] == number and data["help_requests"][0]["address"] == "3号院2号楼101"

    page.get_by_text(words["delete"], exact=True).first.click()
    page.get_by_label(words["current"]).fill(PASSWORD)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_response("**/api/v1/me/deletion") as deleted:
        page.get_by_role("button", name=words["delete"]).click()
    assert deleted.value.status == 204
    page.get_by_label(words["phone"]).wait_for()  # back at the sign-in screen
    expect_refusal(page, 401, "/api/v1/me")
    assert page.evaluate("() => fetch('/api/v1/me').then((r) => r.status)") == 401
