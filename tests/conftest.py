"""Fixtures: a database made for this run (SQLite file, or PostgreSQL when
TEST_DATABASE_URL names a server) built by the migrations, emptied after every test."""
import os
from datetime import datetime, timedelta, timezone

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete, text

from models import Base, Community, Grid, Notification, Role, User, UserRole, db
from models.places import CommunityKind
from tests.databases import postgres_database
from volunteer import clock, create_app
from volunteer.accounts.services import hash_password
from volunteer.auth import issue_token
from volunteer.config import TestConfig
from volunteer.extensions import limiter
from volunteer.people.services import ensure_skills, save_social_worker_profile, save_volunteer_profile

# Centre of the test grid: 黄河路, Jinshui district, Zhengzhou (WGS-84).
CENTRE = (34.7766, 113.6801)
ALL_WEEK = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]


@pytest.fixture(scope="session", autouse=True)
def _clock_at():
    """CLOCK_AT=2026-12-01T00:30+08:00 runs the whole suite as if it started at that moment."""
    moment = os.environ.get("CLOCK_AT")
    if moment:
        clock.shift_to(datetime.fromisoformat(moment))
    yield
    clock.shift_to(None)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        url, drop = postgres_database(server)
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def _app(database_url):
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = database_url
    if not database_url.startswith("sqlite"):  # a deployment on a server database must name its address
        settings["PUBLIC_BASE_URL"] = "http://127.0.0.1:8000"
    application = create_app(settings)
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


def _empty_all_tables():
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            db.session.execute(text(f"DELETE FROM {name}"))
    db.session.commit()


@pytest.fixture
def app(_app):
    """The app over an empty database holding only the skills taxonomy."""
    with _app.app_context():
        _empty_all_tables()
        ensure_skills()
        db.session.remove()
        limiter.reset()  # sign-in limits count per test
    settings = dict(_app.config)  # a test may change settings; the next one starts clean
    yield _app
    _app.config.clear()
    _app.config.update(settings)
    with _app.app_context():
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class World:
    """Builds people and places for a test, each call in its own app context."""

    def __init__(self, app):
        self.app = app
        self._phone = 13800000000

    def ctx(self):
        return self.app.app_context()

    def community(self, name="黄河路社区", kind=CommunityKind.urban) -> int:
        with self.ctx():
            c = Community(name=name, kind=kind, households=2400, residents=6800,
                          street="丰产路街道", district="金水区", city="郑州市")
            db.session.add(c)
            db.session.commit()
            return c.id

    def grid(self, community_id: int, code="HHL-01", centre=CENTRE, name="第一网格") -> int:
        with self.ctx():
            g = Grid(code=code, name=name, community_id=community_id, households=420,
                     centre_lat=centre[0], centre_lng=centre[1])
            db.session.add(g)
            db.session.commit()
            return g.id

    def user(self, name="张伟", roles=(), password="secret123") -> dict:
        """A user with (role, grid_id, community_id) tuples; returns id, phone, auth headers."""
        self._phone += 1
        with self.ctx():
            u = User(phone=str(self._phone), name=name, password_hash=hash_password(password))
            for role, grid_id, community_id in roles:
                u.roles.append(UserRole(role=role, grid_id=grid_id, community_id=community_id))
            db.session.add(u)
            db.session.flush()
            token = issue_token(u)
            db.session.commit()
            return {"id": u.id, "phone": u.phone, "headers": {"Authorization": f"Bearer {token}"}}

    def volunteer(self, grid_id: int, offset_m=(0, 0), skills=("elder_daily_care",), radius=3000,
                  availability=ALL_WEEK, verified=True, name="李娜") -> dict:
        """A volunteer living `offset_m` (north, east) metres from the grid centre."""
        person = self.user(name, roles=[(Role.resident, grid_id, None)])
        with self.ctx():
            u = db.session.get(User, person["id"])
            lat = CENTRE[0] + offset_m[0] / 111_320
            lng = CENTRE[1] + offset_m[1] / (111_320 * 0.8217)
            profile = save_volunteer_profile(
                u, position={"lat": lat, "lng": lng, "crs": "wgs84"}, skills=list(skills),
                availability=list(availability), service_radius_m=radius, on_duty=True,
                home_grid_id=grid_id, consent=True)
            if verified:  # verified long ago: the application and its news are past
                from models.people import VolunteerStatus
                profile.status = VolunteerStatus.verified
                db.session.execute(delete(Notification).where(Notification.kind == "volunteer_applied",
                                                              Notification.subject == f"volunteer:{u.id}"))
                db.session.commit()
        return person

    def street_admin(self) -> User:
        """The street's admin, who registers social workers (made once per world)."""
        if not hasattr(self, "_street_admin"):
            self._street_admin = self.user("街道管理员", roles=[(Role.admin, None, None)])["id"]
        return db.session.get(User, self._street_admin)

    def social_worker(self, community_id: int, grid_id: int, name="王芳", skills=("psychological_counselling",)):
        person = self.volunteer(grid_id, skills=skills, name=name)
        with self.ctx():
            save_social_worker_profile(self.street_admin(), person["id"], licence_level="intermediate",
                                       licence_number="SW-2024-0001", organisation="阳光社工中心",
                                       specialties=list(skills), community_ids=[community_id])
        return person


@pytest.fixture
def world(app):
    return World(app)


@pytest.fixture
def place(world):
    """One urban community with one grid, its manager, its social worker and a resident."""
    community_id = world.community()
    grid_id = world.grid(community_id)
    manager = world.user("刘洋", roles=[(Role.grid_manager, grid_id, None)])
    worker = world.social_worker(community_id, grid_id)
    resident = world.user("赵秀英", roles=[(Role.resident, grid_id, None)])
    return {"community_id": community_id, "grid_id": grid_id, "manager": manager,
            "social_worker": worker, "resident": resident}


PRIVACY = TestConfig.PRIVACY_NOTICE_VERSION  # the notice a registration accepts


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    """Tomorrow at hour:minute in Asia/Shanghai, as an aware datetime."""
    local = clock.local(clock.now()) + timedelta(days=1)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def iso(moment: datetime) -> str:
    return moment.isoformat()


def utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)
