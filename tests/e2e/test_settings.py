"""English on request and a larger-text mode for elderly eyes, kept across visits; a new
password that signs out the other phones."""
import json
import urllib.request

import pytest

from tests.conftest import PRIVACY
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from tests.e2e.screen import expect_refusal

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)


def test_english_and_larger_text_are_one_tap_away_and_remembered(live, phone):
    page = phone().new_page()
    sign_in(page, live["resident"]["phone"])
    normal = page.get_by_role("button", name="买菜代办").bounding_box()["height"]
    page.get_by_role("link", name="我的", exact=True).click()
    page.get_by_label("大字模式").check()
    page.get_by_role("button", name="English").click()
    page.get_by_label("Larger text").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    with page.expect_request("**/api/v1/**") as sent:
        page.reload()
    assert sent.value.headers["accept-language"] == "en"  # so the API's messages come in English
    page.get_by_role("link", name="Ask", exact=True).click()
    big = page.get_by_role("button", name="Shopping").bounding_box()["height"]
    assert big > normal * 1.15
    assert page.get_by_role("heading", name="What do you need?").is_visible()
    shot(page, "settings-english-large")
    assert_accessible(page)
    # The three steps speak English too.
    page.get_by_role("button", name="Shopping").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Choose a place first.").first.wait_for()


def test_times_read_and_are_entered_in_shanghai_time_whatever_the_phones_zone(live, phone):
    """A phone left on London time still shows and sends the community's times."""
    page = phone(zone="Europe/London").new_page()
    page.goto("/")
    shown, sent, prefilled = page.evaluate("""async () => {
        const ui = await import('/static/js/ui.js');
        return [ui.when('2026-12-01T01:30:00+00:00'), ui.isoFromInput('2026-12-01T09:30'),
                ui.localInput(new Date('2026-12-01T01:30:00Z'))];
    }""")
    assert "09:30" in shown
    assert sent == "2026-12-01T09:30:00+08:00"
    assert prefilled == "2026-12-01T09:30"


def test_a_new_screen_opens_at_its_top(live, phone):
    page = phone().new_page()
    sign_in(page, live["resident"]["phone"])
    page.get_by_role("button", name="买菜代办").wait_for()
    # Room below whatever screen is drawn, so only the app can bring the page back up.
    page.evaluate("document.body.append(Object.assign(document.createElement('div'), {style: 'height: 3000px'}))")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 200
    page.get_by_role("link", name="我的求助").click()
    page.wait_for_function("() => document.body.dataset.screen === 'requests'")
    assert page.evaluate("window.scrollY") == 0


PASSWORDS = {"zh": ("a-long-pass-1", "黄河边的小屋2026"), "en": ("a-long-pass-2", "river-side-house-26")}
WORDS = {"zh": {"me": "我的", "current": "当前密码", "new": "新密码", "save": "保存新密码",
                "changed": "密码已修改，其他设备已退出登录。"},
         "en": {"me": "Me", "current": "Current password", "new": "New password", "save": "Save the new password",
                "changed": "Password changed; other devices are signed out."}}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_new_account_changes_its_password_and_its_other_phones_are_signed_out(live, phone, lang):
    old, new = PASSWORDS[lang]
    number = {"zh": "13980000001", "en": "13980000002"}[lang]  # beyond the phones the other files use
    words = WORDS[lang]
    body = json.dumps({"phone": number, "password": old, "name": "新居民", "grid_id": live["grid_id"],
                       "privacy_version": PRIVACY}).encode()
    request = urllib.request.Request(f"{live['base']}/api/v1/auth/register", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as made:
        assert made.status == 202
    first, second = phone().new_page(), phone().new_page()
    for page in (first, second):
        page.goto("/")
        page.get_by_label("手机号").fill(number)
        page.get_by_label("密码").fill(old)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_selector("nav#tabs:not([hidden])")
    first.get_by_role("link", name="我的", exact=True).click()
    if lang == "en":
        first.get_by_role("button", name="English").click()
    first.get_by_role("link", name=words["me"], exact=True).click()
    # A wrong current password: the API's own sentence, next to its field.
    expect_refusal(first, 422, "/api/v1/me/password")
    first.get_by_label(words["current"]).fill("not-the-password")
    first.get_by_label(words["new"]).fill(new)
    with first.expect_response("**/api/v1/me/password") as answer:
        first.get_by_role("button", name=words["save"]).click()
    said = answer.value.json()["error"]["fields"]["current_password"]
    shown = first.locator('[data-error-for="current_password"]')
    shown.wait_for()
    assert shown.inner_text() == said and said == {"zh": "当前密码不正确。", "en": "The current password is not right."}[lang]
    shot(first, f"password-wrong-{lang}")
    first.get_by_label(words["current"]).fill(old)
    first.get_by_label(words["new"]).fill(new)
    with first.expect_response("**/api/v1/me/password") as answer:
        first.get_by_role("button", name=words["save"]).click()
    assert answer.value.status == 204
    first.get_by_text(words["changed"]).wait_for()
    shot(first, f"password-changed-{lang}")
    # This phone stays signed in; the other one is not any more.
    assert first.evaluate("() => fetch('/api/v1/me').then((r) => r.status)") == 200
    expect_refusal(second, 401, "/api/v1/me")
    assert second.evaluate("() => fetch('/api/v1/me').then((r) => r.status)") == 401
    third = phone().new_page()
    third.goto("/")
    third.get_by_label("手机号").fill(number)
    third.get_by_label("密码").fill(new)
    third.get_by_role("button", name="登录", exact=True).click()
    third.wait_for_selector("nav#tabs:not([hidden])")
