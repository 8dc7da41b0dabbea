"""Networking events: adding them, capturing the people met (one person per line, in one
transaction, undone as one step), their follow-ups, and what came of each event."""

from __future__ import annotations

import json
from datetime import date, timedelta

import peewee
from peewee import fn

from netdesk.db.models import (
    Event as EventRow,
)
from netdesk.db.models import (
    EventCapture,
    EventIntroduction,
    EventPerson,
    Organisation,
)
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.service import ContactService
from netdesk.services.events.capture import MAX_LINES, parse_capture
from netdesk.services.events.deletion import EventDeletionMixin
from netdesk.services.events.matching import Matcher
from netdesk.services.events.records import (
    KINDS,
    CapturedLine,
    CaptureResult,
    Event,
    PreviewLine,
)
from netdesk.services.events.reports import EventReportsMixin
from netdesk.services.events.undo import CaptureUndoMixin
from netdesk.services.events.writing import (
    CONVERSATION_AFTER_DAYS,
    CONVERSATION_KIND,
    CaptureWriter,
    conversation_note,
    conversation_title,
    starred_line,
)
from netdesk.services.followups.todos import TodoService
from netdesk.services.text import fold
from netdesk.services.vocabulary import MET_AT_AN_EVENT, RELATIONS


class EventService(CaptureUndoMixin, EventReportsMixin, EventDeletionMixin, Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
        contacts: ContactService | None = None,
        todos: TodoService | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._contacts = contacts or ContactService(db, clock, self.changes)
        self._todos = todos or TodoService(db, clock, self.changes)

    # --- events ------------------------------------------------------------

    def validate(self, event: Event) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not event.name.strip():
            errors["name"] = "An event needs a name."
        try:
            date.fromisoformat(event.held_on)
        except (TypeError, ValueError):
            errors["held_on"] = f"Not a date: {event.held_on!r} (expected YYYY-MM-DD)."
        if event.kind not in KINDS:
            kinds = ", ".join(KINDS)
            errors["kind"] = f"Unknown kind of event: {event.kind!r} (one of {kinds})."
        return errors

    @announces(Change.EVENTS)
    def add(
        self, name: str, held_on: date | str, kind: str = "meetup", place: str = "", notes: str = ""
    ) -> Event:
        """Create an event; raises ValidationError for a missing name, a bad date or kind."""
        day = held_on.isoformat() if isinstance(held_on, date) else held_on.strip()
        event = Event(None, name.strip(), day, place.strip(), kind, notes.strip())
        return self.save(event)

    @announces(Change.EVENTS)
    def save(self, event: Event) -> Event:
        """Create (id None) or update an event."""
        event.name, event.place = event.name.strip(), event.place.strip()
        errors = self.validate(event)
        if errors:
            raise ValidationError(errors)
        values = {
            EventRow.name: event.name,
            EventRow.held_on: date.fromisoformat(event.held_on).isoformat(),
            EventRow.place: event.place,
            EventRow.kind: event.kind,
            EventRow.notes: event.notes,
            EventRow.updated_at: self._clock.timestamp(),
        }
        with self._db.atomic("IMMEDIATE"):
            if event.id is None:
                values[EventRow.created_at] = values[EventRow.updated_at]
                event_id = EventRow.insert(values).bind(self._db).execute()
            else:
                self.get(event.id)  # KeyError if it was deleted
                EventRow.update(values).where(EventRow.id == event.id).bind(self._db).execute()
                event_id = event.id
        return self.get(event_id)

    def get(self, event_id: int) -> Event:
        events = self._select([EventRow.id == event_id])
        if not events:
            raise KeyError(event_id)
        return events[0]

    def list(self) -> list[Event]:
        """Every event, the latest first."""
        return self._select([])

    def _select(self, conditions: list[peewee.Expression]) -> list[Event]:
        met = (
            EventPerson.select(fn.COUNT(EventPerson.contact_id))
            .where(EventPerson.event_id == EventRow.id)
            .alias("met")
        )
        query = EventRow.select(
            EventRow.id,
            EventRow.name,
            EventRow.held_on,
            EventRow.place,
            EventRow.kind,
            EventRow.notes,
            met,
        )
        if conditions:
            query = query.where(*conditions)
        rows = query.order_by(EventRow.held_on.desc(), EventRow.id.desc()).bind(self._db).tuples()
        return [Event(*row) for row in rows]

    def find(self, reference: str) -> Event:
        """An event by its id or its name (case-insensitive, unique); raises
        ValidationError naming what is wrong."""
        reference = reference.strip()
        if reference.isdigit():
            try:
                return self.get(int(reference))
            except KeyError:
                pass
        wanted = fold(reference)
        found = [event for event in self.list() if fold(event.name) == wanted]
        if not found:
            found = [event for event in self.list() if wanted and wanted in fold(event.name)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError({"event": f"No event is called {reference!r}."})
        names = ", ".join(f"{e.name} ({e.held_on}, id {e.id})" for e in found[:5])
        raise ValidationError({"event": f"{reference!r} could be several events: {names}."})

    @announces(Change.EVENTS)
    def add_introduction(self, event_id: int, introducer_id: int, introduced_id: int) -> int:
        """At the event, *introducer_id* introduced the user to *introduced_id*."""
        if introducer_id == introduced_id:
            raise ValidationError({"introduced": "Someone cannot introduce themselves."})
        try:
            return int(
                EventIntroduction.insert(
                    event=event_id,
                    introducer=introducer_id,
                    introduced=introduced_id,
                    created_at=self._clock.timestamp(),
                )
                .bind(self._db)
                .execute()
            )
        except peewee.IntegrityError as error:
            raise ValidationError(
                {"introduced": "The event or one of these people was deleted meanwhile."}
            ) from error

    @announces(Change.EVENTS | Change.TODOS)
    def set_starred(self, event_id: int, contact_id: int, starred: bool) -> None:
        """Star someone met (worth a conversation): they get the "propose a 20–30 minute
        conversation" to-do a capture gives the starred, a week after the event (or
        tomorrow, if that week is past). Unstarring removes it while it is still open."""
        with self._db.atomic("IMMEDIATE"):
            event = self.get(event_id)
            changed = (
                EventPerson.update(starred=starred)
                .where(EventPerson.event_id == event_id, EventPerson.contact_id == contact_id)
                .bind(self._db)
                .execute()
            )
            if not changed:
                raise KeyError(contact_id)
            planned = [
                todo
                for todo in self._todos.list(contact_id=contact_id, event_id=event_id,
                                             include_done=True)
                if todo.kind == CONVERSATION_KIND
            ]  # fmt: skip
            if starred and not planned:
                self._plan_conversation(event, contact_id)
            elif not starred:
                for todo in planned:
                    if not todo.is_done:
                        self._todos.delete(todo.id)

    def _plan_conversation(self, event: Event, contact_id: int) -> None:
        name = self._contacts.get(contact_id).display_name
        note = (
            EventPerson.select(EventPerson.note)
            .where(EventPerson.event_id == event.id, EventPerson.contact_id == contact_id)
            .bind(self._db)
            .scalar()
        )
        week_after = date.fromisoformat(event.held_on) + timedelta(days=1 + CONVERSATION_AFTER_DAYS)
        self._todos.add(
            conversation_title(name),
            kind=CONVERSATION_KIND,
            contact_id=contact_id,
            due_on=max(week_after, self._clock.today() + timedelta(days=1)),
            note=conversation_note(event, note or ""),
            event_id=event.id,
        )

    # --- quick capture -----------------------------------------------------

    def preview(self, event_id: int | None, text: str, star_all: bool = False) -> list[PreviewLine]:
        """What capturing *text* would do, line by line: who is new, who is known.
        *event_id* None: an event not added yet (who matches does not depend on it)."""
        if event_id is not None:
            self.get(event_id)  # KeyError if it was deleted
        return Matcher(self._db).match(self._read(text, star_all))

    def _read(self, text: str, star_all: bool) -> list[CapturedLine]:
        lines = parse_capture(text)
        if len(lines) > MAX_LINES:
            raise ValidationError(
                {"text": f"{len(lines):,} lines: a capture takes up to {MAX_LINES:,} people."}
            )
        if star_all:
            lines = [starred_line(line) for line in lines]
        return lines

    @announces(Change.EVENTS | Change.PEOPLE | Change.TODOS)
    def capture(
        self, event_id: int, text: str, relation: str = MET_AT_AN_EVENT, star_all: bool = False
    ) -> CaptureResult:
        """Add the people of *text* met at the event, in one transaction: new people are
        created (source "event", how I know them: *relation*), everyone is linked to the
        event with their note and star, and gets a "nice to meet you" to-do due the next
        day; the starred also get "propose a 20–30 minute conversation" a week later.
        Undo it with undo_capture(result.capture_id)."""
        if relation not in RELATIONS:
            raise ValidationError({"relation": f"Unknown kind of relationship: {relation!r}."})
        lines = self._read(text, star_all)
        if not any(not line.problem for line in lines):
            raise ValidationError({"text": "No line names a person (one person per line)."})
        db = self._db
        with db.atomic("IMMEDIATE"):
            event = self.get(event_id)
            now = self._clock.timestamp()
            last_organisation = Organisation.select(fn.MAX(Organisation.id)).bind(db).scalar() or 0
            preview = Matcher(db).match(lines)
            people = CaptureWriter(self, event, now)
            for item in preview:
                if not item.captured.problem:
                    people.take(item, relation)
            todos = people.follow_ups(self._clock.today())
            added_organisations = [
                organisation_id
                for (organisation_id,) in Organisation.select(Organisation.id)
                .where(Organisation.id > last_organisation)
                .bind(db)
                .tuples()
            ]
            record = {
                "people": people.added,
                "organisations": added_organisations,
                "links": people.linked,
                "relinked": people.relinked,
                "todos": todos,
            }
            capture_id = (
                EventCapture.insert(event=event_id, captured_at=now, added=json.dumps(record))
                .bind(db)
                .execute()
            )
        return CaptureResult(
            int(capture_id),
            preview,
            people.added,
            [*people.linked, *(r["contact_id"] for r in people.relinked)],
            [todo_id for todo_id, _ in todos],
        )

    def last_capture(self, event_id: int | None = None) -> int | None:
        """The latest capture not undone (of *event_id*, or of any event)."""
        query = EventCapture.select(EventCapture.id).where(EventCapture.undone_at.is_null())
        if event_id is not None:
            query = query.where(EventCapture.event_id == event_id)
        found = query.order_by(EventCapture.id.desc()).bind(self._db).scalar()
        return int(found) if found is not None else None
