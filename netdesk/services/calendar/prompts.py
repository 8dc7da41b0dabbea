"""Today's "Did you meet Priya Wei on 3 Dec?": an event of the user's own calendar with
people NetDesk knows that ended without a meeting. Recording it makes a held meeting
(and so the thank-you to-dos); dismissing it asks no more."""

from __future__ import annotations

import peewee

from netdesk.db.models import CalendarEvent
from netdesk.errors import NothingToUndo
from netdesk.services.base import Service
from netdesk.services.calendar.questions import MAX_SHOWN, MeetPrompt, open_prompts
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.service import ContactService
from netdesk.services.meetings.records import MeetingRecord
from netdesk.services.meetings.service import MeetingService


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
        return open_prompts(self._db, self._clock.tz, limit)

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
        """Not a meeting: not asked again (reopen() undoes it)."""
        self._set(prompt_id, "open", "dismissed")

    @announces(Change.MEETINGS)
    def reopen(self, prompt_id: int) -> None:
        self._set(prompt_id, "dismissed", "open")

    def _set(self, prompt_id: int, before: str, after: str) -> None:
        CalendarEvent.update(prompt=after).where(
            CalendarEvent.id == prompt_id, CalendarEvent.prompt == before
        ).bind(self._db).execute()
