"""Browser tests: the app served live on 127.0.0.1, driven by Debian's chromium.

Playwright for Python drives /usr/bin/chromium (no browser is ever downloaded). Without
that chromium the browser tests are skipped at collection time, and the run says so
loudly at the top; on CI and on the developers' machines it is installed, so they run.
"""
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from tests.conftest import CENTRE
from tests.databases import postgres_database
from tests.e2e.screen import check_screen, watch
from tests.e2e.server import PASSWORD, seed, start, stop

CHROMIUM = "/usr/bin/chromium"
HAVE_CHROMIUM = os.access(CHROMIUM, os.X_OK)
NO_CHROMIUM = f"NO CHROMIUM AT {CHROMIUM}: THE BROWSER TESTS ARE SKIPPED (apt-get install -y chromium)"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE_SIZE = {"width": 360, "height": 640}


def pytest_report_header(config):
    if HAVE_CHROMIUM:
        return f"browser tests: chromium at {CHROMIUM}"
    return ["!" * 78, f"!!! {NO_CHROMIUM}", "!" * 78]


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """The app on a free port over a fresh database; stopped by its pid at the end."""
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        url, drop = postgres_database(server)
    else:
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}", (lambda: None)
    try:
        people = seed(url)
        proc, base = start(url, tmp_path_factory.mktemp("e2e-log") / "server.log")
        try:
            yield {"base": base, "url": url, **people}
        finally:
            stop(proc)
    finally:
        drop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live):
    """Open a 360x640 phone at a position: phone(lat, lng) -> a browser context.

    Every page it opens is watched (console errors, failed requests), and the screen each
    page is left on is checked at the end of the test (see screen.py).
    """
    contexts = []

    def open_phone(lat=CENTRE[0], lng=CENTRE[1], zone="Asia/Shanghai"):
        context = browser.new_context(
            viewport=PHONE_SIZE, base_url=live["base"], locale="zh-CN", timezone_id=zone,
            geolocation={"latitude": lat, "longitude": lng, "accuracy": 10}, permissions=["geolocation"],
            has_touch=True, is_mobile=True, device_scale_factor=1)
        context.set_default_timeout(15000)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield open_phone
    try:
        for context in contexts:
            for page in context.pages:
                if not page.is_closed() and page.url.startswith(live["base"]):
                    check_screen(page)
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def db_engine(live):
    engine = create_engine(live["url"])
    yield engine
    engine.dispose()


def shot(page, name: str) -> None:
    """A step's end: the screen is checked (screen.py), then kept as a picture."""
    check_screen(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, phone_number: str) -> None:
    page.goto("/")
    page.get_by_label("手机号").fill(phone_number)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_selector("nav#tabs:not([hidden])")


FRESH_PASSWORD = "a-long-pass"


def sign_up(page, name: str, number: str) -> None:
    """A fresh sign-up on the phone, in Chinese, in the nearest grid; left signed in."""
    page.goto("/")
    page.get_by_role("button", name="没有账号？注册").click()
    page.get_by_label("真实姓名").fill(name)
    page.get_by_label("手机号").fill(number)
    page.get_by_label("密码").fill(FRESH_PASSWORD)
    page.get_by_label("我已阅读并同意《个人信息保护说明》").check()
    page.get_by_role("button", name="找我附近的网格").click()
    page.get_by_role("radio").first.wait_for()
    page.get_by_role("button", name="注册并登录").click()
    page.wait_for_selector("nav#tabs:not([hidden])")


LANG_API = """async ([path, lang]) => {
  const r = await fetch('/api/v1' + path, { headers: { Accept: 'application/json', 'Accept-Language': lang },
    credentials: 'same-origin' });
  return { status: r.status, body: await r.json() };
}"""


def api_as(page, path: str, lang: str):
    """GET /api/v1<path> as the page's signed-in person, in their language; must answer 200."""
    answer = page.evaluate(LANG_API, [path, lang])
    assert answer["status"] == 200, answer
    return answer["body"]


def to_english(page) -> None:
    page.locator("#lang-toggle").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'")


def app_over(live):
    """An app over the live server's database, for a test's own fixtures."""
    from tests.conftest import TestConfig
    from volunteer import create_app
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    return create_app(settings)
