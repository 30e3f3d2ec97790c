"""The rewards catalogue of a community: staff of the community keep it and its stock."""
from sqlalchemy import select, update

from models import Community, Reward, User, db
from volunteer import audit, clock
from volunteer.access import serves_community
from volunteer.rewards.schemas import MAX_STOCK
from volunteer.errors import Conflict, Forbidden, NotFound


def _community(community_id: int) -> Community:
    community = db.session.get(Community, community_id)
    if community is None:
        raise NotFound()
    return community


def list_rewards(user: User, community_id: int) -> list[Reward]:
    """Active rewards; the community's staff also see the withdrawn ones."""
    _community(community_id)
    query = select(Reward).where(Reward.community_id == community_id).order_by(Reward.points_cost, Reward.id)
    if not serves_community(user, community_id):
        query = query.where(Reward.active.is_(True))
    return list(db.session.scalars(query))


def create_reward(actor: User, community_id: int, name: str, description: str, points_cost: int,
                  stock: int) -> Reward:
    _community(community_id)
    if not serves_community(actor, community_id):
        raise Forbidden()
    reward = Reward(community_id=community_id, name=name, description=description,
                    points_cost=points_cost, stock=stock, active=True, created_by_id=actor.id,
                    created_at=clock.now())
    db.session.add(reward)
    db.session.flush()
    audit.record(actor.id, "create_reward", f"reward:{reward.id}", stock=stock, points_cost=points_cost)
    db.session.commit()
    return reward


def update_reward(actor: User, reward_id: int, stock_delta: int = 0, **changes) -> Reward:
    """Rename, reprice, withdraw or restock. Stock moves by a delta in one conditional
    UPDATE, so a restock racing a redemption loses neither."""
    reward = db.session.get(Reward, reward_id)
    if reward is None:
        raise NotFound()
    if not serves_community(actor, reward.community_id):
        raise Forbidden()
    if stock_delta:
        moved = db.session.execute(
            update(Reward).where(Reward.id == reward_id, Reward.stock + stock_delta >= 0,
                                 Reward.stock + stock_delta <= MAX_STOCK)
            .values(stock=Reward.stock + stock_delta).execution_options(synchronize_session=False)
        ).rowcount
        if moved != 1:
            raise Conflict("stock_would_go_negative" if stock_delta < 0 else "stock_beyond_maximum",
                           max=MAX_STOCK)
    for field, value in changes.items():
        if value is not None:
            setattr(reward, field, value)
    audit.record(actor.id, "update_reward", f"reward:{reward_id}", stock_delta=stock_delta,
                 **{k: v for k, v in changes.items() if v is not None})
    db.session.commit()
    db.session.refresh(reward)
    return reward
