"""One personal agenda (app.registration.agenda): the plenaries and the chosen sessions, for the feed and the mails."""
from __future__ import annotations

from app.calendar.agenda import agenda_ics
from app.programme.models import SessionType
from app.registration.agenda import personal_agenda
from app.registration.models import ChoiceStatus
from tests.registration.helpers import open_event, register_someone, workshop


def test_personal_agenda_is_the_plenaries_and_the_chosen_sessions(client, db):
    event = open_event()
    chosen, other = workshop(event, hours=1), workshop(event, hours=3)
    plenary = workshop(event, hours=5, type=SessionType.PLENARY)
    registration = register_someone(event, "agenda@example.org", [chosen])
    db.session.commit()
    agenda = personal_agenda(registration)
    assert [session.id for session in agenda.sessions] == [chosen.id, plenary.id]
    assert agenda.choices == {chosen.id: ChoiceStatus.CONFIRMED}
    assert other.id not in {session.id for session in agenda.sessions}
    # The feed and the mail attachment are the same agenda.
    feed = client.get(f"/agenda/{registration.calendar_token}.ics?lang=fr").get_data(as_text=True)
    with client.application.test_request_context():
        attached = agenda_ics(registration, "fr").decode()
    for session in agenda.sessions:
        assert f"session-{session.id}@" in feed and f"session-{session.id}@" in attached
    assert f"session-{other.id}@" not in feed and f"session-{other.id}@" not in attached
