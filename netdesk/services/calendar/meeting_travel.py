"""Meetings read back from the calendar: the phone's new time or cancellation for a
meeting NetDesk pushed, and a meeting another NetDesk of the user's (a second laptop)
pushed, taken in whole with its people and notes, or updated when it changed there.

A meeting's version is a digest of what travels (its updated_at has only seconds: an
edit in the second of a push would go unseen). "Edited here since the last push" wins:
that meeting's fields are pushed back, except a new time or a cancellation from the
calendar, which always apply (the phone is where people move and cancel meetings)."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Sequence

import peewee

from netdesk.db.models import CalendarEvent, Todo
from netdesk.services.calendar.items import CalendarItem
from netdesk.services.calendar.people_keys import PeopleKeys
from netdesk.services.calendar.travel import MEETING_TEXTS, TravellingMeeting
from netdesk.services.clock import Clock
from netdesk.services.meetings.records import MAX_MINUTES, MeetingRecord
from netdesk.services.meetings.service import MeetingService

_COLUMNS = ("title", "kind", "status", "starts_at", "duration_minutes", "place", *MEETING_TEXTS)


def meeting_version(record: MeetingRecord) -> str:
    values = {name: getattr(record, name) for name in _COLUMNS}
    values["starts_at"] = record.starts_at.isoformat() if record.starts_at else None
    return _digest([values[name] for name in _COLUMNS], record.people)


def meeting_versions(db: peewee.SqliteDatabase, ids: Sequence[int]) -> dict[int, str]:
    """The versions of the meetings *ids*, read in one query per 500."""
    versions: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        cursor = db.execute_sql(
            f"SELECT id, {', '.join(_COLUMNS)}, (SELECT group_concat(contact_id) FROM "
            "meeting_person WHERE meeting_id = m.id) FROM meeting m "
            f"WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        for meeting_id, *values, people in cursor:
            versions[meeting_id] = _digest(values, [int(p) for p in (people or "").split(",") if p])
    return versions


def _digest(values: list, people: Sequence[int]) -> str:
    return hashlib.sha256(repr((values, sorted(people))).encode()).hexdigest()


class MeetingTravel:
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        meetings: MeetingService,
        keys: PeopleKeys,
        clock: Clock,
    ) -> None:
        self._db = db
        self._meetings = meetings
        self._keys = keys
        self._clock = clock

    def adopt(self, carried: TravellingMeeting) -> MeetingRecord | None:
        """A meeting another NetDesk pushed, new here; None when it has no time."""
        if carried.starts_at is None:
            return None
        record = MeetingRecord(title=carried.title)
        self._carry(record, carried)
        self._set_time(record, carried.starts_at, carried.ends_at)
        return self._save(record)

    def apply(
        self, row: CalendarEvent, item: CalendarItem, carried: TravellingMeeting | None
    ) -> tuple[bool, bool, bool]:
        """The calendar's version of the meeting *row* stands for. Returns (changed,
        moved, cancelled); *row*.pushed_version follows when nothing here waits to be
        pushed."""
        try:
            meeting = self._meetings.get(row.meeting_id)
        except KeyError:
            return False, False, False
        edited_here = row.pushed_version != meeting_version(meeting)
        original = copy.deepcopy(meeting)
        before = (meeting.starts_at, meeting.status)
        if carried is not None and not edited_here:
            self._carry(meeting, carried)
        cancelled = item.cancelled and before[1] == "scheduled"
        if cancelled:
            meeting.status = "cancelled"
        elif not item.cancelled and item.starts_at is not None:
            self._set_time(meeting, item.starts_at, item.ends_at)
        moved = not item.cancelled and meeting.starts_at != before[0]
        if meeting == original:
            return False, False, False
        saved = self._save(meeting)
        if not edited_here:  # nothing of ours to push: it is in step
            row.pushed_version = meeting_version(saved)
        return True, moved, cancelled

    def _carry(self, record: MeetingRecord, carried: TravellingMeeting) -> None:
        record.title = carried.title
        record.kind = carried.kind
        record.status = carried.status
        record.place = carried.place
        for name, text in carried.texts.items():
            setattr(record, name, text)
        people = self._keys.people(carried.people, carried.attendees)
        if (people or carried.people) and set(people) != set(record.people):
            record.people = people

    def _set_time(self, record: MeetingRecord, starts, ends) -> None:
        if record.starts_at != starts:
            record.starts_at = starts.astimezone(self._clock.tz)
        if ends is not None and ends > starts:
            minutes = int((ends - starts).total_seconds() // 60)
            record.duration_minutes = max(5, min(minutes, MAX_MINUTES))

    def _save(self, record: MeetingRecord) -> MeetingRecord:
        """Saved as the user saves it, minus the to-dos saving plans for a held meeting:
        those are the other NetDesk's to travel (as VTODOs), done or not."""
        with self._db.atomic("IMMEDIATE"):
            before = self._todos_of(record.id)
            saved = self._meetings.save(record)
            planned = self._todos_of(saved.id) - before
            if planned:
                Todo.delete().where(Todo.id.in_(list(planned))).bind(self._db).execute()
        return saved

    def _todos_of(self, meeting_id: int | None) -> set[int]:
        if meeting_id is None:
            return set()
        query = Todo.select(Todo.id).where(Todo.meeting == meeting_id).bind(self._db).tuples()
        return {todo_id for (todo_id,) in query}
