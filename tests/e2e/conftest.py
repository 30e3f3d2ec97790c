"""Browser tests: the app served live on 127.0.0.1, driven by Debian's chromium.

Playwright for Python drives /usr/bin/chromium (no browser is ever downloaded). Without
that chromium the browser tests are skipped at collection time, and the run says so
loudly at the top; on CI and on the developers' machines it is installed, so they run.
"""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine

from models import Role, User, db
from models.needs import Urgency
from tests.conftest import CENTRE, TestConfig, World, _postgres_database
from volunteer import clock, create_app
from volunteer.people.services import ensure_skills

CHROMIUM = "/usr/bin/chromium"
HAVE_CHROMIUM = os.access(CHROMIUM, os.X_OK)
NO_CHROMIUM = f"NO CHROMIUM AT {CHROMIUM}: THE BROWSER TESTS ARE SKIPPED (apt-get install -y chromium)"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "secret123"
PHONE_SIZE = {"width": 360, "height": 640}


def pytest_report_header(config):
    if HAVE_CHROMIUM:
        return f"browser tests: chromium at {CHROMIUM}"
    return ["!" * 78, f"!!! {NO_CHROMIUM}", "!" * 78]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(url: str) -> dict:
    """A community with a grid, its social worker, a resident and two volunteers.

    The second volunteer already holds a need that is under way now (for the offline
    check-in); the first is left for the whole loop to find.
    """
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = url
    app = create_app(settings)
    with app.app_context():
        upgrade()
        ensure_skills()
    world = World(app)
    community_id = world.community()
    grid_id = world.grid(community_id)
    worker = world.social_worker(community_id, grid_id, name="王芳")
    resident = world.user("赵秀英", roles=[(Role.resident, grid_id, None)])
    helper = world.volunteer(grid_id, offset_m=(100, 0), skills=("shopping_errands",), name="周杰")
    offline = world.volunteer(grid_id, offset_m=(200, 0), skills=("cleaning",), name="吴敏")
    admin = world.user("街道干部", roles=[(Role.admin, None, None)])
    with app.app_context():
        from volunteer.assignments.services import assign
        from volunteer.needs.services import create_need

        actor = db.session.get(User, worker["id"])
        now = clock.now()
        need = create_need(actor, title="打扫楼道", skills=["cleaning"], starts_at=now - timedelta(minutes=10),
                           ends_at=now + timedelta(hours=2), urgency=Urgency.normal, grid_id=grid_id,
                           position={"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"})
        assignment = assign(db.session.get(User, worker["id"]), need.id, offline["id"])
        offline_assignment = assignment.id
        db.engine.dispose()
    return {"grid_id": grid_id, "worker": worker, "resident": resident, "helper": helper,
            "offline": offline, "offline_assignment": offline_assignment, "admin": admin}


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """The app on a free port over a fresh database; stopped by its pid at the end."""
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        url, drop = _postgres_database(server)
    else:
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}", (lambda: None)
    seed = _seed(url)
    port = _free_port()
    log = open(tmp_path_factory.mktemp("e2e-log") / "server.log", "w")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "e2e-secret", "RUN_SCHEDULER": "0",
           "PASSWORD_METHOD": TestConfig.PASSWORD_METHOD}
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "run", "--host", "127.0.0.1",
                             "--port", str(port), "--no-reload", "--no-debugger"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/api/v1/health", proc)
        yield {"base": base, "url": url, **seed}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        drop()


def _wait_for(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url}")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live):
    """Open a 360x640 phone at a position: phone(lat, lng) -> a browser context."""
    contexts = []

    def open_phone(lat=CENTRE[0], lng=CENTRE[1]):
        context = browser.new_context(
            viewport=PHONE_SIZE, base_url=live["base"], locale="zh-CN", timezone_id="Asia/Shanghai",
            geolocation={"latitude": lat, "longitude": lng, "accuracy": 10}, permissions=["geolocation"],
            has_touch=True, is_mobile=True, device_scale_factor=1)
        context.set_default_timeout(15000)
        contexts.append(context)
        return context

    yield open_phone
    for context in contexts:
        context.close()


@pytest.fixture
def db_engine(live):
    engine = create_engine(live["url"])
    yield engine
    engine.dispose()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, phone_number: str) -> None:
    page.goto("/")
    page.get_by_label("手机号").fill(phone_number)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_selector("nav#tabs:not([hidden])")
