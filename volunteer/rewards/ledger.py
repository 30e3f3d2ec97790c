"""The points ledger: append a movement, read a balance and its lines, prove the cache.

A balance is the sum of the ledger (`points_balance`). The cached `PointsBalance` rows
exist only so a debit can be one conditional UPDATE that cannot overdraw; they move in
the flush that inserts each transfer (models/rewards.py) and `check_balances` proves
they equal the sums.
"""
from sqlalchemy import func, literal_column, or_, select, union_all

from models import Community, PointsBalance, PointsTransfer, User, db
from models.rewards import Overdrawn
from volunteer import clock
from volunteer.errors import Conflict
from volunteer.hours.services import points_balance
from volunteer.masking import mask_name


def transfer(source: str, target: str, amount: int, kind: str, memo: str = "") -> PointsTransfer:
    """Append one movement; 409 points_insufficient if `source` would go below zero.

    The caller commits. On refusal the whole transaction is rolled back, so whatever
    the use case took before (stock) is given back too.
    """
    movement = PointsTransfer(from_account=source, to_account=target, amount=amount, kind=kind,
                              memo=memo[:200], created_at=clock.now())
    db.session.add(movement)
    try:
        db.session.flush()
    except Overdrawn:
        db.session.rollback()
        raise Conflict("points_insufficient")
    return movement


def balance(account: str) -> int:
    """The ledger sum for `account` (the truth; the cache only guards debits)."""
    return points_balance(account)


def lines(account: str, page: int, per_page: int) -> list[dict]:
    """Movements of `account`, newest first, signed from its side, with who was on the other."""
    rows = list(db.session.scalars(
        select(PointsTransfer)
        .where(or_(PointsTransfer.from_account == account, PointsTransfer.to_account == account))
        .order_by(PointsTransfer.id.desc()).offset((page - 1) * per_page).limit(per_page)))
    names = _counterparty_names({r.to_account if r.from_account == account else r.from_account
                                 for r in rows})
    return [{
        "id": r.id, "kind": r.kind, "memo": r.memo, "created_at": r.created_at,
        "amount": -r.amount if r.from_account == account else r.amount,
        "counterparty": names.get(r.to_account if r.from_account == account else r.from_account, ""),
    } for r in rows]


def _counterparty_names(accounts: set[str]) -> dict[str, str]:
    """Community names for issuer accounts, masked names for people."""
    ids = {"issuer": set(), "user": set()}
    for account in accounts:
        owner, _, number = account.partition(":")
        if owner in ids and number.isdigit():
            ids[owner].add(int(number))
    names = {}
    for c in db.session.scalars(select(Community).where(Community.id.in_(ids["issuer"]))):
        names[f"issuer:{c.id}"] = c.name
    for u in db.session.scalars(select(User).where(User.id.in_(ids["user"]))):
        names[f"user:{u.id}"] = mask_name(u.name)
    return names


def ledger_sums() -> dict[str, int]:
    """Every account's balance computed from the ledger alone."""
    moves = union_all(
        select(PointsTransfer.to_account.label("account"), PointsTransfer.amount.label("delta")),
        select(PointsTransfer.from_account.label("account"),
               (literal_column("0") - PointsTransfer.amount).label("delta")),
    ).subquery()
    rows = db.session.execute(select(moves.c.account, func.sum(moves.c.delta)).group_by(moves.c.account))
    return {account: int(total) for account, total in rows}


def check_balances() -> dict:
    """Compare every cached balance with its ledger sum; all sums together must be zero."""
    sums = ledger_sums()
    cached = dict(db.session.execute(select(PointsBalance.account, PointsBalance.balance)).all())
    mismatches = [
        {"account": account, "ledger": sums.get(account, 0), "cached": cached.get(account, 0)}
        for account in sorted(set(sums) | set(cached))
        if sums.get(account, 0) != cached.get(account, 0)
    ]
    return {"accounts": len(sums), "ledger_total": sum(sums.values()), "mismatches": mismatches}
