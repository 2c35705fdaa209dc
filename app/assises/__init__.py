"""Assises — bilateral meetings of decentralised cooperation with a partner country."""
from app.events.models import EventKind
from app.public.pages import make_kind_blueprint

bp = make_kind_blueprint(EventKind.ASSISES)
