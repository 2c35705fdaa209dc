"""The whole app as a visitor meets it: the demo data served by gunicorn, its pages found from the URL map and a crawl.

- ``DemoSite``: a database of its own (SQLite file, or a PostgreSQL database when ``TEST_DATABASE_URL`` says
  so, as in tests/conftest.py) loaded with ``load_demo()``, served by the benchmarks' gunicorn runner
  (tests/operations/servers.py), with the demo's staff logins.
- ``demo_facts()``: the records that fill URL arguments (an event of each kind, a session, a private
  registration link, a delegation link…), read from the demo data, never written by hand.
- ``representative_urls()``: one URL per GET endpoint of ``app.url_map`` (one per event kind for the rules
  taking a ``kind``), its arguments filled from the facts.
- ``crawl()``: the links followed from a starting page, as a browser context (anonymous or logged in) sees them.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import AnyConverter, RequestRedirect

from tests.conftest import (
    ON_POSTGRES,
    RUN_ID,
    TEST_DATABASE_URL,
    base_settings,
    create_postgres_database,
    csrf_token_from,
    drop_postgres_database,
    migrate_to_head,
)

# --- the records that fill URL arguments ------------------------------------------------------------------

@dataclass
class EventFacts:
    """What one event offers to fill the URL arguments of its pages."""
    slug: str
    kind: str
    values: dict = field(default_factory=dict)


@dataclass
class Facts:
    events: list[EventFacts]  # the most useful first (open for registration, then published, then the rest)
    common: dict  # arguments that belong to no event (series slug, a person, a protocol rank, a year…)

    def event_of_kind(self, kind: str) -> EventFacts | None:
        return next((event for event in self.events if event.kind == kind), None)


def demo_facts() -> Facts:
    """Read, in the current app context, one record of each kind the URL arguments need."""
    import sqlalchemy as sa

    from app.certificates.models import Certificate
    from app.checkin.models import DeskToken
    from app.chroniques.models import AccessRequest
    from app.communications.messages_models import RegistrantMessage
    from app.communications.models import Campaign, Contact, SavedAudience
    from app.core.extensions import db
    from app.events.models import Event, EventSeries, EventStatus
    from app.mail.models import OutboxMessage
    from app.people.models import Person, ProtocolRank
    from app.programme.models import Room, Session, SessionSpeaker, Track
    from app.registration import letters
    from app.registration.links import link_is_valid
    from app.registration.models import Delegation, InvitationLetterStatus, Registration, RegistrationStatus
    from app.survey.models import SurveyQuestion, SurveyStatus
    from app.survey.operations import survey_of
    from app.syntheses.models import Synthesis

    order = {EventStatus.REGISTRATION_OPEN: 0}
    events = sorted(db.session.scalars(sa.select(Event)),
                    key=lambda e: (order.get(e.status, 1), e.status.value == "draft", -e.starts_at.timestamp()))
    found = []
    for event in events:
        values: dict = {"slug": event.slug, "kind": event.kind.value, "year": event.starts_at.year}
        session = db.session.scalars(sa.select(Session).where(Session.event_id == event.id)
                                     .order_by(Session.starts_at, Session.id).limit(1)).first()
        if session is not None:
            values["session_id"] = session.id
        speaker = db.session.scalars(sa.select(SessionSpeaker).join(Session).where(Session.event_id == event.id)
                                     .order_by(SessionSpeaker.id).limit(1)).first()
        if speaker is not None:
            values["person_id"] = speaker.person_id
        track = db.session.scalars(sa.select(Track).where(Track.event_id == event.id).order_by(Track.id)).first()
        if track is not None:
            values["track_slug"], values["track_id"] = track.slug, track.id
        room = db.session.scalars(sa.select(Room).where(Room.event_id == event.id).order_by(Room.id)).first()
        if room is not None:
            values["room_id"] = room.id
        confirmed = list(db.session.scalars(
            sa.select(Registration).where(Registration.event_id == event.id,
                                          Registration.status == RegistrationStatus.CONFIRMED)
            .order_by(Registration.delegation_id.is_not(None), Registration.id).limit(50)))
        # a delegate who may ask for an invitation letter, so that the private page offers everything it can
        registration = next((r for r in confirmed if letters.letter_offered(r)), confirmed[0] if confirmed else None)
        if registration is not None:
            values["registration_id"] = registration.id
            values["registration_token"] = registration.manage_token
            values["calendar_token"] = registration.calendar_token
            if letters.letter_offered(registration):
                values["letter_offered_token"] = registration.manage_token
            values.update(_meeting_values(registration))
        letter = db.session.scalars(sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.invitation_letter != InvitationLetterStatus.NONE)).first()
        if letter is not None:
            values["letter_registration_id"] = letter.id
        approved = next((r for r in db.session.scalars(sa.select(Registration).where(
            Registration.event_id == event.id, Registration.invitation_letter == InvitationLetterStatus.APPROVED))
            if letters.letter_downloadable(r)), None)
        if approved is not None:
            values["letter_token"] = approved.manage_token
        delegation = db.session.scalars(sa.select(Delegation).where(Delegation.event_id == event.id)
                                        .order_by(Delegation.id)).first()
        if delegation is not None and link_is_valid(event):
            values["delegation_id"], values["delegation_token"] = delegation.id, delegation.manage_token
            member = db.session.scalars(sa.select(Registration).where(Registration.delegation_id == delegation.id)
                                        .order_by(Registration.id)).first()
            if member is not None:
                values["member_registration_id"] = member.id
        campaign = db.session.scalars(sa.select(Campaign).where(Campaign.event_id == event.id)
                                      .order_by(Campaign.id)).first()
        if campaign is not None:
            values["campaign_id"] = campaign.id
        sent = db.session.scalars(sa.select(RegistrantMessage.id).where(RegistrantMessage.event_id == event.id)
                                  .order_by(RegistrantMessage.id)).first()
        if sent is not None:
            values["registrant_message_id"] = sent
        question = db.session.scalars(sa.select(SurveyQuestion).where(SurveyQuestion.event_id == event.id)
                                      .order_by(SurveyQuestion.id)).first()
        if question is not None:
            values["question_id"] = question.id
        if registration is not None and link_is_valid(event) and survey_of(event) is not None \
                and survey_of(event).status == SurveyStatus.OPEN:
            values["survey_token"] = registration.manage_token
        synthesis = db.session.scalars(sa.select(Synthesis).where(Synthesis.event_id == event.id,
                                                                  Synthesis.rapporteur_id.is_not(None))
                                       .order_by(Synthesis.id)).first()
        if synthesis is not None:
            values["synthesis_token"] = synthesis.token
        desk_token = db.session.scalars(sa.select(DeskToken).where(DeskToken.event_id == event.id)).first()
        if desk_token is not None:
            values["token_id"] = desk_token.id
        certificate = db.session.scalars(sa.select(Certificate).where(Certificate.event_id == event.id,
                                                                     Certificate.revoked_at.is_(None))
                                         .order_by(Certificate.id)).first()
        if certificate is not None:  # an ended event's certificate: its runs and PDFs answer
            values["certificate_registration_id"] = certificate.registration_id
            values["certificate_code"] = certificate.code
            if link_is_valid(event):
                values["certificate_token"] = certificate.registration.manage_token
        found.append(EventFacts(event.slug, event.kind.value, values))
    series = db.session.scalars(sa.select(EventSeries).order_by(EventSeries.id)).first()
    person = db.session.scalars(sa.select(Person).order_by(Person.id)).first()
    rank = db.session.scalars(sa.select(ProtocolRank).order_by(ProtocolRank.id)).first()
    access_request = db.session.scalars(sa.select(AccessRequest).order_by(AccessRequest.id)).first()
    mail = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).first()
    contact = db.session.scalars(sa.select(Contact).where(Contact.deleted_at.is_(None)).order_by(Contact.id)).first()
    audience = db.session.scalars(sa.select(SavedAudience).where(SavedAudience.deleted_at.is_(None))
                                  .order_by(SavedAudience.id)).first()
    code = next((event.values["certificate_code"] for event in found if "certificate_code" in event.values), None)
    common = {"year": found[0].values["year"] if found else None, "code": code, "series_slug": series.slug if series else None,
              "person_id": person.id if person else None,
              "rank_id": rank.id if rank else None, "request_id": access_request.id if access_request else None,
              "message_id": mail.id if mail else None, "contact_id": contact.id if contact else None,
              "audience_id": audience.id if audience else None,
              "unsubscribe_address": person.email if person else None,
              "filename": "css/site.css", "service": "google", "extension": "csv", "file_format": "csv"}
    return Facts(found, {key: value for key, value in common.items() if value is not None})


def _meeting_values(registration) -> dict:
    """The registrant's collectivité (its profile page), a collectivité and a person of its directory."""
    from app.meetings import access, queries

    if not registration.event.profile.has_meetings:
        return {}
    own, entries = access.collectivites_of(registration), queries.directory(registration)
    if not own or not entries:
        return {}
    values = {"own_collectivite_id": own[0].id, "profiled_collectivite_id": entries[0].collectivite.id}
    person = next((person for entry in entries for person in entry.people), None)
    if person is not None:
        values["meeting_person_id"] = person.id
    return values


