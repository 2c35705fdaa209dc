"""Labels of the badge categories (``app.core.labels.label``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.badges.categories import BadgeCategory
from app.core.labels import register_labels

register_labels(BadgeCategory, {
    BadgeCategory.PARTICIPANT: _l("Participant"),
    BadgeCategory.SPEAKER: _l("Speaker"),
    BadgeCategory.ORGANISATION: _l("Organisation"),
    BadgeCategory.PRESS: _l("Press"),
    BadgeCategory.VIP: _l("VIP"),
    BadgeCategory.FRENCH_DELEGATION: _l("French delegation"),
    BadgeCategory.PARTNER_DELEGATION: _l("Partner delegation"),
})
