"""Finding the app's forms from ``app.url_map`` and a crawl of its pages, never from a hand-written list.

- Every rule that accepts POST is *classified*: an edit form (round trip), a destructive action
  (confirmation and undo), or one of the named other kinds (creation, upload, API…). A POST rule that
  none of the mechanical rules below and no entry of ``OTHER_POST`` classifies fails the suite, so a new
  endpoint is checked the day it is added.
- The pages are found by a crawl (the Flask test client) from the organiser home, a private registration
  link and a delegation link; each HTML page's forms are parsed, and each form's action is matched back
  to its rule with the app's own URL adapter.
"""
from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import sqlalchemy as sa
from werkzeug.routing import AnyConverter

# Verbs that destroy or withdraw something a person made (property 5).
DESTRUCTIVE_WORDS = {"cancel", "delete", "remove", "revoke", "destroy", "purge", "erase", "withdraw", "unregister",
                     "drop", "discard", "clear"}
# Verbs that change an existing record through a form (property 1), when the form lives on another page.
EDIT_WORDS = {"edit", "update", "change", "rename", "choices"}

# GET+POST pages that are not edit forms: they create, upload or sign in. Anything else that shows a form
# and takes it back (GET+POST) is an edit form and must round-trip.
NOT_EDIT_PAGES = {
    "auth.login": "signs in",
    "registration.register": "creates a registration",
    "delegations.new_delegation": "creates a delegation",
    "registration.lost_link": "mails the private link again (edits nothing)",
    "people_admin.new_collectivite": "creates a collectivité",
    "events_admin.new_edition": "creates an event from another",
    "programme_admin.import_programme": "uploads a spreadsheet (preview, then confirm)",
    "chroniques_admin.attendance_page": "uploads the video platform's participants list",
    "programme_admin.session_speakers": "adds a speaker (removing one is a destructive action)",
    "registration_letters.request_letter": "requests an invitation letter (a new request, once)",
    "contacts_admin.import_contacts": "uploads a contact list (preview, then confirm)",
    "contacts_admin.audience_list": "creates a saved audience",
    "messages_admin.new_message": "writes a new message to registrants (count, preview, test, send)",
    "delegation_messages.delegation_message": "writes a new message to the delegation's members",
    "survey.answer": "answers the survey (once: a second answer is refused)",
    "meetings.ask_collectivite": "creates a meeting request",
    "meetings.ask_person": "creates a meeting request",
    "meetings_admin.themes": "adds a cooperation theme (removing one is a destructive action)",
    "meetings_admin.blocks": "adds a meeting block (removing one is a destructive action)",
    "meetings_admin.tables": "adds a meeting table (removing one is a destructive action)",
    "meetings_admin.interpreters": "adds an interpreter (removing one is a destructive action)",
}

