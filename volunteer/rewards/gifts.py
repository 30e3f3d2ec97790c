"""Time-bank gifts: a volunteer gives points to someone, typically a family member."""
from sqlalchemy import select

from models import PointsTransfer, User, db
from volunteer import audit, idempotency
from volunteer.errors import InvalidInput
from volunteer.hours.services import user_account
from volunteer.rewards import ledger
from volunteer.messages import field_code


def give(user: User, to_phone: str, amount: int, memo: str, key: str | None) -> PointsTransfer:
    """Move `amount` of my points to the person registered with `to_phone` (no overdraw)."""
    action = "gift"
    if (done := idempotency.replayed(user.id, key, action)) is not None:
        return db.session.get(PointsTransfer, done)
    recipient = db.session.scalar(select(User).where(User.phone == to_phone, User.active.is_(True)))
    if recipient is None:
        raise InvalidInput("unknown_recipient", fields={"to_phone": field_code("phone_not_registered")})
    if recipient.id == user.id:
        raise InvalidInput("gift_to_self", fields={"to_phone": field_code("own_phone")})
    movement = ledger.transfer(user_account(user.id), user_account(recipient.id), amount, "gift",
                               memo=memo or "时间银行转赠")
    audit.record(user.id, "gift_points", f"user:{recipient.id}", amount=amount)
    return db.session.get(PointsTransfer, idempotency.commit(user.id, key, action, movement.id))


def recipient_of(movement: PointsTransfer) -> User | None:
    owner, _, number = movement.to_account.partition(":")
    return db.session.get(User, int(number)) if owner == "user" and number.isdigit() else None
