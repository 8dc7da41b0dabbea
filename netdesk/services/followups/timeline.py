"""One person's timeline: logged interactions and meetings, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from netdesk.db.models import Interaction, Meeting, MeetingPerson
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

    def for_contact(self, contact_id: int, now: datetime | None = None) -> list[TimelineEntry]:
        interactions = (
            Interaction.select(
                Interaction.id,
                Interaction.meeting_id.alias("meeting_id"),
                Interaction.kind,
                Interaction.occurred_at,
                Interaction.summary,
                Interaction.give_ask,
            )
            .where(Interaction.contact_id == contact_id)
            .bind(self._db)
            .namedtuples()
        )
        entries = [
            TimelineEntry(i.occurred_at, i.kind, i.summary, i.give_ask, i.id, i.meeting_id)
            for i in interactions
        ]
        logged = {e.meeting_id for e in entries if e.kind == "meeting"}
        stamp = self._clock.wall(now or self._clock.now())
        meetings = (
            Meeting.select(Meeting.id, Meeting.title, Meeting.status, Meeting.starts_at)
            .join(MeetingPerson, on=MeetingPerson.meeting_id == Meeting.id)
            .where(
                MeetingPerson.contact_id == contact_id,
                Meeting.status.in_(("held", "scheduled")),
                Meeting.starts_at.is_null(False),
            )
            .bind(self._db)
            .tuples()
        )
        for meeting_id, title, status, starts_at in meetings:
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
