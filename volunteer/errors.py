"""Domain errors and the one JSON error shape every 4xx takes.

    {"error": {"code": "slot_full", "message": "...", "fields": {...}}}

Messages are in the caller's language: zh-CN unless the request prefers English.
"""
import math
import time
from datetime import datetime, timezone

import marshmallow as ma
from flask import request
from flask_smorest import Api as SmorestApi
from werkzeug.exceptions import HTTPException

from volunteer.messages import field_code, field_message, message
from volunteer.schemas import ErrorSchema


class ServiceError(Exception):
    """A broken rule of the domain. Subclasses name the rule."""

    code = "invalid"
    status = 400

    def __init__(self, code: str | None = None, status: int | None = None, fields=None, **params):
        super().__init__(code or self.code)
        self.code = code or self.code
        self.status = status or self.status
        self.fields = fields or {}
        self.params = params


class NotFound(ServiceError):
    code, status = "not_found", 404


class Forbidden(ServiceError):
    code, status = "forbidden", 403


class Unauthorised(ServiceError):
    code, status = "unauthorised", 401


class Conflict(ServiceError):
    """The request is well formed but the state of things does not allow it."""

    code, status = "conflict", 409


class InvalidInput(ServiceError):
    """Well-formed input that the domain refuses (an unknown skill, a far check-in)."""

    code, status = "invalid_input", 422


def language() -> str:
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"], default="zh-CN")
    return "en" if best == "en" else "zh"


def error_body(code: str, fields=None, **params) -> dict:
    lang = language()
    return {
        "error": {
            "code": code,
            "message": message(code, lang, **params),
            "fields": _translate_fields(fields or {}, lang),
        }
    }


def _translate_fields(fields, lang):
    if isinstance(fields, dict):
        return {k: _translate_fields(v, lang) for k, v in fields.items()}
    if isinstance(fields, list):
        return [_translate_fields(v, lang) for v in fields]
    return field_message(str(fields), lang)


def _flatten_locations(messages: dict) -> dict:
    """webargs nests errors under the location ("json", "query"); callers want field names."""
    flat: dict = {}
    for location, errors in messages.items():
        if isinstance(errors, dict):
            flat.update(errors)
        else:
            flat[location] = errors
    return flat


class Api(SmorestApi):
    """flask-smorest's Api, answering every HTTP error in the one shape, and documenting it."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        headers = data.get("headers") or {}
        if "messages" in data:
            if error.code == 400:  # webargs could not read the body as JSON
                return error_body("malformed_json", {"json": field_code("invalid_json")}), 400, headers
            return error_body("validation_failed", _flatten_locations(data["messages"])), error.code, headers
        code = HTTP_CODES.get(error.code, "http_error")
        return error_body(code), error.code or 500, headers


HTTP_CODES = {
    400: "bad_request", 401: "unauthorised", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "body_too_large",
    415: "unsupported_media_type", 422: "validation_failed", 429: "too_many_requests",
    500: "internal_error",
}


def _rate_limited(error):
    """A limit reached: say until when, in the community's time, and send Retry-After."""
    from volunteer import clock
    from volunteer.extensions import limiter

    current = limiter.current_limit
    reset_at = current.reset_at if current is not None else int(time.time()) + 60
    until = clock.local(datetime.fromtimestamp(reset_at, timezone.utc)).strftime("%H:%M")
    minutes = max(1, math.ceil((reset_at - time.time()) / 60))
    body = error_body("too_many_attempts", until=until, minutes=minutes)
    return body, 429, {"Retry-After": str(max(1, int(reset_at - time.time())))}


def register_error_handlers(app):
    from flask_limiter.errors import RateLimitExceeded

    app.register_error_handler(RateLimitExceeded, _rate_limited)

    @app.errorhandler(ServiceError)
    def handle_service_error(error: ServiceError):
        return error_body(error.code, error.fields, **error.params), error.status

    from sqlalchemy.exc import DBAPIError

    @app.errorhandler(DBAPIError)
    def handle_lost_connection(error: DBAPIError):
        """The database dropped this request's connection mid-statement (a restart, a
        failover, pg_terminate_backend): nothing it did was committed, and the pool replaces
        the connection, so the same request sent again is answered. Anything else is a 500."""
        if not error.connection_invalidated:
            raise error
        from volunteer.extensions import db
        db.session.rollback()
        return error_body("database_unavailable"), 503, {"Retry-After": "1"}

    @app.errorhandler(ma.ValidationError)
    def handle_validation_error(error: ma.ValidationError):
        return error_body("validation_failed", error.normalized_messages()), 422

    from flask_wtf.csrf import CSRFError

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error):
        return error_body("csrf_failed"), 400
