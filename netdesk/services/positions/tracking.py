"""Keeping positions in step with people, set-based (an import writes 30,000 at once).

A person's organisation and role (the contact row) are their current position's, kept
there for the many screens that show them. Two ways they change:

- by hand, or on a person's first import: a correction, the current position follows
  in place (opened when there was none);
- by a newer export: a job change. The current position closes on the export's day and
  a new one opens, saying what changed (moved, promoted, a new role) for Today to ask
  about, with the import that opened it so that undoing the import reopens the old one.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence

CHUNK = 500
CHANGES = ("moved", "promoted", "role")
# Words of a title, lowest to highest: a higher one at the same organisation is a promotion.
SENIORITY = (
    (0, ("intern", "trainee", "apprentice", "working student")),
    (1, ("junior", "associate", "assistant")),
    (3, ("senior", "sr")),
    (4, ("lead", "principal", "staff", "manager")),
    (5, ("head",)),
    (6, ("director",)),
    (7, ("vp", "vice president", "svp", "evp")),
    (8, ("chief", "ceo", "cto", "cfo", "coo", "cdo", "cio", "founder", "partner", "owner")),
)
MIDDLE = 2  # a title naming none of the words above


def seniority(role: str) -> int:
    words = " ".join(re.findall(r"[a-z]+", role.casefold()))
    rank = MIDDLE
    for level, names in SENIORITY:
        if any(re.search(rf"\b{name}\b", words) for name in names):
            rank = max(rank, level) if level > MIDDLE else min(rank, level)
    return rank


def follow_current(
    conn: sqlite3.Connection, contact_ids: Iterable[int], today: str, now: str
) -> None:
    """Corrections: each person's current position takes their organisation and role
    (opened when there was none; closed today when both were cleared)."""
    ids = list(contact_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        among = f"({','.join('?' * len(chunk))})"
        conn.execute(
            "UPDATE position SET organisation_id = c.organisation_id, role = c.role "
            "FROM contact c WHERE c.id = position.contact_id AND position.ended_on IS NULL "
            f"AND position.contact_id IN {among} "
            "AND (c.organisation_id IS NOT NULL OR c.role <> '') "
            "AND (c.organisation_id IS NOT position.organisation_id OR c.role <> position.role)",
            chunk,
        )
        conn.execute(
            "UPDATE position SET ended_on = ? FROM contact c WHERE c.id = position.contact_id "
            f"AND position.ended_on IS NULL AND position.contact_id IN {among} "
            "AND c.organisation_id IS NULL AND c.role = ''",
            [today, *chunk],
        )
        _open_missing(conn, f"c.id IN {among}", chunk, "manual", now)


def open_for_batch(conn: sqlite3.Connection, batch_id: int, source: str, now: str) -> None:
    """The current positions of the people an import added."""
    _open_missing(conn, "c.import_batch_id = ?", [batch_id], source, now)


def _open_missing(
    conn: sqlite3.Connection, where: str, params: Sequence[object], source: str, now: str
) -> None:
    conn.execute(
        "INSERT INTO position (contact_id, organisation_id, role, source, created_at) "
        "SELECT c.id, c.organisation_id, c.role, ?, ? FROM contact c "
        f"WHERE {where} AND (c.organisation_id IS NOT NULL OR c.role <> '') "
        "AND NOT EXISTS (SELECT 1 FROM position p "
        "WHERE p.contact_id = c.id AND p.ended_on IS NULL)",
        [source, now, *params],
    )


def record_job_changes(
    conn: sqlite3.Connection,
    contact_ids: Sequence[int],
    batch_id: int,
    seen_on: str,
    now: str,
) -> int:
    """After an import updated *contact_ids*: where the organisation or role differs from
    the current position, that position closes on *seen_on* and a new one opens (moved,
    promoted or a new role; Today asks about a move or a promotion). An export without
    an organisation or role leaves the position as it is. Returns the job changes."""
    changes = 0
    for start in range(0, len(contact_ids), CHUNK):
        chunk = list(contact_ids[start : start + CHUNK])
        rows = conn.execute(
            "SELECT c.id, c.organisation_id, c.role, p.id, p.organisation_id, p.role "
            "FROM contact c LEFT JOIN position p ON p.contact_id = c.id AND p.ended_on IS NULL "
            f"WHERE c.id IN ({','.join('?' * len(chunk))}) "
            "AND (c.organisation_id IS NOT NULL OR c.role <> '') "
            "AND (p.id IS NULL OR c.organisation_id IS NOT p.organisation_id "
            "OR c.role <> p.role)",
            chunk,
        ).fetchall()
        for contact_id, org, role, old_id, old_org, old_role in rows:
            if old_id is None:
                _open(conn, contact_id, org, role, now, batch_id=batch_id)
                continue
            change = _change(org, role, old_org, old_role)
            conn.execute("UPDATE position SET ended_on = ? WHERE id = ?", (seen_on, old_id))
            _open(
                conn, contact_id, org, role, now, batch_id=batch_id, change=change,
                seen_on=seen_on, replaces=old_id,
                prompt="open" if change in ("moved", "promoted") else "none",
            )  # fmt: skip
            changes += 1
    return changes


def _change(org: int | None, role: str, old_org: int | None, old_role: str) -> str:
    if org != old_org:
        return "moved"
    return "promoted" if seniority(role) > seniority(old_role) else "role"


def _open(
    conn: sqlite3.Connection,
    contact_id: int,
    org: int | None,
    role: str,
    now: str,
    *,
    batch_id: int,
    change: str | None = None,
    seen_on: str | None = None,
    replaces: int | None = None,
    prompt: str = "none",
) -> None:
    conn.execute(
        "INSERT INTO position (contact_id, organisation_id, role, source, change, seen_on, "
        "prompt, replaces_id, import_batch_id, created_at) "
        "VALUES (?, ?, ?, 'linkedin', ?, ?, ?, ?, ?, ?)",
        (contact_id, org, role, change, seen_on, prompt, replaces, batch_id, now),
    )


def undo_batch(conn: sqlite3.Connection, batch_id: int) -> None:
    """Undoing an import: the positions it opened on people already there go, and the
    ones they replaced are current again."""
    conn.execute(
        "UPDATE position SET ended_on = NULL WHERE id IN "
        "(SELECT replaces_id FROM position WHERE import_batch_id = ? AND replaces_id IS NOT NULL)",
        (batch_id,),
    )
    conn.execute("DELETE FROM position WHERE import_batch_id = ?", (batch_id,))
