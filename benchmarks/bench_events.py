"""Event capture figures in a network of 30,000 people (LinkedIn's maximum).

    .venv/bin/python benchmarks/bench_events.py [--rows 30000] [--repeat 7]

A pasted list of 30 people met at an event (a third already known, matched by name and
organisation, email or profile; the rest new with organisations, roles, emails, profiles
and notes; a few starred) is captured into a copy of the same database each run.
Prints, each the median of the runs (the worst in brackets):
  preview    reading the 30 lines and matching each against the 30,000 people
  capture    the capture itself, in one transaction: matching again, the new people,
             the links to the event, the "nice to meet you" and conversation to-dos
  together   preview + capture, as the quick capture runs them
  page       the event's page after the capture: the events list read again, the
             event chosen, who was met and what came of each read, shown and painted
  end to end preview + capture + page: pasting the list, capturing it and seeing the
             event's page (target < 300 ms)
  baseline   the 20 new people of the list added one by one with ContactService.save
             (the writes of twenty trips through the contact editor: no matching, no
             links, no to-dos), and the end-to-end figure as a ratio of it
  report     the event's page data alone
  numbers    per event: people met and conversations (every event)
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from netdesk.db import close_database, open_database  # noqa: E402
from netdesk.services.clock import FrozenClock  # noqa: E402
from netdesk.services.contacts.service import ContactService  # noqa: E402
from netdesk.services.events.capture import parse_capture  # noqa: E402
from netdesk.services.events.service import EventService  # noqa: E402
from netdesk.services.imports.service import ImportService  # noqa: E402
from netdesk.services.sample.people import write_connections_csv  # noqa: E402
from netdesk.views.events.page import EventsPage  # noqa: E402

TARGET_MS = 300
PEOPLE = 30


def build_network(folder: Path, rows: int) -> Path:
    database = folder / "network.sqlite3"
    db = open_database(database)
    ImportService(db).import_linkedin(write_connections_csv(folder / "Connections.csv", rows))
    # Some known people have an email, as people added by hand or from an address book do.
    db.execute_sql(
        "UPDATE contact SET emails = lower(replace(display_name, ' ', '.')) || "
        "'@known.example' WHERE id % 10 = 0"
    )
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database(db)
    return database


def pasted_list(database: Path) -> str:
    """30 lines as typed or pasted the evening after: 10 known, 20 new."""
    db = open_database(database)
    known = db.execute_sql(
        "SELECT c.display_name, coalesce(o.name, ''), c.emails, c.linkedin_url FROM contact c "
        "LEFT JOIN organisation o ON o.id = c.organisation_id WHERE c.id % 10 = 0 "
        "ORDER BY c.id LIMIT 10"
    ).fetchall()
    close_database(db)
    lines = []
    for index, (name, organisation, email, url) in enumerate(known):
        if index % 3 == 0:
            lines.append(f"{name}, {organisation} — talked about the keynote")
        elif index % 3 == 1:
            lines.append(f"{name}, {email} -- wants intros to fintech")
        else:
            lines.append(f"* {name}, {url} - hiring for the data platform")
    for index in range(PEOPLE - len(known)):
        star = "* " if index % 4 == 0 else ""
        lines.append(
            f'{star}"Person{index}, Test", Company {index % 7}, Role {index}, '
            f"new{index}@event.example, linkedin.com/in/new-person-{index} "
            f"— note about conversation {index}"
        )
    assert len(lines) == PEOPLE
    return "\n".join(lines) + "\n"


CLOCK = FrozenClock(datetime(2026, 12, 10, 22, 30))


def one_run(database: Path, text: str) -> dict[str, float]:
    db = open_database(database)
    events = EventService(db, CLOCK)
    event = events.add("Fintech Meetup", "2026-12-10")
    page = EventsPage(events, QUndoStack(), clock=CLOCK)
    page.resize(1280, 800)
    page.show()
    QApplication.processEvents()
    gc.collect()
    start = time.perf_counter()
    preview = events.preview(event.id, text)
    previewed = time.perf_counter()
    result = events.capture(event.id, text)
    captured = time.perf_counter()
    page.open_event(event.id)
    page.grab()  # painted
    QApplication.processEvents()
    shown = time.perf_counter()
    report = events.report(event.id)
    reported = time.perf_counter()
    events.numbers()
    numbered = time.perf_counter()
    assert page.detail.model.rowCount() == PEOPLE
    page.close()
    page.deleteLater()
    QApplication.processEvents()
    close_database(db)
    assert sum(p.contact_id is not None for p in preview) == 10, [p.describe() for p in preview]
    assert len(result.added_people) == 20 and len(report.people) == PEOPLE
    return {
        "preview": previewed - start,
        "capture": captured - previewed,
        "page": shown - captured,
        "report": reported - shown,
        "numbers": numbered - reported,
    }


def baseline_run(database: Path, text: str) -> float:
    """The capture's new people saved one by one, as the contact editor saves them."""
    from netdesk.services.contacts.records import ContactRecord

    db = open_database(database)
    contacts = ContactService(db, CLOCK)
    new = {
        item.captured.line
        for item in EventService(db, CLOCK).preview(None, text)
        if item.contact_id is None and not item.captured.problem
    }
    records = [
        ContactRecord(
            display_name=line.name,
            organisation=line.organisation,
            role=line.role,
            emails=[line.email] if line.email else [],
            linkedin_url=line.linkedin_url,
            relation="event",
            closeness=2,
        )
        for line in parse_capture(text)
        if line.line in new
    ]
    gc.collect()
    start = time.perf_counter()
    for record in records:
        contacts.save(record)
    elapsed = time.perf_counter() - start
    close_database(db)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        network = build_network(folder, args.rows)
        text = pasted_list(network)
        app = QApplication.instance() or QApplication([])
        runs, baselines = [], []
        for run in range(args.repeat):
            copy = folder / f"run-{run}.sqlite3"
            shutil.copy(network, copy)
            runs.append(one_run(copy, text))
            shutil.copy(network, copy)
            baselines.append(baseline_run(copy, text))
        del app
    print(f"{args.rows:,} people, {PEOPLE} pasted lines, median (worst) of {args.repeat} runs")
    figures = {key: [run[key] for run in runs] for key in runs[0]}
    figures["together"] = [r["preview"] + r["capture"] for r in runs]
    end_to_end = [r["preview"] + r["capture"] + r["page"] for r in runs]
    figures["end to end"] = end_to_end
    figures["baseline"] = baselines
    notes = {"end to end": f"   (target < {TARGET_MS} ms)"}
    for label in ("preview", "capture", "together", "page", "end to end", "baseline"):
        median, worst = statistics.median(figures[label]) * 1000, max(figures[label]) * 1000
        print(f"{label:10} {median:7.1f} ms  ({worst:6.1f} ms){notes.get(label, '')}")
    ratio = statistics.median(end_to_end) / statistics.median(baselines)
    print(f"end to end / baseline: {ratio:.2f}x")
    for label in ("report", "numbers"):
        median, worst = statistics.median(figures[label]) * 1000, max(figures[label]) * 1000
        print(f"{label:10} {median:7.1f} ms  ({worst:6.1f} ms)")
    if statistics.median(end_to_end) * 1000 >= TARGET_MS:
        sys.exit(1)


if __name__ == "__main__":
    main()
