"""The user's own job history from LinkedIn's Positions.csv (the Complete export): the
"me" person's positions, for "former colleagues" (people at the same organisation at
the same time). Re-reading replaces what an earlier Positions.csv gave; the current
position the user typed stays, gaining its start day when the file names it."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from netdesk.errors import ImportFormatError
from netdesk.services.text import clean_cell, fold

POSITIONS_FILE = "positions.csv"
SOURCE = "positions_csv"
MAX_POSITIONS = 500  # a career, not a file that lies
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan",), ("feb",), ("mar",), ("apr",), ("may",), ("jun",), ("jul",), ("aug",),
         ("sep", "sept"), ("oct",), ("nov",), ("dec",)), start=1,
    )
    for name in names
}  # fmt: skip
COLUMNS = {
    "company": ("company name", "company"),
    "title": ("title", "position"),
    "started": ("started on", "start date"),
    "finished": ("finished on", "end date"),
}


@dataclass(frozen=True)
class OwnPosition:
    organisation: str
    role: str
    started_on: str | None  # "2019-03" or "2019"
    ended_on: str | None  # None: current


def month_of(value: str) -> str | None:
    """LinkedIn's "Mar 2019", "2019" or "03/2019" as "2019-03" / "2019"; None if unreadable."""
    text = clean_cell(value).strip().casefold()
    if match := re.fullmatch(r"([a-z]+)\.? (\d{4})", text):
        month = _MONTHS.get(match.group(1)[:4]) or _MONTHS.get(match.group(1)[:3])
        return f"{match.group(2)}-{month:02d}" if month else None
    if match := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        month = int(match.group(1))
        return f"{match.group(2)}-{month:02d}" if 1 <= month <= 12 else None
    if re.fullmatch(r"\d{4}", text):
        return text
    return None


def parse_positions(reader, columns: dict[str, str], shown: str) -> list[OwnPosition]:
    found: list[OwnPosition] = []
    for row in reader:
        company = clean_cell(row.get(columns["company"]) or "")[:300]
        title = clean_cell(row.get(columns.get("title", ""), "") or "")[:300]
        if not company and not title:
            continue
        started = month_of(row.get(columns.get("started", ""), "") or "")
        finished = month_of(row.get(columns.get("finished", ""), "") or "")
        found.append(OwnPosition(company, title, started, finished))
        if len(found) > MAX_POSITIONS:
            raise ImportFormatError(f"{shown} has more than {MAX_POSITIONS:,} positions")
    return found


def replace_own_positions(
    conn: sqlite3.Connection, me: int, positions: list[OwnPosition], now: str
) -> int:
    """The "me" person's positions become the file's; returns how many were kept."""
    conn.execute("DELETE FROM position WHERE contact_id = ? AND source = ?", (me, SOURCE))
    current = conn.execute(
        "SELECT p.id, coalesce(o.name_key, '') FROM position p "
        "LEFT JOIN organisation o ON o.id = p.organisation_id "
        "WHERE p.contact_id = ? AND p.ended_on IS NULL",
        (me,),
    ).fetchone()
    for position in positions:
        key = fold(position.organisation)
        if current and position.ended_on is None and key == current[1]:
            conn.execute(  # the current job the user typed: it gains its start
                "UPDATE position SET started_on = ? WHERE id = ?", (position.started_on, current[0])
            )
            continue
        conn.execute(
            "INSERT INTO position (contact_id, organisation_id, role, started_on, ended_on, "
            "source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (me, _organisation(conn, position.organisation, key), position.role,
             position.started_on, position.ended_on, SOURCE, now),
        )  # fmt: skip
    return len(positions)


def _organisation(conn: sqlite3.Connection, name: str, key: str) -> int | None:
    if not name:
        return None
    found = conn.execute("SELECT id FROM organisation WHERE name_key = ?", (key,)).fetchone()
    if found:
        return int(found[0])
    return int(
        conn.execute(
            "INSERT INTO organisation (name, name_key) VALUES (?, ?)", (name, key)
        ).lastrowid
    )
