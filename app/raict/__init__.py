"""RAICT — Rencontres de l'action internationale des collectivités territoriales (annual)."""
from app.events.models import EventKind
from app.public.pages import make_kind_blueprint

bp = make_kind_blueprint(EventKind.RAICT)
