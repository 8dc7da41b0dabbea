"""Services announce what they change: once per outermost call, on success and after
nested calls, from any thread; and every public method that writes is marked."""

from __future__ import annotations

import ast
import re
import threading
from pathlib import Path

import pytest

from netdesk.services.changes import Change, Changes, announces
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.meetings.records import MeetingRecord
from tests.frozen_time import TEST_NOW

SERVICES = Path(__file__).resolve().parents[2] / "netdesk" / "services"


class Notebook:
    def __init__(self, changes: Changes) -> None:
        self.changes = changes
        self.pages: list[str] = []

    @announces(Change.MEETINGS)
    def write(self, text: str) -> None:
        self.pages.append(text)

    @announces(Change.TODOS)
    def write_with_todo(self, text: str) -> None:
        self.write(text)
        self.write(text)

    @announces(Change.TODOS)
    def fail_after_writing(self) -> None:
        self.write("half")
        raise ValueError("disk full")


@pytest.fixture
def heard() -> tuple[Changes, list[Change]]:
    changes, heard = Changes(), []
    changes.subscribe(heard.append)
    return changes, heard


def test_a_call_is_heard_once_with_what_its_nested_calls_changed(heard) -> None:
    changes, got = heard
    Notebook(changes).write_with_todo("x")
    assert got == [Change.MEETINGS | Change.TODOS]


def test_a_failed_call_announces_only_what_was_done_before_it_failed(heard) -> None:
    changes, got = heard
    with pytest.raises(ValueError):
        Notebook(changes).fail_after_writing()
    assert got == [Change.MEETINGS]
    Notebook(changes).write("after")  # the failure left nothing gathered half-way
    assert got == [Change.MEETINGS, Change.MEETINGS]


def test_calls_on_other_threads_are_gathered_separately(heard) -> None:
    changes, got = heard
    book = Notebook(changes)
    inside = threading.Event()
    release = threading.Event()

    def slow() -> None:
        with changes.gathered():
            book.write("worker")
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=slow)
    worker.start()
    inside.wait(5)
    book.write_with_todo("gui")  # not held back by the worker's open call
    assert got == [Change.MEETINGS | Change.TODOS]
    release.set()
    worker.join(5)
    assert got == [Change.MEETINGS | Change.TODOS, Change.MEETINGS]


def test_unsubscribed_listeners_hear_nothing(heard) -> None:
    changes, got = heard
    changes.unsubscribe(got.append)
    Notebook(changes).write("x")
    assert got == []


def _operations():
    """(what the user does, what must be heard) through the real services."""

    def person(s) -> int:
        return s.contacts.save(ContactRecord(display_name="Aiko Tanaka")).id

    def meeting(s) -> int:
        return s.meetings.save(
            MeetingRecord(title="Coffee", starts_at=TEST_NOW, people=[person(s)])
        ).id

    return [
        ("save a person", person, Change.PEOPLE),
        ("delete a person", lambda s: s.contacts.delete([person(s)]), Change.PEOPLE),
        ("plan a meeting", meeting, Change.MEETINGS),
        ("add a to-do", lambda s: s.todos.add("Write to Aiko"), Change.TODOS),
        (
            "log a call",
            lambda s: s.interactions.log(person(s), "call", "Catch-up"),
            Change.INTERACTIONS,
        ),
        ("record an outreach", lambda s: s.outreach.add(person(s)), Change.OUTREACH),
        (
            "change a cadence",
            lambda s: s.followups.keep_in_touch.set_interval(person(s), 30),
            Change.SETTINGS,
        ),
        ("import the sample", lambda s: s.imports.import_sample_network(), Change.IMPORTS),
        (
            "link two people",
            lambda s: s.graph.connect(person(s), person(s)),
            Change.LINKS,
        ),
        ("say who I am", lambda s: s.graph.set_me(person(s)), Change.PEOPLE),
    ]


@pytest.mark.parametrize(
    ("action", "expected"),
    [(do, expected) for _name, do, expected in _operations()],
    ids=[name for name, _do, _expected in _operations()],
)
def test_what_the_user_does_is_announced(services, action, expected) -> None:
    got: list[Change] = []
    services.changes.subscribe(got.append)
    action(services)
    assert got and all(change for change in got)
    assert expected & got[-1], got


MODEL_WRITE = re.compile(r"\b[A-Z][A-Za-z]+\.(insert|insert_many|update|delete|replace)\(")
SQL_WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE FROM|REPLACE INTO)\b")
SETTING_WRITE = re.compile(r"_settings\.set\(")
QUIET = {  # writes no page shows: files on disk, the map's own layout, the WAL
    "checkpoint",
    "save_positions",
    "back_up",
    "back_up_if_due",
    "prune",
    "remember_choice",
}
# Not services: the settings store (its callers announce), and the parts of a calendar
# pass that carry meetings and to-dos (CalendarSyncService.sync announces what they write).
NOT_SERVICES = {"SettingsStore", "MeetingTravel", "TodoTravel"}


def _writing_methods_without_announcement() -> list[str]:
    found = []
    for path in SERVICES.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                continue
            if node.name in NOT_SERVICES:
                continue
            for method in node.body:
                if not isinstance(method, ast.FunctionDef) or method.name.startswith("_"):
                    continue
                body = ast.get_source_segment(source, method) or ""
                marked = any("announces" in ast.unparse(d) for d in method.decorator_list)
                writes = any(p.search(body) for p in (MODEL_WRITE, SQL_WRITE, SETTING_WRITE))
                if writes and not marked and method.name not in QUIET:
                    found.append(f"{path.name}:{node.name}.{method.name}")
    return found


def test_every_public_method_that_writes_announces() -> None:
    assert _writing_methods_without_announcement() == []
