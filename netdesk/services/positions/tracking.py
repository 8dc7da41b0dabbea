"""Keeping positions in step with people, set-based (an import writes 30,000 at once).

A person's organisation and role (the contact row) are their current position, kept
there for the many screens that show them; a position row holds the current job only
once more is known about it (its start, a job change), and every earlier job. Two ways
the current job changes:

- by hand, or by a file other than a LinkedIn export: a correction, an open row
  follows in place;
- by a newer LinkedIn export: a job change. The current job ends on the export's day
  (written as a row if it was only the person's) and a new one opens, saying what
  changed (moved, promoted, a new role) for Today to ask about, with the import that
  opened it so that undoing the import takes it all back.
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
    """Corrections: a current position row takes its person's organisation and role
    (and ends *today* when both were cleared)."""
    del now  # corrections stamp nothing new
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


def record_job_changes(
    conn: sqlite3.Connection,
    incoming: Sequence[tuple[int, int | None, str]],
    batch_id: int,
    seen_on: str,
    now: str,
) -> int:
    """Before an import writes *incoming* (person, organisation, role): where the
    organisation or role differs from the person's, the current job ends on *seen_on*
    (written as a row if it was only the person's) and a new one opens (moved, promoted
    or a new role; Today asks about a move or a promotion). An export without an
    organisation or role leaves the job as it is. Returns the job changes."""
    wanted = {contact_id: (org, role) for contact_id, org, role in incoming if org or role}
    ids = list(wanted)
    changes = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = conn.execute(
            "SELECT c.id, c.organisation_id, c.role, p.id FROM contact c "
            "LEFT JOIN position p ON p.contact_id = c.id AND p.ended_on IS NULL "
            f"WHERE c.id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for contact_id, old_org, old_role, open_id in rows:
            org, role = wanted[contact_id]
            if (org, role) == (old_org, old_role) or not (old_org or old_role):
                continue  # the same job, or the first one known: the person holds it
            if open_id is None:  # the job was only the person's: it becomes a row, ended
                open_id = _open(conn, contact_id, old_org, old_role, now, batch_id=batch_id)
            conn.execute("UPDATE position SET ended_on = ? WHERE id = ?", (seen_on, open_id))
            change = _change(org, role, old_org, old_role)
            _open(
                conn, contact_id, org, role, now, batch_id=batch_id, change=change,
                seen_on=seen_on, replaces=open_id,
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
) -> int:
    cursor = conn.execute(
        "INSERT INTO position (contact_id, organisation_id, role, source, change, seen_on, "
        "prompt, replaces_id, import_batch_id, created_at) "
        "VALUES (?, ?, ?, 'linkedin', ?, ?, ?, ?, ?, ?)",
        (contact_id, org, role, change, seen_on, prompt, replaces, batch_id, now),
    )
    return int(cursor.lastrowid or 0)


def undo_batch(conn: sqlite3.Connection, batch_id: int) -> None:
    """Undoing an import: the positions it opened on people already there go, and the
    ones they replaced are current again."""
    conn.execute(
        "UPDATE position SET ended_on = NULL WHERE id IN "
        "(SELECT replaces_id FROM position WHERE import_batch_id = ? AND replaces_id IS NOT NULL)",
        (batch_id,),
    )
    conn.execute("DELETE FROM position WHERE import_batch_id = ?", (batch_id,))
