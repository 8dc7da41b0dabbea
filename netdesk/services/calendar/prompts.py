"""Today's "Did you meet Priya Wei on 3 Dec?": an event of the user's own calendar with
people NetDesk knows that ended without a meeting. Recording it makes a held meeting
(and so the thank-you to-dos); dismissing it asks no more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from netdesk.db.models import CalendarEvent
from netdesk.errors import NothingToUndo
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.service import ContactService
from netdesk.services.meetings.records import MeetingRecord
from netdesk.services.meetings.service import MeetingService
from netdesk.services.text import split_lines

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


class MeetPromptService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        meetings: MeetingService,
        contacts: ContactService,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._meetings = meetings
        self._contacts = contacts

    def open(self, limit: int = MAX_SHOWN) -> list[MeetPrompt]:
        """The questions waiting, the latest event first."""
        rows = (
            CalendarEvent.select(
                CalendarEvent.id,
                CalendarEvent.summary,
                CalendarEvent.starts_at,
                CalendarEvent.ends_at,
                CalendarEvent.people,
            )
            .where(CalendarEvent.prompt == "open")
            .order_by(CalendarEvent.starts_at.desc())
            .limit(limit)
            .bind(self._db)
            .tuples()
        )
        prompts = []
        for event_id, summary, starts_at, ends_at, people in rows:
            ids = tuple(int(p) for p in split_lines(people))
            records = self._contacts.records(list(ids))
            if not records:
                continue  # everyone in it was deleted since
            prompts.append(
                MeetPrompt(
                    event_id,
                    summary,
                    self._aware(starts_at),
                    self._aware(ends_at or starts_at),
                    tuple(r.id for r in records if r.id is not None),
                    tuple(r.display_name for r in records),
                )
            )
        return prompts

    @announces(Change.MEETINGS | Change.TODOS)
    def record(self, prompt_id: int) -> MeetingRecord:
        """Yes, we met: a held meeting with them at that time (its thank-you to-dos
        follow); the question is answered."""
        prompt = next((p for p in self.open(limit=10_000) if p.id == prompt_id), None)
        if prompt is None:
            raise NothingToUndo("This question was already answered.")
        minutes = int((prompt.ends_at - prompt.starts_at).total_seconds() // 60)
        names = ", ".join(prompt.names)
        record = MeetingRecord(
            title=prompt.summary or f"Conversation with {names}",
            kind="informational",
            status="held",
            starts_at=prompt.starts_at,
            duration_minutes=max(5, min(minutes or 30, 24 * 60)),
            people=list(prompt.people),
        )
        with self._db.atomic("IMMEDIATE"):
            saved = self._meetings.save(record)
            CalendarEvent.update(prompt="recorded", meeting=saved.id).where(
                CalendarEvent.id == prompt_id
            ).bind(self._db).execute()
        return saved

    @announces(Change.MEETINGS)
    def dismiss(self, prompt_id: int) -> None:
        CalendarEvent.update(prompt="dismissed").where(CalendarEvent.id == prompt_id).bind(
            self._db
        ).execute()

    def _aware(self, wall: str) -> datetime:
        moment = datetime.fromisoformat(wall)  # the user's wall clock, as stored
        if moment.tzinfo is not None:
            return moment
        return moment.replace(tzinfo=self._clock.tz) if self._clock.tz else moment.astimezone()
