"""Fuzzing the head of delegation's message page (a private-link form): never a 500, and a refused request
queues no mail and keeps no message."""
from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.communications.messages_models import RegistrantMessage
from app.core.extensions import db
from app.mail.models import OutboxMessage
from tests.communications.helpers import build_world
from tests.conftest import csrf_token_from
from tests.security.test_properties import nasty_text

FIELDS = ("statuses", "subject_fr", "body_fr", "subject_en", "body_en", "preview_as", "shown_count", "action",
          "delegation", "session")
values = st.one_of(nasty_text, st.sampled_from(["confirmed", "waitlisted", "cancelled", "send", "test", "preview",
                                                "{given_name}", "{unknown}", "{{", "2147483648", "-1", "", "²"]))


def rows() -> tuple[int, int]:
    return (db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) or 0,
            db.session.scalar(sa.select(sa.func.count()).select_from(RegistrantMessage)) or 0)


def test_the_head_of_delegation_message_form_never_fails(client, db):
    world = build_world()
    db.session.commit()
    url = f"/delegations/{world.french.manage_token}/messages"
    token = csrf_token_from(client.get(url).get_data(as_text=True))

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(values, st.lists(values, max_size=3)), max_size=8))
    def post(form):
        before = rows()
        response = client.post(url, data={"csrf_token": token, **form})
        assert response.status_code < 500, (form, response.status_code)
        if response.status_code >= 400:
            assert rows() == before, form
        db.session.rollback()

    post()


ORGANISER_FIELDS = FIELDS + ("kind", "side", "category", "language", "checked_in", "day")


def test_the_organisers_message_form_never_fails(client, db):
    from tests.backoffice.helpers import login_as

    world = build_world()
    db.session.commit()
    login_as(client, db)
    url = f"/organiser/events/{world.event.slug}/messages/new"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    extra = st.sampled_from([str(world.workshop.id), str(world.partner.id), "general", "session_change", "yes", "no",
                             "partner", "speaker", "en", "2030-09-18", "2030-02-30"])

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.dictionaries(st.sampled_from(ORGANISER_FIELDS), st.one_of(values, extra, st.lists(values, max_size=3)),
                           max_size=10))
    def post(form):
        before = rows()
        response = client.post(url, data={"csrf_token": token, **form})
        assert response.status_code < 500, (form, response.status_code)
        if response.status_code >= 400:
            assert rows() == before, form
        db.session.rollback()

    post()
