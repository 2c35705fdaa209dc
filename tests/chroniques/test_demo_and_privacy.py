"""The Chroniques in the demo data, and access requests in the personal-data export and erasure."""
from __future__ import annotations

import json
import subprocess

import pytest
import sqlalchemy as sa

from app.chroniques.attendance import series_figures
from app.chroniques.models import AccessRequest, AccessRequestStatus
from app.core.extensions import db as _db
from app.events.queries import find_series
from tests.chroniques.builders import build_series, form_data
from tests.registration.helpers import register_by_mail


@pytest.mark.slow
def test_demo_chronicles_have_members_attendance_requests_and_summaries(demo_app, cli, tmp_path):
    with demo_app.app_context():
        series = find_series("chroniques-geopolitiques-2023")
        figures = series_figures(series)
        assert len(figures.held) == 9
        assert all(38 <= item.registered_collectivites <= 50 for item in figures.chronicles)
        assert all(0 < item.attended < item.registered for item in figures.chronicles)
        # « en moyenne 35 collectivités adhérentes » joined each chronicle
        assert 32 <= figures.avg_collectivites_per_chronicle <= 38
        statuses = set(_db.session.scalars(sa.select(AccessRequest.status)))
        assert statuses == {AccessRequestStatus.GRANTED, AccessRequestStatus.REFUSED}
        assert all(item.event.summary_fr and item.event.summary_en for item in figures.chronicles)
        titles = [item.event.title_fr for item in figures.chronicles]
        output = tmp_path / "recueil.pdf"
        result = demo_app.test_cli_runner().invoke(args=["chroniques", "recueil", series.slug, "-o", str(output)])
        assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, check=True, text=True).stdout
    body = text.split("\f", 2)[2]  # after the cover and the contents
    positions = [body.index(title.split(" : ", 1)[1]) for title in titles]
    assert positions == sorted(positions)


def test_access_requests_in_the_export_and_erased_with_the_person(client, cli, db):
    built = build_series()
    db.session.commit()
    register_by_mail(client, built.upcoming[0], form_data("o@villeneuve.fr", built.outsider.id))
    data = json.loads(cli.invoke(args=["privacy", "export", "o@villeneuve.fr"]).output)
    assert [(item["event"], item["status"]) for item in data["access_requests"]] == [(built.upcoming[0].slug, "pending")]
    assert cli.invoke(args=["privacy", "erase", "o@villeneuve.fr"]).exit_code == 0
    db.session.expire_all()
    request = db.session.scalar(sa.select(AccessRequest))
    assert request.person.email is None and request.message is None
