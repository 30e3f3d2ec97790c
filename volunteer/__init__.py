"""The application: create_app reads like a table of contents."""
import secrets
from pathlib import Path

from flask import Flask

from volunteer import field_codes  # noqa: F401  (first: marshmallow's messages become codes)
from volunteer import database  # SQLite pragmas, BEGIN IMMEDIATE, how reads end
from volunteer.matching import search_index  # noqa: F401  (the search table follows every flush)
from volunteer.config import ROOT, Config


def create_app(config: type[Config] | dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(ROOT / "instance"),
                static_folder=str(ROOT / "static"), static_url_path="/static")
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    ensure_secret_key(app)
    register_logging(app)
    register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_pages(app)
    if not app.config["PUBLIC_BASE_URL"] and not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.logger.warning("PUBLIC_BASE_URL is not set: certificates cannot be printed until it is")
    if app.config["RUN_SCHEDULER"]:
        from volunteer.jobs.scheduler import start_scheduler
        start_scheduler(app)
    return app


def ensure_secret_key(app: Flask) -> None:
    """Use SECRET_KEY, or one kept under instance/ so sessions survive restarts."""
    if app.config["SECRET_KEY"]:
        return
    path = Path(app.instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()


def register_logging(app: Flask) -> None:
    from volunteer import logs
    logs.init_app(app)


def register_converters(app: Flask) -> None:
    """An <int:...> in a path stops at the largest id the database holds: past it is a 404."""
    from werkzeug.routing import IntegerConverter

    from volunteer.schemas import MAX_ID

    class IdConverter(IntegerConverter):
        def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
            super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    app.url_map.converters["int"] = IdConverter


def register_extensions(app: Flask) -> None:
    from volunteer.extensions import api, compress, csrf, db, limiter, migrate

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    api.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    from volunteer.accounts import bp as accounts
    from volunteer.assignments import bp as assignments
    from volunteer.access import authorize
    from volunteer.auth import load_caller
    from volunteer.media_types import require_json_body
    from volunteer.certificates import bp as certificates
    from volunteer.dashboards import bp as dashboards
    from volunteer.dispatch import bp as dispatch
    from volunteer.docs import bp as docs
    from volunteer.extensions import api
    from volunteer.health import bp as health
    from volunteer.hours import bp as hours
    from volunteer.matching import bp as matching
    from volunteer.needs import bp as needs
    from volunteer.notify import bp as notify
    from volunteer.people import bp as people
    from volunteer.places import bp as places
    from volunteer.records import bp as records
    from volunteer.recurring import bp as recurring
    from volunteer.reports import bp as reports
    from volunteer.rewards import bp as rewards
    from volunteer.stars import bp as stars
    from volunteer.activities import bp as activities
    from volunteer.organisations import bp as organisations
    from volunteer.projects import bp as projects
    from volunteer.training import bp as training

    for bp in (health, accounts, places, people, needs, matching, dispatch, recurring, assignments,
               hours, records, stars, training, rewards, certificates, reports, dashboards, notify,
               organisations, activities, projects):
        api.register_blueprint(bp, url_prefix="/api/v1")
    app.register_blueprint(docs)
    app.before_request(load_caller)
    app.before_request(authorize)
    app.before_request(require_json_body)
    from volunteer.metrics import register_metrics
    register_metrics(app)


def register_errorhandlers(app: Flask) -> None:
    from volunteer.errors import register_error_handlers

    register_error_handlers(app)


def register_commands(app: Flask) -> None:
    from volunteer.cli import register

    register(app)


def register_pages(app: Flask) -> None:
    from volunteer.webapp import register_webapp
    register_webapp(app)
