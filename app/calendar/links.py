"""Links that hand one session to a web calendar (Google, Outlook) or a feed to a calendar app (webcal)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/deeplink/compose"
# Google and Outlook take the event in the URL: keep it well below browsers' and proxies' limits.
MAX_DETAILS = 1500


@dataclass(frozen=True)
class WebCalendarLinks:
    google: str
    outlook: str


def web_calendar_links(title: str, starts_at: datetime, ends_at: datetime, tzid: str,
                       details: str = "", location: str = "") -> WebCalendarLinks:
    """"Add to Google Calendar" and "Add to Outlook" URLs, with the times in UTC and the event's zone."""
    details = details if len(details) <= MAX_DETAILS else details[:MAX_DETAILS - 1] + "…"
    start, end = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    google = {
        "action": "TEMPLATE", "text": title, "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "details": details, "location": location, "ctz": tzid,
    }
    outlook = {
        "path": "/calendar/action/compose", "rru": "addevent", "subject": title,
        "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}", "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
        "body": details, "location": location,
    }
    return WebCalendarLinks(google=f"{GOOGLE_CALENDAR}?{_query(google)}", outlook=f"{OUTLOOK_CALENDAR}?{_query(outlook)}")


def _query(params: dict[str, str]) -> str:
    # %20 rather than "+" for spaces: Outlook shows a "+" literally.
    return urlencode({key: value for key, value in params.items() if value}, quote_via=quote)


def webcal_url(url: str) -> str:
    """The same feed for "subscribe": ``https://host/x.ics`` → ``webcal://host/x.ics``."""
    _scheme, separator, rest = url.partition("://")
    return f"webcal://{rest}" if separator else url
