from __future__ import annotations

import re
from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """Follow ``next=`` only to a path on this site (never ``//other.host`` or ``https://…``)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlsplit(target).netloc:
        return target
    return default


def content_disposition(filename: str, *, attachment: bool = True, default: str = "download") -> str:
    """A ``Content-Disposition`` value with a file name reduced to safe ASCII (slugs, dots, dashes)."""
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-.") or default
    return f'{"attachment" if attachment else "inline"}; filename="{safe_name}"'