# POST-only endpoints (or verbs of an ``<any(…):action>`` rule) that are neither edits nor destructive.
OTHER_POST = {
    "auth.logout": "signs out",
    "badges_admin.reprint": "prints a new badge version (the old one scans as superseded, by design)",
    "checkin_admin.issue": "creates a desk token",
    "registration.confirm_claim": "confirms a claim from the mailed link (creates the registration or delegation)",
    "checkin_admin.accounts": "ties a desk account to the event, or unties it (reversible by tying it again)",
    "checkin_api.manual": "API (JSON): a check-in by hand",
    "mail_public.unsubscribe": "opts out of bulk mail, or back in (each button undoes the other)",
    "checkin_api.scan": "API (JSON): a scan",
    "checkin_api.undo": "API (JSON): undoes a check-in",
    "chroniques.register_again": "creates a registration to the next chronicle(s)",
    "chroniques_admin.confirm_attendance": "confirms an upload",
    "chroniques_admin.decide:grant": "a decision on an access request",
    "chroniques_admin.decide:refuse": "a decision on an access request (grant stays possible)",
    "chroniques_admin.mark_attendance:present": "attendance, reversible by the opposite button",
    "chroniques_admin.mark_attendance:absent": "attendance, reversible by the opposite button",
    "letters_admin.decide:approve": "a decision on a letter request",
    "letters_admin.decide:refuse": "a decision on a letter request",
    "programme_admin.confirm_import": "confirms an upload",
    "programme_admin.session_action:restore": "the undo of cancelling a session",
    "programme_admin.session_action:hide": "hides from the public, reversible by Publish",
    "programme_admin.session_action:show": "publishes, reversible by Hide",
    "programme_admin.speaker_action:up": "reorders speakers",
    "programme_admin.speaker_action:down": "reorders speakers",
    "delegations.add_member": "creates a registration in a delegation",
    "delegations.confirm_members": "confirms an upload",
    "delegations.upload_members": "uploads a member list (preview, then confirm)",
    "registration.renew_calendar_link": "issues a new calendar secret (the old one must stop working)",
    "registration_admin.moderate:approve": "a decision on a pending registration",
    "registration_admin.moderate:refuse": "a decision on a pending registration",
    "registration_admin.restore": "the undo of cancelling a registration",
    "programme_admin.restore_speaker": "the undo of removing a speaker",
    "contacts_admin.confirm_import": "confirms an upload",
    "contacts_admin.contact_action:restore": "the undo of deleting a contact",
    "contacts_admin.audience_action:restore": "the undo of deleting a saved audience",
    "campaigns_admin.send_test": "mails a test of a campaign to the organiser",
    "campaigns_admin.send_now": "queues a campaign (asks for confirmation with the audience's size)",
    "campaigns_admin.schedule": "schedules a campaign (reversible by Cancel the schedule)",
    "campaigns_admin.campaign_action:unschedule": "the undo of scheduling",
    "campaigns_admin.campaign_action:pause": "pauses sending, reversible by Resume",
    "campaigns_admin.campaign_action:resume": "resumes sending, reversible by Pause",
    "campaigns_admin.campaign_action:remind": "creates a draft reminder campaign",
    "campaigns_admin.set_rate": "sets a campaign's sending rate (empty: no limit)",
    "messages_admin.message_action:pause": "pauses sending a message to registrants, reversible by Resume",
    "messages_admin.message_action:resume": "resumes sending a message to registrants, reversible by Pause",
    "mail_admin.bounce_action:restore": "the undo of clearing a hard bounce",
    "certificates_admin.save_signer": "names the signer and uploads the signature and logo (the form shows them)",
    "certificates_admin.restore": "the undo of revoking a certificate",
    "certificates_admin.mail": "queues each attendee's certificate mail (once per certificate)",
    "survey_admin.add_question": "creates a question",
    "survey_admin.question_action:up": "reorders questions",
    "survey_admin.question_action:down": "reorders questions",
    "survey_admin.question_action:restore": "the undo of deleting a question",
    "survey_admin.survey_action:open": "opens the survey, reversible by Close",
    "survey_admin.survey_action:close": "closes the survey, reversible by Open",
    "survey_admin.survey_action:invite": "queues the invitations (once per person)",
    "syntheses_admin.act:invite": "mails the rapporteur their link (once per link)",
    "syntheses_admin.act:publish": "publishes a synthesis, reversible by Unpublish",
    "syntheses_admin.act:unpublish": "withdraws a synthesis from the public pages, reversible by Publish",
    "meetings.answer": "accepts, declines or cancels a meeting request (each asks first when it cancels; "
                       "an organiser restores a cancelled one)",
    "meetings_admin.protocol": "creates a protocol meeting",
    "meetings_admin.request_action:restore": "the undo of cancelling a meeting request",
    "meetings_admin.item_action:restore": "the undo of removing a theme, block, table or interpreter",
    "meetings_admin.pin": "places a meeting at a slot and a table (reversible: unpin, or pin elsewhere)",
    "meetings_admin.meeting_action:unpin": "lets the scheduler move the meeting again (reversible: pin)",
    "meetings_admin.meeting_action:publish": "shows a placed meeting to both sides (reversible: unpublish)",
    "meetings_admin.meeting_action:unpublish": "hides a meeting from both sides (reversible: publish)",
    "meetings_schedule.run:run": "runs the scheduler (published and pinned meetings stay unless impossible)",
    "meetings_schedule.run:publish": "runs the scheduler and publishes (confirmed; each meeting can be unpublished)",
    "meetings_desk.held:held": "the desk marks a meeting held (reversible: not held)",
    "meetings_desk.held:not_held": "the undo of marking a meeting held",
}

# Rules never fetched by the crawl: files, feeds and JSON (no forms in them), and signing out.
SKIP_SUFFIXES = (".pdf", ".ics", ".csv", ".xlsx", ".json", ".stream")


