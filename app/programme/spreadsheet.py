"""The programme spreadsheet: its columns, and the signed import that reads it (files: ``app.core.tabular``).

One row per session × speaker. A session without speakers has one row with empty speaker
columns; a session with three speakers has three rows sharing the session columns (same
``session_key``). What the rows mean is decided in ``app.programme.importer`` and ``app.programme.exporter``.
"""
from __future__ import annotations

from app.core.signed_import import SignedImport

SESSION_COLUMNS = (
    "session_key", "type", "title_fr", "title_en", "description_fr", "description_en", "day", "start", "end",
    "room", "room_capacity", "track", "track_name_fr", "track_name_en", "track_kind", "capacity", "languages",
    "interpretation",
)
SPEAKER_COLUMNS = (
    "speaker_role", "speaker_given_name", "speaker_family_name", "speaker_given_name_latin",
    "speaker_family_name_latin", "speaker_honorific", "speaker_function", "speaker_email", "speaker_country",
    "speaker_collectivite", "speaker_collectivite_country",
)
# Optional session columns, written by the export so that a round trip keeps everything.
EXTRA_SESSION_COLUMNS = ("status", "hidden", "override_reason")
COLUMNS = SESSION_COLUMNS + SPEAKER_COLUMNS + EXTRA_SESSION_COLUMNS
REQUIRED_COLUMNS = ("session_key", "type", "title_fr", "day", "start", "end")
MAX_ROWS = 2000

PROGRAMME_IMPORT = SignedImport(salt="programme-import", columns=COLUMNS, required=REQUIRED_COLUMNS,
                                max_rows=MAX_ROWS)