def complete_demo() -> None:
    """What the demo data may lack for every page to exist, added through the app's own operations: an
    approved invitation letter, and a live delegation (its head's link still valid) with one member, at the
    first event open for registration."""
    from datetime import date

    import sqlalchemy as sa

    from app.core.db import utcnow
    from app.core.extensions import db
    from app.delegations import operations as delegations
    from app.events.models import Event, EventStatus
    from app.mail.models import OutboxMessage
    from app.people.operations import PersonData
    from app.programme.models import Session
    from app.registration import letters, mails, operations
    from app.registration.links import link_is_valid
    from app.registration.models import Delegation, InvitationLetterStatus, Registration, RegistrationStatus
    from app.survey import operations as survey_operations
    from app.survey.models import QuestionKind, SurveyStatus
    from app.syntheses.operations import assign_rapporteur

    event = db.session.scalars(sa.select(Event).where(Event.status == EventStatus.REGISTRATION_OPEN)
                               .order_by(Event.starts_at)).first()
    if event is None:
        return
    registrations = list(db.session.scalars(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
        Registration.delegation_id.is_(None)).order_by(Registration.id).limit(50)))
    if not any(letters.letter_downloadable(r) for r in db.session.scalars(sa.select(Registration).where(
            Registration.invitation_letter == InvitationLetterStatus.APPROVED))):
        # an approved invitation letter (not the first delegate offered one: the private crawl starts there)
        offered = [r for r in registrations if letters.letter_offered(r)]
        if len(offered) > 1:
            letters.request_letter(offered[-1], letters.LetterRequest(
                passport_number="C1234567", passport_expires_on=date(2035, 1, 1),
                nationality=offered[-1].person.country,
                date_of_birth=date(1980, 5, 1)))
            letters.approve_letter(offered[-1], utcnow())
            db.session.commit()
    # An open survey at every event open for registration (the private crawl starts at one of them) and a
    # rapporteur at the latest (the ended RAICT 2023's survey is closed and its links have expired).
    rapporteur_named = False
    for survey_event in db.session.scalars(sa.select(Event).where(Event.status == EventStatus.REGISTRATION_OPEN)
                                           .order_by(Event.starts_at.desc())):
        confirmed = db.session.scalars(sa.select(Registration).where(
            Registration.event_id == survey_event.id, Registration.status == RegistrationStatus.CONFIRMED)
            .order_by(Registration.id)).first()
        if confirmed is None or survey_operations.survey_of(survey_event) is not None:
            continue
        survey_operations.add_question(survey_event, survey_operations.QuestionValues(
            QuestionKind.RATING, "Note globale", "Overall rating", [], True), actor="test")
        survey_operations.set_status(survey_event, SurveyStatus.OPEN, actor="test")
        workshop = db.session.scalars(sa.select(Session).where(
            Session.event_id == survey_event.id, Session.is_hidden.is_(False))
            .order_by(Session.starts_at, Session.id)).first()
        if workshop is not None and not rapporteur_named:
            assign_rapporteur(workshop, confirmed, None, actor="test")
            rapporteur_named = True
        db.session.commit()
    if db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0:
        someone = db.session.scalars(sa.select(Registration).where(
            Registration.status == RegistrationStatus.CONFIRMED).order_by(Registration.id)).first()
        if someone is not None:  # a mail for the development outbox page
            mails.queue_mail(someone, "link", key_suffix="whole-app")
            db.session.commit()
    live = [d for d in db.session.scalars(sa.select(Delegation))
            if link_is_valid(d.event)]
    if live:
        return
    head = PersonData(given_name="Awa", family_name="Diallo", country="SN", function="Maire adjointe",
                      email="awa.diallo@delegation.example.org", preferred_language="fr")
    delegation = delegations.create_delegation(
        event, head, operations.RegistrationDetails(language="fr", consent_at=utcnow()),
        delegations.DelegationData(name="Délégation de Saint-Louis", country="SN", side=None, collectivite_ids=[]))
    delegations.add_member(delegation, PersonData(given_name="Moussa", family_name="Ndiaye", country="SN",
                                                  email="moussa.ndiaye@delegation.example.org"), [], "fr")
    db.session.commit()


