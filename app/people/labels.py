"""Labels of the people's enumerations (``app.core.labels.label``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.labels import register_labels
from app.people.models import CollectiviteType

register_labels(CollectiviteType, {
    CollectiviteType.COMMUNE: _l("Commune"),
    CollectiviteType.INTERCOMMUNALITE: _l("Intercommunalité"),
    CollectiviteType.DEPARTEMENT: _l("Département"),
    CollectiviteType.REGION: _l("Région"),
    CollectiviteType.FOREIGN_AUTHORITY: _l("Foreign local authority"),
    CollectiviteType.NETWORK: _l("Association or network"),
    CollectiviteType.STATE_BODY: _l("State body"),
    CollectiviteType.OTHER: _l("Other"),
})
