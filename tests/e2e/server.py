"""A live server for the browser tests and the page-weight bench: a fresh database with a
small community in it, and the app started as its own process on a free port."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade

from models import Role, User, db
from models.needs import Urgency
from tests.conftest import CENTRE, TestConfig, World
from volunteer import clock, create_app
from volunteer.people.services import ensure_skills

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "secret123"  # World's default password


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(url: str, open_needs: int = 0) -> dict:
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
        for n in range(open_needs):  # open needs around the grid for the "near me" list
            create_need(db.session.get(User, worker["id"]), title=f"帮老人买菜 {n + 1}", skills=["shopping_errands"],
                        starts_at=now + timedelta(hours=3 + n), ends_at=now + timedelta(hours=5 + n),
                        urgency=Urgency.normal, grid_id=grid_id, slots=2,
                        position={"lat": CENTRE[0] + 0.002 * (n % 5), "lng": CENTRE[1] + 0.002 * (n // 5),
                                  "crs": "wgs84"})
        db.engine.dispose()
    return {"grid_id": grid_id, "worker": worker, "resident": resident, "helper": helper,
            "offline": offline, "offline_assignment": offline_assignment, "admin": admin}



def start(url: str, log_path: Path) -> tuple[subprocess.Popen, str]:
    """Start the app over `url` on a free port; returns the process and its base URL."""
    port = free_port()
    log = open(log_path, "w")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "e2e-secret", "RUN_SCHEDULER": "0",
           "PASSWORD_METHOD": TestConfig.PASSWORD_METHOD,
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",  # what a deployment names for printed links
           "PUSH_ENDPOINT_HOSTS": "127.0.0.1"}  # the browser tests' stand-in push service
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "run", "--host", "127.0.0.1",
                             "--port", str(port), "--no-reload", "--no-debugger"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/v1/health", proc)
    except Exception:
        stop(proc)
        raise
    return proc, base


def stop(proc: subprocess.Popen) -> None:
    """Stop the server we started, by its pid."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
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