# --- one URL per GET endpoint ------------------------------------------------------------------------------

KIND_OF_BLUEPRINT = {"raict": "raict", "assises": "assises", "chroniques": "chroniques"}
EVENT_KIND_OF_URL_KIND = {"raict": "raict", "assises": "assises", "chroniques": "chronique"}


def _argument_value(endpoint: str, rule: str, name: str, event: EventFacts | None, common: dict):
    """The value of URL argument ``name`` of ``endpoint`` for ``event``; None if the demo has none."""
    values = event.values if event else {}
    delegation_link = rule.startswith("/delegations/<token>")
    if name == "token":
        if endpoint.startswith("mail_public."):
            return common.get("unsubscribe_token")  # signed with the server's key (DemoSite)
        if delegation_link:
            return values.get("delegation_token")
        if endpoint == "survey.answer":
            return values.get("survey_token")
        if endpoint == "syntheses.write":
            return values.get("synthesis_token")
        if endpoint == "calendar.agenda_feed":
            return values.get("calendar_token")
        if endpoint == "registration_letters.download_letter":
            return values.get("letter_token")
        if endpoint == "registration_letters.request_letter":
            return values.get("letter_offered_token")
        if endpoint == "certificates.own_certificate":
            return values.get("certificate_token")
        return values.get("registration_token")
    if endpoint == "meetings.ask_person" and name == "registration_id":
        return values.get("meeting_person_id")
    if endpoint.startswith("meetings.") and name == "collectivite_id":
        return values.get("own_collectivite_id" if endpoint == "meetings.profile" else "profiled_collectivite_id")
    if name == "registration_id":
        if delegation_link:
            return values.get("member_registration_id")
        if endpoint.startswith("letters_admin."):
            return values.get("letter_registration_id")
        if endpoint.startswith("certificates_admin."):
            return values.get("certificate_registration_id")
        return values.get("registration_id")
    if name == "person_id" and endpoint.startswith("people_admin."):
        return common.get("person_id")
    if name in values:
        return values[name]
    return common.get(name)


