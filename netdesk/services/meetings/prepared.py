"""A meeting's prepared questions and the answers typed under them: a mixin of
MeetingService."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netdesk.db.models import MeetingQuestion
from netdesk.services.changes import Change, announces
from netdesk.services.meetings.records import PreparedQuestion
from netdesk.services.meetings.search_index import reindex_meeting

if TYPE_CHECKING:
    import peewee


class PreparedQuestionsMixin:
    """The prepared questions' methods of MeetingService (which provides these)."""

    _db: peewee.SqliteDatabase

    @announces(Change.MEETINGS)
    def save_answer(self, prepared_id: int, answer: str) -> None:
        with self._db.atomic("IMMEDIATE"):
            changed = (
                MeetingQuestion.update(answer=answer)
                .where(MeetingQuestion.id == prepared_id)
                .returning(MeetingQuestion.meeting)
                .bind(self._db)
                .dicts()
                .execute()
            )
            for row in changed:
                reindex_meeting(self._db, row["meeting"])

    def _prepared_questions(self, meeting_id: int) -> list[PreparedQuestion]:
        rows = (
            MeetingQuestion.select(
                MeetingQuestion.id,
                MeetingQuestion.question,
                MeetingQuestion.layer,
                MeetingQuestion.text,
                MeetingQuestion.answer,
            )
            .where(MeetingQuestion.meeting == meeting_id)
            .order_by(MeetingQuestion.position, MeetingQuestion.id)
            .bind(self._db)
        )
        return [
            PreparedQuestion(row.layer, row.text, row.answer, row.question_id, row.id)
            for row in rows
        ]

    def _save_questions(self, meeting_id: int, questions: list[PreparedQuestion]) -> None:
        """Store the meeting's questions in this order; the ones left out are deleted."""
        keep = [q.id for q in questions if q.id is not None]
        dropped = MeetingQuestion.delete().where(MeetingQuestion.meeting == meeting_id)
        if keep:
            dropped = dropped.where(MeetingQuestion.id.not_in(keep))
        dropped.bind(self._db).execute()
        for position, question in enumerate(questions):
            values = {
                MeetingQuestion.layer: question.layer,
                MeetingQuestion.text: question.text.strip(),
                MeetingQuestion.position: position,
                MeetingQuestion.answer: question.answer,
            }
            if question.id is None:
                question.id = (
                    MeetingQuestion.insert(
                        {
                            **values,
                            MeetingQuestion.meeting: meeting_id,
                            MeetingQuestion.question: question.question_id,
                        }
                    )
                    .bind(self._db)
                    .execute()
                )
            else:
                MeetingQuestion.update(values).where(
                    (MeetingQuestion.id == question.id) & (MeetingQuestion.meeting == meeting_id)
                ).bind(self._db).execute()
