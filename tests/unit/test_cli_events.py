"""`netdesk event add|met|show|list`: events from the command line, in-process through
main() on a data folder at the frozen test time. Bad input exits 2 with one line on
stderr and leaves the database as it was."""

from __future__ import annotations

import io
import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from netdesk.__main__ import main
from netdesk.cli.parser import EVENT_KINDS
from netdesk.services.events.records import KINDS
from tests.frozen_time import TODAY, frozen_clock
from tests.helpers import dump


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "d"


def run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--data-dir", str(data)], clock=frozen_clock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def typed(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


def refused(capsys, data: Path, *args: str) -> str:
    before = dump(data / "netdesk.sqlite3")
    status, out, err = run(capsys, data, *args)
    assert (status, out) == (2, ""), (args, status, out, err)
    assert err.startswith("netdesk: ") and err.count("\n") == 1, err
    assert dump(data / "netdesk.sqlite3") == before, args
    return err


def test_the_parser_knows_every_kind_of_event() -> None:
    assert tuple(KINDS) == EVENT_KINDS


def test_add_met_show_and_list(capsys, data: Path, monkeypatch) -> None:
    status, out, err = run(
        capsys, data, "event", "add", "Fintech Meetup", "--on", "2026-12-10",
        "--kind", "meetup", "--place", "Berlin",
    )  # fmt: skip
    assert (status, out, err) == (0, "1\n", "")
    status, out, _ = run(capsys, data, "people", "add", "Aiko Tanaka", "--org", "Kestrel")
    aiko = int(out)
    typed(
        monkeypatch,
        "Aiko Tanaka, Kestrel — wants intros to fintech\n"
        "* Ravi Kumar, ravi@ledgerly.example, Ledgerly -- payments\n"
        "# a comment\n"
        "ravi@nowhere.example\n",
    )
    status, out, err = run(capsys, data, "event", "met", "fintech meetup")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == f"line 1: matched Aiko Tanaka (id {aiko}, by name and organisation)"
    assert lines[1] == "line 2: new Ravi Kumar"
    assert lines[2].startswith("line 4: skipped (no name")
    tomorrow, next_week = TODAY + timedelta(days=1), TODAY + timedelta(days=7)
    assert lines[3:6] == [
        f"to-do 1, due {tomorrow}: Say nice to meet you to Aiko Tanaka "
        "(Fintech Meetup: wants intros to fintech)",
        f"to-do 2, due {tomorrow}: Say nice to meet you to Ravi Kumar (Fintech Meetup: payments)",
        f"to-do 3, due {next_week}: Propose a 20–30 minute conversation to Ravi Kumar",
    ]
    assert lines[6] == "2 met at Fintech Meetup, 1 new (capture 1)"
    status, out, _ = run(capsys, data, "event", "show", "1", "--json")
    report = json.loads(out)
    assert report["event"]["name"] == "Fintech Meetup" and report["event"]["place"] == "Berlin"
    assert [(p["name"], p["starred"], p["note"]) for p in report["people"]] == [
        ("Aiko Tanaka", False, "wants intros to fintech"),
        ("Ravi Kumar", True, "payments"),
    ]
    status, out, _ = run(capsys, data, "event", "show", "Fintech Meetup")
    assert out.splitlines()[0] == "Fintech Meetup — 2026-12-10, meetup, Berlin"
    assert "* Ravi Kumar (id 2) — payments" in out
    status, out, _ = run(capsys, data, "event", "list", "--json")
    assert [(e["name"], e["people"], e["conversations"]) for e in json.loads(out)] == [
        ("Fintech Meetup", 2, 0)
    ]


def test_met_json_and_star_all(capsys, data: Path, monkeypatch) -> None:
    status, out, _ = run(capsys, data, "event", "add", "Alumni", "--on", "2026-12-01", "--json")
    assert json.loads(out)["kind"] == "meetup"
    typed(monkeypatch, "Nia Obi\nTom Weber\n")
    status, out, err = run(capsys, data, "event", "met", "Alumni", "--star-all", "--json")
    assert status == 0, err
    value = json.loads(out)
    assert value["capture_id"] == 1 and all(p["starred"] for p in value["people"])


def test_bad_input_changes_nothing(capsys, data: Path, monkeypatch) -> None:
    run(capsys, data, "event", "add", "Fintech Meetup", "--on", "2026-12-10")
    run(capsys, data, "event", "add", "Fintech Drinks", "--on", "2026-12-11")
    assert "date" in refused(capsys, data, "event", "add", "X", "--on", "10/12/2026")
    refused(capsys, data, "event", "add", "X", "--on", "2026-12-10", "--kind", "party")
    refused(capsys, data, "event", "add", "  ", "--on", "2026-12-10")
    refused(capsys, data, "event", "show", "nothing like it")
    assert "several" in refused(capsys, data, "event", "show", "fintech")
    typed(monkeypatch, "Aiko Tanaka\n")
    refused(capsys, data, "event", "met", "42")
    typed(monkeypatch, "# nobody\n\naiko@x.org\n")
    assert "No line names a person" in refused(capsys, data, "event", "met", "Fintech Meetup")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xff\xfe Aiko")))
    refused(capsys, data, "event", "met", "Fintech Meetup")
