"""Item models for the question bank and for what people answered to one bank question."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from netdesk.services.meetings.bank import BankQuestion
from netdesk.services.meetings.records import LAYERS, Answer
from netdesk.views.models.contact_table_model import format_day
from netdesk.views.models.meeting_models import SHORT_LAYERS
from netdesk.views.models.roles import ID_ROLE

BANK_HEADERS = ("Layer", "Question", "Answers")
ANSWER_HEADERS = ("When", "With", "Answer")
QUESTION_COLUMN = 1


class BankTableModel(QAbstractTableModel):
    """Bank questions in bank order; the question text is editable when the model allows it.

    An edit does not write to the database itself: it emits text_edited so the owner can
    push an undoable command, and shows the new text meanwhile.
    """

    text_edited = Signal(int, str, str)  # question id, old text, new text

    def __init__(self, parent=None, *, editable: bool = False) -> None:
        super().__init__(parent)
        self._editable = editable
        self._rows: list[BankQuestion] = []
        self._answers: dict[int, int] = {}

    def set_questions(self, questions: list[BankQuestion], answers: dict[int, int]) -> None:
        self.beginResetModel()
        self._rows = list(questions)
        self._answers = answers
        self.endResetModel()

    def question(self, row: int) -> BankQuestion | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, question_id: int) -> int | None:
        for row, question in enumerate(self._rows):
            if question.id == question_id:
                return row
        return None

    def show_text(self, question_id: int, text: str) -> None:
        """Reflect an edit (or its undo) in place, without resetting the view."""
        row = self.row_of(question_id)
        if row is not None and self._rows[row].text != text:
            old = self._rows[row]
            self._rows[row] = BankQuestion(old.id, old.layer, text, old.position)
            index = self.index(row, QUESTION_COLUMN)
            self.dataChanged.emit(index, index)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(BANK_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(BANK_HEADERS)
        ):
            return BANK_HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self._editable and index.isValid() and index.column() == QUESTION_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        question = self._rows[index.row()]
        column = index.column()
        answers = self._answers.get(question.id, 0)
        if role == ID_ROLE:
            return question.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                SHORT_LAYERS.get(question.layer, question.layer),
                question.text,
                str(answers) if answers else "",
            )[column]
        if role == Qt.ItemDataRole.EditRole and column == QUESTION_COLUMN:
            return question.text
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return LAYERS.get(question.layer)
            if column == 2:
                people = "1 meeting" if answers == 1 else f"{answers} meetings"
                return f"Answered in {people}" if answers else "Not answered yet"
            return question.text
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable)
            or not 0 <= index.row() < len(self._rows)
        ):
            return False
        text = " ".join(str(value).split())
        old = self._rows[index.row()]
        if not text or text == old.text:
            return False  # an emptied question keeps its words; archive it instead
        self.show_text(old.id, text)
        self.text_edited.emit(old.id, old.text, text)
        return True


class AnswerTableModel(QAbstractTableModel):
    """What each person answered to one bank question, newest meeting first."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Answer] = []

    def set_answers(self, answers: list[Answer]) -> None:
        self.beginResetModel()
        self._rows = list(answers)
        self.endResetModel()

    def meeting_id(self, row: int) -> int | None:
        return self._rows[row].meeting_id if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(ANSWER_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(ANSWER_HEADERS)
        ):
            return ANSWER_HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        answer = self._rows[index.row()]
        if role == ID_ROLE:
            return answer.meeting_id
        if role == Qt.ItemDataRole.DisplayRole:
            when = format_day(answer.when) or "Not scheduled"
            return (when, answer.people or "(nobody recorded)", answer.answer.strip())[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            return answer.answer.strip() if index.column() == 2 else "Double-click to open"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None
