"""Duplicate finding on 30,000 people with labelled duplicates and hard negatives planted.

    .venv/bin/python benchmarks/bench_duplicates.py [--people 30000] [--seed 18] [--repeat 3]

Builds the people through ContactService.save in a temporary SQLite file (the labelled
set of benchmarks/duplicates_labelled.py among real-looking others), then prints:
  baseline   reading the people's fields the finder reads (one SELECT, no scoring)
  find       DuplicateService.find end to end (read, normalise, block, score), median,
             and its ratio to the baseline
  quality    at the default threshold, on the labelled set (the issue's measure):
             precision over the proposed pairs that are labelled (duplicates and hard
             negatives), recall over the labelled duplicates; and the strict precision over
             every proposed pair (one among the unlabelled people counts as wrong, though
             two records of one name at one organisation without an email or profile that
             differs may well be one person); recall per kind, hard negatives
             proposed per kind; and a sweep of thresholds (how DEFAULT_THRESHOLD was chosen)
Targets (issue 18): find < 5 s; precision >= 0.97; recall >= 0.90.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from duplicates_labelled import build  # noqa: E402
from peewee import JOIN  # noqa: E402

from netdesk.db import close_database, open_database  # noqa: E402
from netdesk.db.models.people import Contact, Organisation  # noqa: E402
from netdesk.services.contacts.records import ContactRecord  # noqa: E402
from netdesk.services.contacts.service import ContactService  # noqa: E402
from netdesk.services.duplicates import keys, names  # noqa: E402
from netdesk.services.duplicates.finder import DEFAULT_THRESHOLD  # noqa: E402
from netdesk.services.duplicates.service import DuplicateService  # noqa: E402
from netdesk.services.text import fold  # noqa: E402


def populate(db, records: list[dict]) -> list[int]:
    contacts = ContactService(db)
    ids = []
    with db.atomic():  # one transaction around the saves (each a savepoint)
        for record in records:
            display = f"{record['given_name']} {record['family_name']}".strip()
            saved = contacts.save(ContactRecord(display_name=display, **record))
            ids.append(saved.id)
    return ids


def baseline(db) -> float:
    start = time.perf_counter()
    query = Contact.select(
        Contact.id,
        Contact.given_name,
        Contact.family_name,
        Contact.display_name,
        Contact.emails,
        Contact.phones,
        Contact.linkedin_url,
        Contact.location,
        Organisation.name,
    ).join(Organisation, JOIN.LEFT_OUTER)
    rows = list(query.tuples())
    assert rows
    return time.perf_counter() - start


def clear_caches() -> None:
    """As the first run after a start: nothing normalised yet."""
    for cached in (fold, names.parse_name, names.soundex, names.given_match,
                   names.family_match, keys.phone_key, keys.profile_key):  # fmt: skip
        cached.cache_clear()


def timed_find(service: DuplicateService, threshold: float):
    clear_caches()
    start = time.perf_counter()
    pairs = service.find(threshold=threshold)
    return time.perf_counter() - start, pairs


def quality(pairs, labels, ids, threshold: float):
    proposed = {(p.first_id, p.second_id) for p in pairs if p.score >= threshold}
    truth = {}
    for label in labels:
        a, b = sorted((ids[label.first], ids[label.second]))
        truth[a, b] = label
    positives = {pair for pair, label in truth.items() if label.same}
    found = proposed & positives
    labelled = proposed & set(truth)
    precision = len(found) / len(labelled) if labelled else 1.0
    strict = len(found) / len(proposed) if proposed else 1.0
    recall = len(found) / len(positives)
    return precision, recall, proposed, truth, strict


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    records, labels = build(args.people, args.seed)
    same = sum(label.same for label in labels)
    print(
        f"labelled set: {len(labels)} pairs ({same} duplicates, {len(labels) - same} hard "
        f"negatives) among {len(records):,} people (seed {args.seed})"
    )
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "duplicates.sqlite3")
        start = time.perf_counter()
        ids = populate(db, records)
        print(f"built through ContactService.save in {time.perf_counter() - start:.1f} s")
        service = DuplicateService(db, region="US")
        base = statistics.median(baseline(db) for _ in range(args.repeat))
        runs = [timed_find(service, 0.0) for _ in range(args.repeat)]
        took = statistics.median(t for t, _ in runs)
        scored = runs[-1][1]
        print(f"baseline (read the people)   {base * 1000:8.0f} ms")
        print(f"find (end to end, median)    {took * 1000:8.0f} ms   ratio {took / base:.1f}x")
        print(f"  pairs scored above 0: {len(scored):,}")
        precision, recall, proposed, truth, strict = quality(scored, labels, ids, DEFAULT_THRESHOLD)
        print(
            f"at DEFAULT_THRESHOLD {DEFAULT_THRESHOLD}: {len(proposed)} proposed; labelled set: "
            f"precision {precision:.3f} (target >= 0.97), recall {recall:.3f} (target >= 0.90); "
            f"strict precision over every proposed pair {strict:.3f}"
        )
        report_kinds(proposed, truth)
        wrong = [p for p in scored if p.score >= DEFAULT_THRESHOLD]
        wrong = [p for p in wrong if not (truth.get((p.first_id, p.second_id)) or _no).same]
        for pair in wrong[:8]:
            print(f"  wrong: {pair.first_name} / {pair.second_name} {pair.score} {pair.evidence}")
        print("threshold  proposed  precision  recall  strict")
        for threshold in (0.6, 0.65, 0.7, 0.72, 0.75, 0.78, 0.8, 0.85, 0.9):
            p, r, chosen, _, st = quality(scored, labels, ids, threshold)
            print(f"  {threshold:5.2f}    {len(chosen):6d}     {p:.3f}    {r:.3f}   {st:.3f}")
        close_database(db)


class _No:
    same = False


_no = _No()


def report_kinds(proposed, truth) -> None:
    found, total = Counter(), Counter()
    for pair, label in truth.items():
        total[label.same, label.kind] += 1
        found[label.same, label.kind] += pair in proposed
    for (same, kind), count in sorted(total.items(), key=lambda item: (not item[0][0], item[0])):
        what = "found" if same else "wrongly proposed"
        print(f"  {'dup' if same else 'neg'} {kind:48s} {found[same, kind]:3d}/{count} {what}")


if __name__ == "__main__":
    main()
