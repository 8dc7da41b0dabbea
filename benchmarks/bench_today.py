"""The Today page with a big network: 30,000 people, 5,000 meetings, 50,000 interactions.

    .venv/bin/python benchmarks/bench_today.py [--people 30000] [--meetings 5000]
        [--interactions 50000] [--events 60] [--png today.png]

With --events, networking events over the last two years with eight people met at each,
their "nice to meet you" and "propose a conversation" to-dos (open for the latest few):
Today gathers those under their event, and the Numbers count conversations per event.

Prints (each the median of several runs, and the worst):
  data     TodayService.build(): to-dos due, this week's meetings, lapsed people
           (strongest first), outreach awaiting an answer, and every number behind
           the charts
  refresh  the same through the page: data, models reset, lists fitted, and painted
  first    building the page from nothing (as the window does at start) and painting it
Target (issue #6): the Today page builds in under 200 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from netdesk.app import build_services  # noqa: E402
from netdesk.paths import Paths  # noqa: E402
from netdesk.services.credentials import MemoryCredentialStore  # noqa: E402
from netdesk.services.followups.todos import Todo  # noqa: E402
from netdesk.services.vocabulary import RELATIONS  # noqa: E402

REAL_SHARE = 0.04  # about 1,200 of 30,000 are people the user really knows
KINDS = ("meeting", "email", "call", "message", "note")


def fill(services, people: int, meetings: int, interactions: int, rng: random.Random) -> None:
    """Raw inserts in one transaction: the benchmark measures reading, not writing."""
    conn = services.db.connection()
    today = date.today()
    now = datetime.now().isoformat(sep=" ", timespec="seconds")
    relations = [r for r in RELATIONS if r != "linkedin"]
    with services.db.atomic():
        conn.executemany(
            "INSERT INTO organisation (id, name, name_key) VALUES (?, ?, ?)",
            [(i, f"Organisation {i}", f"organisation {i}") for i in range(1, 801)],
        )
        rows = []
        for i in range(1, people + 1):
            real = rng.random() < REAL_SHARE
            name = f"Person {i:05d}"
            rows.append(
                (
                    i,
                    name,
                    name.casefold(),
                    rng.randrange(1, 801),
                    rng.choice(relations) if real else "linkedin",
                    rng.randint(2, 5) if real else 1,
                    f"https://www.linkedin.com/in/person-{i}",
                    (today - timedelta(days=rng.randrange(30, 3000))).isoformat(),
                    now,
                    now,
                )
            )
        conn.executemany(
            "INSERT INTO contact (id, display_name, sort_name, organisation_id, "
            "relation, closeness, linkedin_url, connected_on, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        real_ids = [r[0] for r in rows if r[4] != "linkedin"]
        start = datetime.now().astimezone() - timedelta(days=720)
        meeting_rows, people_rows = [], []
        for i in range(1, meetings + 1):
            when = start + timedelta(hours=rng.randrange(0, 760 * 24))
            status = "held" if when.date() < today else rng.choice(["scheduled", "requested"])
            meeting_rows.append(
                (i, f"Conversation {i}", status, when.isoformat(timespec="seconds"), now, now)
            )
            people_rows.append((i, rng.choice(real_ids)))
        conn.executemany(
            "INSERT INTO meeting (id, title, status, starts_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            meeting_rows,
        )
        conn.executemany("INSERT OR IGNORE INTO meeting_person VALUES (?, ?)", people_rows)
        touched = real_ids + rng.sample(range(1, people + 1), 3000)
        conn.executemany(
            "INSERT INTO interaction (contact_id, kind, occurred_at, summary, give_ask, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    rng.choice(touched),
                    rng.choice(KINDS),
                    (datetime.now() - timedelta(minutes=rng.randrange(0, 730 * 24 * 60))).isoformat(
                        sep=" ", timespec="seconds"
                    ),
                    "Caught up",
                    rng.choice([None, None, None, "give", "ask"]),
                    now,
                )
                for _ in range(interactions)
            ],
        )
        conn.execute(
            "UPDATE contact SET last_interaction = (SELECT max(substr(occurred_at, 1, 10)) "
            "FROM interaction i WHERE i.contact_id = contact.id)"
        )
        todo_rows = []
        for meeting_id, contact_id in people_rows:
            held_on = date.fromisoformat(meeting_rows[meeting_id - 1][3][:10])
            done = None if rng.random() < 0.01 else now
            todo_rows.append(
                ("Thank them", "thank_you", contact_id, meeting_id, held_on + timedelta(1), done)
            )
        for _ in range(300):  # by hand, due within three weeks either side of today
            due = today - timedelta(rng.randrange(-20, 20))
            todo_rows.append(("Follow up", "other", rng.choice(real_ids), None, due, None))
        conn.executemany(
            "INSERT INTO todo (title, kind, contact_id, meeting_id, due_on, done_at, created_at) "
            f"VALUES (?, ?, ?, ?, ?, ?, '{now}')",
            [(t, k, c, m, d.isoformat(), done) for t, k, c, m, d, done in todo_rows],
        )
        referrals = [
            (
                rng.choice(real_ids),
                rng.randrange(1, people + 1),
                (datetime.now() - timedelta(days=rng.randrange(0, 700))).isoformat(
                    sep=" ", timespec="seconds"
                ),
            )
            for _ in range(1500)
        ]
        conn.executemany(  # nobody refers someone to themselves (a CHECK says so)
            "INSERT INTO referral (from_contact_id, to_contact_id, created_at) VALUES (?, ?, ?)",
            [r for r in referrals if r[0] != r[1]],
        )
        conn.executemany(
            "INSERT INTO outreach (contact_id, sent_on, channel, warm, response, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    rng.randrange(1, people + 1),
                    (today - timedelta(days=rng.randrange(0, 600))).isoformat(),
                    rng.choice(["email", "linkedin"]),
                    rng.random() < 0.4,
                    rng.choice(["accepted", "accepted", "declined", "none", "no_answer"]),
                    now,
                )
                for _ in range(2000)
            ],
        )
    conn.execute("ANALYZE")


def fill_events(services, events: int, rng: random.Random) -> None:
    """*events* evenings, one every twelve days back from today, eight real people met at
    each (two starred) and their capture's to-dos, done except for the last four events."""
    conn = services.db.connection()
    today = date.today()
    now = datetime.now().isoformat(sep=" ", timespec="seconds")
    real_ids = [
        row[0] for row in conn.execute("SELECT id FROM contact WHERE relation != 'linkedin'")
    ]
    with services.db.atomic():
        for number in range(1, events + 1):
            held = today - timedelta(days=2 + 12 * (number - 1))
            event_id = conn.execute(
                "INSERT INTO event (name, held_on, kind, created_at, updated_at) "
                "VALUES (?, ?, 'meetup', ?, ?)",
                (f"Evening {number}", held.isoformat(), now, now),
            ).lastrowid
            done = None if number <= 4 else now
            for place, contact_id in enumerate(rng.sample(real_ids, 8)):
                starred = place < 2
                conn.execute(
                    "INSERT INTO event_person (event_id, contact_id, note, starred) "
                    "VALUES (?, ?, '', ?)",
                    (event_id, contact_id, starred),
                )
                made = [("Say nice to meet you", "check_in", held + timedelta(1))]
                if starred:
                    made.append(("Propose a conversation", "outreach", held + timedelta(7)))
                conn.executemany(
                    "INSERT INTO todo (title, kind, contact_id, due_on, done_at, created_at, "
                    "event_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(t, k, contact_id, d.isoformat(), done, now, event_id) for t, k, d in made],
                )
    conn.execute("ANALYZE")


