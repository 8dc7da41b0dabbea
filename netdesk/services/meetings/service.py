"""MeetingService: save, read and delete meetings (the list, the prepared questions, the
bank and referrals are mixins)."""

from __future__ import annotations

from datetime import datetime, timedelta

import peewee

from netdesk.db.models import Contact, Meeting, MeetingPerson, Todo
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import NETWORK, Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock, local_day
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups.interactions import InteractionService
from netdesk.services.followups.outreach import OutreachService
from netdesk.services.followups.todos import TodoService
from netdesk.services.meetings.bank import QuestionBankMixin
from netdesk.services.meetings.listing import MeetingListMixin
from netdesk.services.meetings.prepared import PreparedQuestionsMixin
from netdesk.services.meetings.records import (
    KINDS,
    LAYERS,
    MAX_MINUTES,
    STATUSES,
    TEXT_FIELDS,
    MeetingRecord,
)
from netdesk.services.meetings.referrals import ReferralsMixin
from netdesk.services.meetings.search_index import reindex_meeting


class MeetingService(
    MeetingListMixin, PreparedQuestionsMixin, QuestionBankMixin, ReferralsMixin, Service
):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        contacts: ContactService,
        todos: TodoService,
        outreach: OutreachService | None = None,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._contacts = contacts
        self._todos = todos
        # A meeting's status answers outreach requests (scheduled = accepted).
        self._outreach = outreach or OutreachService(db, InteractionService(db, clock), clock)

    # --- validation and saving -------------------------------------------

    def validate(self, record: MeetingRecord) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not record.title.strip():
            errors["title"] = "A meeting needs a title, e.g. “Coffee with Mia about data teams”."
        if record.kind not in KINDS:
            errors["kind"] = f"Unknown kind of meeting: {record.kind!r}."
        if record.status not in STATUSES:
            errors["status"] = f"Unknown status: {record.status!r}."
        if record.duration_minutes <= 0:
            errors["duration_minutes"] = "The meeting ends before it starts."
        elif record.duration_minutes > MAX_MINUTES:
            errors["duration_minutes"] = "A meeting lasts at most a day."
        if record.starts_at is not None and record.starts_at.tzinfo is None:
            errors["starts_at"] = "The start time needs a time zone."
        if record.status in ("scheduled", "held") and record.starts_at is None:
            errors["starts_at"] = f"A {STATUSES[record.status].lower()} meeting needs a date."
        for question in record.questions:
            if question.layer not in LAYERS or not question.text.strip():
                errors["questions"] = "Every prepared question needs a layer and some text."
        return errors

    @announces(Change.MEETINGS | Change.TODOS | Change.OUTREACH | Change.INTERACTIONS)
    def save(self, record: MeetingRecord) -> MeetingRecord:
        """Create or update the whole meeting in one transaction; raises ValidationError."""
        errors = self.validate(record)
        if errors:
            raise ValidationError(errors)
        now = self._clock.timestamp()
        values = {
            Meeting.title: record.title.strip(),
            Meeting.kind: record.kind,
            Meeting.status: record.status,
            Meeting.starts_at: record.starts_at.isoformat() if record.starts_at else None,
            Meeting.duration_minutes: record.duration_minutes,
            Meeting.place: record.place,
            Meeting.purpose: record.purpose,
            Meeting.research: record.research,
            Meeting.notes: record.notes,
            Meeting.takeaways: record.takeaways,
            Meeting.promised: record.promised,
            Meeting.offered: record.offered,
            Meeting.updated_at: now,
        }
        with self._db.atomic("IMMEDIATE"):
            was_held, had_people = self._held_with(record.id)
            if record.id is None:
                record.id = (
                    Meeting.insert({**values, Meeting.created_at: now}).bind(self._db).execute()
                )
            else:
                updated = (
                    Meeting.update(values).where(Meeting.id == record.id).bind(self._db).execute()
                )
                if not updated:
                    raise ValidationError({"title": "This meeting was deleted meanwhile."})
            self._save_people(record.id, record.people)
            self._save_questions(record.id, record.questions)
            reindex_meeting(self._db, record.id)
            if record.status == "held":
                thank = [p for p in record.people if not (was_held and p in had_people)]
                self._add_thank_you_todos(record, thank)
                self._touch_people(record)
            day = local_day(record.starts_at, self._clock.tz) if record.starts_at else None
            self._outreach.sync_with_meeting(record.id, record.status, record.people, day)
        return self.get(record.id)

    def _held_with(self, meeting_id: int | None) -> tuple[bool, set[int]]:
        """Whether the stored meeting is already held, and with whom (before a save)."""
        if meeting_id is None:
            return False, set()
        status = (
            Meeting.select(Meeting.status).where(Meeting.id == meeting_id).bind(self._db).scalar()
        )
        return status == "held", set(self._people_of(meeting_id))

    def _people_of(self, meeting_id: int) -> list[int]:
        """The meeting's people's ids, in the order of their sort names."""
        rows = (
            MeetingPerson.select(MeetingPerson.contact)
            .join(Contact, on=(Contact.id == MeetingPerson.contact))
            .where(MeetingPerson.meeting == meeting_id)
            .order_by(Contact.sort_name)
            .bind(self._db)
        )
        return [row.contact_id for row in rows]

    def _touch_people(self, record: MeetingRecord) -> None:
        """A held meeting is the latest interaction with its people (unless they have a
        later one): it restarts their keep-in-touch interval."""
        if record.starts_at is None or not record.people:
            return
        # Marked held ahead of its date: it happened, but never later than today.
        day = min(local_day(record.starts_at, self._clock.tz), self._clock.today()).isoformat()
        Contact.update(last_interaction=day).where(
            Contact.id.in_(record.people) & (peewee.fn.COALESCE(Contact.last_interaction, "") < day)
        ).bind(self._db).execute()

    def _add_thank_you_todos(self, record: MeetingRecord, people: list[int]) -> None:
        """A meeting just held: thank each person by the next day, unless already planned."""
        assert record.id is not None
        # The day after on the user's calendar, also for a call set in another time zone.
        held_on = (
            local_day(record.starts_at, self._clock.tz) if record.starts_at else self._clock.today()
        )
        due = held_on + timedelta(days=1)
        for contact_id in people:
            name = self._contacts.get(contact_id).display_name
            title = f"Thank {name} for “{record.title.strip()}”"
            thank_you = (Todo.kind == "thank_you") & (Todo.contact == contact_id)
            planned = Todo.select().where(thank_you & (Todo.meeting == record.id))
            if planned.bind(self._db).exists():
                continue
            # Undoing a meeting's deletion: its to-do lost the link (SET NULL); relink it.
            unlinked = thank_you & Todo.meeting.is_null() & (Todo.title == title)
            if Todo.update(meeting=record.id).where(unlinked).bind(self._db).execute():
                continue
            self._todos.add(
                title,
                kind="thank_you",
                contact_id=contact_id,
                meeting_id=record.id,
                due_on=due,
            )

    @announces(Change.MEETINGS)
    def save_text(self, meeting_id: int, name: str, value: str) -> None:
        """Autosave one text field (a keystroke burst), cheaply and atomically."""
        if name not in TEXT_FIELDS:
            raise ValueError(name)
        if name == "title" and not value.strip():
            return  # keep the last good title; the form shows the message
        field = Meeting._meta.fields[name]
        with self._db.atomic("IMMEDIATE"):
            Meeting.update({field: value, Meeting.updated_at: self._clock.timestamp()}).where(
                Meeting.id == meeting_id
            ).bind(self._db).execute()
            reindex_meeting(self._db, meeting_id)

    def _save_people(self, meeting_id: int, people: list[int]) -> None:
        MeetingPerson.delete().where(MeetingPerson.meeting == meeting_id).bind(self._db).execute()
        if people:
            MeetingPerson.insert_many(
                [(meeting_id, contact_id) for contact_id in people],
                fields=[MeetingPerson.meeting, MeetingPerson.contact],
            ).on_conflict_ignore().bind(self._db).execute()

    # --- reading ---------------------------------------------------------

    def get(self, meeting_id: int) -> MeetingRecord:
        row = Meeting.select().where(Meeting.id == meeting_id).bind(self._db).dicts().first()
        if row is None:
            raise KeyError(meeting_id)
        starts_at = row.pop("starts_at")
        return MeetingRecord(
            **row,
            starts_at=datetime.fromisoformat(starts_at) if starts_at else None,
            people=self._people_of(meeting_id),
            questions=self._prepared_questions(meeting_id),
        )

    @announces(NETWORK)
    def delete(self, meeting_id: int) -> MeetingRecord:
        """Delete a meeting; the returned record can be saved again to undo."""
        record = self.get(meeting_id)
        with self._db.atomic("IMMEDIATE"):
            Meeting.delete().where(Meeting.id == meeting_id).bind(self._db).execute()
        return record

    @announces(NETWORK)
    def restore(self, record: MeetingRecord) -> MeetingRecord:
        with self._db.atomic("IMMEDIATE"):
            Meeting.insert(
                id=record.id,
                title=record.title,
                created_at=record.created_at,
                updated_at=record.updated_at,
            ).bind(self._db).execute()
            for question in record.questions:
                question.id = None
            return self.save(record)
