"""Checkable lists of to-dos: ticking one asks the owner to mark it done. Today's list
gathers a networking event's to-dos under one line for the event."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.followups.event_followups import EventGroup, EventName, group_by_event
from netdesk.services.followups.todos import Todo
from netdesk.views.icons import icon
from netdesk.views.models.roles import CONTACT_ID_ROLE, ID_ROLE
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


_GROUP = 0  # internalId of a top-level index; a to-do under a group: the group's row + 1


class TodayTodoModel(QAbstractItemModel):
    """Today's follow-ups: to-dos, with those of a networking event gathered under one
    line for the event ("3 people from Tuesday's Data Guild evening still waiting for a
    note") that expands to the to-dos, each ticked, snoozed or written for on its own.
    Done ones stay listed (ticked, struck through) until the list is reloaded."""

    done_toggled = Signal(int, bool)  # to-do id, done

    def __init__(self, parent=None, clock: Clock = SYSTEM_CLOCK) -> None:
        super().__init__(parent)
        self._clock = clock
        self._today: date | None = None
        self._entries: list[Todo | EventGroup] = []

    def _day(self) -> date:
        return self._today or self._clock.today()

    def set_today(self, today: date | None) -> None:
        self._today = today

    def set_todos(self, todos: list[Todo], events: dict[int, EventName] | None = None) -> None:
        """Show *todos* in their order, those of one of *events* under their event."""
        self.beginResetModel()
        self._entries = group_by_event(todos, events or {}, self._day())
        self.endResetModel()

    # --- what a row is -------------------------------------------------------

    def entry(self, index: QModelIndex | QPersistentModelIndex) -> Todo | EventGroup | None:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            return self._entries[index.row()] if index.row() < len(self._entries) else None
        group = self._entries[index.internalId() - 1]
        return group.todos[index.row()] if isinstance(group, EventGroup) else None

    def todo(self, where: int | QModelIndex | QPersistentModelIndex) -> Todo | None:
        """The to-do at a top-level row number or at an index (None: a group or nothing)."""
        found = self.entry(self.index(where, 0) if isinstance(where, int) else where)
        return found if isinstance(found, Todo) else None

    def group(self, index: QModelIndex | QPersistentModelIndex) -> EventGroup | None:
        found = self.entry(index)
        return found if isinstance(found, EventGroup) else None

    def index_of(self, todo_id: int | None = None, event: tuple | None = None) -> QModelIndex:
        """Where a to-do is (at the top or under its group), or a group by its key."""
        for row, entry in enumerate(self._entries):
            if isinstance(entry, EventGroup):
                if event is not None and entry.key == event:
                    return self.index(row, 0)
                for child, todo in enumerate(entry.todos):
                    if todo.id == todo_id:
                        return self.index(child, 0, self.index(row, 0))
            elif todo_id is not None and entry.id == todo_id:
                return self.index(row, 0)
        return QModelIndex()

    def replace(self, todo: Todo) -> None:
        """Show a to-do ticked or unticked in place; its group's line counts again."""
        index = self.index_of(todo.id)
        if not index.isValid():
            return
        parent = index.parent()
        if parent.isValid():
            group = self._entries[parent.row()]
            todos = list(group.todos)
            todos[index.row()] = todo
            self._entries[parent.row()] = dataclasses.replace(group, todos=tuple(todos))
            self.dataChanged.emit(parent, parent)
        else:
            self._entries[index.row()] = todo
        self.dataChanged.emit(index, index)

    # --- what the view asks ----------------------------------------------------

    def index(self, row: int, column: int = 0, parent=QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _GROUP) if row < len(self._entries) else QModelIndex()
        group = self.group(parent)
        if group is None or row >= len(group.todos):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index=QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._entries)
        group = self.group(parent) if parent.column() == 0 else None
        return len(group.todos) if group is not None else 0

    def columnCount(self, parent=QModelIndex()) -> int:
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        entry = self.entry(index)
        if entry is None:
            return None
        role = Qt.ItemDataRole(role)
        if isinstance(entry, EventGroup):
            return self._group_data(entry, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{entry.title} — {describe_due(entry, self._day())}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.note or "Tick when done; untick to reopen"
        if role == Qt.ItemDataRole.CheckStateRole:
            return _check_state(entry)
        if role == Qt.ItemDataRole.FontRole:
            return _struck_through_when_done(entry)
        if role == ID_ROLE:
            return entry.id
        if role == CONTACT_ID_ROLE:
            return entry.contact_id
        return None

    def _group_data(self, group: EventGroup, role: Qt.ItemDataRole):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return group.describe(self._day())
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Expand (→) to act on each person; double-click or Enter opens the event"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("events", selectable=True)
        return None

    def flags(self, index) -> Qt.ItemFlag:
        entry = self.entry(index)
        if entry is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if isinstance(entry, Todo):
            flags |= Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        todo = self.todo(index)
        if role != Qt.ItemDataRole.CheckStateRole or todo is None:
            return False
        done = _is_checked(value)
        if done != todo.is_done:
            self.done_toggled.emit(todo.id, done)  # the owner saves and calls replace()
        return True
