"""The recueil: a series' chronicles in one PDF — cover, table of contents, then per chronicle its title,
date, speakers, abstract and the organisers' summary. Rendered by ``app.core.pdf`` (fonts for every script)."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from app.chroniques.queries import Chronicle, chronicles_of_series, with_speakers
from app.core.dates import format_local_date, format_time_range
from app.core.i18n import localized
from app.core.labels import label
from app.core.pdf import PageDecoration, ensure_printable, paragraph_markup, paragraph_style, render_document, table_of_contents
from app.events.models import EventSeries


def recueil_pdf(series: EventSeries, language: str = "fr") -> bytes:
    """The series' recueil (every chronicle that is not a draft); UnprintableTextError on a text no font has."""
    chronicles = [item for item in with_speakers(chronicles_of_series(series)) if item.event.is_public]
    with force_locale(language):
        title = localized(series, "title", language)
        ensure_printable([title, localized(series, "description", language)]
                         + [text for item in chronicles for text in _texts(item, language)])
        story = _cover(series, title, chronicles, language)
        for number, item in enumerate(chronicles, start=1):
            story += _chronicle(item, number, language)
        decoration = PageDecoration(header_left=title, header_right=_("Recueil"), footer_left="Cités Unies France")
        return render_document(story, title=title, language=language, decoration=decoration,
                               subject=_("Recueil"), with_contents=True)


def _styles() -> dict:
    return {"cover": paragraph_style("cover", 26, "bold", leading=32, spaceAfter=8 * mm),
            "lead": paragraph_style("lead", 12, spaceAfter=4 * mm),
            "heading": paragraph_style("toc-0", 16, "bold", leading=20, spaceAfter=3 * mm),
            "contents": paragraph_style("contents", 14, "bold", spaceAfter=4 * mm),
            "meta": paragraph_style("meta", 10, textColor="#444444", spaceAfter=2 * mm),
            "section": paragraph_style("section", 11, "bold", spaceBefore=3 * mm, spaceAfter=1 * mm),
            "body": paragraph_style("body", 10, spaceAfter=2 * mm)}


def _cover(series: EventSeries, title: str, chronicles: list[Chronicle], language: str) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [Spacer(1, 50 * mm), Paragraph(paragraph_markup(title, "bold"), styles["cover"])]
    if localized(series, "description", language):
        story.append(Paragraph(paragraph_markup(localized(series, "description", language)), styles["lead"]))
    story.append(Paragraph(paragraph_markup(_("%(count)s chronicles", count=len(chronicles))), styles["lead"]))
    story += [PageBreak(), Paragraph(paragraph_markup(_("Contents"), "bold"), styles["contents"]),
              table_of_contents(), PageBreak()]
    return story


class _Heading(Paragraph):
    """A chronicle's heading: its plain text is what the table of contents lists (app.core.pdf)."""

    toc_text = ""


def _chronicle(item: Chronicle, number: int, language: str) -> list[Flowable]:
    styles, event = _styles(), item.event
    title = localized(event, "title", language)
    heading = _Heading(paragraph_markup(f"{number}. {title}", "bold"), styles["heading"])
    heading.toc_text = f"{number}. {title}"
    when = _("%(date)s, %(time)s", date=format_local_date(event.starts_at, event.timezone, "full"),
             time=format_time_range(event.starts_at, event.ends_at, event.timezone, zone=True))
    story: list[Flowable] = [heading, Paragraph(paragraph_markup(when), styles["meta"])]
    if item.speakers:
        story.append(Paragraph(paragraph_markup(_("Speakers")), styles["section"]))
        for speaker in item.speakers:
            person = speaker.person
            line = f"{person.name} — {label(speaker.role)}" + (f" — {person.function}" if person.function else "")
            story.append(Paragraph(paragraph_markup(line), styles["body"]))
    for heading_text, text in ((_("Abstract"), localized(event, "description", language)),
                               (_("Summary"), localized(event, "summary", language))):
        if text:
            story.append(Paragraph(paragraph_markup(heading_text), styles["section"]))
            story += [Paragraph(paragraph_markup(part), styles["body"]) for part in text.split("\n\n") if part.strip()]
    story.append(PageBreak())
    return story


def _texts(item: Chronicle, language: str) -> list[str | None]:
    event = item.event
    return [localized(event, "title", language), localized(event, "description", language),
            localized(event, "summary", language)] + [
        text for speaker in item.speakers for text in (speaker.person.name, speaker.person.function)]
