"""English on request and a larger-text mode for elderly eyes, kept across visits."""
import pytest

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in

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
