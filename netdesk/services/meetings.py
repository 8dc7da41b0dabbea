"""Meetings: plan, hold and record informational interviews; the question bank; referrals."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

import peewee

from netdesk.services.clock import SYSTEM_CLOCK, Clock, local_day
from netdesk.services.contacts import ContactRecord, ContactService, ValidationError, fts_query
from netdesk.services.interactions import InteractionService
from netdesk.services.outreach import OutreachService
from netdesk.services.todos import TodoService

KINDS = {
    "informational": "Informational interview",
    "coffee": "Coffee",
    "call": "Call",
    "event": "Event",
    "other": "Other",
}
STATUSES = {
    "idea": "Idea",
    "requested": "Requested",
    "scheduled": "Scheduled",
    "held": "Held",
    "declined": "Declined",
    "cancelled": "Cancelled",
}
LAYERS = {
    "industry": "The industry's big picture",
    "organisation": "Their organisation and role",
    "person": "The person",
    "closing": "Closing questions",
}
PERMISSIONS = {"yes": "Yes, mention them", "no": "No, don't mention", "ask": "Ask first"}
GOOD_RANGE = range(8, 13)  # 8-12 prepared questions across the three layers
MAX_MINUTES = 24 * 60
OUTREACH_WITHIN_DAYS = 3  # a referral goes cold if left for weeks
_CHUNK = 500  # ids per IN (...) list
TEXT_FIELDS = ("title", "place", "purpose", "research", "notes", "takeaways", "promised", "offered")


@dataclass
class PreparedQuestion:
    """A question chosen for one meeting, with the answer typed under it."""

    layer: str
    text: str
    answer: str = ""
    question_id: int | None = None  # the bank question it came from, if any
    id: int | None = None


@dataclass
class MeetingRecord:
    id: int | None = None
    title: str = ""
    kind: str = "informational"
    status: str = "idea"
    starts_at: datetime | None = None  # aware: keeps the user's time zone
    duration_minutes: int = 30
    place: str = ""
    purpose: str = ""
    research: str = ""
    notes: str = ""
    takeaways: str = ""
    promised: str = ""
    offered: str = ""
    people: list[int] = field(default_factory=list)
    questions: list[PreparedQuestion] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""

    @property
    def ends_at(self) -> datetime | None:
        return self.starts_at + timedelta(minutes=self.duration_minutes) if self.starts_at else None


class MeetingRow(NamedTuple):
    """One line of a meeting list (a tuple: cheap to build a page of them at a time)."""

    id: int
    title: str
    status: str
    starts_at: str | None
    people: str


@dataclass(frozen=True)
class BankQuestion:
    id: int
    layer: str
    text: str
    position: int


@dataclass(frozen=True)
class Answer:
    """What one person answered to a bank question, and when."""

    meeting_id: int
    people: str
    when: str | None
    answer: str


@dataclass(frozen=True)
class QuestionTemplate:
    """A saved set of questions, applied when preparing a similar meeting."""

    id: int
    name: str
    size: int
    created_at: str


class TemplateExists(ValidationError):
    """A template already has this name; save again with replace=True to overwrite it."""

    def __init__(self, name: str) -> None:
        super().__init__({"name": f"A template called “{name}” already exists."})
        self.name = name


@dataclass(frozen=True)
class Referral:
    id: int
    meeting_id: int | None
    from_contact_id: int
    from_name: str
    to_contact_id: int
    to_name: str
    permission: str
    note: str


def parse_when(text: str, tz=None) -> datetime | None:
    """'2026-11-24 14:30' (or with 'T', or a date alone) in the user's zone; ValueError if not."""
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|Z)?", text
    ):
        raise ValueError(f"Not a date and time: {text!r} (expected e.g. 2026-11-24 14:30).")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"No such date or time: {text!r}.") from None
    if moment.tzinfo is None:
        moment = moment.astimezone() if tz is None else moment.replace(tzinfo=tz)
    return moment


def layer_counts(questions: list[PreparedQuestion]) -> dict[str, int]:
    counts = dict.fromkeys(LAYERS, 0)
    for question in questions:
        counts[question.layer] = counts.get(question.layer, 0) + 1
    return counts


def preparation_nudge(questions: list[PreparedQuestion]) -> str:
    """A gentle hint toward 8-12 questions spread over all three layers."""
    counts = layer_counts(questions)
    prepared = counts["industry"] + counts["organisation"] + counts["person"]
    missing = [
        LAYERS[layer].lower()
        for layer in ("industry", "organisation", "person")
        if counts[layer] == 0
    ]
    if prepared < GOOD_RANGE.start:
        hint = f"{prepared} prepared; aim for 8–12"
    elif prepared >= GOOD_RANGE.stop:
        hint = f"{prepared} prepared; 8–12 fit in half an hour, consider trimming"
    else:
        hint = f"{prepared} prepared: a good number"
    if missing:
        hint += "; nothing yet on " + " or ".join(missing)
    if counts["closing"] < 2:
        hint += "; remember the two closing questions"
    return hint + "."


