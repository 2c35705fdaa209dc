"""The home page: every public event, by kind."""
from flask import Blueprint, render_template

from app.events.models import EventKind
from app.events.queries import public_events

bp = Blueprint("events", __name__)


@bp.route("/")
def home():
    listings = {kind: public_events(kind) for kind in EventKind}
    return render_template("events/home.html", listings=listings)
