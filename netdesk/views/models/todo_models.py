"""A checkable list of to-dos: ticking one asks the owner to mark it done."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.followups.todos import Todo
from netdesk.views.models.roles import ID_ROLE
from netdesk.views.models.rows import Column, RowListModel


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


def _check_state(todo: Todo) -> Qt.CheckState:
    return Qt.CheckState.Checked if todo.is_done else Qt.CheckState.Unchecked


def _struck_through_when_done(todo: Todo) -> QFont | None:
    if not todo.is_done:
        return None
    font = QFont()
    font.setStrikeOut(True)
    return font


class TodoListModel(RowListModel[Todo]):
    """A person's to-dos. Done ones stay listed (ticked, struck through) until the list is
    reloaded, so unticking is the undo."""

    done_toggled = Signal(int, bool)  # to-do id, done

    def __init__(self, parent=None, clock: Clock = SYSTEM_CLOCK) -> None:
        super().__init__(parent)
        self._clock = clock
        self._today: date | None = None

    def columns(self):
        return (
            Column(
                text=lambda t: f"{t.title} — {describe_due(t, self._today or self._clock.today())}",
                tooltip=lambda todo: todo.note or "Tick when done; untick to reopen",
                roles={
                    Qt.ItemDataRole.CheckStateRole: _check_state,
                    Qt.ItemDataRole.FontRole: _struck_through_when_done,
                },
            ),
        )

    def row_roles(self):
        return {ID_ROLE: lambda todo: todo.id}

    def set_today(self, today: date | None) -> None:
        """The day "overdue" and "due today" are counted from (None: the clock's)."""
        self._today = today

    def set_todos(self, todos: list[Todo]) -> None:
        self.set_rows(todos)

    def replace(self, todo: Todo) -> None:
        row = self.row_where(lambda current: current.id == todo.id)
        if row is not None:
            self.replace_row(row, todo)

    def todo(self, row: int) -> Todo | None:
        return self.row_at(row)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        todo = self.row_at(index.row())
        if role != Qt.ItemDataRole.CheckStateRole or todo is None:
            return False
        done = _is_checked(value)
        if done != todo.is_done:
            self.done_toggled.emit(todo.id, done)  # the owner saves and calls replace()
        return True
