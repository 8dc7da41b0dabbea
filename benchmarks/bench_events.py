"""Event capture figures in a network of 30,000 people (LinkedIn's maximum).

    .venv/bin/python benchmarks/bench_events.py [--rows 30000] [--repeat 7]

A pasted list of 30 people met at an event (a third already known, matched by name and
organisation, email or profile; the rest new with organisations, roles, emails, profiles
and notes; a few starred) is captured into a copy of the same database each run.
Prints, each the median of the runs (the worst in brackets):
  preview    reading the 30 lines and matching each against the 30,000 people
  capture    the capture itself, in one transaction: matching again, the new people,
             the links to the event, the "nice to meet you" and conversation to-dos
  together   preview + capture, as the quick capture runs them (target < 300 ms)
  report     the event's page data: who was met and what came of each
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

from netdesk.db import close_database, open_database  # noqa: E402
from netdesk.services.clock import FrozenClock  # noqa: E402
from netdesk.services.events.service import EventService  # noqa: E402
from netdesk.services.imports.service import ImportService  # noqa: E402
from netdesk.services.sample.people import write_connections_csv  # noqa: E402

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


def one_run(database: Path, text: str) -> tuple[float, float, float, float]:
    db = open_database(database)
    clock = FrozenClock(datetime(2026, 12, 10, 22, 30))
    events = EventService(db, clock)
    event = events.add("Fintech Meetup", "2026-12-10")
    gc.collect()
    start = time.perf_counter()
    preview = events.preview(event.id, text)
    previewed = time.perf_counter()
    result = events.capture(event.id, text)
    captured = time.perf_counter()
    report = events.report(event.id)
    reported = time.perf_counter()
    events.numbers()
    numbered = time.perf_counter()
    close_database(db)
    assert sum(p.contact_id is not None for p in preview) == 10, [p.describe() for p in preview]
    assert len(result.added_people) == 20 and len(report.people) == PEOPLE
    return previewed - start, captured - previewed, reported - captured, numbered - reported


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        network = build_network(folder, args.rows)
        text = pasted_list(network)
        runs = []
        for run in range(args.repeat):
            copy = folder / f"run-{run}.sqlite3"
            shutil.copy(network, copy)
            runs.append(one_run(copy, text))
    print(f"{args.rows:,} people, {PEOPLE} pasted lines, median (worst) of {args.repeat} runs")
    columns = list(zip(*runs, strict=True))
    together = [p + c for p, c, _, _ in runs]
    for label, values, note in (
        ("preview", columns[0], ""),
        ("capture", columns[1], ""),
        ("together", together, f"   (target < {TARGET_MS} ms)"),
        ("report", columns[2], ""),
        ("numbers", columns[3], ""),
    ):
        median, worst = statistics.median(values) * 1000, max(values) * 1000
        print(f"{label:10} {median:7.1f} ms  ({worst:6.1f} ms){note}")
    if statistics.median(together) * 1000 >= TARGET_MS:
        sys.exit(1)


if __name__ == "__main__":
    main()
