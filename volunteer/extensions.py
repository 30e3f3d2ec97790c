"""Extension objects, created unbound; create_app binds them."""
from flask_compress import Compress
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from models import db
from volunteer.errors import Api

migrate = Migrate()
csrf = CSRFProtect()
api = Api()
compress = Compress()

__all__ = ["db", "migrate", "csrf", "api", "compress"]
