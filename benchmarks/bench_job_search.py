"""Today with a job search: bench_today's big network, then 500 target organisations
and 1,000 applications (their dated steps, next actions, referrers) in the same run.

    .venv/bin/python benchmarks/bench_job_search.py [--people 30000] [--meetings 5000]
        [--interactions 50000] [--applications 1000] [--targets 500]

Prints (each the median of nine runs, and the worst) Today's refresh (data, models,
lists fitted, painted) without and with the job search data, their ratio, and the job
search's own read; and the Search page's refresh (funnel, both tables, the chosen
item's page with its ways in) with the same data, and again after a change to the
people (which has the warm paths' network read again). Target (issue 19): Today and
the Search page refresh in under 200 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from bench_today import fill, timed  # noqa: E402

from netdesk.app import build_services  # noqa: E402
from netdesk.paths import Paths  # noqa: E402
from netdesk.services.changes import Change  # noqa: E402
from netdesk.services.credentials import MemoryCredentialStore  # noqa: E402

STAGES = ("applied", "applied", "screen", "interview", "offer", "rejected", "withdrawn")
SOURCES = ("cold", "cold", "referral", "recruiter", "other")


def fill_job_search(services, applications: int, targets: int, rng: random.Random) -> None:
    """Raw inserts over bench_today's organisations 1..800 and people; about one in
    twelve applications has a next action due by today, and the open ones applied over
    the last four months are silent for two weeks or more."""
    conn = services.db.connection()
    today = date.today()
    now = f"{today.isoformat()} 09:00:00"
    people = [row[0] for row in conn.execute("SELECT id FROM contact LIMIT 2000")]
    with services.db.atomic():
        conn.executemany(
            "INSERT INTO target (organisation_id, stage, notes, source, created_at, updated_at) "
            "VALUES (?, ?, '', 'manual', ?, ?)",
            [(org, rng.choice(("exploring", "talking", "applied")), now, now)
             for org in rng.sample(range(1, 801), targets)],
        )  # fmt: skip
        steps = []
        for i in range(1, applications + 1):
            applied = today - timedelta(days=rng.randint(0, 120))
            stage = rng.choice(STAGES)
            source = rng.choice(SOURCES)
            due, action = None, ""
            if rng.random() < 0.08:
                due, action = (today - timedelta(days=rng.randint(0, 5))).isoformat(), "Call"
            elif rng.random() < 0.2:
                due, action = (today + timedelta(days=rng.randint(1, 20))).isoformat(), "Write"
            conn.execute(
                "INSERT INTO application (id, organisation_id, role, link, applied_on, source, "
                "referrer_id, stage, next_action, due_on, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (i, rng.randint(1, 800), f"Role {i}", f"https://jobs.example/{i}",
                 applied.isoformat(), source,
                 rng.choice(people) if source == "referral" and people else None,
                 stage, action, due, now, now),
            )  # fmt: skip
            steps.append((i, "applied", applied.isoformat()))
            if stage != "applied":
                later = min(today, applied + timedelta(days=rng.randint(3, 30)))
                steps.append((i, stage, later.isoformat()))
        conn.executemany(
            "INSERT INTO application_step (application_id, stage, on_day) VALUES (?, ?, ?)",
            steps,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--meetings", type=int, default=5_000)
    parser.add_argument("--interactions", type=int, default=50_000)
    parser.add_argument("--applications", type=int, default=1_000)
    parser.add_argument("--targets", type=int, default=500)
    args = parser.parse_args()
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from netdesk.services.jobsearch.today import job_search_today
    from netdesk.views.jobsearch.page import SearchPage
    from netdesk.views.today.page import TodayPage

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as temp:
        services = build_services(Paths(Path(temp)).ensure(), credentials=MemoryCredentialStore())
        fill(services, args.people, args.meetings, args.interactions, random.Random(6))
        page = TodayPage(
            services.followups, services.contacts, applications=lambda: services.applications
        )
        page.resize(1400, 900)
        page.show()

        def refresh() -> None:
            page.refresh()
            page.repaint()

        def measure() -> list[float]:
            refresh()
            app.processEvents()
            return [timed(refresh) for _ in range(9)]

        without = measure()
        started = time.perf_counter()
        fill_job_search(services, args.applications, args.targets, random.Random(19))
        written = time.perf_counter() - started
        with_jobs = measure()
        items, _ = job_search_today(services.applications, services.clock.today())
        reads = [
            timed(lambda: job_search_today(services.applications, services.clock.today()))
            for _ in range(9)
        ]
        shown = [
            timed(lambda: job_search_today(services.applications, services.clock.today(), 10))
            for _ in range(9)
        ]
        search = SearchPage(
            services.targets, services.applications, services.contacts,
            lambda: services.graph, QUndoStack(), clock=services.clock,
        )  # fmt: skip
        search.resize(1400, 900)
        search.show()

        def refresh_search() -> None:
            search.refresh()
            search.repaint()

        refresh_search()
        app.processEvents()
        searched = [timed(refresh_search) for _ in range(9)]

        def refresh_after_people() -> None:  # the warm paths' network is read again
            services.changes.announce(Change.PEOPLE)
            refresh_search()

        reread = [timed(refresh_after_people) for _ in range(9)]
        services.close()

    def ms(values: list[float]) -> str:
        median, worst = statistics.median(values) * 1000, max(values) * 1000
        return f"{median:6.1f} ms median, {worst:6.1f} ms worst"

    due = sum(item.kind == "next_action" for item in items)
    print(
        f"{args.people:,} people; {args.applications:,} applications and {args.targets} "
        f"targets written in {written:.2f} s; Job search shows {due} next actions due and "
        f"{len(items) - due} silent applications"
    )
    print(f"job search data, all of it (CLI)     {ms(reads)}")
    print(f"job search data, Today's first 10    {ms(shown)}")
    print(f"refresh without the job search data  {ms(without)}")
    print(f"refresh with the job search data     {ms(with_jobs)}   (target < 200 ms)")
    ratio = statistics.median(with_jobs) / statistics.median(without)
    print(f"ratio with / without                 {ratio:6.2f}")
    print(f"Search page refresh                  {ms(searched)}   (target < 200 ms)")
    print(f"  the same after a change to people  {ms(reread)}")


if __name__ == "__main__":
    main()
