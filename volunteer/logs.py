"""Structured logs: one JSON object per line, each carrying the id of what caused it.

A request takes its id from X-Request-Id (when it is a sane token) or is given one, and
answers with it. A sweep run gets its own id. Every log line written while either runs
carries it as `request_id`. A notification keeps the id of the request or sweep run that
queued it, so the line the outbox writes when it is sent, maybe minutes later in another
process, names the request that caused it.
"""
import contextvars
import logging
import re
import sys
import time
import uuid
from contextlib import contextmanager

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import inspect as sa_inspect

HEADER = "X-Request-Id"
SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
RENAMED = dict(asctime="time", levelname="level", name="logger")

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
log = logging.getLogger("volunteer.requests")


def current() -> str | None:
    """The id of the request or sweep run this code is working for, if any."""
    return _current.get()


def _caller_id() -> int | None:
    """The signed-in caller's id, read off the identity map (no query after a commit)."""
    user = g.get("user")
    identity = sa_inspect(user).identity if user is not None else None
    return identity[0] if identity else None


@contextmanager
def working_for(request_id: str | None):
    """Log as part of `request_id` (a sweep run, or the request a notification came from)."""
    token = _current.set(request_id)
    try:
        yield request_id
    finally:
        _current.reset(token)


def new_id(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex}"


def _stamp_records() -> None:
    """Every record, from any logger, gets the current request id (None outside one)."""
    make = logging.getLogRecordFactory()
    if getattr(make, "stamps_request_id", False):
        return

    def stamped(*args, **kwargs):
        record = make(*args, **kwargs)
        record.request_id = _current.get()
        return record

    stamped.stamps_request_id = True
    logging.setLogRecordFactory(stamped)


def formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return JsonFormatter(FIELDS, rename_fields=RENAMED, json_ensure_ascii=False)
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")


def init_app(app: Flask) -> None:
    _stamp_records()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(app.config["LOG_FORMAT"]))
    app.logger.handlers[:] = [handler]  # the "volunteer" logger: every module's logger below it
    app.logger.setLevel(app.config["LOG_LEVEL"])

    @app.before_request
    def _begin():
        given = request.headers.get(HEADER, "")
        g.request_id = given if SANE.fullmatch(given) else new_id()
        g.request_token = _current.set(g.request_id)
        g.request_started = time.perf_counter()

    @app.after_request
    def _answer(response):
        if "request_id" in g:
            response.headers[HEADER] = g.request_id
            log.info("%s %s %s", request.method, request.path, response.status_code,
                     extra={"endpoint": request.endpoint, "status": response.status_code,
                            "ms": round((time.perf_counter() - g.request_started) * 1000, 1),
                            "user_id": _caller_id()})
        return response

    @app.teardown_request
    def _end(_error):
        token = g.pop("request_token", None)
        if token is not None:
            _current.reset(token)
