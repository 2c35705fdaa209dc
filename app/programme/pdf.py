"""The printable programme and the speaker list (A4 PDF), from the same queries as the HTML pages.

Both are built in one language (titles, labels, day names); times are local times at the event.
Hidden sessions are left out, cancelled ones kept and marked. Rendering, fonts and scripts are
``app.core.pdf``'s business: here only ``paragraph_markup`` pieces are put together.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from app.core.countries import country_name
from app.core.dates import format_date_range, format_day, format_local_date, format_local_time, zone_name
from app.core.i18n import localized
from app.core.labels import label
from app.core.pdf import PageDecoration, ensure_printable, paragraph_markup, paragraph_style, render_document, table_style
from app.events.models import Event
from app.people.models import Person
from app.programme.models import Session, SpeakerRole
from app.programme.queries import ProgrammeDay, SpeakerEntry, programme_by_day, speakers_of

TEXT_WIDTH = 210 * mm - 2 * 18 * mm - 12  # A4 less render_document's margins and the frame's padding
TIME_COLUMN = 24 * mm
GREY = colors.HexColor("#555555")
CANCELLED_RED = colors.HexColor("#a40000")


def programme_pdf(event: Event, language: str) -> bytes:
    """The programme, one section per day."""
    with force_locale(language):
        days = programme_by_day(event)
        ensure_printable(_people_texts(speaker.person for day in days for session in day.sessions
                                       for speaker in session.speakers))
        styles = _styles()
        story = _title_block(event, _("Programme"), styles)
        story.append(Paragraph(paragraph_markup(_("Times are local times at the event (%(zone)s).",
                                                  zone=zone_name(event.timezone))), styles["note"]))
        for day in days:
            story += _day_flowables(event, day, language, styles)
        if not days:
            story.append(Paragraph(paragraph_markup(_("The programme is not published yet.")), styles["body"]))
        return render_document(story, title=f"{_('Programme')} — {localized(event, 'title', language)}",
                               language=language, decoration=_decoration(event, _("Programme"), language))


def speakers_pdf(event: Event, language: str) -> bytes:
    """Everyone speaking at a visible session, in protocol order, with function and collectivité."""
    with force_locale(language):
        entries = speakers_of(event, "protocol")
        ensure_printable(_people_texts(entry.person for entry in entries))
        styles = _styles()
        story = _title_block(event, _("Speakers"), styles)
        story.append(Paragraph(paragraph_markup(_("Protocol order")), styles["note"]))
        if entries:
            story.append(_speaker_table(event, entries, language, styles))
        else:
            story.append(Paragraph(paragraph_markup(_("No speaker announced yet.")), styles["body"]))
        return render_document(story, title=f"{_('Speakers')} — {localized(event, 'title', language)}",
                               language=language, decoration=_decoration(event, _("Speakers"), language))


# --- common pieces -----------------------------------------------------------------

def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": paragraph_style("title", 18, "bold", leading=22, spaceAfter=3 * mm),
        "subtitle": paragraph_style("subtitle", 11, textColor=GREY, spaceAfter=1 * mm),
        "note": paragraph_style("note", 8.5, textColor=GREY, spaceBefore=1 * mm, spaceAfter=4 * mm),
        "day": paragraph_style("day", 13, "bold", spaceBefore=5 * mm, spaceAfter=2 * mm, keepWithNext=1),
        "time": paragraph_style("time", 9.5, "bold"),
        "meta": paragraph_style("meta", 8.5, textColor=GREY),
        "session": paragraph_style("session", 10.5, "bold", spaceBefore=0.5 * mm, spaceAfter=1 * mm),
        "speaker": paragraph_style("speaker", 9, leftIndent=3 * mm, spaceAfter=0.6 * mm),
        "body": paragraph_style("body", 10),
        "cell": paragraph_style("cell", 8.5, leading=10.5),
        "cell_head": paragraph_style("cell_head", 8.5, "bold", leading=10.5),
    }


def _title_block(event: Event, document_name: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(paragraph_markup(localized(event, "title"), "bold"), styles["title"])]
    theme = localized(event, "theme")
    if theme:
        story.append(Paragraph(paragraph_markup(theme), styles["subtitle"]))
    story.append(Paragraph(paragraph_markup(f"{document_name} · {_event_when_where(event)}"), styles["subtitle"]))
    return story


def _event_when_where(event: Event) -> str:
    when = format_date_range(event.starts_at, event.ends_at, event.timezone)
    if event.is_online:
        return f"{when} · {_('Online')}"
    place = ", ".join(part for part in (event.venue_name, event.venue_city, country_name(event.venue_country)) if part)
    return f"{when} · {place}" if place else when


def _decoration(event: Event, document_name: str, language: str) -> PageDecoration:
    return PageDecoration(
        header_left=localized(event, "title", language),
        header_right=format_date_range(event.starts_at, event.ends_at, event.timezone),
        footer_left=document_name,
        page_label=lambda number, total: _("Page %(number)s of %(total)s", number=number, total=total),
    )


def _people_texts(people: Iterable[Person]) -> Iterator[str | None]:
    """What is printed about people: checked up front, so that one error names every unprintable name."""
    for person in people:
        yield from (person.honorific, person.name, person.name_latin, person.function)
        if person.collectivite:
            yield from (person.collectivite.name, person.collectivite.name_latin)


def _person_markup(person: Person) -> str:
    """Honorific, name in its own script (bold), its Latin form when different."""
    parts = [paragraph_markup(f"{person.honorific} ")] if person.honorific else []
    parts.append(paragraph_markup(person.name, "bold"))
    if person.has_distinct_latin_name:
        parts.append(paragraph_markup(f" ({person.name_latin})"))
    return "".join(parts)


def _collectivite_markup(person: Person) -> str:
    collectivite = person.collectivite
    if collectivite is None:
        return ""
    markup = paragraph_markup(collectivite.name)
    if collectivite.name_latin and collectivite.name_latin != collectivite.name:
        markup += paragraph_markup(f" ({collectivite.name_latin})")
    return markup


# --- the programme ----------------------------------------------------------------

def _day_flowables(event: Event, day: ProgrammeDay, language: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    flowables: list[Flowable] = [Paragraph(paragraph_markup(format_day(day.day)), styles["day"])]
    # A session moves to the next page rather than being cut, unless it is longer than a page.
    flowables += [KeepTogether(_session_table(event, session, language, styles)) for session in day.sessions]
    return flowables


def _session_table(event: Event, session: Session, language: str, styles: dict[str, ParagraphStyle]) -> Table:
    """One session: its times on the left; meta line, title and speakers on the right."""
    times = f"{format_local_time(session.starts_at, event.timezone)}–{format_local_time(session.ends_at, event.timezone)}"
    title = paragraph_markup(localized(session, "title", language), "bold")
    if session.is_cancelled:
        title = f"<strike>{title}</strike>"
    body: list[Flowable] = [Paragraph(_session_meta_markup(session, language), styles["meta"]),
                            Paragraph(title, styles["session"])]
    body += [Paragraph(_speaker_line_markup(speaker.role, speaker.person), styles["speaker"])
             for speaker in session.speakers]
    table = Table([[Paragraph(paragraph_markup(times), styles["time"]), body]],
                  colWidths=[TIME_COLUMN, TEXT_WIDTH - TIME_COLUMN], splitInRow=1)
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc")),
    ]))
    return table


def _session_meta_markup(session: Session, language: str) -> str:
    """Type · room · track, and a red "Cancelled" when it is."""
    parts = [label(session.type)]
    if session.room:
        parts.append(session.room.name)
    if session.track:
        parts.append(localized(session.track, "name", language))
    markup = paragraph_markup(" · ".join(parts))
    if session.is_cancelled:
        markup += paragraph_markup(" · ") + f'<font color="{CANCELLED_RED.hexval()}">' \
                  f'{paragraph_markup(_("Cancelled").upper(), "bold")}</font>'
    return markup


def _speaker_line_markup(role: SpeakerRole, person: Person) -> str:
    """"Moderator — Mme Name (Latin), function, collectivité"."""
    markup = f'<font color="{GREY.hexval()}">{paragraph_markup(f"{label(role)} — ")}</font>{_person_markup(person)}'
    if person.function:
        markup += paragraph_markup(f", {person.function}")
    collectivite = _collectivite_markup(person)
    return markup + (paragraph_markup(", ") + collectivite if collectivite else "")


# --- the speaker list ---------------------------------------------------------------

def _speaker_table(event: Event, entries: list[SpeakerEntry], language: str, styles: dict[str, ParagraphStyle]) -> Table:
    """#, name, function and collectivité (with country), sessions; the header row repeats on each page."""
    head = [Paragraph(paragraph_markup(text, "bold"), styles["cell_head"])
            for text in ("#", _("Name"), f"{_('Function')} · {_('Collectivité')}", _("Sessions"))]
    rows = [head] + [_speaker_row(event, number, entry, language, styles["cell"])
                     for number, entry in enumerate(entries, start=1)]
    widths = [8 * mm, 48 * mm, 54 * mm]
    table = Table(rows, colWidths=widths + [TEXT_WIDTH - sum(widths)], repeatRows=1, splitInRow=1)
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, GREY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#cccccc")),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ]))
    return table


def _speaker_row(event: Event, number: int, entry: SpeakerEntry, language: str, style: ParagraphStyle) -> list[Paragraph]:
    person = entry.person
    details = [paragraph_markup(person.function)] if person.function else []
    place = _collectivite_markup(person)
    country = country_name(person.country)
    details.append(place + (paragraph_markup(f" · {country}") if place else paragraph_markup(country)))
    sessions = [f'<font color="{GREY.hexval()}">{paragraph_markup(_session_when(event, session))}</font> '
                f"{paragraph_markup(localized(session, 'title', language))}" for session in entry.sessions]
    return [Paragraph(paragraph_markup(str(number)), style), Paragraph(_person_markup(person), style),
            Paragraph("<br/>".join(details), style), Paragraph("<br/>".join(sessions), style)]


def _session_when(event: Event, session: Session) -> str:
    """E.g. "18 sept. 09:30": day and time in the event's zone."""
    return f"{format_local_date(session.starts_at, event.timezone, 'd MMM')} " \
           f"{format_local_time(session.starts_at, event.timezone)}"
