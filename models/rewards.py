"""Time bank: cached balances beside the points ledger, the rewards catalogue, redemptions.

The ledger itself is `PointsTransfer` (models/records.py): one row moves `amount` points
from one account to another, so the sum over all accounts is zero by construction. It is
append-only: the ORM refuses to update or delete its rows (models.records.keep_append_only).

`PointsBalance` caches each account's balance so that a debit can be one conditional
UPDATE (`... WHERE balance >= amount`) instead of a read-then-write over a sum. It is moved
only by `post_transfer`'s listener, in the same flush that inserts the transfer, so it
equals the ledger sum; `volunteer.rewards.ledger.check_balances` proves it.
"""
from datetime import datetime

from sqlalchemy import (
    Boolean, CheckConstraint, ForeignKey, Integer, String, Text, event, update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.records import PointsTransfer, keep_append_only
from models.types import UTCDateTime, utcnow

# Accounts that may go below zero: a community issues points it never held.
OVERDRAFT_PREFIXES = ("issuer:",)


class Overdrawn(Exception):
    """A transfer would take an account below zero."""

    def __init__(self, account: str):
        super().__init__(account)
        self.account = account


class PointsBalance(Base):
    """The balance of one account, kept equal to the ledger sum (see module doc)."""

    __tablename__ = "points_balances"
    __table_args__ = (CheckConstraint("overdraft_allowed OR balance >= 0", name="no_overdraft"),)

    account: Mapped[str] = mapped_column(String(40), primary_key=True)
    balance: Mapped[int] = mapped_column(Integer, default=0)
    overdraft_allowed: Mapped[bool] = mapped_column(Boolean, default=False)


class Reward(Base):
    """Something a community offers in exchange for points, while stock lasts."""

    __tablename__ = "rewards"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("points_cost > 0", name="cost_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    points_cost: Mapped[int] = mapped_column(Integer)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community = relationship("Community")


class Redemption(Base):
    """Points and stock taken for a reward, in one transaction with its ledger line."""

    __tablename__ = "redemptions"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reward_id: Mapped[int] = mapped_column(ForeignKey("rewards.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    points: Mapped[int] = mapped_column(Integer)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("points_transfers.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reward: Mapped[Reward] = relationship()


def _upsert_account(connection, account: str) -> None:
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    connection.execute(
        dialect.insert(PointsBalance.__table__)
        .values(account=account, balance=0, overdraft_allowed=account.startswith(OVERDRAFT_PREFIXES))
        .on_conflict_do_nothing(index_elements=["account"])
    )


@event.listens_for(PointsTransfer, "before_insert")
def post_transfer(mapper, connection, transfer: PointsTransfer) -> None:
    """Move both cached balances in the flush that inserts the transfer.

    Accounts are touched in name order so that two opposite transfers cannot deadlock;
    the debit is one conditional UPDATE, so no interleaving can overdraw an account.
    """
    table = PointsBalance.__table__
    for account in sorted({transfer.from_account, transfer.to_account}):
        _upsert_account(connection, account)
        if account == transfer.to_account:
            connection.execute(update(table).where(table.c.account == account)
                               .values(balance=table.c.balance + transfer.amount))
        if account == transfer.from_account:
            moved = connection.execute(
                update(table)
                .where(table.c.account == account,
                       table.c.overdraft_allowed | (table.c.balance >= transfer.amount))
                .values(balance=table.c.balance - transfer.amount)
            ).rowcount
            if moved != 1:
                raise Overdrawn(account)


# Rows the ORM may only insert. Balances move only through `post_transfer`, in Core.
keep_append_only(Redemption, PointsBalance)
