"""Meeting figures with 10,000 meetings of invented notes and answers.

    .venv/bin/python benchmarks/bench_meetings.py [--meetings 10000]

Prints:
  search   one query over titles, people, notes and answers (FTS5) returning the list
           rows; each query's median of 5 runs, then the median and the worst query,
           from rare words to one-letter prefixes that match every meeting
  page     the same through the Meetings page: query, model reset and repaint
  open     opening a meeting whose notes hold 5,000 words, into the editor, painted
Targets (issue #3): search < 50 ms with 10,000 meetings; open < 100 ms.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from netdesk.app import build_services  # noqa: E402
from netdesk.paths import Paths  # noqa: E402
from netdesk.services.meetings import MeetingRecord, PreparedQuestion  # noqa: E402

WORDS = str.split(
    "market team hiring data platform customers growth pricing regulation strategy "
    "consolidation product roadmap research analytics security cloud budget partners "
    "mentor career skills interview portfolio startup enterprise design operations "
    "supply chain logistics health energy climate finance policy education training "
    "leadership culture remote onboarding feedback metrics experiment launch churn "
    "retention revenue margin competitors acquisition merger funding board investors"
)
QUERIES = ["zanzibar", "regulation", "regul", "consolidation pricing", "mia", "r", "a", "data"]
NAMES = ["Mia Chen", "Omar Haddad", "Lena Fischer", "Aiko Tanaka", "Ravi Menon", "Sofia Rossi"]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def long_notes(rng: random.Random, words: int) -> str:
    """Markdown notes with headings and lists, about *words* words long."""
    parts, count = [], 0
    while count < words:
        parts.append(f"## {sentence(rng, 3)}")
        parts.extend(f"- {sentence(rng, 12)}" for _ in range(4))
        parts.append(sentence(rng, 60))
        count += 3 + 48 + 60
    return "\n\n".join(parts)


def fill(services, count: int, rng: random.Random) -> int:
    """*count* meetings with people, notes and six answered questions; returns a long one."""
    contacts = services.contacts
    from netdesk.services.contacts import ContactRecord

    people = [contacts.save(ContactRecord(display_name=name)).id for name in NAMES]
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    with services.db.atomic():
        for number in range(count):
            services.meetings.save(
                MeetingRecord(
                    title=f"Conversation {number}: {sentence(rng, 3)}",
                    status="held",
                    starts_at=start + timedelta(hours=7 * number),
                    notes=sentence(rng, 150),
                    people=[rng.choice(people)],
                    questions=[
                        PreparedQuestion("industry", sentence(rng, 8), sentence(rng, 30))
                        for _ in range(6)
                    ],
                )
            )
        long_one = services.meetings.save(
            MeetingRecord(
                title="The long one",
                status="held",
                starts_at=start,
                notes=long_notes(rng, 5000),
                people=people[:2],
                questions=[
                    PreparedQuestion("person", sentence(rng, 8), sentence(rng, 40))
                    for _ in range(12)
                ],
            )
        )
    return long_one.id


def timed(func) -> float:
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def per_query(run, repeat: int = 5, prepare=lambda: None) -> list[float]:
    """Each query's median over *repeat* runs, so a noisy neighbour does not pick the worst."""
    medians = []
    for query in QUERIES:
        times = []
        for _ in range(repeat):
            prepare()
            times.append(timed(lambda q=query: run(q)))
        medians.append(statistics.median(times))
    return medians


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=10_000)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from netdesk.views.meetings_page import MeetingsPage

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as temp:
        services = build_services(Paths(Path(temp)).ensure())
        started = time.perf_counter()
        long_id = fill(services, args.meetings, random.Random(7))
        print(f"{args.meetings:,} meetings written in {time.perf_counter() - started:.1f} s")
        words = len(services.meetings.get(long_id).notes.split())

        search = per_query(lambda q: services.meetings.list(q))
        hits = {q: len(services.meetings.list(q)) for q in QUERIES}

        page = MeetingsPage(services.meetings, services.contacts)
        page.resize(1400, 900)
        page.show()
        app.processEvents()

        def type_query(text: str) -> None:
            page.search.setText(text)
            page.table.viewport().repaint()

        def forget_query() -> None:  # untimed, so that the next setText really changes it
            page.search.blockSignals(True)
            page.search.clear()
            page.search.blockSignals(False)

        page_times = per_query(type_query, prepare=forget_query)
        page.search.clear()
        app.processEvents()
        other = services.meetings.list()[0].id

        def open_long() -> None:
            page.editor.show_meeting(long_id)
            page.editor.repaint()

        opens = []
        for _ in range(7):
            page.editor.show_meeting(other)
            app.processEvents()
            opens.append(timed(open_long))
        services.close()

    def ms(values: list[float]) -> str:
        median, worst = statistics.median(values) * 1000, max(values) * 1000
        return f"{median:6.1f} ms median, {worst:.1f} ms worst"

    print("hits per query: " + ", ".join(f"{q!r}: {n:,}" for q, n in hits.items()))
    print(f"search   service query               {ms(search)}   (target < 50 ms)")
    print(f"page     query + model + repaint     {ms(page_times)}")
    print(f"open     {words:,}-word meeting, painted  {ms(opens)}   (target < 100 ms)")


if __name__ == "__main__":
    main()
