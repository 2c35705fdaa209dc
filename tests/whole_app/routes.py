"""Every route of the app, sorted into what the whole-app properties check.

A GET route that answers an HTML page is a **page**: its audience (below, from its blueprint) says which
properties check it (phone: everything but the back office; accessible: every page; reachable: the crawl
of its audience must find it). Every other route is in ``CLASSIFIED``, with the reason no page property
applies. A route in neither fails ``test_every_route_is_checked_or_classified``: a new page is checked the
day it is added, and a new download, feed or action is classified on purpose.

``NOT_LINKED`` lists the pages a person reaches without a link on a page of the site (a mail link, a
form's answer), with how they get there.
"""
from __future__ import annotations

POST_ONLY = "POST-only action (a form's button on a page the properties check)"
API = "API, JSON only"
FEED = "calendar feed (text/calendar), subscribed to by calendar apps"
PDF = "PDF download"
SPREADSHEET = "CSV/XLSX download"

CLASSIFIED: dict[str, tuple[str, str]] = {
    # endpoint: (kind, reason)
    "static": ("asset", "CSS, scripts and images of the pages"),
    "health.healthz": ("api", "health check for the load balancer, JSON only"),
    "auth.logout": ("post", POST_ONLY),
    "badges.own_badge": ("pdf", PDF),
    "badges_admin.badge_run_pdf": ("pdf", PDF),
    "badges_admin.calibration_pdf": ("pdf", PDF),
    "badges_admin.badge_run_stream": ("stream", "progress lines then the PDF, read by static/js/streamed-run.js"),
    "badges_admin.reprint": ("post", POST_ONLY),
    "certificates.own_certificate": ("pdf", PDF),
    "certificates_admin.run_pdf": ("pdf", PDF),
    "certificates_admin.one_pdf": ("pdf", PDF),
    "certificates_admin.run_zip": ("zip", "zip of one certificate PDF per person"),
    "certificates_admin.run_stream": ("stream", "progress lines then the PDF or zip, read by static/js/streamed-run.js"),
    "certificates_admin.save_signer": ("post", POST_ONLY),
    "certificates_admin.revoke": ("post", POST_ONLY),
    "certificates_admin.restore": ("post", POST_ONLY),
    "certificates_admin.mail": ("post", POST_ONLY),
    "checkin_desk.badge": ("pdf", PDF),
    "calendar.add_to_web_calendar": ("redirect", "redirect to Google or Outlook's web calendar"),
    "calendar.agenda_feed": ("feed", FEED),
    "calendar.programme": ("feed", FEED),
    "calendar.series_feed": ("feed", FEED),
    "calendar.session_feed": ("feed", FEED),
    "calendar.speaker_feed": ("feed", FEED),
    "calendar.track_feed": ("feed", FEED),
    "checkin_admin.issue": ("post", POST_ONLY),
    "checkin_admin.revoke": ("post", POST_ONLY),
    "checkin_api.manual": ("api", API),
    "checkin_api.scan": ("api", API),
    "checkin_api.undo": ("api", API),
    "checkin_desk.arrivals_csv": ("spreadsheet", SPREADSHEET),
    "checkin_desk.search": ("api", "JSON for the desk page's search as you type"),
    "chroniques.register_again": ("post", POST_ONLY),
    "chroniques_admin.confirm_attendance": ("post", POST_ONLY),
    "chroniques_admin.decide": ("post", POST_ONLY),
    "chroniques_admin.mark_attendance": ("post", POST_ONLY),
    "chroniques_admin.recueil": ("pdf", PDF),
    "letters_admin.decide": ("post", POST_ONLY),
    "contacts_admin.confirm_import": ("post", POST_ONLY),
    "contacts_admin.contact_action": ("post", POST_ONLY),
    "contacts_admin.audience_action": ("post", POST_ONLY),
    "campaigns_admin.send_test": ("post", POST_ONLY),
    "campaigns_admin.send_now": ("post", POST_ONLY),
    "campaigns_admin.schedule": ("post", POST_ONLY),
    "campaigns_admin.campaign_action": ("post", POST_ONLY),
    "campaigns_admin.set_rate": ("post", POST_ONLY),
    "messages_admin.message_action": ("post", POST_ONLY),
    "mail_admin.bounce_action": ("post", POST_ONLY),
    "mail_public.unsubscribe": ("post", "POST-only: the opt-out page's buttons, and the RFC 8058 one-click POST "
                                        "that mailbox providers send"),
    "letters_admin.organiser_download": ("pdf", PDF),
    "people_admin.collectivites_json": ("api", "JSON for the person form's search as you type"),
    "people_admin.search_json": ("api", "JSON for the people search as you type"),
    "programme_admin.confirm_import": ("post", POST_ONLY),
    "programme_admin.export_programme": ("spreadsheet", SPREADSHEET),
    "programme_admin.session_action": ("post", POST_ONLY),
    "programme_admin.speaker_action": ("post", POST_ONLY),
    "programme_public.programme_json": ("api", API),
    "programme_public.schedule_json_export": ("api", "c3voc schedule JSON, read by schedule apps and video pipelines"),
    "programme_public.schedule_xml_export": ("xml", "frab schedule XML, read by schedule apps and video pipelines"),
    "programme_public.programme_pdf_download": ("pdf", PDF),
    "programme_public.speakers_pdf_download": ("pdf", PDF),
    "delegations.add_member": ("post", POST_ONLY),
    "delegations.member_choices": ("post", POST_ONLY),
    "delegations.members_template": ("spreadsheet", "empty CSV/XLSX member list, a template for the upload"),
    "registration_admin.cancel": ("post", POST_ONLY),
    "registration_admin.restore": ("post", POST_ONLY),
    "programme_admin.restore_speaker": ("post", POST_ONLY),
    "checkin_admin.accounts": ("post", POST_ONLY),
    "registration.cancel": ("post", POST_ONLY),
    "registration.confirm_claim": ("post", "POST-only: the Confirm button of a mailed link "
                                           "(the page it is on is reached from a mail)"),
    "delegations.cancel_member": ("post", POST_ONLY),
    "registration.change_choices": ("post", POST_ONLY),
    "delegations.confirm_members": ("post", POST_ONLY),
    "registration.renew_calendar_link": ("post", POST_ONLY),
    "delegations.upload_members": ("post", POST_ONLY),
    "registration_admin.export": ("spreadsheet", SPREADSHEET),
    "registration_admin.moderate": ("post", POST_ONLY),
    "registration_letters.download_letter": ("pdf", PDF),
    "reports_admin.event_export": ("spreadsheet", SPREADSHEET),
    "reports_admin.series_export": ("spreadsheet", SPREADSHEET),
    "reports_admin.year_export": ("spreadsheet", SPREADSHEET),
    "survey_admin.edit_settings": ("post", POST_ONLY),
    "survey_admin.add_question": ("post", POST_ONLY),
    "survey_admin.question_action": ("post", POST_ONLY),
    "survey_admin.survey_action": ("post", POST_ONLY),
    "survey_admin.export": ("spreadsheet", SPREADSHEET),
    "syntheses_admin.act": ("post", POST_ONLY),
    "syntheses_admin.proceedings": ("pdf", PDF),
    "meetings.answer": ("post", POST_ONLY),
    "meetings_admin.protocol": ("post", POST_ONLY),
    "meetings_admin.request_action": ("post", POST_ONLY),
    "meetings_admin.pin": ("post", POST_ONLY),
    "meetings_admin.meeting_action": ("post", POST_ONLY),
    "meetings_admin.item_action": ("post", POST_ONLY),
    "meetings_schedule.run": ("post", POST_ONLY),
    "meetings_desk.held": ("post", POST_ONLY),
    "meetings_schedule.download": ("pdf", PDF),
}

