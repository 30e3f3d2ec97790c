"""Extension objects, created unbound; create_app binds them."""
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from models import db
from volunteer.errors import Api

migrate = Migrate()
csrf = CSRFProtect()
api = Api()
compress = Compress()
# Limits live in RATELIMIT_STORAGE_URI: memory on the embedded default, Redis for several workers.
limiter = Limiter(key_func=get_remote_address, default_limits=[])

__all__ = ["db", "migrate", "csrf", "api", "compress", "limiter"]
