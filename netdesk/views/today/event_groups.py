"""The Today page's event groups: a networking event's follow-ups as one line of the
follow-ups list ("3 people from Tuesday's Data Guild evening still waiting for a note")
that opens onto each person's to-do, and opens the event itself on double-click or Enter.

A part of `TodayPage` (see page.py), which provides `todo_list`, `todo_model`,
`todo_open`, `_open_groups` and the `event_requested` and `person_requested` signals.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtWidgets import QMenu

from netdesk.services.followups.event_followups import EventGroup


class TodayEventGroups:
    """What the event lines of the follow-ups list do, and keeping them open."""

    def _current_group(self) -> EventGroup | None:
        return self.todo_model.group(self.todo_list.currentIndex())

    def open_event(self) -> None:
        group = self._current_group()
        if group is not None:
            self.event_requested.emit(group.event.id)

    def _on_todo_activated(self, index: QModelIndex) -> None:
        """Enter or a double-click on an event's line opens the event (a to-do's line
        opens its person: doubleClicked does that)."""
        group = self.todo_model.group(index)
        if group is not None:
            self.event_requested.emit(group.event.id)

    def _open_current_todo(self) -> None:
        """The Open button: the person of a to-do, or the event of an event's line."""
        if self._current_group() is not None:
            self.open_event()
        else:
            self._open_todo_person()

    def _update_open_button(self, todo) -> None:
        group = self._current_group()
        if group is not None:
            self.todo_open.setText("Open event")
            self.todo_open.setToolTip("Show the event: who you met and what came of it")
            self.todo_open.setEnabled(True)
        else:
            self.todo_open.setText("Open person")
            self.todo_open.setToolTip("Show them on the Contacts page")
            self.todo_open.setEnabled(todo is not None and todo.contact_id is not None)

    def _on_group_menu(self, point: QPoint) -> None:
        index = self.todo_list.currentIndex()
        if self._current_group() is None:
            return
        menu = QMenu(self)
        opened = self.todo_list.isExpanded(index)
        menu.addAction(
            "Hide the people" if opened else "Show each person",
            lambda: self.todo_list.setExpanded(index, not opened),
        )
        menu.addAction("Open event", self.open_event)
        menu.exec(self.todo_list.viewport().mapToGlobal(point))

    # --- staying as the user left it across refreshes ----------------------------

    def _on_group_toggled(self, index: QModelIndex, opened: bool) -> None:
        group = self.todo_model.group(index)
        if group is not None:
            (self._open_groups.add if opened else self._open_groups.discard)(group.key)

    def _todo_place(self) -> tuple | None:
        """What is chosen in the follow-ups: ("todo", id, its line's key or None, its row
        there) or ("group", key)."""
        index = self.todo_list.currentIndex()
        group, todo = self.todo_model.group(index), self.todo_model.todo(index)
        if group is not None:
            return ("group", group.key)
        if todo is None:
            return None
        line = self.todo_model.group(index.parent())
        return ("todo", todo.id, line.key if line else None, index.row())

    def _reopen_groups(self) -> None:
        """After a reload every line is closed: open again those the user had open."""
        model = self.todo_model
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            group = model.group(index)
            if group is not None and group.key in self._open_groups:
                self.todo_list.setExpanded(index, True)

    def _restore_todo_place(self, place: tuple | None) -> None:
        model = self.todo_model
        index = QModelIndex()
        if place is not None and place[0] == "group":
            index = model.index_of(event=place[1])
        elif place is not None:
            _kind, todo_id, line, row = place
            index = model.index_of(todo_id=todo_id)
            if not index.isValid() and line is not None:  # done: the next person there
                index = model.index_of(event=line)
                if model.rowCount(index):
                    index = model.index(min(row, model.rowCount(index) - 1), 0, index)
        if not index.isValid() and model.rowCount():
            index = model.index(0, 0)
        if index.parent().isValid():
            self.todo_list.setExpanded(index.parent(), True)  # its line was closed meanwhile
        if index.isValid():
            self.todo_list.setCurrentIndex(index)
