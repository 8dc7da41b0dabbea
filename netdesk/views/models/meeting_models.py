"""Item models for meetings: the meeting list and the questions prepared for one meeting."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from netdesk.services.meetings import LAYERS, STATUSES, MeetingRow, PreparedQuestion

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MEETING_HEADERS = ("When", "Meeting", "With", "Status")
QUESTION_HEADERS = ("Layer", "Question", "Answered")
SHORT_LAYERS = {
    "industry": "Industry",
    "organisation": "Organisation",
    "person": "Person",
    "closing": "Closing",
}


def format_when(iso: str | None) -> str:
    if not iso:
        return "Not scheduled"
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y %H:%M")
    except ValueError:
        return iso


class MeetingListModel(QAbstractTableModel):
    """Meetings newest first; small enough (thousands) to hold as rows."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[MeetingRow] = []

    def set_rows(self, rows: list[MeetingRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def meeting_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, meeting_id: int) -> int | None:
        for row, item in enumerate(self._rows):
            if item.id == meeting_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(MEETING_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(MEETING_HEADERS)
        ):
            return MEETING_HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == MEETING_ID_ROLE:
            return item.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return (
            format_when(item.starts_at),
            item.title,
            item.people,
            STATUSES.get(item.status, item.status),
        )[index.column()]


class QuestionListModel(QAbstractTableModel):
    """The prepared questions of the meeting being edited, in asking order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.questions: list[PreparedQuestion] = []

    def set_questions(self, questions: list[PreparedQuestion]) -> None:
        self.beginResetModel()
        self.questions = list(questions)
        self.endResetModel()

    def append(self, question: PreparedQuestion) -> None:
        row = len(self.questions)
        self.beginInsertRows(QModelIndex(), row, row)
        self.questions.append(question)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.questions):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.questions[row]
            self.endRemoveRows()

    def move(self, row: int, step: int) -> int:
        target = row + step
        if not (0 <= row < len(self.questions) and 0 <= target < len(self.questions)):
            return row
        destination = target + 1 if step > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.questions.insert(target, self.questions.pop(row))
        self.endMoveRows()
        return target

    def set_answer(self, row: int, answer: str) -> None:
        if 0 <= row < len(self.questions) and self.questions[row].answer != answer:
            self.questions[row].answer = answer
            self.dataChanged.emit(self.index(row, 2), self.index(row, 2))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.questions)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(QUESTION_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(QUESTION_HEADERS)
        ):
            return QUESTION_HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.questions):
            return None
        question = self.questions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                LAYERS.get(question.layer, question.layer),
                question.text,
                "✓" if question.answer.strip() else "",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return question.text if index.column() else LAYERS.get(question.layer)
        return None