def timed(func) -> float:
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--meetings", type=int, default=5_000)
    parser.add_argument("--interactions", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=60)
    parser.add_argument("--png", type=Path, help="save a picture of the page")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from netdesk.views.today.page import TodayPage

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as temp:
        services = build_services(Paths(Path(temp)).ensure(), credentials=MemoryCredentialStore())
        started = time.perf_counter()
        fill(services, args.people, args.meetings, args.interactions, random.Random(6))
        fill_events(services, args.events, random.Random(15))
        print(
            f"{args.people:,} people, {args.meetings:,} meetings, {args.interactions:,} "
            f"interactions, {args.events} events written in {time.perf_counter() - started:.1f} s"
        )
        today = services.followups.today
        data_times = [timed(today.build) for _ in range(9)]
        data = today.build()

        def first_page() -> None:
            page = TodayPage(services.followups, services.contacts)
            page.resize(1400, 900)
            page.refresh()
            page.show()
            page.repaint()
            first_page.page = page  # type: ignore[attr-defined]

        first = [timed(first_page)]
        page = first_page.page  # type: ignore[attr-defined]
        app.processEvents()

        def refresh() -> None:
            page.refresh()
            page.repaint()

        refreshes = [timed(refresh) for _ in range(9)]
        for _ in range(2):
            first.append(timed(first_page))
            app.processEvents()
        if args.png:
            first_page.page.grab().save(str(args.png))  # type: ignore[attr-defined]
        services.close()

    def ms(values: list[float]) -> str:
        median, worst = statistics.median(values) * 1000, max(values) * 1000
        return f"{median:6.1f} ms median, {worst:6.1f} ms worst"

    groups = sum(not isinstance(entry, Todo) for entry in data.entries)
    print(
        f"shown: {len(data.todos)} to-dos due ({groups} event lines), "
        f"{len(data.meetings)} meetings this week, "
        f"{data.lapsed_total:,} lapsed (first {len(data.lapsed)}), "
        f"{data.awaiting_total:,} awaiting an answer"
    )
    print(f"data     TodayService.build()            {ms(data_times)}")
    print(f"refresh  data + models + paint           {ms(refreshes)}   (target < 200 ms)")
    print(f"first    new page, data, shown, painted  {ms(first)}   (target < 200 ms)")


if __name__ == "__main__":
    main()
