"""Follow-up to-dos kept in step with VTODOs of the chosen calendar, so that a second
laptop (and a phone's task list) sees them: the open ones, those done lately, and any
pushed before, with their person and the meeting they follow up.

A to-do has no version of its own: a digest of its fields as pushed tells whether it
changed here since. Changed on both sides, this side's wins (it is pushed back)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import peewee

from netdesk.db.models import CalendarEvent, Todo
from netdesk.services.calendar.people_keys import PeopleKeys
from netdesk.services.calendar.travel import TodoFields, TravellingTodo, todo_item
from netdesk.services.cancel import CancelToken
from netdesk.services.clock import Clock

DONE_LATELY_DAYS = 30  # done to-dos older than this stay home (history, not news)
ETAG = "{DAV:}getetag"
Counter = Callable[[], None]


class TodoTravel:
    def __init__(
        self, db: peewee.SqliteDatabase, account_id: int, keys: PeopleKeys, clock: Clock
    ) -> None:
        self._db = db
        self._account_id = account_id
        self._keys = keys
        self._clock = clock

    # --- pulled -------------------------------------------------------------------

    def pulled(
        self, href: str, etag: str | None, carried: TravellingTodo, row: CalendarEvent | None
    ) -> bool:
        """Takes in a to-do another NetDesk pushed (or its change); True if it changed
        one here. A to-do deleted here keeps its row until the push deletes it there."""
        with self._db.atomic("IMMEDIATE"):
            row = row or self._row_of(carried.uid)  # known, at another address (moved)
            if row is None:
                todo_id = self._insert(carried)
            elif row.todo_id is None:
                return False  # deleted here: the push removes it there
            else:
                todo_id = row.todo_id
                if row.pushed_version != self._fields(todo_id).digest():
                    self._keep_etag(row.id, etag)
                    return False  # edited here too: ours is pushed back
                self._update(todo_id, carried)
            values = {
                CalendarEvent.href: href,
                CalendarEvent.etag: etag,
                CalendarEvent.summary: carried.title,
                CalendarEvent.todo: todo_id,
                CalendarEvent.pushed_version: self._fields(todo_id).digest(),
            }
            if row is None:
                CalendarEvent.insert(
                    {**values, CalendarEvent.account: self._account_id,
                     CalendarEvent.uid: carried.uid}
                ).on_conflict_ignore().bind(self._db).execute()  # fmt: skip
            else:
                CalendarEvent.update(values).where(CalendarEvent.id == row.id).bind(
                    self._db
                ).execute()
        return True

    def deleted_there(self, row: CalendarEvent) -> bool:
        """Deleted on the other laptop or the phone: gone here too, unless edited here
        since (then it is pushed again)."""
        with self._db.atomic("IMMEDIATE"):
            edited = row.todo_id is not None and (
                row.pushed_version != self._fields(row.todo_id).digest()
            )
            if edited:
                CalendarEvent.update(pushed_version=None, href="", etag=None).where(
                    CalendarEvent.id == row.id
                ).bind(self._db).execute()
                return False
            if row.todo_id is not None:
                Todo.delete().where(Todo.id == row.todo_id).bind(self._db).execute()
            CalendarEvent.delete().where(CalendarEvent.id == row.id).bind(self._db).execute()
        return row.todo_id is not None

    # --- pushed -------------------------------------------------------------------

    def push(self, calendar: Any, rows: list[CalendarEvent], cancel: CancelToken | None) -> int:
        """Writes every travelling to-do that changed here; the count written."""
        by_todo = {row.todo_id: row for row in rows if row.todo_id is not None}
        lately = self._clock.now() - timedelta(days=DONE_LATELY_DAYS)
        wanted = (
            Todo.select(Todo.id)
            .where(Todo.done_at.is_null() | (Todo.done_at >= self._clock.wall(lately))
                   | Todo.id.in_(list(by_todo)))
            .bind(self._db)
            .tuples()
        )  # fmt: skip
        now, pushed = self._clock.now(), 0
        for (todo_id,) in list(wanted):
            fields, row = self._fields(todo_id), by_todo.get(todo_id)
            if row is not None and row.pushed_version == fields.digest():
                continue
            if cancel is not None:
                cancel.check()
            uid = row.uid if row is not None else f"netdesk-todo-{uuid.uuid4()}"
            obj = calendar.save_todo(todo_item(fields, uid, now))
            self._pushed(row, uid, todo_id, fields, obj)
            pushed += 1
        return pushed

    def _pushed(
        self, row: CalendarEvent | None, uid: str, todo_id: int, fields: TodoFields, obj: Any
    ) -> None:
        values = {
            CalendarEvent.href: str(obj.url),
            CalendarEvent.etag: (getattr(obj, "props", None) or {}).get(ETAG),
            CalendarEvent.pushed_version: fields.digest(),
            CalendarEvent.summary: fields.title,
            CalendarEvent.todo: todo_id,
        }
        with self._db.atomic("IMMEDIATE"):
            if row is None:
                CalendarEvent.insert(
                    {**values, CalendarEvent.account: self._account_id, CalendarEvent.uid: uid}
                ).bind(self._db).execute()
            else:
                CalendarEvent.update(values).where(CalendarEvent.id == row.id).bind(
                    self._db
                ).execute()

    # --- helpers ------------------------------------------------------------------

    def _fields(self, todo_id: int) -> TodoFields:
        row = Todo.select().where(Todo.id == todo_id).bind(self._db).get()
        meeting_uid = ""
        if row.meeting_id is not None:
            meeting_uid = (
                CalendarEvent.select(CalendarEvent.uid)
                .where(
                    CalendarEvent.account_id == self._account_id,
                    CalendarEvent.meeting_id == row.meeting_id,
                )
                .bind(self._db)
                .scalar()
            ) or ""
        person = row.contact_id
        return TodoFields(
            title=row.title,
            kind=row.kind,
            due_on=row.due_on,
            snoozed_until=row.snoozed_until,
            done_at=row.done_at,
            note=row.note,
            person=self._keys.uid(person) if person is not None else "",
            email=self._keys.email(person) if person is not None else "",
            meeting_uid=meeting_uid,
        )

    def _insert(self, carried: TravellingTodo) -> int:
        values = self._values(carried)
        values[Todo.created_at] = self._clock.timestamp()
        return int(Todo.insert(values).bind(self._db).execute())

    def _update(self, todo_id: int, carried: TravellingTodo) -> None:
        Todo.update(self._values(carried)).where(Todo.id == todo_id).bind(self._db).execute()

    def _values(self, carried: TravellingTodo) -> dict:
        meeting_id = None
        if carried.meeting_uid:
            meeting_id = (
                CalendarEvent.select(CalendarEvent.meeting_id)
                .where(
                    CalendarEvent.account_id == self._account_id,
                    CalendarEvent.uid == carried.meeting_uid,
                )
                .bind(self._db)
                .scalar()
            )
        return {
            Todo.title: carried.title,
            Todo.kind: carried.kind,
            Todo.contact: self._keys.person(carried.person, carried.email),
            Todo.meeting: meeting_id,
            Todo.due_on: carried.due_on.isoformat() if carried.due_on else None,
            Todo.snoozed_until: carried.snoozed_until.isoformat()
            if carried.snoozed_until
            else None,
            Todo.done_at: self._stamp(carried.done_at),
            Todo.note: carried.note,
        }

    def _stamp(self, moment: datetime | None) -> str | None:
        return self._clock.wall(moment) if moment is not None else None

    def _row_of(self, uid: str) -> CalendarEvent | None:
        query = CalendarEvent.select().where(
            CalendarEvent.account_id == self._account_id, CalendarEvent.uid == uid
        )
        return query.bind(self._db).first()

    def _keep_etag(self, row_id: int, etag: str | None) -> None:
        CalendarEvent.update(etag=etag).where(CalendarEvent.id == row_id).bind(self._db).execute()
