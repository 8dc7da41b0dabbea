"""One person's timeline: logged interactions and meetings, newest first."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import peewee

from netdesk.services.clock import SYSTEM_CLOCK, Clock


@dataclass(frozen=True)
class TimelineEntry:
    when: str  # local wall-clock time, 'YYYY-MM-DD HH:MM:SS'
    kind: str  # meeting, email, call, message, note
    summary: str
    give_ask: str | None
    interaction_id: int | None  # None: a meeting from the meetings list
    meeting_id: int | None
    planned: bool = False  # a scheduled meeting still to come

    @property
    def day(self) -> str:
        return self.when[:10]


class TimelineService:
    def __init__(self, db: peewee.SqliteDatabase, clock: Clock = SYSTEM_CLOCK) -> None:
        self._db = db
        self._clock = clock

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def for_contact(self, contact_id: int, now: datetime | None = None) -> list[TimelineEntry]:
        conn = self._conn()
        entries = [
            TimelineEntry(when, kind, summary, give_ask, iid, mid)
            for iid, mid, kind, when, summary, give_ask in conn.execute(
                "SELECT id, meeting_id, kind, occurred_at, summary, give_ask FROM interaction "
                "WHERE contact_id = ?",
                (contact_id,),
            )
        ]
        logged = {e.meeting_id for e in entries if e.kind == "meeting"}
        stamp = self._clock.wall(now or self._clock.now())
        for meeting_id, title, status, starts_at in conn.execute(
            "SELECT m.id, m.title, m.status, m.starts_at FROM meeting m "
            "JOIN meeting_person mp ON mp.meeting_id = m.id WHERE mp.contact_id = ? "
            "AND m.status IN ('held', 'scheduled') AND m.starts_at IS NOT NULL",
            (contact_id,),
        ):
            if meeting_id in logged:
                continue
            when = self._clock.wall(datetime.fromisoformat(starts_at))
            entries.append(
                TimelineEntry(
                    when,
                    "meeting",
                    title,
                    None,
                    None,
                    meeting_id,
                    planned=status == "scheduled" and when > stamp,
                )
            )
        entries.sort(key=lambda e: (e.when, e.interaction_id or 0), reverse=True)
        return entries
