"""MeetingService: save, read, list and delete meetings (bank and referrals are mixins)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta

import peewee

from netdesk.services.clock import SYSTEM_CLOCK, Clock, local_day
from netdesk.services.contacts.records import ValidationError
from netdesk.services.contacts.search import fts_query
from netdesk.services.contacts.service import ContactService
from netdesk.services.interactions import InteractionService
from netdesk.services.meetings.bank import QuestionBankMixin
from netdesk.services.meetings.records import (
    KINDS,
    LAYERS,
    MAX_MINUTES,
    STATUSES,
    TEXT_FIELDS,
    MeetingRecord,
    MeetingRow,
    PreparedQuestion,
)
from netdesk.services.meetings.referrals import ReferralsMixin
from netdesk.services.outreach import OutreachService
from netdesk.services.todos import TodoService

_CHUNK = 500  # ids per IN (...) list


class MeetingService(QuestionBankMixin, ReferralsMixin):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        contacts: ContactService,
        todos: TodoService,
        outreach: OutreachService | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._clock = clock
        self._db = db
        self._contacts = contacts
        self._todos = todos
        # A meeting's status answers outreach requests (scheduled = accepted).
        self._outreach = outreach or OutreachService(db, InteractionService(db, clock), clock)

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

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

    def save(self, record: MeetingRecord) -> MeetingRecord:
        """Create or update the whole meeting in one transaction; raises ValidationError."""
        errors = self.validate(record)
        if errors:
            raise ValidationError(errors)
        conn = self._conn()
        now = self._clock.timestamp()
        values = (
            record.title.strip(),
            record.kind,
            record.status,
            record.starts_at.isoformat() if record.starts_at else None,
            record.duration_minutes,
            record.place,
            record.purpose,
            record.research,
            record.notes,
            record.takeaways,
            record.promised,
            record.offered,
        )
        with self._db.atomic("IMMEDIATE"):
            was_held, had_people = self._held_with(record.id)
            if record.id is None:
                record.id = conn.execute(
                    "INSERT INTO meeting (title, kind, status, starts_at, duration_minutes, place, "
                    "purpose, research, notes, takeaways, promised, offered, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, now, now),
                ).lastrowid
            else:
                updated = conn.execute(
                    "UPDATE meeting SET title = ?, kind = ?, status = ?, starts_at = ?, "
                    "duration_minutes = ?, place = ?, purpose = ?, research = ?, notes = ?, "
                    "takeaways = ?, promised = ?, offered = ?, updated_at = ? WHERE id = ?",
                    (*values, now, record.id),
                ).rowcount
                if not updated:
                    raise ValidationError({"title": "This meeting was deleted meanwhile."})
            self._save_people(record.id, record.people)
            self._save_questions(record.id, record.questions)
            self._reindex(record.id)
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
        conn = self._conn()
        row = conn.execute("SELECT status FROM meeting WHERE id = ?", (meeting_id,)).fetchone()
        people = conn.execute(
            "SELECT contact_id FROM meeting_person WHERE meeting_id = ?", (meeting_id,)
        )
        return (row is not None and row[0] == "held"), {r[0] for r in people}

    def _touch_people(self, record: MeetingRecord) -> None:
        """A held meeting is the latest interaction with its people (unless they have a
        later one): it restarts their keep-in-touch interval."""
        if record.starts_at is None or not record.people:
            return
        # Marked held ahead of its date: it happened, but never later than today.
        day = min(local_day(record.starts_at, self._clock.tz), self._clock.today()).isoformat()
        marks = ",".join("?" * len(record.people))
        self._conn().execute(
            f"UPDATE contact SET last_interaction = ? WHERE id IN ({marks}) "
            "AND coalesce(last_interaction, '') < ?",
            (day, *record.people, day),
        )

    def _add_thank_you_todos(self, record: MeetingRecord, people: list[int]) -> None:
        """A meeting just held: thank each person by the next day, unless already planned."""
        assert record.id is not None
        # The day after on the user's calendar, also for a call set in another time zone.
        held_on = (
            local_day(record.starts_at, self._clock.tz) if record.starts_at else self._clock.today()
        )
        due = held_on + timedelta(days=1)
        conn = self._conn()
        for contact_id in people:
            name = self._contacts.get(contact_id).display_name
            title = f"Thank {name} for “{record.title.strip()}”"
            if conn.execute(
                "SELECT 1 FROM todo WHERE kind = 'thank_you' AND contact_id = ? AND meeting_id = ?",
                (contact_id, record.id),
            ).fetchone():
                continue
            # Undoing a meeting's deletion: its to-do lost the link (SET NULL); relink it.
            if conn.execute(
                "UPDATE todo SET meeting_id = ? WHERE kind = 'thank_you' AND contact_id = ? "
                "AND meeting_id IS NULL AND title = ?",
                (record.id, contact_id, title),
            ).rowcount:
                continue
            self._todos.add(
                title,
                kind="thank_you",
                contact_id=contact_id,
                meeting_id=record.id,
                due_on=due,
            )

    def save_text(self, meeting_id: int, name: str, value: str) -> None:
        """Autosave one text field (a keystroke burst), cheaply and atomically."""
        if name not in TEXT_FIELDS:
            raise ValueError(name)
        if name == "title" and not value.strip():
            return  # keep the last good title; the form shows the message
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute(
                f"UPDATE meeting SET {name} = ?, updated_at = ? WHERE id = ?",
                (value, self._clock.timestamp(), meeting_id),
            )
            self._reindex(meeting_id)

    def save_answer(self, prepared_id: int, answer: str) -> None:
        with self._db.atomic("IMMEDIATE"):
            row = (
                self._conn()
                .execute(
                    "UPDATE meeting_question SET answer = ? WHERE id = ? RETURNING meeting_id",
                    (answer, prepared_id),
                )
                .fetchone()
            )
            if row:
                self._reindex(row[0])

    def _save_people(self, meeting_id: int, people: list[int]) -> None:
        conn = self._conn()
        conn.execute("DELETE FROM meeting_person WHERE meeting_id = ?", (meeting_id,))
        conn.executemany(
            "INSERT OR IGNORE INTO meeting_person (meeting_id, contact_id) VALUES (?, ?)",
            [(meeting_id, cid) for cid in people],
        )

    def _save_questions(self, meeting_id: int, questions: list[PreparedQuestion]) -> None:
        conn = self._conn()
        keep = [q.id for q in questions if q.id is not None]
        marks = ",".join("?" * len(keep))
        conn.execute(
            f"DELETE FROM meeting_question WHERE meeting_id = ? "
            f"{f'AND id NOT IN ({marks})' if keep else ''}",
            (meeting_id, *keep),
        )
        for position, question in enumerate(questions):
            if question.id is None:
                question.id = conn.execute(
                    "INSERT INTO meeting_question (meeting_id, question_id, layer, text, "
                    "position, answer) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        meeting_id,
                        question.question_id,
                        question.layer,
                        question.text.strip(),
                        position,
                        question.answer,
                    ),
                ).lastrowid
            else:
                conn.execute(
                    "UPDATE meeting_question SET layer = ?, text = ?, position = ?, answer = ? "
                    "WHERE id = ? AND meeting_id = ?",
                    (
                        question.layer,
                        question.text.strip(),
                        position,
                        question.answer,
                        question.id,
                        meeting_id,
                    ),
                )

    def _reindex(self, meeting_id: int) -> None:
        conn = self._conn()
        conn.execute("DELETE FROM meeting_fts WHERE rowid = ?", (meeting_id,))
        conn.execute(
            "INSERT INTO meeting_fts (rowid, title, people, purpose, notes, answers) "
            "SELECT m.id, m.title, "
            "  coalesce((SELECT group_concat(c.display_name, ' ') FROM meeting_person mp "
            "            JOIN contact c ON c.id = mp.contact_id WHERE mp.meeting_id = m.id), ''), "
            "  m.purpose || ' ' || m.research || ' ' || m.place, "
            "  m.notes || ' ' || m.takeaways || ' ' || m.promised || ' ' || m.offered, "
            "  coalesce((SELECT group_concat(q.text || ' ' || q.answer, ' ') "
            "            FROM meeting_question q WHERE q.meeting_id = m.id), '') "
            "FROM meeting m WHERE m.id = ?",
            (meeting_id,),
        )

    # --- reading ---------------------------------------------------------

    def get(self, meeting_id: int) -> MeetingRecord:
        conn = self._conn()
        row = conn.execute(
            "SELECT id, title, kind, status, starts_at, duration_minutes, place, purpose, "
            "research, notes, takeaways, promised, offered, created_at, updated_at "
            "FROM meeting WHERE id = ?",
            (meeting_id,),
        ).fetchone()
        if row is None:
            raise KeyError(meeting_id)
        (
            mid,
            title,
            kind,
            status,
            starts,
            minutes,
            place,
            purpose,
            research,
            notes,
            takeaways,
            promised,
            offered,
            created,
            updated,
        ) = row
        people = [
            r[0]
            for r in conn.execute(
                "SELECT mp.contact_id FROM meeting_person mp "
                "JOIN contact c ON c.id = mp.contact_id "
                "WHERE mp.meeting_id = ? ORDER BY c.sort_name",
                (mid,),
            )
        ]
        questions = [
            PreparedQuestion(layer, text, answer, question_id, qid)
            for qid, question_id, layer, text, answer in conn.execute(
                "SELECT id, question_id, layer, text, answer FROM meeting_question "
                "WHERE meeting_id = ? ORDER BY position, id",
                (mid,),
            )
        ]
        return MeetingRecord(
            mid,
            title,
            kind,
            status,
            datetime.fromisoformat(starts) if starts else None,
            minutes,
            place,
            purpose,
            research,
            notes,
            takeaways,
            promised,
            offered,
            people,
            questions,
            created,
            updated,
        )

    def list(self, text: str = "", contact_id: int | None = None) -> list[MeetingRow]:
        """Meetings newest first (undated ideas on top), optionally searched or for one person."""
        ids = self.query_ids(text, contact_id)
        found = self.rows(ids)
        return [found[i] for i in ids if i in found]

    def query_ids(self, text: str = "", contact_id: int | None = None) -> list[int]:
        """Ids of the meetings matching *text* (every word a prefix, in any field) and
        held with *contact_id*, in list order: undated ideas first, newest first, then
        newest dated first. The list fetches rows lazily with rows()."""
        sql, params = self._query_ids_sql(text, contact_id)
        return [row[0] for row in self._conn().execute(sql, params)]

    @staticmethod
    def _query_ids_sql(text: str, contact_id: int | None) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        query = fts_query(text)
        if query:
            # Rank-free, and "+" keeps SQLite from looking up each match by id and then
            # sorting them all: it walks the covering index meeting_list_order in list
            # order and keeps the ids in the (once computed) set of matches.
            clauses.append("+m.id IN (SELECT rowid FROM meeting_fts WHERE meeting_fts MATCH ?)")
            params.append(query)
        if contact_id is not None:
            clauses.append("m.id IN (SELECT meeting_id FROM meeting_person WHERE contact_id = ?)")
            params.append(contact_id)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        order = "ORDER BY m.starts_at IS NULL DESC, m.starts_at DESC, m.id DESC"
        return f"SELECT m.id FROM meeting m {where} {order}", params

    def rows(self, ids: Sequence[int]) -> dict[int, MeetingRow]:
        """The list's lines for *ids* (a page of them), with the people's names joined."""
        found: dict[int, MeetingRow] = {}
        conn = self._conn()
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            marks = ",".join("?" * len(chunk))
            names: dict[int, list[str]] = {}
            for meeting_id, name in conn.execute(
                "SELECT mp.meeting_id, c.display_name FROM meeting_person mp "
                f"JOIN contact c ON c.id = mp.contact_id WHERE mp.meeting_id IN ({marks}) "
                "ORDER BY mp.meeting_id, c.sort_name",
                chunk,
            ):
                names.setdefault(meeting_id, []).append(name)
            for row in conn.execute(
                f"SELECT id, title, status, starts_at FROM meeting WHERE id IN ({marks})", chunk
            ):
                found[row[0]] = MeetingRow(*row, ", ".join(names.get(row[0], ())))
        return found

    def delete(self, meeting_id: int) -> MeetingRecord:
        """Delete a meeting; the returned record can be saved again to undo."""
        record = self.get(meeting_id)
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute("DELETE FROM meeting WHERE id = ?", (meeting_id,))
        return record

    def restore(self, record: MeetingRecord) -> MeetingRecord:
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            conn.execute(
                "INSERT INTO meeting (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (record.id, record.title, record.created_at, record.updated_at),
            )
            for question in record.questions:
                question.id = None
            return self.save(record)
