"""Printed meeting schedules (PDF, every script through ``app.core.pdf``'s fonts and shaping):

- door sheets: one page per table, its published meetings of the event in time order (to pin on the table);
- per-person lists: one page per participant with published meetings (time, table and room, who, interpreter);
- interpreters' schedules: one page per interpreter with their meetings.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table

from app.core.dates import format_local_datetime, zone_name
from app.core.i18n import localized
from app.core.pdf import PageDecoration, ensure_printable, paragraph_markup, paragraph_style, render_document, table_style
from app.events.models import Event
from app.meetings.mails import who
from app.meetings.models import Meeting
from app.meetings.scheduling import published_meetings

TEXT_WIDTH = 210 * mm - 2 * 18 * mm - 12


def door_sheets_pdf(event: Event, language: str) -> bytes:
    def group(meeting: Meeting):
        assert meeting.table is not None
        return (meeting.table.number, _("Table %(number)s", number=meeting.table.number)
                + (f" — {meeting.table.room}" if meeting.table.room else ""))
    return _document(event, language, _("Door sheets"), group, lambda m, key: [
        who(m.side_a), who(m.side_b), m.interpreter.name if m.interpreter else ""],
        lambda: [_("Time"), _("Side A"), _("Side B"), _("Interpreter")])


def person_lists_pdf(event: Event, language: str) -> bytes:
    def groups(meeting: Meeting):
        return [(m_side.person.family_name, m_side.id, who(m_side)) for m_side in (meeting.side_a, meeting.side_b)]
    return _document(event, language, _("Meetings per person"), groups, lambda m, key: [
        _place(m), who(m.side_b if key[1] == m.side_a_registration_id else m.side_a),
        m.interpreter.name if m.interpreter else ""],
        lambda: [_("Time"), _("Table"), _("With"), _("Interpreter")], many=True)


def interpreter_schedules_pdf(event: Event, language: str) -> bytes:
    def group(meeting: Meeting):
        assert meeting.interpreter is not None
        return (meeting.interpreter.name, meeting.interpreter.id, meeting.interpreter.name)
    return _document(event, language, _("Interpreters' schedules"), group, lambda m, key: [
        _place(m), who(m.side_a), who(m.side_b)],
        lambda: [_("Time"), _("Table"), _("Side A"), _("Side B")], only=lambda m: m.interpreter is not None)


def _place(meeting: Meeting) -> str:
    assert meeting.table is not None
    text = _("Table %(number)s", number=meeting.table.number)
    return f"{text}, {meeting.table.room}" if meeting.table.room else text


def _document(event: Event, language: str, title: str, grouping: Callable, cells: Callable, header: Callable, *,
              many: bool = False, only: Callable[[Meeting], bool] = lambda m: True) -> bytes:
    with force_locale(language):
        meetings = [m for m in published_meetings(event) if only(m)]
        ensure_printable([text for m in meetings for text in (who(m.side_a), who(m.side_b),
                                                              m.interpreter.name if m.interpreter else "")])
        sections: dict[tuple, list[Meeting]] = defaultdict(list)
        for meeting in meetings:
            for key in (grouping(meeting) if many else [grouping(meeting)]):
                sections[key].append(meeting)
        heading = paragraph_style("heading", 14, "bold", spaceAfter=4)
        body = paragraph_style("body", 9)
        note = paragraph_style("note", 8)
        event_title = localized(event, "title", language)
        story: list[Flowable] = []
        for key in sorted(sections, key=lambda item: tuple(str(part) for part in item[:-1])):
            if story:
                story.append(PageBreak())
            story.append(Paragraph(paragraph_markup(key[-1], "bold"), heading))
            story.append(Paragraph(paragraph_markup(f"{event_title} — " + _(
                "Times are local times at the event (%(zone)s).", zone=zone_name(event.timezone))), note))
            rows = [[Paragraph(paragraph_markup(text, "bold"), body) for text in header()]]
            for meeting in sorted(sections[key], key=lambda m: (m.starts_at, m.id)):
                assert meeting.starts_at is not None
                when = format_local_datetime(meeting.starts_at, event.timezone, "short")
                rows.append([Paragraph(paragraph_markup(text), body) for text in [when, *cells(meeting, key)]])
            widths = [30 * mm] + [(TEXT_WIDTH - 30 * mm) / (len(header()) - 1)] * (len(header()) - 1)
            story.append(Table(rows, colWidths=widths, repeatRows=1, style=table_style([
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#999999")])))
        if not story:
            story.append(Paragraph(paragraph_markup(_("No published meeting.")), body))
        return render_document(story, title=f"{title} — {event_title}", language=language,
                               decoration=PageDecoration(header_left=event_title, header_right=title))
