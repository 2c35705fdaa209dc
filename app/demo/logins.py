"""The demo's staff accounts and the file that keeps their random passwords.

``<instance>/demo-logins.txt`` (mode 0600) holds one "email role password" line per account
created by the demo. Later runs print the same logins from it; an account that exists
without a line in the file keeps its password, shown as "(password unchanged)".
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app

from app.auth.models import Role
from app.auth.services import create_user, find_user

DEMO_USERS = (
    ("organiser@demo.example.org", Role.ORGANISER),
    ("desk@demo.example.org", Role.DESK),
    ("admin@demo.example.org", Role.ADMIN),
)
LOGINS_FILE = "demo-logins.txt"
UNCHANGED = "(password unchanged)"


def logins_path() -> Path:
    return Path(current_app.instance_path) / LOGINS_FILE


def read_passwords(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    passwords = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            passwords[parts[0]] = parts[2]
    return passwords


def write_logins(path: Path, logins: list[tuple[str, Role, str]]) -> None:
    """Write the file readable by its owner only (replacing it in one step)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{email} {role.value} {password}\n" for email, role, password in logins)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def ensure_staff_logins() -> list[tuple[str, Role, str]]:
    """Create the demo's staff accounts if missing; return (email, role, password or UNCHANGED) for each."""
    path = logins_path()
    passwords = read_passwords(path)
    logins = []
    for email, role in DEMO_USERS:
        if find_user(email) is None:
            # A password still on file (say, the database was reset) is reused, so the printed logins stay valid.
            passwords.setdefault(email, secrets.token_urlsafe(12))
            create_user(email, passwords[email], role)
        logins.append((email, role, passwords.get(email, UNCHANGED)))
    known = [login for login in logins if login[2] != UNCHANGED]
    if known and read_passwords(path) != {email: password for email, _, password in known}:
        write_logins(path, known)
    return logins
