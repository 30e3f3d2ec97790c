"""Phones retry: the same Idempotency-Key returns the first answer, records nothing new.

A service that records something calls `replayed` first; if it gets an id back, it
returns that row instead of acting. Otherwise it acts and calls `remember` in the same
transaction, so the key and the effect commit together or not at all; a concurrent
twin fails on the unique (user, key) and is answered from the winner's row.
A key sent again for another action, path or body is refused: it would answer a request
that was never made.
"""
import hashlib
import json

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import IdempotencyRecord, db
from volunteer.errors import InvalidInput
from volunteer.messages import field_code

HEADER = "Idempotency-Key"


def key_from_request() -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not 1 <= len(key) <= 100 or not all("!" <= c <= "~" for c in key):  # visible ASCII, as UUIDs are
        raise InvalidInput(fields={HEADER: field_code("idempotency_key_format")})
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
    if record.action != action or (record.request_hash and record.request_hash != request_hash()):
        raise InvalidInput("idempotency_key_reused", fields={HEADER: field_code("idempotency_key_reused")})
    return record.result_id


def request_hash() -> str | None:
    """SHA-256 of this request's method, path and body (JSON compared by value, not by spacing)."""
    if not has_request_context():
        return None
    body = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode() if body else b""
    except ValueError:
        pass
    return hashlib.sha256(b"\n".join([request.method.encode(), request.path.encode(), body])).hexdigest()


def remember(user_id: int, key: str | None, action: str, result_id: int) -> None:
    if key is not None:
        db.session.add(IdempotencyRecord(user_id=user_id, key=key, action=action,
                                         result_id=result_id, request_hash=request_hash()))


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
