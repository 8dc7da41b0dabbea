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

from netdesk.services.contacts.search import fts_query
from netdesk.services.meetings.records import LAYERS, STATUSES, MeetingRow, PreparedQuestion
from netdesk.services.meetings.service import MeetingService
from netdesk.views.models.roles import ID_ROLE
from netdesk.views.models.rows import Column, RowTableModel

PAGE_SIZE = 200  # meetings fetched at once, when the view first paints one of them
MAX_CACHED_ROWS = 4_000
_MEETING_ID = int(ID_ROLE)
_ROLES_SERVED = frozenset(
    {int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole), _MEETING_ID}
)
MEETING_HEADERS = ("When", "Meeting", "With", "Status")
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


class _Line:
    """One fetched meeting; its cells are formatted when first painted."""

    __slots__ = ("_texts", "row")

    def __init__(self, row: MeetingRow) -> None:
        self.row = row
        self._texts: tuple[str, str, str, str] | None = None

    @property
    def texts(self) -> tuple[str, str, str, str]:
        if self._texts is None:
            row = self.row
            self._texts = (
                format_when(row.starts_at),
                row.title,
                row.people,
                STATUSES.get(row.status, row.status),
            )
        return self._texts


class MeetingListModel(QAbstractTableModel):
    """Meetings, undated ideas first, then newest first: ids from one SQL query (searched
    with FTS5 and sorted in SQLite), rows fetched a page at a time when the view first
    paints them. A search keystroke costs one query and a reset, whatever the number of
    meetings."""

    def __init__(self, meetings: MeetingService, parent=None) -> None:
        super().__init__(parent)
        self._meetings = meetings
        self._text = ""
        self._ids: list[int] = []
        self._lines: dict[int, _Line] = {}
        self.refresh()

    # --- what the page asks ----------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Show the meetings matching *text* (every word as a prefix, anywhere)."""
        if fts_query(text) == fts_query(self._text):
            self._text = text  # a space or a comma more: the same search, the list stays
        else:
            self.refresh(text)

    def refresh(self, text: str | None = None) -> None:
        """Query again (the meetings changed), with a new search *text* if one is given."""
        if text is not None:
            self._text = text
        ids = self._meetings.query_ids(self._text)
        self.beginResetModel()
        self._ids = ids
        self._lines.clear()
        self.endResetModel()

    def meeting_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, meeting_id: int) -> int | None:
        try:
            return self._ids.index(meeting_id)
        except ValueError:
            return None

    # --- what the view asks -----------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

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
        # Called several times per visible cell on every paint: keep the common path short.
        role = int(role)
        if role not in _ROLES_SERVED or not index.isValid():
            return None
        line = self._line(index.row())
        if line is None:
            return None
        if role == _MEETING_ID:
            return line.row.id
        return line.texts[index.column()]  # display and tooltip: the whole cell

    def _line(self, row: int) -> _Line | None:
        if not 0 <= row < len(self._ids):
            return None
        meeting_id = self._ids[row]
        found = self._lines.get(meeting_id)
        if found is None:
            if len(self._lines) > MAX_CACHED_ROWS:
                self._lines.clear()
            start = row - row % PAGE_SIZE
            fetched = self._meetings.rows(self._ids[start : start + PAGE_SIZE])
            self._lines.update((mid, _Line(r)) for mid, r in fetched.items())
            found = self._lines.get(meeting_id)
        return found


class QuestionListModel(RowTableModel[PreparedQuestion]):
    """The prepared questions of the meeting being edited, in asking order."""

    def columns(self):
        return (
            Column(
                "Layer",
                lambda q: SHORT_LAYERS.get(q.layer, q.layer),
                tooltip=lambda q: LAYERS.get(q.layer),
            ),
            Column("Question", lambda q: q.text, tooltip=lambda q: q.text),
            Column("Answered", lambda q: "✓" if q.answer.strip() else "", lambda q: q.text),
        )

    @property
    def questions(self) -> list[PreparedQuestion]:
        """The questions in asking order (the model's own list: read, do not change)."""
        return self._rows

    def set_questions(self, questions: list[PreparedQuestion]) -> None:
        self.set_rows(questions)

    def append(self, question: PreparedQuestion) -> None:
        self.append_row(question)

    def remove(self, row: int) -> None:
        if self.row_at(row) is not None:
            self.take_row(row)

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
