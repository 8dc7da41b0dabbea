"""One-way layers: db -> services -> views. Checked over the source, not by convention."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "netdesk"


def imports_of(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (PACKAGE / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{module} imports {name}"
        for module, names in imports_of(folder).items()
        for name in names
        if name.startswith(forbidden)
    ]


def test_db_imports_neither_services_nor_views_nor_qt() -> None:
    assert offenders("db", ("netdesk.services", "netdesk.views", "PySide6")) == []


def test_services_never_import_views_or_qt() -> None:
    assert offenders("services", ("netdesk.views", "netdesk.app", "PySide6")) == []


def test_views_never_open_the_database_themselves() -> None:
    assert offenders("views", ("netdesk.db", "peewee", "sqlite3")) == []


def test_command_line_never_loads_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, netdesk.cli, netdesk.__main__; "
        "sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
