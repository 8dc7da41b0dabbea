"""Item models for the question bank and for what people answered to one bank question."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from netdesk.services.meetings.bank import BankQuestion
from netdesk.services.meetings.records import LAYERS, Answer
from netdesk.views.models.contact_table_model import format_day
from netdesk.views.models.meeting_models import SHORT_LAYERS
from netdesk.views.models.roles import ID_ROLE
from netdesk.views.models.rows import Column, RowTableModel

QUESTION_COLUMN = 1


class BankTableModel(RowTableModel[BankQuestion]):
    """Bank questions in bank order; the question text is editable when the model allows it.

    An edit does not write to the database itself: it emits text_edited so the owner can
    push an undoable command, and shows the new text meanwhile.
    """

    text_edited = Signal(int, str, str)  # question id, old text, new text

    def __init__(self, parent=None, *, editable: bool = False) -> None:
        super().__init__(parent)
        self._editable = editable
        self._answers: dict[int, int] = {}

    def columns(self):
        return (
            Column(
                "Layer",
                lambda q: SHORT_LAYERS.get(q.layer, q.layer),
                tooltip=lambda q: LAYERS.get(q.layer),
            ),
            Column(
                "Question",
                lambda q: q.text,
                tooltip=lambda q: q.text,
                roles={Qt.ItemDataRole.EditRole: lambda q: q.text},
                editable=lambda _q: self._editable,
            ),
            Column(
                "Answers",
                lambda q: str(self._answers.get(q.id, 0) or ""),
                tooltip=self._answered_tooltip,
                alignment=Qt.AlignmentFlag.AlignCenter,
            ),
        )

    def row_roles(self):
        return {ID_ROLE: lambda question: question.id}

    def _answered_tooltip(self, question: BankQuestion) -> str:
        answers = self._answers.get(question.id, 0)
        people = "1 meeting" if answers == 1 else f"{answers} meetings"
        return f"Answered in {people}" if answers else "Not answered yet"

    def set_questions(self, questions: list[BankQuestion], answers: dict[int, int]) -> None:
        self.beginResetModel()
        self._answers = answers
        self._rows = list(questions)
        self.endResetModel()

    def question(self, row: int) -> BankQuestion | None:
        return self.row_at(row)

    def row_of(self, question_id: int) -> int | None:
        return self.row_where(lambda question: question.id == question_id)

    def show_text(self, question_id: int, text: str) -> None:
        """Reflect an edit (or its undo) in place, without resetting the view."""
        row = self.row_of(question_id)
        old = self.row_at(row) if row is not None else None
        if old is not None and old.text != text:
            changed = BankQuestion(old.id, old.layer, text, old.position)
            self.replace_row(row, changed, QUESTION_COLUMN)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        old = self.row_at(index.row())
        if (
            role != Qt.ItemDataRole.EditRole
            or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable)
            or old is None
        ):
            return False
        text = " ".join(str(value).split())
        if not text or text == old.text:
            return False  # an emptied question keeps its words; archive it instead
        self.show_text(old.id, text)
        self.text_edited.emit(old.id, old.text, text)
        return True


def _answer_when(answer: Answer) -> str:
    return format_day(answer.when) or "Not scheduled"


def _answer_people(answer: Answer) -> str:
    return answer.people or "(nobody recorded)"


class AnswerTableModel(RowTableModel[Answer]):
    """What each person answered to one bank question, newest meeting first."""

    def columns(self):
        open_hint = lambda _answer: "Double-click to open"  # noqa: E731
        top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        return (
            Column("When", _answer_when, open_hint, alignment=top_left),
            Column(
                "With", lambda a: a.people or "(nobody recorded)", open_hint, alignment=top_left
            ),
            Column(
                "Answer",
                lambda a: a.answer.strip(),
                tooltip=lambda a: a.answer.strip(),
                alignment=top_left,
            ),
        )

    def row_roles(self):
        return {ID_ROLE: lambda answer: answer.meeting_id}

    def set_answers(self, answers: list[Answer]) -> None:
        self.set_rows(answers)

    def meeting_id(self, row: int) -> int | None:
        answer = self.row_at(row)
        return answer.meeting_id if answer else None
