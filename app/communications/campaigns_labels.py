"""Labels of the campaign statuses in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.communications.models import CampaignStatus
from app.core.labels import register_labels

register_labels(CampaignStatus, {
    CampaignStatus.DRAFT: _l("draft"),
    CampaignStatus.SCHEDULED: _l("scheduled"),
    CampaignStatus.QUEUED: _l("sent"),
})
