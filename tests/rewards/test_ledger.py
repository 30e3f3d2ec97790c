"""The points ledger: every movement has two sides, the whole sums to zero, rows never change,
and the cached balances are proved equal to the sums."""
import pytest
from sqlalchemy import delete, select, text, update

from models import PointsBalance, PointsTransfer, Redemption, db
from models.records import AppendOnlyViolation
from volunteer import clock
from volunteer.rewards.ledger import check_balances, ledger_sums
from tests.conftest import tomorrow_at
from tests.helpers import at_place, post_need
from tests.rewards.helpers import add_reward, balance, credit


def _confirmed_service(client, world, place, name):
    need = post_need(client, place, resident_id=place["resident"]["id"])
    v = world.volunteer(place["grid_id"], name=name)
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
    with clock.freeze(tomorrow_at(11)):
        record = client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"], json=at_place()).json
    assert client.post(f"/api/v1/records/{record['id']}/confirm",
                       headers=place["social_worker"]["headers"]).status_code == 200
    return v


def test_a_realistic_mix_of_movements_sums_to_zero_and_matches_the_cache(app, client, world, place):
    """Service credits from two communities, gifts, redemptions and refusals."""
    volunteers = [_confirmed_service(client, world, place, name) for name in ("孙丽", "周强", "吴敏")]
    other = world.community("金水社区")
    credit(app, volunteers[0]["id"], other, 35)
    reward = add_reward(client, place, points_cost=7, stock=4)
    grandma = world.user("孙奶奶")
    gifts = [(0, grandma, 15), (1, volunteers[2], 5), (2, volunteers[0], 12), (1, grandma, 100)]
    for giver, taker, amount in gifts:
        client.post("/api/v1/me/points/gifts", headers=volunteers[giver]["headers"],
                    json={"to_phone": taker["phone"], "amount": amount})
    for person in volunteers * 2:
        client.post(f"/api/v1/rewards/{reward['id']}/redeem", headers=person["headers"], json={})

    with app.app_context():
        rows = db.session.execute(select(PointsTransfer.from_account, PointsTransfer.to_account,
                                         PointsTransfer.amount, PointsTransfer.kind)).all()
        report = check_balances()
        sums = ledger_sums()
    assert {kind for *_, kind in rows} == {"service", "gift", "redemption"}
    assert all(a != b and amount > 0 for a, b, amount, _ in rows)
    assert sum(sums.values()) == 0 and report["ledger_total"] == 0
    assert report["mismatches"] == [] and report["accounts"] == len(sums) >= 6
    assert all(total >= 0 for account, total in sums.items() if account.startswith("user:"))
    assert sums[f"issuer:{other}"] == -35
    # 20 + 35 - 15 + 12 = 52 before redeeming; 4 in stock went to the first four in line
    assert balance(client, volunteers[0]) == 52 - 14
    assert balance(client, grandma) == 15


def test_ledger_rows_cannot_be_changed_or_deleted_through_the_orm(app, world, place):
    v = world.volunteer(place["grid_id"])
    credit(app, v["id"], place["community_id"], 10)
    with app.app_context():
        row = db.session.scalar(select(PointsTransfer))
        row.amount = 1000
        with pytest.raises(AppendOnlyViolation):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalar(select(PointsTransfer)))
        with pytest.raises(AppendOnlyViolation):
            db.session.flush()
        db.session.rollback()
        for statement in (update(PointsTransfer).values(amount=1), delete(PointsTransfer),
                          update(PointsBalance).values(balance=999), delete(Redemption)):
            with pytest.raises(AppendOnlyViolation):
                db.session.execute(statement)
            db.session.rollback()
        balance_row = db.session.get(PointsBalance, f"user:{v['id']}")
        balance_row.balance = 999
        with pytest.raises(AppendOnlyViolation):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(PointsTransfer.amount)) == 10
        assert db.session.get(PointsBalance, f"user:{v['id']}").balance == 10


def test_the_check_finds_a_cache_that_drifted_from_the_ledger(app, runner, world, place):
    v = world.volunteer(place["grid_id"])
    credit(app, v["id"], place["community_id"], 10)
    result = runner.invoke(args=["check-points"])
    assert result.exit_code == 0 and "ledger total: 0" in result.output
    with app.app_context():
        db.session.execute(text("UPDATE points_balances SET balance = 7 WHERE account = :a"),
                           {"a": f"user:{v['id']}"})
        db.session.commit()
        assert check_balances()["mismatches"] == [{"account": f"user:{v['id']}", "ledger": 10, "cached": 7}]
    result = runner.invoke(args=["check-points"])
    assert result.exit_code == 1 and "MISMATCH" in result.output


def test_a_database_constraint_backs_the_no_overdraft_rule(app, world, place):
    v = world.volunteer(place["grid_id"])
    credit(app, v["id"], place["community_id"], 5)
    with app.app_context():
        with pytest.raises(Exception) as refused:
            db.session.execute(text("UPDATE points_balances SET balance = -1 WHERE account = :a"),
                               {"a": f"user:{v['id']}"})
        assert "no_overdraft" in str(refused.value) or "CHECK" in str(refused.value)
        db.session.rollback()


def test_the_migration_fills_the_balance_cache_from_an_existing_ledger(tmp_path):
    """Deployments that earned points before the cache existed start with balances = sums."""
    from flask_migrate import upgrade

    from volunteer import create_app
    from volunteer.config import TestConfig

    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_app(settings)
    with old.app_context():
        upgrade(revision="0001")
        db.session.execute(text(
            "INSERT INTO points_transfers (from_account, to_account, amount, kind, memo, created_at) VALUES "
            "('issuer:1', 'user:5', 30, 'service', '', '2026-01-01 00:00:00'),"
            "('issuer:1', 'user:6', 20, 'service', '', '2026-01-01 00:00:00'),"
            "('user:5', 'user:6', 12, 'gift', '', '2026-01-02 00:00:00')"))
        db.session.commit()
        upgrade()
        assert check_balances() == {"accounts": 3, "ledger_total": 0, "mismatches": []}
        assert db.session.get(PointsBalance, "user:5").balance == 18
        assert db.session.get(PointsBalance, "issuer:1").overdraft_allowed is True
        db.session.remove()
        db.engine.dispose()
