"""How a read ends: COMMIT when it wrote nothing (prepared statements survive), else ROLLBACK."""
from itertools import islice

from sqlalchemy import event, select, text, update
from sqlalchemy.orm import Session

from models import User, db
from tests.conftest import CENTRE
from tests.helpers import post_need
from volunteer.database import end_read
from volunteer.geo import Point
from volunteer.matching import search_index


def _prepared_searches(connection) -> int:
    return connection.execute(text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :table"),
                              {"table": "%volunteer_search%"}).scalar()


def test_a_read_that_wrote_nothing_commits_and_keeps_the_prepared_search(app, world, place):
    volunteer = world.volunteer(place["grid_id"])
    with app.app_context(), db.engine.connect() as connection:
        session = Session(bind=connection)
        skill = session.scalar(text("SELECT id FROM skills WHERE code = 'elder_daily_care'"))
        for _ in range(2):  # two reads, as two requests on one pooled connection
            found = list(islice(search_index.nearest(session.connection(), Point(*CENTRE), 5000, [skill]), 5))
            assert [hit.user_id for hit in found] == [volunteer["id"]]
            assert end_read(session) == "commit"
            assert not connection.in_transaction()
        if connection.dialect.name == "postgresql":
            assert _prepared_searches(connection) == 1  # prepared once, still there after both
        session.close()


def test_a_read_that_wrote_is_rolled_back(app, world, place):
    resident = place["resident"]
    with app.app_context():
        db.session.execute(update(User).where(User.id == resident["id"]).values(name="改过的名字"))
        assert end_read(db.session()) == "rollback"
        db.session.get(User, resident["id"]).name = "又改了"  # changed in memory, not flushed
        assert end_read(db.session()) == "rollback"
        assert db.session.scalar(select(User.name).where(User.id == resident["id"])) == "赵秀英"
        db.session.rollback()


def test_a_read_with_no_transaction_has_nothing_to_end(app):
    with app.app_context():
        assert end_read(db.session()) is None


def test_a_get_request_ends_with_commit(app, client, world, place):
    world.volunteer(place["grid_id"])
    need = post_need(client, place)
    ends = []
    with app.app_context():
        engine = db.engine
    listeners = {"commit": lambda conn: ends.append("commit"), "rollback": lambda conn: ends.append("rollback")}
    for name, listener in listeners.items():
        event.listen(engine, name, listener)
    try:
        r = client.get(f"/api/v1/needs/{need['id']}/candidates", headers=place["social_worker"]["headers"])
        assert r.status_code == 200 and len(r.json) == 1
        assert ends == ["commit"]
    finally:
        for name, listener in listeners.items():
            event.remove(engine, name, listener)


def test_connections_the_database_dropped_are_replaced_without_a_failed_request(app, client, place):
    """An operator (or a failover) terminates every connection: the next requests answer as usual."""
    from models import db
    from tests.databases import terminate_backends
    headers = place["social_worker"]["headers"]
    assert client.get("/api/v1/needs", headers=headers).status_code == 200  # the pool holds a connection now
    with app.app_context():
        assert db.engine.pool._pre_ping is True
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql"):
        assert terminate_backends(url) >= 1
    answers = [client.get("/api/v1/needs", headers=headers).status_code for _ in range(5)]
    assert answers == [200] * 5