@dataclass(frozen=True)
class PostTarget:
    """One POST endpoint, or one verb of a rule with an ``<any(…):action>`` argument."""

    endpoint: str
    verb: str | None
    rule: str
    methods: frozenset[str]
    # Another rule of the same endpoint names one more record (``/rooms`` and ``/rooms/<room_id>``): this one
    # creates it.
    creates: bool = False

    @property
    def key(self) -> str:
        return f"{self.endpoint}:{self.verb}" if self.verb else self.endpoint

    @property
    def words(self) -> set[str]:
        name = self.verb or self.endpoint.rpartition(".")[2]
        return set(name.split("_")) | {name}


def post_targets(app) -> list[PostTarget]:
    rules = list(app.url_map.iter_rules())
    found = []
    for rule in rules:
        if "POST" not in rule.methods:
            continue
        action = rule._converters.get("action")
        verbs = sorted(action.items) if isinstance(action, AnyConverter) else [None]
        creates = any(other.endpoint == rule.endpoint and set(rule.arguments) < set(other.arguments) for other in rules)
        found += [PostTarget(rule.endpoint, verb, rule.rule, frozenset(rule.methods), creates) for verb in verbs]
    return found


def is_creation_rule(target: PostTarget) -> bool:
    last = target.rule.rstrip("/").rpartition("/")[2]
    return target.creates or last == "new" or last.startswith("new-")


def classify(target: PostTarget) -> str:
    """``edit``, ``destructive``, ``create`` or ``other`` (named in the tables above); ``unclassified`` fails."""
    if target.words & DESTRUCTIVE_WORDS:
        return "destructive"
    if "GET" in target.methods:
        if is_creation_rule(target) or target.endpoint in NOT_EDIT_PAGES:
            return "create"
        return "edit"
    if target.words & EDIT_WORDS:
        return "edit"
    if target.key in OTHER_POST or target.endpoint in OTHER_POST:
        return "other"
    return "unclassified"


# --- pages and their forms ------------------------------------------------------------

