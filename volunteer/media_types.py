"""The API reads JSON bodies only: a body of another type is refused whole, not field by field."""
from flask import request
from werkzeug.exceptions import UnsupportedMediaType

WRITES = frozenset(("POST", "PUT", "PATCH", "DELETE"))


def require_json_body() -> None:
    """before_request: a write under /api/ that carries a body must say it is JSON (415 otherwise)."""
    if request.method not in WRITES or not request.path.startswith("/api/"):
        return
    if not request.content_length and not request.headers.get("Transfer-Encoding"):
        return  # no body: the operation takes none, or its schema says what is missing
    if request.mimetype != "application/json" and not request.mimetype.endswith("+json"):
        raise UnsupportedMediaType()
