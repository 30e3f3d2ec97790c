"""A backup taken while the app runs, restored into an empty database: the people, the
records, the points ledger (`flask check-points`) and the search table (`flask
search-reindex --check`) come back whole; a restore never lands on a database in use."""
import os

import pytest

from models import HoursEntry, PointsTransfer, SearchEntry, ServiceRecord, User, db
from tests.conftest import TestConfig
from tests.databases import postgres_database
from tests.helpers import served
from volunteer import create_app


@pytest.fixture
def empty_database(tmp_path):
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        url, drop = postgres_database(server, prefix="volunteer_restore")
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path / 'restored.db'}"


def counts(app) -> dict:
    with app.app_context():
        found = {model.__name__: db.session.query(model).count()
                 for model in (User, ServiceRecord, HoursEntry, PointsTransfer, SearchEntry)}
        db.session.remove()
        return found


def test_a_backup_restored_into_an_empty_database_is_whole(app, client, world, place, runner, tmp_path, empty_database):
    _, record = served(client, world, place)
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["social_worker"]["headers"]).status_code == 200
    taken = counts(app)
    assert taken["PointsTransfer"] >= 1 and taken["SearchEntry"] >= 1
    target = tmp_path / "volunteer.backup"
    done = runner.invoke(args=["backup", str(target)])
    assert done.exit_code == 0, done.output
    assert target.stat().st_size > 10_000

    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings |= {"SQLALCHEMY_DATABASE_URI": empty_database, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    restored = create_app(settings)
    cli = restored.test_cli_runner()
    loaded = cli.invoke(args=["restore", str(target)])
    assert loaded.exit_code == 0, loaded.output
    assert counts(restored) == taken
    points = cli.invoke(args=["check-points"])
    assert points.exit_code == 0 and "ledger total: 0" in points.output, points.output
    search = cli.invoke(args=["search-reindex", "--check"])
    assert search.exit_code == 0, search.output
    again = cli.invoke(args=["restore", str(target)])  # the database is in use now
    assert again.exit_code != 0 and "not empty" in again.output
    with restored.app_context():
        db.engine.dispose()


def test_the_search_check_finds_a_table_that_went_stale(app, world, place, runner):
    world.volunteer(place["grid_id"], name="周敏")
    assert runner.invoke(args=["search-reindex", "--check"]).exit_code == 0
    with app.app_context():
        db.session.execute(SearchEntry.__table__.delete())
        db.session.commit()
    stale = runner.invoke(args=["search-reindex", "--check"])
    assert stale.exit_code == 1 and "differs" in stale.output
    assert runner.invoke(args=["search-reindex"]).exit_code == 0
    assert runner.invoke(args=["search-reindex", "--check"]).exit_code == 0


def test_a_missing_backup_file_is_a_clear_error(runner, tmp_path, empty_database):
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings |= {"SQLALCHEMY_DATABASE_URI": empty_database, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    restored = create_app(settings)
    missing = restored.test_cli_runner().invoke(args=["restore", str(tmp_path / "nothing.backup")])
    assert missing.exit_code != 0 and "no such file" in missing.output
    with restored.app_context():
        db.engine.dispose()
