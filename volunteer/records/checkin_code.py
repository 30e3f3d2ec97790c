"""Rotating check-in codes: a six-digit TOTP per need that changes every minute.

Where GPS is poor, the need's social worker or the resident served shows the code on
their phone and the volunteer types it. The per-need secret is derived from the app's
SECRET_KEY, so nothing is stored and every worker process agrees on it.
"""
import base64
import hashlib
import hmac
from datetime import datetime

import pyotp
from flask import current_app

STEP_S = 60
DIGITS = 6


def _totp(need_id: int) -> pyotp.TOTP:
    key = current_app.config["SECRET_KEY"].encode()
    secret = hmac.new(key, f"checkin-code:{need_id}".encode(), hashlib.sha256).digest()
    return pyotp.TOTP(base64.b32encode(secret).decode(), digits=DIGITS, interval=STEP_S)


def current_code(need_id: int, now: datetime) -> tuple[str, int]:
    """The code for `now` and the whole seconds it stays the newest code."""
    valid_for = STEP_S - int(now.timestamp()) % STEP_S
    return _totp(need_id).at(now), valid_for


def code_matches(need_id: int, code: str, now: datetime) -> bool:
    """The current step's code or the previous one's (typed just as it rolled over)."""
    totp = _totp(need_id)
    return any(hmac.compare_digest(code, totp.at(now, counter_offset=offset)) for offset in (0, -1))
