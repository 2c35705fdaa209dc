"""Web layer: the public pages of events (``pages``: every kind's index, event page, programme, speakers)
and the Chroniques' public blueprint (``chroniques``), which adds those pages to the capability's actions."""
