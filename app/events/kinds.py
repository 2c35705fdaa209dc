"""What each kind of event offers, in one table: pages and services read ``event.profile`` (or
``EventKind.profile``) instead of testing ``event.kind``.

| | RAICT | Assises | Chronique |
| --- | --- | --- | --- |
| workshop choices on the registration form | yes | yes | yes |
| badges (organisers' badge run, desk, private link) | yes | yes | yes |
| delegations (a head registers the members) | yes | yes | no |
| two sides (French / partner delegations) | no | yes | no |
| online join link for confirmed registrants (when the event is online) | yes | yes | yes |
| members only (others ask, organisers decide) | no | no | yes |
| attendance from the video platform, organisers' summary | no | no | yes |
| series pages, series calendar and recueil | no | no | yes |
| reminders the day and the hour before | no | no | yes |
| bilateral meetings (profiles, requests, schedule) | yes | yes | no |

A new kind (or a kind that starts offering something) is one line here; nothing else tests the kind.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.events.models import EventKind


@dataclass(frozen=True)
class KindProfile:
    kind: EventKind
    url_prefix: str  # the first segment of the kind's public URLs and its blueprint's name
    title: Any  # the kind's name as a page title and home-page heading
    heading: Any  # the kind's index page heading
    lead: Any = None  # the kind's index page introduction
    has_workshop_choices: bool = True
    has_badges: bool = True
    has_delegations: bool = True
    has_two_sides: bool = False
    has_online_join_link: bool = True
    members_only: bool = False
    records_attendance: bool = False
    has_recueil: bool = False
    sends_reminders: bool = False
    has_meetings: bool = False  # bilateral meetings: cooperation profiles, requests, tables and slots (app.meetings)


PROFILES: dict[EventKind, KindProfile] = {profile.kind: profile for profile in (
    KindProfile(EventKind.RAICT, "raict", "RAICT", _l("RAICT — Meetings of the international action of local authorities"),
                has_meetings=True),
    KindProfile(EventKind.ASSISES, "assises", _l("Assises"), _l("Assises of decentralised cooperation"),
                has_two_sides=True, has_meetings=True),
    KindProfile(EventKind.CHRONIQUE, "chroniques", _l("Chroniques géopolitiques"), _l("Chroniques géopolitiques"),
                lead=_l("Once a month, online, for member local authorities."), has_delegations=False,
                members_only=True, records_attendance=True, has_recueil=True, sends_reminders=True),
)}


def profile_of(kind: EventKind) -> KindProfile:
    return PROFILES[kind]


def kinds_with(offer: str) -> list[EventKind]:
    """The kinds whose profile has ``offer`` (e.g. ``"sends_reminders"``), for database queries."""
    return [kind for kind, profile in PROFILES.items() if getattr(profile, offer)]
