"""Calendars: iCalendar feeds (programme, session, track, speaker, chronicle series, personal agenda),
"add to Google / Outlook" links, and the SEQUENCE bump that lets subscribed calendars follow changes.

``routes`` parses requests; ``queries`` loads sessions eagerly (a fixed number of SQL statements);
``feeds`` builds the ``icalendar.Calendar`` from loaded objects; ``vtimezone`` writes VTIMEZONEs
from the IANA database; ``responses`` adds ETag / Last-Modified; ``links`` builds web-calendar URLs;
``sequence`` bumps ``Session.sequence``.
"""
