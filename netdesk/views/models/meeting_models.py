"""Item models for meetings: the meeting list and the questions prepared for one meeting."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from netdesk.services.meetings import LAYERS, STATUSES, MeetingRow, PreparedQuestion

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MEETING_HEADERS = ("When", "Meeting", "With", "Status")
QUESTION_HEADERS = ("Layer", "Question", "Answered")
QUESTION_ROWS_MIME = "application/x-netdesk-prepared-question-rows"
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
        """Move one question up (step -1) or down (+1); returns its new row."""
        target = row + step
        if not (0 <= row < len(self.questions) and 0 <= target < len(self.questions)):
            return row
        self.moveRows(QModelIndex(), row, 1, QModelIndex(), target + 1 if step > 0 else target)
        return target

    def moveRows(
        self,
        sourceParent: QModelIndex | QPersistentModelIndex,
        sourceRow: int,
        count: int,
        destinationParent: QModelIndex | QPersistentModelIndex,
        destinationChild: int,
    ) -> bool:
        """Qt's move: *destinationChild* is the row to insert before, counted before the move."""
        size = len(self.questions)
        if (
            sourceParent.isValid()
            or destinationParent.isValid()
            or count < 1
            or sourceRow < 0
            or sourceRow + count > size
            or not 0 <= destinationChild <= size
            or sourceRow <= destinationChild <= sourceRow + count  # lands where it is
        ):
            return False
        if not self.beginMoveRows(
            QModelIndex(), sourceRow, sourceRow + count - 1, QModelIndex(), destinationChild
        ):
            return False
        moving = self.questions[sourceRow : sourceRow + count]
        del self.questions[sourceRow : sourceRow + count]
        insert_at = destinationChild - count if destinationChild > sourceRow else destinationChild
        self.questions[insert_at:insert_at] = moving
        self.endMoveRows()
        return True

    # --- drag and drop within the list ------------------------------------
    # In InternalMove mode Qt 6.11's views call moveRows() for a drop on themselves; the
    # MIME methods below serve views and Qt versions that go through dropMimeData().

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between rows, never on one
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [QUESTION_ROWS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data.setData(QUESTION_ROWS_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return action == Qt.DropAction.MoveAction and data.hasFormat(QUESTION_ROWS_MIME)

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            rows = [int(r) for r in bytes(data.data(QUESTION_ROWS_MIME)).decode().split(",")]
        except ValueError:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.questions)
        # The list allows one selected row; a contiguous block moves as one.
        if rows and rows == list(range(rows[0], rows[-1] + 1)):
            self.moveRows(QModelIndex(), rows[0], len(rows), QModelIndex(), row)
        # False although the move is done: after a successful MoveAction drop, a view that
        # did not move the rows itself removes the source rows, which already moved.
        return False

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
                SHORT_LAYERS.get(question.layer, question.layer),
                question.text,
                "✓" if question.answer.strip() else "",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return question.text if index.column() else LAYERS.get(question.layer)
        return None
