"""Follow-up to-dos tied to a person and/or a meeting: due, snoozed, done."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

import peewee

from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ValidationError

KINDS = {
    "outreach": "Reach out",
    "thank_you": "Send a thank-you",
    "share_value": "Share something of value",
    "ask_intro": "Ask for an introduction",
    "check_in": "Check in",
    "other": "To-do",
}
SHARE_VALUE_AFTER_DAYS = 14  # "a couple of weeks after": long enough not to feel like a tactic
SHARE_VALUE_NOTE = "An article, a link or an introduction that helps them; no ask attached."


@dataclass(frozen=True)
class Todo:
    id: int
    title: str
    kind: str
    contact_id: int | None
    contact_name: str | None
    meeting_id: int | None
    due_on: date | None
    snoozed_until: date | None
    done_at: str | None
    note: str

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_due(self, today: date) -> bool:
        """Open, past its due date (if any) and not snoozed beyond today."""
        if self.is_done or (self.snoozed_until and self.snoozed_until > today):
            return False
        return self.due_on is None or self.due_on <= today


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_COLUMNS = (
    "t.id, t.title, t.kind, t.contact_id, c.display_name, t.meeting_id, t.due_on, "
    "t.snoozed_until, t.done_at, t.note"
)


class TodoService:
    def __init__(self, db: peewee.SqliteDatabase, clock: Clock = SYSTEM_CLOCK) -> None:
        self._clock = clock
        self._db = db

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def add(
        self,
        title: str,
        *,
        kind: str = "other",
        contact_id: int | None = None,
        meeting_id: int | None = None,
        due_on: date | None = None,
        note: str = "",
    ) -> Todo:
        """Create a to-do; raises ValidationError for an empty title or unknown kind."""
        if not title.strip():
            raise ValidationError({"title": "A to-do needs a short description."})
        if kind not in KINDS:
            raise ValidationError({"kind": f"Unknown kind of to-do: {kind!r}."})
        now, due = self._clock.timestamp(), due_on.isoformat() if due_on else None
        with self._db.atomic("IMMEDIATE"):
            cursor = self._conn().execute(
                "INSERT INTO todo (title, kind, contact_id, meeting_id, due_on, note, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (title.strip(), kind, contact_id, meeting_id, due, note, now),
            )
        todo_id = cursor.lastrowid
        return self.get(todo_id)

    def get(self, todo_id: int) -> Todo:
        rows = self._select("WHERE t.id = ?", [todo_id])
        if not rows:
            raise KeyError(todo_id)
        return rows[0]

    def list(
        self,
        *,
        contact_id: int | None = None,
        meeting_id: int | None = None,
        include_done: bool = False,
    ) -> list[Todo]:
        """Open to-dos (and done ones if asked), soonest due first, undated last."""
        clauses, params = [], []
        if contact_id is not None:
            clauses.append("t.contact_id = ?")
            params.append(contact_id)
        if meeting_id is not None:
            clauses.append("t.meeting_id = ?")
            params.append(meeting_id)
        if not include_done:
            clauses.append("t.done_at IS NULL")
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        return self._select(
            where + " ORDER BY t.done_at IS NOT NULL, t.due_on IS NULL, t.due_on, t.id", params
        )

    def due(self, today: date) -> list[Todo]:
        """What is on today's list: open to-dos due by *today* (overdue first), then the
        undated ones; those snoozed past today stay out of sight."""
        day = today.isoformat()
        return self._select(
            "WHERE t.done_at IS NULL AND (t.due_on IS NULL OR t.due_on <= ?) "
            "AND (t.snoozed_until IS NULL OR t.snoozed_until <= ?) "
            "ORDER BY t.due_on IS NULL, t.due_on, t.id",
            [day, day],
        )

    def due_between(self, first: date, last: date) -> list[Todo]:
        """Open to-dos due from *first* to *last* (inclusive), soonest first."""
        return self._select(
            "WHERE t.done_at IS NULL AND t.due_on BETWEEN ? AND ? ORDER BY t.due_on, t.id",
            [first.isoformat(), last.isoformat()],
        )

    def count_due_between(self, first: date, last: date) -> int:
        """Open to-dos due from *first* to *last* (inclusive): what is coming up."""
        return int(
            self._conn()
            .execute(
                "SELECT count(*) FROM todo WHERE done_at IS NULL AND due_on BETWEEN ? AND ?",
                (first.isoformat(), last.isoformat()),
            )
            .fetchone()[0]
        )

    def _select(self, tail: str, params: list[object]) -> list[Todo]:
        rows = self._conn().execute(
            f"SELECT {_COLUMNS} FROM todo t LEFT JOIN contact c ON c.id = t.contact_id {tail}",
            params,
        )
        return [
            Todo(r[0], r[1], r[2], r[3], r[4], r[5], _day(r[6]), _day(r[7]), r[8], r[9])
            for r in rows
        ]

    def complete(self, todo_id: int, done: bool = True) -> Todo:
        self._update(todo_id, "done_at = ?", self._clock.timestamp() if done else None)
        return self.get(todo_id)

    def finish(self, todo_id: int, today: date | None = None) -> tuple[Todo, Todo | None]:
        """Mark done and schedule what naturally follows: a thank-you sent outside NetDesk
        is followed by "share something of value" two weeks later, as one sent from
        NetDesk is. Returns (the done to-do, the new one or None)."""
        with self._db.atomic("IMMEDIATE"):
            done = self.complete(todo_id)
            if done.kind != "thank_you" or done.contact_id is None:
                return done, None
            planned = [
                t
                for t in self.list(contact_id=done.contact_id, include_done=True)
                if t.kind == "share_value"
                and (not t.is_done or (done.meeting_id and t.meeting_id == done.meeting_id))
            ]
            if planned:
                return done, None
            follow = self.add(
                f"Send {done.contact_name} something of value",
                kind="share_value",
                contact_id=done.contact_id,
                meeting_id=done.meeting_id,
                due_on=(today or self._clock.today()) + timedelta(days=SHARE_VALUE_AFTER_DAYS),
                note=SHARE_VALUE_NOTE,
            )
        return done, follow

    def snooze(self, todo_id: int, until: date | None) -> Todo:
        self._update(todo_id, "snoozed_until = ?", until.isoformat() if until else None)
        return self.get(todo_id)

    def reschedule(self, todo_id: int, due_on: date | None) -> Todo:
        self._update(todo_id, "due_on = ?", due_on.isoformat() if due_on else None)
        return self.get(todo_id)

    def delete(self, todo_id: int) -> None:
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute("DELETE FROM todo WHERE id = ?", (todo_id,))

    def _update(self, todo_id: int, assignment: str, value: object) -> None:
        with self._db.atomic("IMMEDIATE"):
            changed = (
                self._conn()
                .execute(f"UPDATE todo SET {assignment} WHERE id = ?", (value, todo_id))
                .rowcount
            )
        if not changed:
            raise KeyError(todo_id)
