"""A checkable list of to-dos: ticking one asks the owner to mark it done."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.todos import Todo
from netdesk.views.models.roles import ID_ROLE


def _is_checked(value) -> bool:
    # Views hand over an int or a Qt.CheckState depending on the binding version.
    return value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)


def describe_due(todo: Todo, today: date) -> str:
    if todo.is_done:
        return "done"
    if todo.due_on is None:
        return "no date"
    if todo.due_on < today:
        return f"overdue since {todo.due_on:%d %b}"
    if todo.due_on == today:
        return "due today"
    return f"due {todo.due_on:%a %d %b}"


class TodoListModel(QAbstractListModel):
    """A person's to-dos. Done ones stay listed (ticked, struck through) until the list is
    reloaded, so unticking is the undo."""

    done_toggled = Signal(int, bool)  # to-do id, done

    def __init__(self, parent=None, clock: Clock = SYSTEM_CLOCK) -> None:
        super().__init__(parent)
        self._rows: list[Todo] = []
        self._clock = clock
        self._today: date | None = None

    def set_today(self, today: date | None) -> None:
        """The day "overdue" and "due today" are counted from (None: the clock's)."""
        self._today = today

    def set_todos(self, todos: list[Todo]) -> None:
        self.beginResetModel()
        self._rows = list(todos)
        self.endResetModel()

    def replace(self, todo: Todo) -> None:
        for row, current in enumerate(self._rows):
            if current.id == todo.id:
                self._rows[row] = todo
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)
                return

    def todo(self, row: int) -> Todo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        todo = self._rows[index.row()]
        if role == ID_ROLE:
            return todo.id
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{todo.title} — {describe_due(todo, self._today or self._clock.today())}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if todo.is_done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.FontRole and todo.is_done:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return todo.note or "Tick when done; untick to reopen"
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not 0 <= index.row() < len(self._rows):
            return False
        todo = self._rows[index.row()]
        done = _is_checked(value)
        if done != todo.is_done:
            self.done_toggled.emit(todo.id, done)  # the owner saves and calls replace()
        return True