def _candidate_events(endpoint: str, rule, facts: Facts) -> list[EventFacts | None]:
    blueprint = endpoint.split(".")[0]
    if not ({"slug", "token"} & set(rule.arguments)):
        return [None]
    if blueprint in ("certificates", "certificates_admin") and endpoint != "certificates_admin.certificate_page":
        return [event for event in facts.events if "certificate_code" in event.values]  # an ended event's runs
    if blueprint in KIND_OF_BLUEPRINT or blueprint == "chroniques_admin":
        wanted = EVENT_KIND_OF_URL_KIND[KIND_OF_BLUEPRINT.get(blueprint, "chroniques")]
        return [event for event in facts.events if event.kind == wanted]
    return list(facts.events)


def representative_urls(app, facts: Facts) -> dict[str, list[str]]:
    """endpoint → URLs (one, or one per event kind for a rule with a ``kind`` argument), GET rules only.
    An endpoint whose arguments the demo cannot fill is absent (the classification test reports it)."""
    urls: dict[str, list[str]] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        kinds = [None]
        kind_converter = rule._converters.get("kind")
        if isinstance(kind_converter, AnyConverter):
            kinds = list(kind_converter.items)
        for kind in kinds:
            for event in _candidate_events(rule.endpoint, rule, facts):
                if kind and event is not None and event.kind != EVENT_KIND_OF_URL_KIND[kind]:
                    continue
                arguments = {}
                for name in rule.arguments:
                    converter = rule._converters[name]
                    if name == "kind":
                        value = kind
                    else:
                        value = _argument_value(rule.endpoint, rule.rule, name, event, facts.common)
                        if value is None and isinstance(converter, AnyConverter):
                            value = sorted(converter.items)[0]
                    if value is None:
                        break
                    arguments[name] = value
                else:
                    url = rule.build(arguments, append_unknown=False)[1]
                    if url not in urls.get(rule.endpoint, []):
                        urls.setdefault(rule.endpoint, []).append(url)
                    break  # the first event that fills every argument
    return urls


def endpoint_of(app, url: str, method: str = "GET") -> str | None:
    """The endpoint a same-site URL (path and query) is routed to, or None."""
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(urlsplit(url).path, method=method)
    except RequestRedirect as redirect:
        return endpoint_of(app, redirect.new_url, method)
    except HTTPException:
        return None
    return endpoint


# --- the crawl ---------------------------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.form_actions: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            self.form_actions.append(((attributes.get("method") or "get").lower(), attributes.get("action") or ""))


@dataclass
class Crawl:
    pages: dict[str, str] = field(default_factory=dict)  # url → endpoint, every same-site URL reached
    by_endpoint: dict[str, list[str]] = field(default_factory=dict)
    form_targets: dict[str, set[str]] = field(default_factory=dict)  # endpoint posted to → pages with that form

    def reached(self) -> set[str]:
        return set(self.by_endpoint)


