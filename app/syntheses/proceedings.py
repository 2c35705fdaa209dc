"""The proceedings (actes) of an event: cover with the event's figures, table of contents, then one section
per session in programme order — when, where, speakers, abstract and the published synthesis with its
rapporteur — in the style of the chronicles' recueil (app/chroniques/recueil.py). Rendered by
``app.core.pdf``: a font for every script, and a text no font has refused up front."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from app.checkin.attendance import attended as attended_condition
from app.core.dates import format_date_range, format_local_date, format_time_range
from app.core.extensions import db
from app.core.i18n import localized
from app.core.labels import label
from app.core.pdf import (
    PageDecoration,
    ensure_printable,
    paragraph_markup,
    paragraph_style,
    render_counted_document,
    table_of_contents,
)
from app.events.models import Event
from app.people.models import Person
from app.registration.models import Registration, RegistrationStatus
from app.syntheses.markdown import blocks
from app.syntheses.queries import SessionSynthesis, syntheses_by_session


@dataclass(frozen=True)
class EventFigures:
    participants: int
    attended: int
    countries: int
    collectivites: int
    sessions: int
    speakers: int


def event_figures(event: Event, sections: list[SessionSynthesis]) -> EventFigures:
    """The figures printed on the cover: confirmed registrations, attendees, countries and collectivités."""
    confirmed = (Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
    participants, attended, countries, collectivites = db.session.execute(
        sa.select(sa.func.count(Registration.id), sa.func.count(sa.case((attended_condition(event), 1))),
                  sa.func.count(sa.distinct(Person.country)), sa.func.count(sa.distinct(Person.collectivite_id)))
        .select_from(Registration).join(Registration.person).where(*confirmed)).one()
    speakers = {speaker.person_id for item in sections for speaker in item.session.speakers}
    return EventFigures(participants, attended, countries, collectivites,
                        sum(1 for item in sections if not item.session.is_cancelled), len(speakers))


@dataclass(frozen=True)
class Proceedings:
    body: bytes
    pages: int
    sessions: int
    syntheses: int


def proceedings_sections(event: Event) -> list[SessionSynthesis]:
    """The sessions the proceedings print: the programme's, in its order, cancelled ones left out."""
    return [item for item in syntheses_by_session(event) if not item.session.is_cancelled]


def is_printed_synthesis(item: SessionSynthesis) -> bool:
    """The session's synthesis is in the proceedings: it is published."""
    return item.synthesis is not None and item.synthesis.is_published


def proceedings_pdf(event: Event, language: str = "fr") -> bytes:
    """The event's proceedings; UnprintableTextError when a text has a character no font has."""
    return render_proceedings(event, proceedings_sections(event), language).body


def render_proceedings(event: Event, sections: list[SessionSynthesis], language: str = "fr") -> Proceedings:
    """The proceedings of these sections (:func:`proceedings_sections`), with what a command reports of them."""
    published = [item for item in sections if is_printed_synthesis(item)]
    with force_locale(language):
        title = localized(event, "title", language)
        ensure_printable([title, localized(event, "theme", language)]
                         + [text for item in sections for text in _texts(item, language)])
        story = _cover(event, title, event_figures(event, sections), len(published), language)
        for number, item in enumerate(sections, start=1):
            story += _section(event, item, number, language)
        decoration = PageDecoration(header_left=title, header_right=_("Proceedings"), footer_left="Cités Unies France")
        rendered = render_counted_document(story, title=title, language=language, decoration=decoration,
                                           subject=_("Proceedings"), with_contents=True)
    return Proceedings(rendered.body, rendered.pages, len(sections), len(published))


def _styles() -> dict:
    return {"cover": paragraph_style("cover", 26, "bold", leading=32, spaceAfter=8 * mm),
            "lead": paragraph_style("lead", 12, spaceAfter=4 * mm),
            "figure": paragraph_style("figure", 11, spaceAfter=1 * mm),
            "heading": paragraph_style("toc-0", 15, "bold", leading=19, spaceAfter=3 * mm),
            "contents": paragraph_style("contents", 14, "bold", spaceAfter=4 * mm),
            "meta": paragraph_style("meta", 10, textColor="#444444", spaceAfter=2 * mm),
            "section": paragraph_style("section", 11, "bold", spaceBefore=3 * mm, spaceAfter=1 * mm),
            "subheading": paragraph_style("subheading", 10.5, "bold", spaceBefore=2 * mm, spaceAfter=1 * mm),
            "body": paragraph_style("body", 10, spaceAfter=2 * mm),
            "item": paragraph_style("item", 10, leftIndent=5 * mm, spaceAfter=1 * mm),
            "quote": paragraph_style("quote", 10, leftIndent=8 * mm, textColor="#444444", spaceAfter=2 * mm)}


