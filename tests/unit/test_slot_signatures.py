"""A button's `checked` must not land in a slot's optional parameter.

clicked(bool), triggered(bool) and toggled(bool) pass `checked` to any slot that can take
it: `new_button.clicked.connect(self.new_meeting)` called new_meeting(title=False) and the
"New meeting" button did nothing but raise. This scan finds such a connection to a method
of the same class whose first parameter is optional and not meant for `checked`.
"""

from __future__ import annotations

import ast
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[2] / "netdesk" / "views"
BOOL_SIGNALS = {"clicked", "triggered", "toggled"}
MEANT_FOR_CHECKED = {"checked", "_checked", "on", "_on", "enabled", "visible"}


def _optional_first_parameter(method: ast.FunctionDef) -> str | None:
    """The name of the method's first parameter after self, if it has a default."""
    args = method.args
    positional = [*args.posonlyargs, *args.args][1:]  # without self
    if not positional:
        return None
    required = len(positional) - len(args.defaults)
    first = positional[0]
    return first.arg if required <= 0 and first.arg not in MEANT_FOR_CHECKED else None


def misconnected(source: str, filename: str = "<source>") -> list[str]:
    found = []
    for cls in ast.walk(ast.parse(source)):
        if not isinstance(cls, ast.ClassDef):
            continue
        methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
        for node in ast.walk(cls):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr in BOOL_SIGNALS
                and node.args
            ):
                continue
            slot = node.args[0]
            if not (
                isinstance(slot, ast.Attribute)
                and isinstance(slot.value, ast.Name)
                and slot.value.id == "self"
                and slot.attr in methods
            ):
                continue
            parameter = _optional_first_parameter(methods[slot.attr])
            if parameter is not None:
                found.append(
                    f"{filename}:{node.lineno} {node.func.value.attr} -> "
                    f"{cls.name}.{slot.attr}({parameter}=…)"
                )
    return found


def test_no_button_hands_checked_to_an_optional_parameter() -> None:
    found = [
        problem
        for path in sorted(VIEWS.rglob("*.py"))
        for problem in misconnected(path.read_text(encoding="utf-8"), path.name)
    ]
    assert found == []


def test_the_scan_finds_the_new_meeting_bug() -> None:
    source = """
class Page:
    def __init__(self):
        self.new_button.clicked.connect(self.new_meeting)
        self.ok.clicked.connect(self.save)
        self.box.toggled.connect(self.set_on)
        self.other.triggered.connect(self.show_it)

    def new_meeting(self, title="New meeting", people=None): ...
    def save(self): ...
    def set_on(self, on=True): ...
    def show_it(self, page=0): ...
"""
    assert misconnected(source) == [
        "<source>:4 clicked -> Page.new_meeting(title=…)",
        "<source>:7 triggered -> Page.show_it(page=…)",
    ]
