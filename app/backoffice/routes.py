from flask import Blueprint, render_template

from app.auth.login import organiser_required
from app.registration.overview import events_overview

bp = Blueprint("backoffice", __name__)


@bp.route("/")
@organiser_required
def dashboard():
    return render_template("backoffice/dashboard.html", overviews=events_overview())