def _cover(event: Event, title: str, figures: EventFigures, published: int, language: str) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [Spacer(1, 40 * mm), Paragraph(paragraph_markup(_("Proceedings")), styles["lead"]),
                             Paragraph(paragraph_markup(title, "bold"), styles["cover"])]
    theme = localized(event, "theme", language)
    if theme:
        story.append(Paragraph(paragraph_markup(theme), styles["lead"]))
    place = ", ".join(part for part in (event.venue_name, event.venue_city) if part)
    when = format_date_range(event.starts_at, event.ends_at, event.timezone)
    story.append(Paragraph(paragraph_markup(" — ".join(part for part in (when, place) if part)), styles["lead"]))
    story.append(Spacer(1, 10 * mm))
    for line in (_("%(count)s participants", count=figures.participants),
                 _("%(count)s present", count=figures.attended),
                 _("%(count)s countries", count=figures.countries),
                 _("%(count)s collectivités", count=figures.collectivites),
                 _("%(count)s sessions", count=figures.sessions),
                 _("%(count)s speakers", count=figures.speakers),
                 _("%(count)s syntheses", count=published)):
        story.append(Paragraph(paragraph_markup(line), styles["figure"]))
    story += [PageBreak(), Paragraph(paragraph_markup(_("Contents"), "bold"), styles["contents"]),
              table_of_contents(), PageBreak()]
    return story


class _Heading(Paragraph):
    """A session's heading: its plain text is what the table of contents lists (app.core.pdf)."""

    toc_text = ""


def _section(event: Event, item: SessionSynthesis, number: int, language: str) -> list[Flowable]:
    styles, session, synthesis = _styles(), item.session, item.synthesis
    title = localized(session, "title", language)
    heading = _Heading(paragraph_markup(f"{number}. {title}", "bold"), styles["heading"])
    heading.toc_text = f"{number}. {title}"
    when = _("%(date)s, %(time)s", date=format_local_date(session.starts_at, event.timezone, "full"),
             time=format_time_range(session.starts_at, session.ends_at, event.timezone))
    meta = " · ".join(part for part in (label(session.type), when, session.room.name if session.room else None) if part)
    story: list[Flowable] = [heading, Paragraph(paragraph_markup(meta), styles["meta"])]
    if session.speakers:
        story.append(Paragraph(paragraph_markup(_("Speakers")), styles["section"]))
        for speaker in session.speakers:
            story.append(Paragraph(paragraph_markup(_speaker_line(speaker.person, label(speaker.role))), styles["body"]))
    description = localized(session, "description", language)
    if description:
        story.append(Paragraph(paragraph_markup(_("Abstract")), styles["section"]))
        story += [Paragraph(paragraph_markup(part), styles["body"]) for part in description.split("\n\n") if part.strip()]
    if synthesis is not None and synthesis.is_published:
        story.append(Paragraph(paragraph_markup(_("Synthesis")), styles["section"]))
        if synthesis.rapporteur is not None:
            story.append(Paragraph(paragraph_markup(_("Rapporteur: %(name)s", name=synthesis.rapporteur.person.name)),
                                   styles["meta"]))
        for block in blocks(synthesis.body):
            if block.kind == "heading":
                story.append(Paragraph(paragraph_markup(block.text, "bold"), styles["subheading"]))
            elif block.kind == "item":
                story.append(Paragraph(paragraph_markup(f"• {block.text}"), styles["item"]))
            else:
                story.append(Paragraph(paragraph_markup(block.text), styles[
                    "quote" if block.kind in ("quote", "code") else "body"]))
    story.append(Spacer(1, 8 * mm))
    return story


def _speaker_line(person: Person, role: str) -> str:
    parts = [person.name + (f" ({person.name_latin})" if person.has_distinct_latin_name else ""), role]
    if person.function:
        parts.append(person.function)
    if person.collectivite is not None:
        parts.append(person.collectivite.display_name)
    return " — ".join(parts)


def _texts(item: SessionSynthesis, language: str) -> list[str | None]:
    session, synthesis = item.session, item.synthesis
    texts: list[str | None] = [localized(session, "title", language), localized(session, "description", language)]
    texts += [text for speaker in session.speakers
              for text in (speaker.person.name, speaker.person.name_latin, speaker.person.function,
                           speaker.person.collectivite.display_name if speaker.person.collectivite else None)]
    if synthesis is not None and synthesis.is_published:
        texts += [block.text for block in blocks(synthesis.body)]
        if synthesis.rapporteur is not None:
            texts.append(synthesis.rapporteur.person.name)
    return texts