def crawl(app, request_context, base_url: str, starts: list[str], *, per_endpoint: int = 2,
          limit: int = 400, skip: frozenset[str] = frozenset()) -> Crawl:
    """Follow the links (``<a href>``) of the site from ``starts`` with ``request_context`` (Playwright's
    APIRequestContext of a browser context, so with its cookies). At most ``per_endpoint`` pages of one
    endpoint are opened; links to other sites, to ``skip`` endpoints and to non-HTML answers are recorded,
    not followed. Forms' actions are recorded as form targets."""
    result = Crawl()
    queue = list(starts)
    opened: dict[str, int] = {}
    base = urlsplit(base_url)
    while queue and sum(opened.values()) < limit:
        url = queue.pop(0)
        parts = urlsplit(urljoin(base_url, url))
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in result.pages:
            continue
        endpoint = endpoint_of(app, path)
        if endpoint is None:
            continue
        result.pages[path] = endpoint
        result.by_endpoint.setdefault(endpoint, []).append(path)
        if endpoint in skip or opened.get(endpoint, 0) >= per_endpoint or "lang=" in parts.query:
            continue
        opened[endpoint] = opened.get(endpoint, 0) + 1
        response = request_context.get(base_url + path, max_redirects=0)
        if response.status in (301, 302, 303, 307, 308):
            queue.insert(0, response.headers["location"])
            continue
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        parser = _Links()
        parser.feed(response.text())
        for method, action in parser.form_actions:
            target = endpoint_of(app, urlsplit(urljoin(base_url + path, action or path)).path, method.upper())
            if target:
                result.form_targets.setdefault(target, set()).add(path)
        queue.extend(urljoin(base_url + path, link) for link in parser.links)
    return result


# --- the served site ---------------------------------------------------------------------------------------

class DemoSite:
    """The demo data in a database of its own, served by gunicorn (2 workers) on 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        from app import create_app
        from app.core.extensions import db
        from app.demo.loader import load_demo
        from app.demo.logins import logins_path, read_passwords
        from tests.operations.servers import AppServer

        self.folder = folder
        self.database_name = f"rencontres_whole_app_{RUN_ID}"
        if ON_POSTGRES:
            self.database_url = create_postgres_database(TEST_DATABASE_URL, self.database_name)
        else:
            self.database_url = f"sqlite:///{folder / 'whole-app.sqlite3'}"
        instance = folder / "instance"
        migrate_to_head(self.database_url, instance)
        self.app = create_app(base_settings(instance, self.database_url))
        with self.app.app_context():
            load_demo()
            complete_demo()
            self.passwords = read_passwords(logins_path())
            self.facts = demo_facts()
            db.session.remove()
            db.engine.dispose()
        self.secret_key = "whole-app-" + uuid.uuid4().hex  # the server's: badge codes are signed with it
        self.facts.common["unsubscribe_token"] = self.signed_unsubscribe_token()
        self.urls = representative_urls(self.app, self.facts)
        self.server = None
        try:
            # the development outbox page is on, as under `flask start`, so that it is checked like every page
            self.server = AppServer(self.database_url, self.secret_key, instance, workers=2,
                                    extra_env={"MAIL_OUTBOX_PAGE": "true"})
        except BaseException:
            self.close()
            raise
        self.base_url = f"http://127.0.0.1:{self.server.port}"

    def signed_unsubscribe_token(self) -> str | None:
        """The opt-out token of a demo address, signed as the server signs (its SECRET_KEY)."""
        from app.mail.suppression import unsubscribe_token

        address = self.facts.common.get("unsubscribe_address")
        if not address:
            return None
        with self.app.app_context():
            self.app.config["SECRET_KEY"], saved = self.secret_key, self.app.config["SECRET_KEY"]
            try:
                return unsubscribe_token(address)
            finally:
                self.app.config["SECRET_KEY"] = saved

    def login(self, request_context, email: str) -> None:
        """Log ``request_context`` (and so its browser context) in as the demo account ``email``."""
        page = request_context.get(self.base_url + "/login").text()
        response = request_context.post(self.base_url + "/login", max_redirects=0, form={
            "email": email, "password": self.passwords[email], "csrf_token": csrf_token_from(page)})
        assert response.status == 302, f"login as {email} refused ({response.status})"

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()
        if ON_POSTGRES:
            drop_postgres_database(TEST_DATABASE_URL, self.database_name)


ORGANISER = "organiser@demo.example.org"
DESK = "desk@demo.example.org"
ADMIN = "admin@demo.example.org"

VENDOR = Path(__file__).with_name("vendor")
AXE = VENDOR / "axe.min.js"
