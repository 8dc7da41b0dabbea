"""The "did you meet …?" questions waiting, read in one query (Today reads them at every
refresh; nothing here talks to a server or builds a service)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

import peewee

MAX_SHOWN = 8


@dataclass(frozen=True)
class MeetPrompt:
    id: int
    summary: str
    starts_at: datetime  # in the user's zone
    ends_at: datetime
    people: tuple[int, ...]
    names: tuple[str, ...]

    def question(self) -> str:
        """'Did you meet Priya Wei on 3 Dec?'"""
        names = list(self.names)
        who = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
        return f"Did you meet {who} on {self.starts_at.day} {self.starts_at:%b}?"


def open_prompts(
    db: peewee.SqliteDatabase, tz: tzinfo | None, limit: int = MAX_SHOWN
) -> list[MeetPrompt]:
    """The questions waiting, the latest event first; people deleted since are left out
    (and a question about nobody left is not asked)."""
    cursor = db.execute_sql(
        "SELECT e.id, e.summary, e.starts_at, coalesce(e.ends_at, e.starts_at), e.people "
        "FROM calendar_event e WHERE e.prompt = 'open' ORDER BY e.starts_at DESC LIMIT ?",
        (limit,),
    )
    rows = cursor.fetchall()
    wanted = {int(p) for row in rows for p in row[4].split() if p.isdigit()}
    names = {}
    if wanted:
        marks = ",".join("?" * len(wanted))
        names = dict(
            db.execute_sql(
                f"SELECT id, display_name FROM contact WHERE id IN ({marks})", tuple(wanted)
            ).fetchall()
        )
    prompts = []
    for event_id, summary, starts_at, ends_at, people in rows:
        ids = tuple(int(p) for p in people.split() if p.isdigit() and int(p) in names)
        if ids:
            prompts.append(
                MeetPrompt(
                    event_id,
                    summary,
                    _aware(starts_at, tz),
                    _aware(ends_at, tz),
                    ids,
                    tuple(names[i] for i in ids),
                )
            )
    return prompts


def _aware(wall: str, tz: tzinfo | None) -> datetime:
    moment = datetime.fromisoformat(wall)  # the user's wall clock, as stored
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=tz) if tz else moment.astimezone()
