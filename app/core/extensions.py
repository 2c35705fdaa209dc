"""Flask extensions, created unbound; ``create_app`` initialises them."""
from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from app.core.db import Base

db = SQLAlchemy(model_class=Base)
if TYPE_CHECKING:
    Model = Base  # db.Model is made at run time: type checkers see the declarative base it extends
else:
    Model = db.Model
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
mail = Mail()
# Per client address (request.remote_addr: X-Forwarded-For is trusted only behind TRUSTED_PROXIES, see app.core.limits).
# A storage that stops answering (Redis down) falls back to memory rather than rejecting requests.
limiter = Limiter(key_func=get_remote_address, strategy="fixed-window", headers_enabled=False,
                  swallow_errors=True, in_memory_fallback_enabled=True)
