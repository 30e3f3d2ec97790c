"""The public board (公示) on a phone: a resident opens their grid's board from Me, staff
open their community's from the dashboard, both in their language, and every figure shown
is the API's; nobody's name or phone is on it."""
import re

import pytest

from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_board_shows_the_apis_figures_without_personal_data(live, phone, browser, lang):
    page = phone().new_page()
    sign_in(page, live["resident"]["phone"])
    if lang == "en":
        page.locator("#lang-toggle").click()
        page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.locator("#tabs a[href='#/settings']").click()
    link = page.locator("[data-board-link]")
    href = link.get_attribute("href")
    assert href == f"/board/grid/{live['grid_id']}"
    reader = browser.new_context(viewport={"width": 360, "height": 640}, base_url=live["base"],
                                 locale="zh-CN" if lang == "zh" else "en")  # anyone, not signed in
    board_page = reader.new_page()
    board_page.goto(href)
    title = board_page.locator("h1").inner_text()
    assert title.endswith("志愿服务公示" if lang == "zh" else "volunteer service notice")
    board = board_page.evaluate(f"fetch('/api/v1/boards/grids/{live['grid_id']}').then((r) => r.json())")
    shown = board_page.locator("[data-figure='volunteers']").inner_text()
    assert re.match(rf"{board['volunteers']['registered']}\D", shown)
    ratio = board["volunteers"]["ratio"]
    assert (f"{ratio * 100:.1f}%" if ratio is not None else "—") in shown
    hours = board_page.locator("[data-figure='hours']").inner_text()
    assert re.sub(r"[^\d.]", "", hours) == f"{float(board['hours']):g}"
    workers = board_page.locator("[data-figure='workers']").inner_text()
    assert workers.startswith(str(board["social_workers"]["count"]))
    text = board_page.content()
    for secret in (live["worker"]["phone"], "王芳", live["resident"]["phone"]):
        assert secret not in text
    board_page.screenshot(path=f"tests/e2e/artifacts/board-{lang}.png", full_page=True)
    reader.close()
    shot(page, f"settings-board-link-{lang}")


def test_staff_find_the_boards_of_their_community_on_the_dashboard(live, phone):
    page = phone().new_page()
    sign_in(page, live["worker"]["phone"])
    page.locator("#tabs a[href='#/dashboard']").click()
    links = page.locator("[data-board]")
    links.first.wait_for()
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert f"/board/grid/{live['grid_id']}" in hrefs and any(h.startswith("/board/community/") for h in hrefs)
