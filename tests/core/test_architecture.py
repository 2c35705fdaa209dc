"""The layers of app/ (issue 15, docs/architecture.md): the import-linter contract in ``.importlinter`` holds,
and no import cycle joins the packages of app/ (every ``from app.X`` / ``import app.X``, inside functions too).

Both fail the README's test command as soon as a lower package imports a higher one again.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
APP = PROJECT_ROOT / "app"


def _package_of(module: str) -> str | None:
    """``app.events.models`` → ``events``; ``app`` itself (the factory) is no package of the graph."""
    parts = module.split(".")
    if parts[0] != "app" or len(parts) < 2:
        return None
    return parts[1]


def _imported_modules(path: Path, module: str) -> list[tuple[str, int]]:
    """Absolute names of the modules ``path`` imports (anywhere in the file), with their line numbers."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (path.name == "__init__.py")]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "app":  # from app import mail → app.mail
                found += [(f"app.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((target, node.lineno))
    return found


def package_import_graph() -> dict[str, dict[str, list[str]]]:
    """{importing package: {imported package: ["app/x/y.py:12", …]}} over every module of app/ but the factory."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(APP.rglob("*.py")):
        parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        importer = _package_of(module) if len(parts) > 2 or parts[-1] != "__init__" else None
        if importer is None:
            continue
        for target, line in _imported_modules(path, module):
            imported = _package_of(target)
            if imported is not None and imported != importer:
                where = f"{path.relative_to(PROJECT_ROOT)}:{line}"
                graph.setdefault(importer, {}).setdefault(imported, []).append(where)
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected components of more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(set(graph) | {target for targets in graph.values() for target in targets}):
        if node not in index:
            visit(node)
    return components


def test_no_import_cycle_among_the_packages_of_app():
    graph = package_import_graph()
    found = cycles(graph)
    details = [f"{importer} -> {imported}: {', '.join(graph[importer][imported][:3])}"
               for component in found for importer in component for imported in component
               if imported in graph.get(importer, {})]
    assert found == [], "import cycles among app/ packages:\n" + "\n".join(details)


def test_the_graph_sees_imports_inside_functions_and_relative_ones(tmp_path):
    assert cycles({"a": {"b": ["x"]}, "b": {"c": ["y"]}, "c": {"a": ["z"]}, "d": {"a": ["w"]}}) == [["a", "b", "c"]]
    module = tmp_path / "routes.py"
    module.write_text("def view():\n    from .models import Thing\n    from app.programme import queries\n")
    assert _imported_modules(module, "app.events.routes") == [("app.events.models", 2), ("app.programme", 3)]
    assert _package_of("app.core.extensions") == "core" and _package_of("app") is None


def test_import_layer_contract_holds():
    command = ("import sys; from importlinter.cli import lint_imports; "
               "sys.exit(lint_imports(config_filename='.importlinter', no_cache=True, no_logo=True))")
    result = subprocess.run([sys.executable, "-c", command], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
