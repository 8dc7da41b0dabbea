"""The question bank and question templates: a mixin of MeetingService."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import peewee

from netdesk.db.models import (
    Contact,
    Meeting,
    MeetingPerson,
    MeetingQuestion,
    Question,
    QuestionTemplateItem,
)
from netdesk.db.models import QuestionTemplate as TemplateRow
from netdesk.errors import TemplateExists, ValidationError
from netdesk.services.changes import Change, announces
from netdesk.services.meetings.records import LAYERS, Answer, PreparedQuestion

if TYPE_CHECKING:
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


class QuestionBankMixin:
    """The bank's and the templates' methods of MeetingService (which provides these)."""

    _db: peewee.SqliteDatabase
    _clock: Clock

    def bank(self, layer: str | None = None, text: str = "") -> list[BankQuestion]:
        query = Question.select(Question.id, Question.layer, Question.text, Question.position)
        query = query.where(Question.archived == False)  # noqa: E712 (peewee builds SQL)
        if layer:
            query = query.where(Question.layer == layer)
        for word in text.split():
            query = query.where(Question.text.contains(word))  # LIKE, wildcards escaped
        layer_order = peewee.Case(
            Question.layer, [(name, i) for i, name in enumerate(LAYERS)], len(LAYERS)
        )
        rows = query.order_by(layer_order, Question.position, Question.id).bind(self._db).dicts()
        return [BankQuestion(**row) for row in rows]

    @announces(Change.MEETINGS)
    def add_to_bank(self, layer: str, text: str) -> BankQuestion:
        if layer not in LAYERS:
            raise ValidationError({"layer": f"Unknown layer: {layer!r}."})
        if not text.strip():
            raise ValidationError({"text": "A question needs some words."})
        with self._db.atomic("IMMEDIATE"):
            position = (
                Question.select(peewee.fn.COALESCE(peewee.fn.MAX(Question.position), -1) + 1)
                .where(Question.layer == layer)
                .bind(self._db)
                .scalar()
            )
            qid = (
                Question.insert(layer=layer, text=text.strip(), position=position)
                .bind(self._db)
                .execute()
            )
        return BankQuestion(qid, layer, text.strip(), position)

    @announces(Change.MEETINGS)
    def edit_bank_question(self, question_id: int, text: str) -> None:
        if not text.strip():
            raise ValidationError({"text": "A question needs some words."})
        with self._db.atomic("IMMEDIATE"):
            Question.update(text=text.strip()).where(Question.id == question_id).bind(
                self._db
            ).execute()

    @announces(Change.MEETINGS)
    def archive_bank_question(self, question_id: int, archived: bool = True) -> None:
        """Hide from the bank (or bring back); answers already given keep their question."""
        with self._db.atomic("IMMEDIATE"):
            Question.update(archived=archived).where(Question.id == question_id).bind(
                self._db
            ).execute()

    def bank_question(self, question_id: int) -> BankQuestion:
        """One bank question, archived or not; KeyError if there is no such question."""
        row = (
            Question.select(Question.id, Question.layer, Question.text, Question.position)
            .where(Question.id == question_id)
            .bind(self._db)
            .dicts()
            .first()
        )
        if row is None:
            raise KeyError(question_id)
        return BankQuestion(**row)

    def answer_counts(self) -> dict[int, int]:
        """How many meetings have an answer to each bank question (unanswered ones are absent)."""
        answered = MeetingQuestion.question.is_null(False) & (
            peewee.fn.TRIM(MeetingQuestion.answer) != ""
        )
        rows = (
            MeetingQuestion.select(MeetingQuestion.question, peewee.fn.COUNT(peewee.SQL("*")))
            .where(answered)
            .group_by(MeetingQuestion.question)
            .bind(self._db)
            .tuples()
        )
        return dict(rows)

    @staticmethod
    def prepared_from(question: BankQuestion) -> PreparedQuestion:
        return PreparedQuestion(question.layer, question.text, question_id=question.id)

    def answers_across_people(self, question_id: int) -> list[Answer]:
        """Everyone's answer to one bank question, newest meeting first."""
        people = (
            MeetingPerson.select(peewee.fn.group_concat(Contact.display_name, ", "))
            .join(Contact, on=(Contact.id == MeetingPerson.contact))
            .where(MeetingPerson.meeting == Meeting.id)
        )
        rows = (
            MeetingQuestion.select(
                Meeting.id.alias("meeting_id"),
                peewee.fn.COALESCE(people, "").alias("people"),
                Meeting.starts_at.alias("when"),
                MeetingQuestion.answer,
            )
            .join(Meeting, on=(Meeting.id == MeetingQuestion.meeting))
            .where(
                (MeetingQuestion.question == question_id)
                & (peewee.fn.TRIM(MeetingQuestion.answer) != "")
            )
            .order_by(Meeting.starts_at.is_null(), Meeting.starts_at.desc(), Meeting.id.desc())
            .bind(self._db)
            .dicts()
        )
        return [Answer(**row) for row in rows]

    # --- question templates ----------------------------------------------

    def templates(self) -> list[QuestionTemplate]:
        Item = QuestionTemplateItem
        rows = (
            TemplateRow.select(
                TemplateRow.id,
                TemplateRow.name,
                peewee.fn.COUNT(Item.position).alias("size"),
                TemplateRow.created_at,
            )
            .join(Item, peewee.JOIN.LEFT_OUTER, on=(Item.template == TemplateRow.id))
            .group_by(TemplateRow.id)
            .order_by(TemplateRow.name.collate("NOCASE"))
            .bind(self._db)
            .dicts()
        )
        return [QuestionTemplate(**row) for row in rows]

    @announces(Change.MEETINGS)
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
        with self._db.atomic("IMMEDIATE"):
            # The name's column is COLLATE NOCASE: "first coffee" finds "First coffee".
            template_id = (
                TemplateRow.select(TemplateRow.id)
                .where(TemplateRow.name == name)
                .bind(self._db)
                .scalar()
            )
            if template_id is not None and not replace:
                raise TemplateExists(name)
            if template_id is None:
                template_id = (
                    TemplateRow.insert(name=name, created_at=self._clock.timestamp())
                    .bind(self._db)
                    .execute()
                )
            else:
                TemplateRow.update(name=name, created_at=self._clock.timestamp()).where(
                    TemplateRow.id == template_id
                ).bind(self._db).execute()
                QuestionTemplateItem.delete().where(
                    QuestionTemplateItem.template == template_id
                ).bind(self._db).execute()
            QuestionTemplateItem.insert_many(
                [
                    {
                        QuestionTemplateItem.template: template_id,
                        QuestionTemplateItem.position: position,
                        QuestionTemplateItem.question: q.question_id,
                        QuestionTemplateItem.layer: q.layer,
                        QuestionTemplateItem.text: q.text.strip(),
                    }
                    for position, q in enumerate(questions)
                ]
            ).bind(self._db).execute()
        return next(t for t in self.templates() if t.id == template_id)

    def template_questions(self, template_id: int) -> list[PreparedQuestion]:
        """The template's questions, ready to add to a meeting; bank questions use their
        current wording, so a question edited in the bank reads the same everywhere."""
        Item = QuestionTemplateItem
        rows = (
            Item.select(
                Item.layer,
                peewee.fn.COALESCE(Question.text, Item.text).alias("text"),
                Item.question.alias("question_id"),
            )
            .join(Question, peewee.JOIN.LEFT_OUTER, on=(Question.id == Item.question))
            .where(Item.template == template_id)
            .order_by(Item.position)
            .bind(self._db)
            .dicts()
        )
        return [PreparedQuestion(**row) for row in rows]

    @announces(Change.MEETINGS)
    def delete_template(self, template_id: int) -> None:
        with self._db.atomic("IMMEDIATE"):
            TemplateRow.delete().where(TemplateRow.id == template_id).bind(self._db).execute()
