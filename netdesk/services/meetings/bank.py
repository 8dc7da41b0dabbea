"""The question bank and question templates: a mixin of MeetingService."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from netdesk.services.contacts.records import ValidationError
from netdesk.services.meetings.records import LAYERS, Answer, PreparedQuestion

if TYPE_CHECKING:
    import sqlite3

    import peewee

    from netdesk.services.clock import Clock


@dataclass(frozen=True)
class BankQuestion:
    id: int
    layer: str
    text: str
    position: int


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


class QuestionBankMixin:
    """The bank's and the templates' methods of MeetingService (which provides these)."""

    _db: peewee.SqliteDatabase
    _clock: Clock

    if TYPE_CHECKING:

        def _conn(self) -> sqlite3.Connection: ...

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
