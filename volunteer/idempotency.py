"""Phones retry: the same Idempotency-Key returns the first answer, records nothing new.

A service that records something calls `replayed` first; if it gets an id back, it
returns that row instead of acting. Otherwise it acts and calls `remember` in the same
transaction, so the key and the effect commit together or not at all; a concurrent
twin fails on the unique (user, key) and is answered from the winner's row.
"""
from flask import request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import IdempotencyRecord, db
from volunteer.errors import Conflict, InvalidInput

HEADER = "Idempotency-Key"


def key_from_request() -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 100:
        raise InvalidInput(fields={HEADER: "1-100 characters."})
    return key


def replayed(user_id: int, key: str | None, action: str) -> int | None:
    """The id the first call with this key made, or None if the key is new."""
    if key is None:
        return None
    record = db.session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.user_id == user_id,
                                        IdempotencyRecord.key == key)
    )
    if record is None:
        return None
    if record.action != action:
        raise Conflict("idempotency_key_reused")
    return record.result_id


def remember(user_id: int, key: str | None, action: str, result_id: int) -> None:
    if key is not None:
        db.session.add(IdempotencyRecord(user_id=user_id, key=key, action=action,
                                         result_id=result_id))


def commit(user_id: int, key: str | None, action: str, result_id: int) -> int:
    """Remember the key and commit; if a twin request won the race, return its result."""
    remember(user_id, key, action, result_id)
    try:
        db.session.commit()
        return result_id
    except IntegrityError:
        db.session.rollback()
        winner = replayed(user_id, key, action)
        if winner is None:
            raise
        return winner
