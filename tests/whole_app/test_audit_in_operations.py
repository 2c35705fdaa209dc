"""The audit line is written by the operation that makes the change, never by a route or a CLI command: so the
web pages, the CLI and the API leave the same trail. This test reads app/ and fails when a web or CLI module
(``routes``, ``admin``, ``api``, ``cli``, ``desk``, ``public``, ``blueprint``, ``*_routes``, or any module that
declares a blueprint or a CLI group) calls ``record_audit``."""
from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
WEB_OR_CLI_NAMES = {"routes", "admin", "api", "cli", "desk", "public", "blueprint"}
DECLARES_ENTRY_POINTS = ("Blueprint(", "AppGroup(", "@click.command", "@click.group")


def is_web_or_cli(path: Path, source: str) -> bool:
    return (path.stem in WEB_OR_CLI_NAMES or path.stem.endswith("_routes")
            or any(marker in source for marker in DECLARES_ENTRY_POINTS))


def audit_calls(source: str) -> list[int]:
    """Line numbers where ``record_audit`` is called or imported."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
            if name == "record_audit":
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and any(alias.name == "record_audit" for alias in node.names):
            lines.append(node.lineno)
    return lines


def offenders(root: Path = APP) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if is_web_or_cli(path, source):
            found += [f"{path.relative_to(root.parent)}:{line}" for line in audit_calls(source)]
    return found


def test_no_route_or_cli_module_calls_record_audit():
    assert offenders() == [], "move these audit lines into the operation that makes the change"


def test_the_guard_sees_a_route_that_writes_an_audit_line(tmp_path):
    """The guard itself: a route module calling record_audit (directly or as a module attribute) is caught, an
    operations module is not."""
    package = tmp_path / "app" / "things"
    package.mkdir(parents=True)
    (package / "routes.py").write_text("from app.audit.operations import record_audit\n\n"
                                       "def save():\n    record_audit('thing.save')\n", encoding="utf-8")
    (package / "views.py").write_text("from flask import Blueprint\nfrom app.audit import operations\n"
                                      "bp = Blueprint('x', __name__)\n\n"
                                      "def save():\n    operations.record_audit('thing.save')\n", encoding="utf-8")
    (package / "operations.py").write_text("from app.audit.operations import record_audit\n\n"
                                           "def save():\n    record_audit('thing.save')\n", encoding="utf-8")
    assert offenders(tmp_path / "app") == ["app/things/routes.py:1", "app/things/routes.py:4", "app/things/views.py:6"]
