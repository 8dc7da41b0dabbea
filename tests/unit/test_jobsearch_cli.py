"""`netdesk targets [add]` and `netdesk applications [add|move]`, in-process through
main() on a data folder at the frozen test time; bad input exits 2 with one line on
stderr and leaves the database as it was."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from netdesk.__main__ import main
from netdesk.cli.parser import APPLICATION_SOURCES, APPLICATION_STAGES, TARGET_STAGES
from netdesk.services.jobsearch.records import APPLICATION_STAGES as SERVICE_STAGES
from netdesk.services.jobsearch.records import SOURCES
from netdesk.services.jobsearch.records import TARGET_STAGES as SERVICE_TARGET_STAGES
from tests.frozen_time import TODAY, frozen_clock
from tests.helpers import dump


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "d"


def run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--data-dir", str(data)], clock=frozen_clock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def ok(capsys, data: Path, *args: str) -> str:
    status, out, err = run(capsys, data, *args)
    assert status == 0, err
    return out


def refused(capsys, data: Path, *args: str) -> str:
    before = dump(data / "netdesk.sqlite3")
    status, out, err = run(capsys, data, *args)
    assert (status, out) == (2, ""), (args, status, out, err)
    assert err.startswith("netdesk: ") and err.count("\n") == 1, err
    assert dump(data / "netdesk.sqlite3") == before, args
    return err


def test_the_parser_knows_the_services_words() -> None:
    assert (TARGET_STAGES, APPLICATION_STAGES, APPLICATION_SOURCES) == (
        SERVICE_TARGET_STAGES, SERVICE_STAGES, SOURCES,
    )  # fmt: skip


def test_targets_are_added_and_listed_with_the_people_there(capsys, data: Path) -> None:
    ok(capsys, data, "people", "add", "Priya Wei", "--org", "Northwind")
    assert ok(capsys, data, "targets") == (
        "No target organisations yet (netdesk targets add ORGANISATION).\n"
    )
    out = ok(capsys, data, "targets", "add", "northwind", "--stage", "talking", "--notes", "data")
    assert out == "1\n"
    listed = json.loads(ok(capsys, data, "targets", "--json"))
    assert [(t["organisation"], t["stage"], t["notes"]) for t in listed] == [
        ("Northwind", "talking", "data")
    ]
    assert listed[0]["people_now"] == [{"id": 1, "name": "Priya Wei"}]
    text = ok(capsys, data, "targets")
    assert text == (
        "1\tNorthwind\ttalking\t0 applications, 0 conversations\n\tthere now: Priya Wei\n"
    )
    assert "already a target" in refused(capsys, data, "targets", "add", "NORTHWIND")
    assert "invalid choice" in refused(capsys, data, "targets", "add", "Kestrel", "--stage", "x")


def test_an_application_is_added_moved_and_listed(capsys, data: Path) -> None:
    ok(capsys, data, "people", "add", "Mia Chen", "--org", "Northwind")
    applied = (TODAY - timedelta(days=10)).isoformat()
    due = TODAY.isoformat()
    out = ok(
        capsys, data, "applications", "add", "--org", "Northwind", "--role", "Data Analyst",
        "--link", "https://jobs.example/1", "--applied", applied, "--referrer", "Mia Chen",
        "--next", "Thank Mia", "--due", due,
    )  # fmt: skip
    assert out == "1\n"
    interview = (TODAY - timedelta(days=3)).isoformat()
    moved = ok(capsys, data, "applications", "move", "1", "interview", "--on", interview)
    assert moved == f"1: interview 1 on {interview}\n"
    step = json.loads(ok(capsys, data, "applications", "move", "1", "interview", "--json"))
    assert (step["round"], step["on_day"]) == (2, TODAY.isoformat())
    (found,) = json.loads(ok(capsys, data, "applications", "--json"))
    assert (found["source"], found["referrer"], found["stage"], found["applied_on"]) == (
        "referral", "Mia Chen", "interview", applied,
    )  # fmt: skip
    assert ok(capsys, data, "applications") == (
        f"1\t{applied}\tNorthwind\tData Analyst\tinterview, referred by Mia Chen"
        f"\tnext: Thank Mia ({due})\n"
    )
    (target,) = json.loads(ok(capsys, data, "targets", "--json"))
    assert (target["stage"], target["applications"]) == ("interviewing", 1)


def test_bad_application_input_is_refused(capsys, data: Path) -> None:
    ok(capsys, data, "applications", "add", "--org", "Kestrel", "--role", "Engineer",
       "--link", "https://jobs.example/2")  # fmt: skip
    assert "link" in refused(
        capsys, data, "applications", "add", "--org", "Harbor", "--role", "Analyst",
        "--link", "https://jobs.example/2",
    )  # fmt: skip
    assert "go together" in refused(
        capsys, data, "applications", "add", "--org", "Harbor", "--role", "A", "--next", "Call"
    )
    assert "nobody is called" in refused(
        capsys, data, "applications", "add", "--org", "Harbor", "--role", "A", "--referrer", "Zed"
    )
    assert "no application has the id 9" in refused(
        capsys, data, "applications", "move", "9", "offer"
    )
    before = (TODAY - timedelta(days=400)).isoformat()
    assert "only sent on" in refused(
        capsys, data, "applications", "move", "1", "screen", "--on", before
    )
    assert "invalid choice" in refused(capsys, data, "applications", "move", "1", "hired")
    assert "required" in refused(capsys, data, "applications", "add", "--org", "Harbor")


def test_the_job_search_commands_load_no_heavy_library(tmp_path: Path) -> None:
    from tests.unit.test_cli_lazy import loaded_by

    where = ["--data-dir", str(tmp_path / "d")]
    assert loaded_by("targets", "add", "Northwind", *where) == {"status": 0, "heavy": []}
    assert loaded_by("targets", "--json", *where) == {"status": 0, "heavy": []}
    assert loaded_by("applications", "--json", *where) == {"status": 0, "heavy": []}
