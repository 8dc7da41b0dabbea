"""One errors module: every error NetDesk raises for a person lives in netdesk.errors."""

from __future__ import annotations

import ast
import builtins
import inspect
from pathlib import Path

import netdesk.errors as errors

PACKAGE = Path(__file__).resolve().parents[2] / "netdesk"
# The command line's own usage error stays beside the parser that raises it.
ALLOWED_ELSEWHERE = {"cli/common.py"}

BUILTIN_EXCEPTIONS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}
NETDESK_ERRORS = {name for name, _ in inspect.getmembers(errors, inspect.isclass)}


def test_every_error_derives_from_netdesk_error() -> None:
    classes = [value for _, value in inspect.getmembers(errors, inspect.isclass)]
    assert classes
    for cls in classes:
        assert issubclass(cls, errors.NetDeskError), cls.__name__


def test_the_errors_module_imports_nothing_from_netdesk() -> None:
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert [name for name in imported if name.startswith("netdesk")] == []


def _base_name(base: ast.expr) -> str:
    # `Exception`, `errors.MailError`, `smtplib.SMTPException` -> the last name
    return base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")


def _exception_classes(path: Path) -> list[str]:
    """Classes in *path* that derive from an exception, directly or through one defined
    earlier in the same file (an AST scan: nothing is imported)."""
    known = BUILTIN_EXCEPTIONS | NETDESK_ERRORS | {"Error", "Exception"}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef) and any(
            _base_name(base) in known or _base_name(base).endswith(("Error", "Exception"))
            for base in node.bases
        ):
            known.add(node.name)
            found.append(node.name)
    return found


def test_no_other_module_defines_an_error() -> None:
    offenders = [
        f"{relative}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if (relative := str(path.relative_to(PACKAGE))) not in {"errors.py", *ALLOWED_ELSEWHERE}
        for name in _exception_classes(path)
    ]
    assert offenders == [], "define errors in netdesk/errors.py"