@dataclass
class Form:
    page: str  # the page's path (and query) where the form is shown
    index: int  # its rank among the page's forms, in document order
    method: str
    action: str  # the path it posts to
    confirm: str | None  # the data-confirm question (static/js/confirm.js)
    fields: list[str] = field(default_factory=list)
    ordinal: int = 0  # its rank among the page's forms posting to the same action
    endpoint: str | None = None
    view_args: dict = field(default_factory=dict)
    rule: str | None = None

    @property
    def verb(self) -> str | None:
        action = self.view_args.get("action")
        return action if isinstance(action, str) else None

    @property
    def key(self) -> str:
        return f"{self.endpoint}:{self.verb}" if self.verb else str(self.endpoint)

    def targets(self, target: PostTarget) -> bool:
        return self.rule == target.rule and self.verb == target.verb


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            self._open = {"method": (attributes.get("method") or "get").lower(), "action": attributes.get("action"),
                          "confirm": attributes.get("data-confirm"), "fields": []}
            self.forms.append(self._open)
        elif tag in ("input", "select", "textarea") and self._open is not None and attributes.get("name"):
            self._open["fields"].append(attributes["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def parse_page(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    return parser


def _skipped(path: str) -> bool:
    return path.endswith(SKIP_SUFFIXES) or path.startswith(("/static/", "/logout", "/api/"))


def crawl(app, clients_and_starts, limit: int = 600, within: str = "/") -> tuple[dict[str, int], list[Form]]:
    """Fetch every HTML page reachable by same-site links from the start pages; return statuses and forms.

    ``clients_and_starts``: pairs of a test client (signed in or not) and the paths it starts from.
    """
    adapter = app.url_map.bind("localhost")
    statuses: dict[str, int] = {}
    forms: list[Form] = []
    for client, starts in clients_and_starts:
        queue = deque(starts)
        while queue and len(statuses) < limit:
            path = queue.popleft()
            if path in statuses:
                continue
            response = client.get(path)
            statuses[path] = response.status_code
            if response.status_code != 200 or not response.mimetype == "text/html":
                continue
            parsed = parse_page(response.get_data(as_text=True))
            for href in parsed.links:
                parts = urlsplit(urljoin("http://localhost" + path, href))
                if parts.netloc != "localhost" or _skipped(parts.path) or not parts.path.startswith(within):
                    continue
                query = "&".join(part for part in parts.query.split("&") if part and not part.startswith("lang="))
                target = parts.path + (f"?{query}" if query else "")  # the language switch: same forms
                if target not in statuses:
                    queue.append(target)
            for index, found in enumerate(parsed.forms):
                action = urlsplit(urljoin("http://localhost" + path, found["action"] or path))
                ordinal = sum(1 for other in forms if other.page == path and other.action == action.path)
                form = Form(path, index, found["method"], action.path, found["confirm"], found["fields"], ordinal)
                if form.method == "post":
                    try:
                        rule, form.view_args = adapter.match(action.path, method="POST", return_rule=True)
                        form.endpoint, form.rule = rule.endpoint, rule.rule
                    except Exception:  # noqa: BLE001 - a form posting nowhere is reported by the tests
                        form.endpoint = None
                forms.append(form)
    return statuses, forms


# --- the database, row by row ---------------------------------------------------------

# Columns that change on every save by design: the time of the last change, version counters (iCalendar
# SEQUENCE), and the search key derived from the names (the factories leave it empty; a save computes it).
IGNORED_COLUMNS = {"updated_at", "sequence", "search_key"}
# Tables that record what happened (an unchanged save still writes its audit line), not the records.
JOURNAL_TABLES = {"audit_entry", "request_log", "alembic_version"}


def snapshot(db, tables: set[str] | None = None) -> dict[str, set[tuple]]:
    """Every row of every table (or of ``tables``), without the columns that change on every save."""
    result = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name in JOURNAL_TABLES or (tables is not None and table.name not in tables):
                continue
            columns = [column for column in table.columns if column.name not in IGNORED_COLUMNS]
            rows = connection.execute(sa.select(*columns)).all()
            result[table.name] = {tuple(zip((column.name for column in columns), map(_hashable, row), strict=True))
                                  for row in rows}
    return result


def _hashable(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, list | dict) else value


def differences(before: dict[str, set[tuple]], after: dict[str, set[tuple]]) -> dict[str, dict]:
    changed = {}
    for name in before:
        if before[name] != after[name]:
            changed[name] = {"before": sorted(before[name] - after[name], key=repr),
                             "after": sorted(after[name] - before[name], key=repr)}
    return changed



# --- realistic data -------------------------------------------------------------------

@dataclass
class World:
    organiser: object
    event: object
    chronicle: object
    sessions: list
    registrations: list
    delegation: object
    desk_token: object


def build_world(db) -> World:
    """One RAICT open for registration, with a full programme, people in several scripts, registrations with
    workshops and needs, a delegation, a desk token; and one online chronicle with its summary."""
    from datetime import timedelta

    from app.auth.models import Role
    from app.checkin.operations import issue_desk_token
    from app.events.models import EventKind, EventSeries, EventStatus
    from app.people.models import CollectiviteType, ProtocolRank
    from app.programme.models import SessionStatus, SessionType, SpeakerRole, TrackKind
    from app.registration.models import (
        ChoiceStatus,
        Delegation,
        DelegationSide,
        RegistrationCategory,
        RegistrationStatus,
        SessionChoice,
    )
    from tests import factories as f

    organiser = f.make_user(Role.ORGANISER)
    series = f._add(EventSeries(slug="raict", kind=EventKind.RAICT, title_fr="RAICT", title_en="RAICT"))
    event = f.make_event(
        slug="raict-2030", title_fr="Rencontres de l’action internationale des collectivités territoriales 2030",
        title_en="Meetings of local authorities’ international action 2030", edition=12, series=series,
        theme_fr="Coopérer face aux crises :\nclimat, eau, santé", theme_en="Cooperating in crises",
        description_fr="Deux jours d’ateliers.\n\nInscription gratuite, repas compris.", description_en=None,
        venue_name="Palais des congrès", venue_address="2 place de la Porte Maillot", venue_city="Paris",
        venue_country="FR", co_organisers="Cités Unies France\nRégion Île-de-France", capacity=800,
        status=EventStatus.REGISTRATION_OPEN, online_url="https://visio.example.org/raict-2030")
    chronicle_series = f._add(EventSeries(slug="chroniques", kind=EventKind.CHRONIQUE, title_fr="Chroniques",
                                          title_en="Chronicles"))
    chronicle = f.make_event(
        kind=EventKind.CHRONIQUE, slug="chronique-eau", title_fr="Chronique : l’eau en partage",
        title_en="Chronicle: sharing water", series=chronicle_series, is_online=True, venue_name=None,
        venue_city=None, venue_country=None, online_url="https://visio.example.org/eau",
        starts_at=event.starts_at + timedelta(days=30), status=EventStatus.REGISTRATION_OPEN,
        summary_fr="Ce qui a été dit.\n\nDeuxième paragraphe : « citations » & chiffres.", summary_en="What was said.")
    chronicle.ends_at = chronicle.starts_at + timedelta(hours=1, minutes=30)

    auditorium = f.make_room(event, name="Auditorium Jean-Jaurès", capacity=400)
    small_room = f.make_room(event, name="Salle Hô-Chi-Minh", capacity=None)
    climate = f.make_track(event, slug="climat", kind=TrackKind.THEMATIC, name_fr="Climat et transitions",
                           name_en="Climate and transitions")
    other_track = f.make_track(event, slug="afrique", kind=TrackKind.GEOGRAPHIC, name_fr="Afrique",
                               name_en="Africa")

    first_rank = f._add(ProtocolRank(name_fr="Ministre", name_en="Minister", precedence=10))
    f._add(ProtocolRank(name_fr="Maire", name_en="Mayor", precedence=20))
    rabat = f.make_collectivite(name="الرباط", name_latin="Rabat", country="MA", type=CollectiviteType.COMMUNE,
                                cuf_member=False)
    hue = f.make_collectivite(name="Thành phố Huế", name_latin="Hue", country="VN")
    lyon = f.make_collectivite(name="Métropole de Lyon", country="FR")
    alaoui = f.make_person(given_name="محمد", family_name="العلوي", given_name_latin="Mohammed",
                           family_name_latin="El Alaoui", country="MA", honorific="M.", function="Maire de Rabat",
                           collectivite_id=rabat.id, protocol_rank_id=first_rank.id, email="m.alaoui@rabat.example.ma")
    nguyen = f.make_person(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong",
                           family_name_latin="Nguyen", country="VN", function="Vice-présidente du Comité populaire",
                           collectivite_id=hue.id, email="huong@hue.example.vn")
    wang = f.make_person(given_name="小明", family_name="王", given_name_latin="Xiaoming", family_name_latin="Wang",
                         country="CN", email="wang@example.cn")
    dupont = f.make_person(given_name="Élodie", family_name="Dupont-Lefèvre", country="FR", honorific="Mme",
                           function="Adjointe aux relations internationales", collectivite_id=lyon.id,
                           email="elodie.dupont@lyon.example.fr")

    start = event.starts_at
    plenary = f.make_session(
        event, type=SessionType.PLENARY, title_fr="Ouverture : villes et climat", title_en="Opening: cities and climate",
        description_fr="Discours d’ouverture.\n\nPuis table ronde.", description_en="Opening speeches.",
        starts_at=start, room_id=auditorium.id, track_id=climate.id, capacity=400, languages=["fr", "en"],
        interpretation=["en", "ar", "vi"], online_url="https://visio.example.org/ouverture")
    f.add_speaker(plenary, alaoui, SpeakerRole.SPEAKER, position=0)
    f.add_speaker(plenary, nguyen, SpeakerRole.MODERATOR, position=1)
    press = f.make_session(event, type=SessionType.ROUND_TABLE,
                           title_fr="Point presse", title_en="Press briefing", starts_at=start + timedelta(minutes=30),
                           languages=["fr"], interpretation=[])
    f.add_speaker(press, alaoui, SpeakerRole.SPEAKER, position=0)
    # Kept on purpose, with a reason: the mayor leaves the opening for the press briefing.
    plenary.conflict_override_reason = "Le maire quitte l’ouverture pour le point presse, puis revient."
    press.conflict_override_reason = plenary.conflict_override_reason
    workshop = f.make_session(
        event, type=SessionType.WORKSHOP, title_fr="Atelier : l’eau", title_en="Workshop: water",
        starts_at=start + timedelta(hours=3), room_id=small_room.id, track_id=other_track.id, capacity=30,
        languages=["fr"], interpretation=[])
    f.add_speaker(workshop, wang, SpeakerRole.SPEAKER, position=0)
    second_workshop = f.make_session(
        event, type=SessionType.WORKSHOP, title_fr="Atelier : santé", title_en="Workshop: health",
        starts_at=start + timedelta(hours=3), capacity=None, languages=["fr", "es"], interpretation=["es"])
    hidden = f.make_session(event, type=SessionType.WORKSHOP, title_fr="Atelier en préparation",
                            title_en="Workshop in preparation", starts_at=start + timedelta(days=1), is_hidden=True,
                            languages=[], interpretation=[])
    cancelled = f.make_session(event, type=SessionType.WORKSHOP, title_fr="Atelier annulé", title_en="Cancelled workshop",
                               starts_at=start + timedelta(days=1, hours=2), status=SessionStatus.CANCELLED,
                               languages=["en"], interpretation=["fr"])

    delegation = f._add(Delegation(event=event, name="Délégation du Maroc", country="MA",
                                   side=DelegationSide.PARTNER, head_person_id=alaoui.id))
    delegation.collectivites.append(rabat)
    head = f.make_registration(event, alaoui, category=RegistrationCategory.VIP, delegation_id=delegation.id,
                               language="fr", dietary_needs="Halal", interpretation_needs="Arabe ⇄ français")
    member = f.make_registration(event, nguyen, category=RegistrationCategory.DELEGATION_MEMBER,
                                 delegation_id=delegation.id, language="en",
                                 accessibility_needs="Fauteuil roulant\nPlace près de l’entrée")
    participant = f.make_registration(event, dupont, language="fr", dietary_needs="Végétarienne")
    waiting = f.make_registration(event, wang, status=RegistrationStatus.WAITLISTED, language="en")
    f._add(SessionChoice(registration=participant, session_id=workshop.id, status=ChoiceStatus.CONFIRMED))
    f._add(SessionChoice(registration=member, session_id=second_workshop.id, status=ChoiceStatus.CONFIRMED))
    f._add(SessionChoice(registration=waiting, session_id=workshop.id, status=ChoiceStatus.WAITLISTED))
    chronicle_registration = f.make_registration(chronicle, dupont, language="fr")
    # After the event: an open survey (a question of each kind) and a synthesis whose rapporteur is the participant.
    from app.survey import operations as survey
    from app.survey.models import QuestionKind, SurveyStatus
    from app.syntheses.operations import assign_rapporteur, save_text

    survey.save_settings(event, anonymous=True, intro_fr="Quelques questions.", intro_en="A few questions.",
                         actor="test")
    survey.add_question(event, survey.QuestionValues(QuestionKind.RATING, "Note globale", "Overall rating", [], True),
                        actor="test")
    survey.add_question(event, survey.QuestionValues(
        QuestionKind.MULTIPLE, "Ateliers suivis", "Workshops attended",
        [{"fr": "Climat", "en": "Climate"}, {"fr": "Eau", "en": "Water"}], False), actor="test")
    survey.set_status(event, SurveyStatus.OPEN, actor="test")
    synthesis = assign_rapporteur(workshop, participant, event.ends_at + timedelta(days=3650), actor="test")
    save_text(synthesis, "# Constats\n\nLes **collectivités** coopèrent.", actor="test")
    desk_token, _ = issue_desk_token(event, "Accueil A", created_by_id=organiser.id)
    # The head of delegation was checked in on the first day and has an attendance certificate (revocable).
    from app.certificates.operations import issue_certificates
    from app.checkin.models import CheckIn

    f._add(CheckIn(event_id=event.id, registration_id=head.id, day=event.days[0], checked_in_at=start,
                   recorded_at=start, desk="Accueil A"))
    issue_certificates(event, [head], actor="system")
    # Bilateral meetings: settings, a theme, a block, a table, an interpreter, the profiles, a request.
    from app.meetings import operations as meetings

    meetings.save_settings(event, slot_minutes=30, max_meetings_per_person=None, requests_open=True, actor="test")
    water = meetings.add_theme(event, "Eau et assainissement", "Water and sanitation", actor="test")
    meetings.add_block(event, start + timedelta(days=1, hours=5), start + timedelta(days=1, hours=6), actor="test")
    meetings.add_table(event, 1, "Salle Hô-Chi-Minh", actor="test")
    meetings.add_interpreter(event, "Lan Phạm", "lan@interpretes.example.org", "fr-vi", [], actor="test")
    for registrant, collectivite in ((participant, lyon), (head, rabat), (head, hue)):
        meetings.save_profile(registrant, collectivite, meetings.ProfileData([water.id], "", "Eau potable", "fr"),
                              actor="test")
    meetings.ask(participant, participant, to_collectivite=rabat, message="L’eau à Rabat", actor="test")
    # Contacts (their edit forms; one is deleted and restored) and a saved audience (renamed, deleted, restored).
    from app.communications.audiences import save_audience
    from app.communications.campaigns import CampaignData, save_campaign
    from app.communications.contacts import link_contacts
    from app.communications.models import Contact

    f._add(Contact(email="elodie.dupont@lyon.example.fr", given_name="Élodie", family_name="Dupont-Lefèvre",
                   honorific="Mme", function="Adjointe aux relations internationales",
                   collectivite_name="Métropole de Lyon", country="FR", language="fr", is_member=True))
    f._add(Contact(email="contact@hue.example.vn", given_name="Lan", family_name="Trần", country="VN", language="en"))
    link_contacts(["elodie.dupont@lyon.example.fr", "contact@hue.example.vn"])
    save_audience("Vietnam", {"kind": "countries", "countries": ["VN"]}, actor="test")
    # A draft invitation campaign (its edit form).

    save_campaign(event, CampaignData(name="Invitation", audience={"kind": "members"}, subject_fr="Invitation {event_title}",
                                      body_fr="Bonjour {given_name},\n\n{registration_link}", subject_en="Invitation",
                                      body_en="Dear {given_name},\n\n{registration_link}"), actor="test")
    # A message to registrants being sent (Pause on its pages), a hard bounce (Clear) and an opt-out (no button).
    from app.communications.compose import MessageTemplate
    from app.communications.messages import Draft, send_message
    from app.communications.messages_filters import RecipientFilter
    from app.communications.messages_models import MessageKind
    from app.mail.suppression import opt_out, record_bounce

    send_message(event, Draft(MessageKind.GENERAL, MessageTemplate("Plan d’accès", "Bonjour {given_name}, voici le plan.",
                                                                   "Map", "Dear {given_name}, here is the map."),
                              RecipientFilter(statuses=(RegistrationStatus.CONFIRMED,))),
                 actor="test", sent_by=organiser.email, user_id=organiser.id)
    record_bounce("ancien.maire@commune.example.fr", hard=True, status="5.1.1",
                  diagnostic="550 5.1.1 <ancien.maire@commune.example.fr>: User unknown", actor="test")
    opt_out("ne-plus-ecrire@commune.example.fr", actor="test", how="one-click")
    db.session.commit()
    return World(organiser, event, chronicle, [plenary, workshop, second_workshop, hidden, cancelled, press],
                 [participant, member, head, waiting, chronicle_registration], delegation, desk_token)


def organiser_client(app, user):
    """A test client signed in as ``user``."""
    from tests.conftest import csrf_token_from
    from tests.factories import TEST_PASSWORD

    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert response.status_code == 302, "the organiser could not sign in"
    return client


def crawl_world(app, world: World):
    """Every page reachable from the organiser home, the private pages and the delegation page."""
    from app.people.models import Person

    private = [f"/registration/{registration.manage_token}" for registration in world.registrations]
    # People are found by searching them, as an organiser does (the empty search lists no one).
    searches = [f"/organiser/people/?q={quote(person.family_name_latin or person.family_name)}"
                for person in db_people(Person)]
    starts = ["/organiser/", "/organiser/people/protocol", "/organiser/chroniques/", *searches,
              f"/organiser/events/{world.event.slug}/desk-tokens"]
    return crawl(app, [(organiser_client(app, world.organiser), starts),
                       (app.test_client(), [*private, f"/delegations/{world.delegation.manage_token}"])])


def db_people(model):
    from app.core.extensions import db

    return list(db.session.scalars(sa.select(model).order_by(model.id)))


def locate(page, form):
    """The same form in a browser's page, found by its action (a signed-in page has one more form: sign out)."""
    page.evaluate("""([path, ordinal]) => {
        const forms = Array.from(document.forms).filter(f => new URL(f.action, location.href).pathname === path);
        forms.forEach(f => f.removeAttribute("data-under-test"));
        forms[ordinal].setAttribute("data-under-test", "");
    }""", [form.action, form.ordinal])
    return page.locator("form[data-under-test]")