class MeetingService:
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

    # --- question bank ---------------------------------------------------

    def bank(self, layer: str | None = None, text: str = "") -> list[BankQuestion]:
        clauses, params = ["archived = 0"], []
        if layer:
            clauses.append("layer = ?")
            params.append(layer)
        for word in text.split():
            clauses.append("text LIKE ? ESCAPE '\\'")
            params.append(
                "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
        order = (
            "CASE layer WHEN 'industry' THEN 0 WHEN 'organisation' THEN 1 "
            "WHEN 'person' THEN 2 ELSE 3 END, position, id"
        )
        rows = self._conn().execute(
            f"SELECT id, layer, text, position FROM question WHERE {' AND '.join(clauses)} "
            f"ORDER BY {order}",
            params,
        )
        return [BankQuestion(*row) for row in rows]

    def add_to_bank(self, layer: str, text: str) -> BankQuestion:
        if layer not in LAYERS:
            raise ValidationError({"layer": f"Unknown layer: {layer!r}."})
        if not text.strip():
            raise ValidationError({"text": "A question needs some words."})
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            position = conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM question WHERE layer = ?", (layer,)
            ).fetchone()[0]
            qid = conn.execute(
                "INSERT INTO question (layer, text, position) VALUES (?, ?, ?)",
                (layer, text.strip(), position),
            ).lastrowid
        return BankQuestion(qid, layer, text.strip(), position)

    def edit_bank_question(self, question_id: int, text: str) -> None:
        if not text.strip():
            raise ValidationError({"text": "A question needs some words."})
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute(
                "UPDATE question SET text = ? WHERE id = ?", (text.strip(), question_id)
            )

    def archive_bank_question(self, question_id: int, archived: bool = True) -> None:
        """Hide from the bank (or bring back); answers already given keep their question."""
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute(
                "UPDATE question SET archived = ? WHERE id = ?", (int(archived), question_id)
            )

    def bank_question(self, question_id: int) -> BankQuestion:
        """One bank question, archived or not; KeyError if there is no such question."""
        row = (
            self._conn()
            .execute("SELECT id, layer, text, position FROM question WHERE id = ?", (question_id,))
            .fetchone()
        )
        if row is None:
            raise KeyError(question_id)
        return BankQuestion(*row)

    def answer_counts(self) -> dict[int, int]:
        """How many meetings have an answer to each bank question (unanswered ones are absent)."""
        rows = self._conn().execute(
            "SELECT question_id, count(*) FROM meeting_question "
            "WHERE question_id IS NOT NULL AND trim(answer) <> '' GROUP BY question_id"
        )
        return dict(rows.fetchall())

    @staticmethod
    def prepared_from(question: BankQuestion) -> PreparedQuestion:
        return PreparedQuestion(question.layer, question.text, question_id=question.id)

    def answers_across_people(self, question_id: int) -> list[Answer]:
        """Everyone's answer to one bank question, newest meeting first."""
        rows = self._conn().execute(
            "SELECT m.id, "
            "  coalesce((SELECT group_concat(c.display_name, ', ') FROM meeting_person mp "
            "            JOIN contact c ON c.id = mp.contact_id WHERE mp.meeting_id = m.id), ''), "
            "  m.starts_at, q.answer "
            "FROM meeting_question q JOIN meeting m ON m.id = q.meeting_id "
            "WHERE q.question_id = ? AND trim(q.answer) <> '' "
            "ORDER BY m.starts_at IS NULL, m.starts_at DESC, m.id DESC",
            (question_id,),
        )
        return [Answer(*row) for row in rows]

    # --- question templates ----------------------------------------------

    def templates(self) -> list[QuestionTemplate]:
        rows = self._conn().execute(
            "SELECT t.id, t.name, (SELECT count(*) FROM question_template_item i "
            "WHERE i.template_id = t.id), t.created_at FROM question_template t "
            "ORDER BY t.name COLLATE NOCASE"
        )
        return [QuestionTemplate(*row) for row in rows]

    def save_template(
        self, name: str, questions: list[PreparedQuestion], *, replace: bool = False
    ) -> QuestionTemplate:
        """Save the questions (not the answers) under a name.

        Raises TemplateExists when the name is taken (case-insensitively) and replace is
        False, and ValidationError for an empty name or an empty set.
        """
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": "A template needs a name, e.g. “First coffee”."})
        if not questions:
            raise ValidationError({"questions": "Choose some questions to save first."})
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            row = conn.execute(
                "SELECT id FROM question_template WHERE name = ?", (name,)
            ).fetchone()
            if row is not None and not replace:
                raise TemplateExists(name)
            if row is None:
                template_id = conn.execute(
                    "INSERT INTO question_template (name, created_at) VALUES (?, ?)",
                    (name, self._clock.timestamp()),
                ).lastrowid
            else:
                template_id = row[0]
                conn.execute(
                    "UPDATE question_template SET name = ?, created_at = ? WHERE id = ?",
                    (name, self._clock.timestamp(), template_id),
                )
                conn.execute(
                    "DELETE FROM question_template_item WHERE template_id = ?", (template_id,)
                )
            conn.executemany(
                "INSERT INTO question_template_item (template_id, position, question_id, layer, "
                "text) VALUES (?, ?, ?, ?, ?)",
                [
                    (template_id, position, q.question_id, q.layer, q.text.strip())
                    for position, q in enumerate(questions)
                ],
            )
        return next(t for t in self.templates() if t.id == template_id)

    def template_questions(self, template_id: int) -> list[PreparedQuestion]:
        """The template's questions, ready to add to a meeting; bank questions use their
        current wording, so a question edited in the bank reads the same everywhere."""
        rows = self._conn().execute(
            "SELECT i.layer, coalesce(q.text, i.text), i.question_id "
            "FROM question_template_item i LEFT JOIN question q ON q.id = i.question_id "
            "WHERE i.template_id = ? ORDER BY i.position",
            (template_id,),
        )
        return [PreparedQuestion(layer, text, question_id=qid) for layer, text, qid in rows]

    def delete_template(self, template_id: int) -> None:
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute("DELETE FROM question_template WHERE id = ?", (template_id,))

    # --- referrals -------------------------------------------------------

    def record_referral(
        self,
        from_contact_id: int,
        *,
        meeting_id: int | None = None,
        to_contact_id: int | None = None,
        new_person: ContactRecord | None = None,
        permission: str = "ask",
        note: str = "",
    ) -> Referral:
        """'Who else should I talk to?': link (or create) the suggested person."""
        if permission not in PERMISSIONS:
            raise ValidationError({"permission": f"Unknown permission: {permission!r}."})
        if (to_contact_id is None) == (new_person is None):
            raise ValidationError({"person": "Choose an existing person or enter a new one."})
        with self._db.atomic("IMMEDIATE"):
            if new_person is not None:
                introducer = self._contacts.get(from_contact_id).display_name
                if not new_person.notes:
                    new_person.notes = f"Suggested by {introducer}."
                to_contact_id = self._contacts.save(new_person).id
            assert to_contact_id is not None
            if to_contact_id == from_contact_id:
                raise ValidationError({"person": "Someone cannot refer you to themselves."})
            self._contacts.add_link(
                from_contact_id, to_contact_id, "introduced", "suggested I talk to"
            )
            referral_id = (
                self._conn()
                .execute(
                    "INSERT INTO referral (meeting_id, from_contact_id, to_contact_id, permission, "
                    "note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        meeting_id,
                        from_contact_id,
                        to_contact_id,
                        permission,
                        note,
                        self._clock.timestamp(),
                    ),
                )
                .lastrowid
            )
            self._add_outreach_todo(from_contact_id, to_contact_id, meeting_id, permission)
        return self.referrals(referral_id=referral_id)[0]

    def _add_outreach_todo(
        self, introducer_id: int, person_id: int, meeting_id: int | None, permission: str
    ) -> None:
        introducer = self._contacts.get(introducer_id).display_name
        person = self._contacts.get(person_id).display_name
        mention = {
            "yes": f"you may mention {introducer}",
            "no": f"don't mention {introducer}",
            "ask": f"ask {introducer} before mentioning them",
        }[permission]
        self._todos.add(
            f"Reach out to {person} ({mention})",
            kind="outreach",
            contact_id=person_id,
            meeting_id=meeting_id,
            due_on=self._clock.today() + timedelta(days=OUTREACH_WITHIN_DAYS),
        )

    def referrals(
        self,
        *,
        contact_id: int | None = None,
        meeting_id: int | None = None,
        referral_id: int | None = None,
    ) -> list[Referral]:
        clauses, params = [], []
        if contact_id is not None:
            clauses.append("(r.from_contact_id = ? OR r.to_contact_id = ?)")
            params += [contact_id, contact_id]
        if meeting_id is not None:
            clauses.append("r.meeting_id = ?")
            params.append(meeting_id)
        if referral_id is not None:
            clauses.append("r.id = ?")
            params.append(referral_id)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self._conn().execute(
            "SELECT r.id, r.meeting_id, r.from_contact_id, f.display_name, r.to_contact_id, "
            "t.display_name, r.permission, r.note FROM referral r "
            "JOIN contact f ON f.id = r.from_contact_id JOIN contact t ON t.id = r.to_contact_id "
            f"{where} ORDER BY r.id",
            params,
        )
        return [Referral(*row) for row in rows]

    def referral_chain(self, contact_id: int) -> list[tuple[int, str]]:
        """Who introduced this person, who introduced them, ... back to the first source."""
        chain: list[tuple[int, str]] = []
        seen = {contact_id}
        current = contact_id
        while True:
            row = (
                self._conn()
                .execute(
                    "SELECT r.from_contact_id, c.display_name FROM referral r "
                    "JOIN contact c ON c.id = r.from_contact_id WHERE r.to_contact_id = ? "
                    "ORDER BY r.id LIMIT 1",
                    (current,),
                )
                .fetchone()
            )
            if row is None or row[0] in seen:  # the first source, or a loop
                return chain
            chain.append((row[0], row[1]))
            seen.add(row[0])
            current = row[0]
