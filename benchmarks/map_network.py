"""A large invented network for the map benchmark: people, organisations and links.

Organisation sizes follow a long tail (a few employers with hundreds of connections,
thousands with one or two), a few hundred people are real relationships, and links
mostly stay inside an organisation, the way colleagues know each other.
"""

from __future__ import annotations

import random
from datetime import datetime

from netdesk.services.imports.incoming import IncomingPerson, ParsedFile
from netdesk.services.imports.service import ImportService
from netdesk.services.sample.people import FAMILY, GIVEN, ROLES

REAL_RELATIONS = ["friend", "colleague", "mentor", "classmate", "family", "teacher", "client"]
SYLLABLES = ["nor", "tha", "vel", "quin", "sol", "mar", "ket", "lux", "bri", "dov", "zen", "ora"]
SUFFIXES = ["Labs", "Systems", "Health", "Bank", "Studio", "Logistics", "Energy", "Games"]


def organisation_names(count: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
        names.add(f"{stem} {rng.choice(SUFFIXES)}")
    return sorted(names)


def build(imports: ImportService, people: int = 30_000, links: int = 55_000, seed: int = 3):
    """Import *people* through the real importer, then add *links*; returns contact ids."""
    rng = random.Random(seed)
    organisations = organisation_names(4000, rng)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(organisations))]
    employer = rng.choices(organisations, weights, k=people)
    real = max(1, people // 100)
    incoming = []
    for index in range(people):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        is_real = index < real
        incoming.append(
            IncomingPerson(
                index + 1,
                given,
                f"{family} {index}",
                organisation="" if rng.random() < 0.08 else employer[index],
                role=rng.choice(ROLES),
                linkedin_url=f"https://www.linkedin.com/in/p-{index:05d}",
                relation=rng.choice(REAL_RELATIONS) if is_real else "linkedin",
                closeness=rng.randint(2, 5) if is_real else 1,
            )
        )
    imports.apply(ParsedFile("bench", incoming, [], people), source="linkedin", file_path="")
    conn = imports._db.connection()  # a benchmark may reach below the service
    rows = conn.execute("SELECT id, organisation_id, relation FROM contact ORDER BY id").fetchall()
    ids = [r[0] for r in rows]
    real_ids = [r[0] for r in rows if r[2] != "linkedin"]
    colleagues: dict[int, list[int]] = {}
    for cid, org, _relation in rows:
        if org is not None:
            colleagues.setdefault(org, []).append(cid)
    org_of = {r[0]: r[1] for r in rows}
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < links:
        a = rng.choice(real_ids) if rng.random() < 0.2 else rng.choice(ids)
        group = colleagues.get(org_of[a])
        b = (
            rng.choice(group)
            if group and len(group) > 1 and rng.random() < 0.7
            else rng.choice(ids)
        )
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    now = datetime.now().isoformat(sep=" ", timespec="seconds")
    with imports._db.atomic():
        conn.executemany(
            "INSERT INTO link (from_contact_id, to_contact_id, kind, label, created_at) "
            "VALUES (?, ?, 'knows', '', ?)",
            [(a, b, now) for a, b in pairs],
        )
    return ids
