"""Liveness with the database reached."""
from flask_smorest import Blueprint
from sqlalchemy import text

from models import db
from volunteer.access import public

bp = Blueprint("health", __name__, description="Health")


@bp.get("/health")
@public
@bp.response(200)
def health():
    """Answer 200 when the database answers."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "database": db.engine.dialect.name}
