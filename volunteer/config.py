"""Settings: one environment variable a line, each with a default that runs the demo."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ladder(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(","))


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")  # empty: one is made under instance/
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'volunteer.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 1024 * 1024))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    WTF_CSRF_CHECK_DEFAULT = False  # checked only for cookie sessions, in auth.py
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_HEADERS = ["X-CSRF-Token"]
    # werkzeug's scrypt (N=2^15, r=8, p=1): slow on purpose.
    PASSWORD_METHOD = os.environ.get("PASSWORD_METHOD", "scrypt")
    TOKEN_DAYS = int(os.environ.get("TOKEN_DAYS", 30))
    RUN_SCHEDULER = os.environ.get("RUN_SCHEDULER", "0") == "1"

    # Rules of the field
    STAR_LADDER_HOURS = _ladder(os.environ.get("STAR_LADDER_HOURS", "100,300,600,1000,1500"))
    POINTS_PER_HOUR = int(os.environ.get("POINTS_PER_HOUR", 10))
    CHECKIN_RADIUS_M = int(os.environ.get("CHECKIN_RADIUS_M", 500))
    DEFAULT_NEED_RADIUS_M = int(os.environ.get("DEFAULT_NEED_RADIUS_M", 5000))
    CANDIDATE_LIMIT = int(os.environ.get("CANDIDATE_LIMIT", 20))
    # Candidates: the nearest CANDIDATE_POOL_FACTOR x limit who may serve, ranked by score.
    CANDIDATE_POOL_FACTOR = float(os.environ.get("CANDIDATE_POOL_FACTOR", 1.5))
    MATCH_WEIGHT_DISTANCE = float(os.environ.get("MATCH_WEIGHT_DISTANCE", 0.40))
    MATCH_WEIGHT_SKILL_FIT = float(os.environ.get("MATCH_WEIGHT_SKILL_FIT", 0.10))
    MATCH_WEIGHT_FAIRNESS = float(os.environ.get("MATCH_WEIGHT_FAIRNESS", 0.20))
    MATCH_WEIGHT_RELIABILITY = float(os.environ.get("MATCH_WEIGHT_RELIABILITY", 0.20))
    MATCH_WEIGHT_LOCALITY = float(os.environ.get("MATCH_WEIGHT_LOCALITY", 0.10))
    MATCH_FAIR_HOURS = float(os.environ.get("MATCH_FAIR_HOURS", 10))  # 30-day hours that halve fairness
    BATCH_MAX_NEEDS = int(os.environ.get("BATCH_MAX_NEEDS", 1000))

    # OpenAPI (flask-smorest); Swagger UI files come from the swagger-ui-bundle package.
    API_TITLE = "社区志愿服务对接 API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "/api/docs/assets/"


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    RUN_SCHEDULER = False
    # Same KDF at a lower cost so a hundred test logins take seconds, not minutes.
    PASSWORD_METHOD = "scrypt:4096:8:1"
