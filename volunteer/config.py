"""Settings: one environment variable a line, each with a default that runs the demo."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ladder(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")  # empty: one is made under instance/
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'volunteer.db'}"
    )
    # A connection the database dropped (a restart, a failover, an operator terminating
    # backends) is found out before use and replaced, instead of failing one request.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # Readiness: the scheduler counts as alive while its outbox sweep succeeded this recently.
    READY_SWEEP_MAX_AGE_S = int(os.environ.get("READY_SWEEP_MAX_AGE_S", 300))
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
    # One JSON object per log line (json), or plain lines for a terminal (text); every line
    # carries the request id, or the sweep run's id, that it belongs to.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    # Rules of the field
    # Star ladder: a preset (national 100/300/600/1000/1500 h, beijing 100/200/500/800/1000 h),
    # or an explicit ladder that overrides it.
    STAR_LADDER_PRESET = os.environ.get("STAR_LADDER_PRESET", "national")
    STAR_LADDER_HOURS = _ladder(os.environ.get("STAR_LADDER_HOURS", ""))
    # Highest star level staff of each reach may approve: grid staff, community staff and
    # social workers, street (unscoped) admins.
    STAR_APPROVAL_LEVELS = os.environ.get("STAR_APPROVAL_LEVELS", "grid:0,community:3,street:5")
    NO_SHOW_SUSPEND_AT = int(os.environ.get("NO_SHOW_SUSPEND_AT", 5))  # unexcused, within 365 days
    NO_SHOW_GRACE_MINUTES = int(os.environ.get("NO_SHOW_GRACE_MINUTES", 60))  # after the need ends
    ANOMALY_MAX_DAILY_HOURS = float(os.environ.get("ANOMALY_MAX_DAILY_HOURS", 12))
    ANOMALY_MAX_SPEED_KMH = float(os.environ.get("ANOMALY_MAX_SPEED_KMH", 80))
    ANOMALY_POSITION_SLACK_M = float(os.environ.get("ANOMALY_POSITION_SLACK_M", 1000))  # GPS error
    CHECKIN_CODE_MAX_FAILURES = int(os.environ.get("CHECKIN_CODE_MAX_FAILURES", 5))  # per assignment
    # Wrong codes from one address across assignments (one person holding many accounts).
    CHECKIN_CODE_FAILURES_PER_ADDRESS = os.environ.get("CHECKIN_CODE_FAILURES_PER_ADDRESS", "20 per hour")
    # Corrections: times within this many hours of the need's window; no record above RECORD_MAX_HOURS;
    # adding more than CORRECTION_SECOND_PERSON_HOURS to confirmed hours waits for a second person.
    CORRECTION_SLACK_HOURS = float(os.environ.get("CORRECTION_SLACK_HOURS", 2))
    RECORD_MAX_HOURS = float(os.environ.get("RECORD_MAX_HOURS", 12))
    # Exact check-in/out positions are rounded to about a kilometre after this many days.
    POSITION_RETENTION_DAYS = int(os.environ.get("POSITION_RETENTION_DAYS", 180))
    # The personal-information notice (/privacy) people accept; a new version asks them again.
    PRIVACY_NOTICE_VERSION = os.environ.get("PRIVACY_NOTICE_VERSION", "2026-12-01")
    CORRECTION_SECOND_PERSON_HOURS = float(os.environ.get("CORRECTION_SECOND_PERSON_HOURS", 1))
    POINTS_PER_HOUR = int(os.environ.get("POINTS_PER_HOUR", 10))
    CHECKIN_RADIUS_M = int(os.environ.get("CHECKIN_RADIUS_M", 500))
    # A need is placed within this far of its grid's centre: its public place names that grid.
    NEED_MAX_KM_FROM_GRID = float(os.environ.get("NEED_MAX_KM_FROM_GRID", 3))
    # Near-me distances are to a point this far from the need's place, fixed per need.
    NEARBY_BLUR_M = float(os.environ.get("NEARBY_BLUR_M", 200))
    DEFAULT_NEED_RADIUS_M = int(os.environ.get("DEFAULT_NEED_RADIUS_M", 5000))
    # Grids offered to a person placing themselves: the nearest few whose centre is this close.
    NEAR_GRIDS_KM = float(os.environ.get("NEAR_GRIDS_KM", 5))
    NEAR_GRIDS_LIMIT = int(os.environ.get("NEAR_GRIDS_LIMIT", 5))
    CANDIDATE_LIMIT = int(os.environ.get("CANDIDATE_LIMIT", 20))
    SATISFACTION_TARGET_PERCENT = int(os.environ.get("SATISFACTION_TARGET_PERCENT", 80))
    # Printed on certificates as the place to verify them, never taken from a request's Host.
    # Required on a server database (PostgreSQL: a deployment); on the embedded SQLite default
    # (one machine) an empty value prints the address the request came to.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")

    # Dispatch and the scheduler's sweeps
    OFFER_BATCH = int(os.environ.get("OFFER_BATCH", 3))  # offers out at once per need
    OFFER_MINUTES = int(os.environ.get("OFFER_MINUTES", 30))
    OFFER_MINUTES_URGENT = int(os.environ.get("OFFER_MINUTES_URGENT", 10))
    ESCALATE_AFTER_MINUTES = int(os.environ.get("ESCALATE_AFTER_MINUTES", 30))
    REMIND_BEFORE_MINUTES = int(os.environ.get("REMIND_BEFORE_MINUTES", 120))
    # Withdrawing from a task this long before its start costs nothing; later is "late".
    # A record still pending this long reminds its confirmers; later, the grid's staff.
    # A temporary password staff issue works this long, and only to choose a new one.
    PASSWORD_RESET_HOURS = float(os.environ.get("PASSWORD_RESET_HOURS", 24))
    CONFIRM_REMIND_HOURS = float(os.environ.get("CONFIRM_REMIND_HOURS", 24))
    CONFIRM_ESCALATE_HOURS = float(os.environ.get("CONFIRM_ESCALATE_HOURS", 72))
    CONFIRM_CHASE_DAYS = int(os.environ.get("CONFIRM_CHASE_DAYS", 30))
    WITHDRAW_FREE_HOURS = float(os.environ.get("WITHDRAW_FREE_HOURS", 24))
    CHECKOUT_GRACE_MINUTES = int(os.environ.get("CHECKOUT_GRACE_MINUTES", 120))
    RECURRING_DAYS_AHEAD = int(os.environ.get("RECURRING_DAYS_AHEAD", 14))

    # Notifications: "log" writes them to the log; "webpush" also pushes to browsers.
    NOTIFY_BACKEND = os.environ.get("NOTIFY_BACKEND", "log")
    VAPID_PRIVATE_KEY_PATH = os.environ.get("VAPID_PRIVATE_KEY_PATH", "")  # empty: instance/
    VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:admin@localhost")
    # Push services a browser may name as its endpoint (host suffixes); nothing else is called.
    PUSH_ENDPOINT_HOSTS = tuple(os.environ.get(
        "PUSH_ENDPOINT_HOSTS",
        "fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com",
    ).split(","))
    PUSH_TTL_S = int(os.environ.get("PUSH_TTL_S", 3600))

    # Sign-in: wrong passwords per phone lock it for the window; per address, the same more loosely.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")  # several deployments on one Redis
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_FAILURES_PER_PHONE = os.environ.get("LOGIN_FAILURES_PER_PHONE", "5 per 15 minutes")
    LOGIN_FAILURES_PER_ADDRESS = os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "30 per 15 minutes")
    REGISTRATIONS_PER_ADDRESS = os.environ.get("REGISTRATIONS_PER_ADDRESS", "20 per hour")

    # Responses compressed for phones on weak networks (flask-compress): brotli, else gzip.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "gzip"]
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                          "application/json", "application/manifest+json", "image/svg+xml"]
    STATIC_MAX_AGE = int(os.environ.get("STATIC_MAX_AGE", 3600))

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
