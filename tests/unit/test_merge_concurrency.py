"""A merge while an import runs on another connection: they take turns on SQLite's write
lock (BEGIN IMMEDIATE), so nothing either writes is lost and no merge is half done."""

from __future__ import annotations

import threading
from pathlib import Path

from netdesk.app import build_services
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import MemoryCredentialStore
from netdesk.services.duplicates import merge_rows
from tests.frozen_time import frozen_clock
from tests.helpers import HEADER_2023, write

URL = "https://www.linkedin.com/in/danacruz"
NEW_PEOPLE = 400


def connections(tmp_path: Path) -> Path:
    lines = [HEADER_2023, f"Dana,Cruz,{URL},,Tidewater Bank,Head of Data,01 Dec 2026"]
    lines += [f"Person,{n:04d},,,Org {n % 7},Role,01 Nov 2026" for n in range(NEW_PEOPLE)]
    return write(tmp_path / "Connections.csv", "\n".join(lines))


def two_danas(services) -> tuple[int, int]:
    kept = services.contacts.save(ContactRecord(display_name="Dana Cruz", tags=["friend"]))
    other = services.contacts.save(
        ContactRecord(display_name="Dana Cruz", organisation="Northwind", linkedin_url=URL)
    )
    services.db.execute_sql(
        "INSERT INTO todo (title, contact_id, created_at) VALUES ('Thank Dana', ?, 'x')",
        (other.id,),
    )
    assert kept.id is not None and other.id is not None
    return kept.id, other.id


def in_thread(work) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # reported by the test's thread
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def importer(paths, csv: Path, started: threading.Event | None, holding: threading.Event | None):
    """An import on its own services (its own connection), as another window would."""

    def work():
        other = build_services(paths, credentials=MemoryCredentialStore(), clock=frozen_clock())
        try:
            if started is not None:
                started.wait(10)

            def progress(percent: int, _message: str) -> None:
                if percent == 55 and holding is not None:  # inside its write transaction
                    holding.set()
                    threading.Event().wait(0.4)

            return other.imports.import_linkedin(csv, progress)
        finally:
            other.close()

    return work


def check_both_whole(services, kept: int, other: int) -> None:
    people = services.db.execute_sql("SELECT count(*) FROM contact").fetchone()[0]
    assert people == 1 + NEW_PEOPLE  # the Danas are one; every imported person is there
    assert (
        services.db.execute_sql("SELECT count(*) FROM contact WHERE id = ?", (other,)).fetchone()[0]
        == 0
    )
    row = services.db.execute_sql(
        "SELECT id, linkedin_url FROM contact WHERE display_name = 'Dana Cruz'"
    ).fetchall()
    assert row == [(kept, URL)]
    todos = services.db.execute_sql("SELECT contact_id FROM todo").fetchall()
    assert todos == [(kept,)]
    assert "friend" in services.contacts.get(kept).tags
    assert services.merges.last_merge() is not None


def test_a_merge_asked_for_during_an_import_waits_for_it(services, tmp_path) -> None:
    kept, other = two_danas(services)
    holding = threading.Event()
    thread, outcome = in_thread(importer(services.paths, connections(tmp_path), None, holding))
    assert holding.wait(10)
    result = services.merges.merge(kept, other)  # blocks until the import commits
    thread.join(20)
    summary = outcome[0]
    assert not isinstance(summary, BaseException), summary
    assert (summary.added, summary.updated) == (NEW_PEOPLE, 1)  # Dana updated, then merged
    check_both_whole(services, kept, other)
    assert result.choices["organisation"] == "other"
    dana = services.contacts.get(kept)
    assert (dana.organisation, dana.role) == ("Tidewater Bank", "Head of Data")


def test_an_import_started_during_a_merge_sees_it_whole(services, monkeypatch, tmp_path) -> None:
    kept, other = two_danas(services)
    merging = threading.Event()
    apply = merge_rows.apply

    def slow_apply(db, changes) -> None:
        apply(db, changes)
        merging.set()  # rows moved, the other person not yet deleted: lock held
        threading.Event().wait(0.4)

    monkeypatch.setattr(merge_rows, "apply", slow_apply)
    thread, outcome = in_thread(importer(services.paths, connections(tmp_path), merging, None))
    services.merges.merge(kept, other)
    thread.join(20)
    summary = outcome[0]
    assert not isinstance(summary, BaseException), summary
    # The import read the merged Dana (by her profile URL) and updated her: no third Dana.
    assert (summary.added, summary.updated) == (NEW_PEOPLE, 1)
    check_both_whole(services, kept, other)