# Pages reached without a link on another page of the site: endpoint → how a person gets there.
NOT_LINKED: dict[str, str] = {
    "registration.manage": "the private link, sent by mail after registering (the private crawl starts there)",
    "delegations.delegation": "the delegation link, sent by mail to the head of delegation (a crawl starts there)",
    "registration.thanks": "where the link mailed by the registration form leads, once opened (a redirect)",
    "backoffice.dashboard": "the landing page after an organiser logs in (the organiser crawl starts there)",
    "checkin_desk.index": "the landing page after a desk account logs in (the desk crawl starts there)",
    "mail_public.unsubscribe_page": "the opt-out link of every bulk mail (footer and List-Unsubscribe header)",
    "certificates.verify": "the QR code and short URL printed on an attendance certificate",
    "syntheses.write": "the rapporteur's link, mailed by the organisers (also linked from the rapporteur's private page)",
    "raict.session_page": "a session's page, linked from the programme once its synthesis is published",
    "assises.session_page": "a session's page, linked from the programme once its synthesis is published",
    "chroniques.session_page": "a session's page, linked from the programme once its synthesis is published",
}

# What a classified GET route answers (its representative URL is fetched to check the classification).
CONTENT_TYPES = {"asset": ("text/css",), "api": ("application/json",), "pdf": ("application/pdf",),
                 "spreadsheet": ("text/csv",), "feed": ("text/calendar",), "xml": ("application/xml",),
                 "stream": ("application/x-rencontres-badge-run", "application/x-rencontres-run"),
                 "zip": ("application/zip",)}

PUBLIC_BLUEPRINTS = {"events", "raict", "assises", "programme_public", "calendar"}
PRIVATE = {"registration.manage", "registration.thanks", "registration_letters.request_letter", "registration.edit_details",
           "survey.answer", "syntheses.write", "meetings.profile", "meetings.directory", "meetings.ask_collectivite",
           "meetings.ask_person"}
DELEGATION = {"delegations.delegation", "delegations.edit_member", "delegation_messages.delegation_message"}
PUBLIC = {"registration.register", "delegations.new_delegation", "registration.lost_link", "registration.privacy",
          "auth.login", "mail_public.unsubscribe_page", "certificates.verify"}


def audience(endpoint: str) -> str:
    """Who a page is for: public, chronicle, private (a delegate's link), delegation (a head's link), desk,
    organiser (the back office, organisers and admins)."""
    blueprint = endpoint.split(".")[0]
    if endpoint in PUBLIC or blueprint in PUBLIC_BLUEPRINTS:
        return "public"
    if blueprint == "chroniques":
        return "chronicle"
    if endpoint in PRIVATE:
        return "private"
    if endpoint in DELEGATION:
        return "delegation"
    if blueprint in ("checkin_desk", "meetings_desk"):
        return "desk"
    return "organiser"


ON_A_PHONE = {"public", "chronicle", "private", "delegation", "desk"}
