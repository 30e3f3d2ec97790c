"""Redeeming points for a reward: stock and points taken in one transaction, neither below zero.

Stock goes by a conditional UPDATE on the reward row; points by the ledger's conditional
debit. Either refusal rolls back both.
"""
from sqlalchemy import select, update

from models import Redemption, Reward, User, db
from volunteer import audit, clock, idempotency
from volunteer.errors import Conflict, NotFound
from volunteer.hours.services import issuer_account, user_account
from volunteer.rewards import ledger
from volunteer.paging import page_of


def _take_stock(reward: Reward, quantity: int) -> None:
    taken = db.session.execute(
        update(Reward)
        .where(Reward.id == reward.id, Reward.active.is_(True), Reward.stock >= quantity)
        .values(stock=Reward.stock - quantity)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        db.session.refresh(reward)
        raise Conflict("out_of_stock" if reward.active else "reward_withdrawn")


def redeem(user: User, reward_id: int, quantity: int, key: str | None) -> Redemption:
    """Take `quantity` of a reward for its price in points (409 when stock or points fall short)."""
    action = f"redeem:{reward_id}"
    if (done := idempotency.replayed(user.id, key, action)) is not None:
        return db.session.get(Redemption, done)
    reward = db.session.get(Reward, reward_id)
    if reward is None:
        raise NotFound()
    _take_stock(reward, quantity)
    points = reward.points_cost * quantity
    movement = ledger.transfer(user_account(user.id), issuer_account(reward.community_id), points,
                               "redemption", memo=f"{reward.name} x{quantity}")
    redemption = Redemption(reward_id=reward.id, user_id=user.id, quantity=quantity, points=points,
                            transfer_id=movement.id, created_at=clock.now())
    db.session.add(redemption)
    db.session.flush()
    audit.record(user.id, "redeem", f"reward:{reward.id}", quantity=quantity, points=points)
    return db.session.get(Redemption, idempotency.commit(user.id, key, action, redemption.id))


def my_redemptions(user: User, page: int = 1, per_page: int = 20) -> dict:
    return page_of(select(Redemption).where(Redemption.user_id == user.id).order_by(Redemption.id.desc()),
                   page, per_page)
