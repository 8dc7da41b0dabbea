"""The Today page's actions: tick, snooze and open to-dos, snooze or stop keep-in-touch
reminders, record outreach and its answers, and the reminder settings. Each change is an
undoable command on the page's undo stack.

A part of `TodayPage` (see page.py), which builds the lists and buttons and provides `_f`,
`_contacts`, `_undo`, `_today()`, `_current()`, `refresh()` and the signals.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMenu, QToolButton

from netdesk.views.models.roles import CONTACT_ID_ROLE, ID_ROLE
from netdesk.views.today.dialogs import (
    OutreachDialog,
    RemindersDialog,
    TodoDialog,
    snooze_choices,
)


class _Command(QUndoCommand):
    """An action with its inverse; the first redo() is the action itself."""

    def __init__(self, text: str, do: Callable[[], None], undo: Callable[[], None]) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo

    def redo(self) -> None:
        self._do()

    def undo(self) -> None:
        self._undo()


class TodayActions:
    """What the buttons, menus and dialogs of the Today page do."""

    def _update_buttons(self, *_args) -> None:
        todo = self._current_todo()
        self.todo_done.setEnabled(todo is not None and not todo.is_done)
        self.todo_snooze.setEnabled(todo is not None and not todo.is_done)
        self._update_open_button(todo)
        self.todo_email.setEnabled(
            todo is not None
            and todo.contact_id is not None
            and todo.kind in ("thank_you", "share_value", "outreach", "check_in")
        )
        self._fill_snooze_menu(self.todo_snooze, lapsed=False)
        has_lapsed = self.lapsed_table.currentIndex().isValid()
        for button in (self.lapsed_email, self.lapsed_log, self.lapsed_snooze, self.lapsed_stop):
            button.setEnabled(has_lapsed)
        self._fill_snooze_menu(self.lapsed_snooze, lapsed=True)
        has_request = self.outreach_table.currentIndex().isValid()
        for button in (self.accepted_button, self.declined_button, self.no_answer_button):
            button.setEnabled(has_request)

    def _fill_snooze_menu(self, button: QToolButton, lapsed: bool) -> None:
        menu = button.menu()
        menu.clear()
        for label, until in snooze_choices(self._today(), lapsed):
            action = menu.addAction(f"{label}  ({until:%a} {until.day} {until:%b})")
            if lapsed:
                action.triggered.connect(lambda _c=False, u=until: self.snooze_lapsed(u))
            else:
                action.triggered.connect(lambda _c=False, u=until: self.snooze_todo(u))

    # --- to-dos ----------------------------------------------------------

    def _current_todo(self):
        return self.todo_model.todo(self.todo_list.currentIndex())  # None: an event's line

    def complete_todo(self) -> None:
        todo = self._current_todo()
        if todo is not None and not todo.is_done:
            self._on_todo_done_toggled(todo.id, True)

    def _on_todo_done_toggled(self, todo_id: int, done: bool) -> None:
        todos = self._f.todos
        if not done:  # unticked before the list was refreshed: reopen
            self.todo_model.replace(todos.complete(todo_id, done=False))
            self._update_buttons()
            return
        created: list[int] = []

        def do() -> None:
            finished, follow = todos.finish(todo_id, today=self._today())
            self.todo_model.replace(finished)
            if follow is not None:
                created.append(follow.id)
                self.status_message.emit(
                    f"Done. Next: {follow.title.lower()} by {follow.due_on:%d %b} "
                    "(on Today when it is due)."
                )
            elif finished.kind == "outreach":
                self.status_message.emit(
                    "Done. Record outreach… keeps the request in view until they answer."
                )
            else:
                self.status_message.emit("Done. Ctrl+Z brings it back.")
            self._update_buttons()

        def undo() -> None:
            todos.complete(todo_id, done=False)
            for new_id in created:
                todos.delete(new_id)
            created.clear()
            self.refresh()

        self._undo.push(_Command("Mark to-do done", do, undo))

    def snooze_todo(self, until: date) -> None:
        todo = self._current_todo()
        if todo is None:
            return
        before = todo.snoozed_until
        todos = self._f.todos

        def do() -> None:
            todos.snooze(todo.id, until)
            self.refresh()
            self.status_message.emit(f"Snoozed until {until:%a %d %b}. Ctrl+Z undoes it.")

        def undo() -> None:
            todos.snooze(todo.id, before)
            self.refresh()

        self._undo.push(_Command("Snooze to-do", do, undo))

    def _open_todo_person(self) -> None:
        todo = self._current_todo()
        if todo is not None and todo.contact_id is not None:
            self.person_requested.emit(todo.contact_id)

    def _email_todo_person(self) -> None:
        todo = self._current_todo()
        if todo is not None and todo.contact_id is not None:
            self.email_requested.emit(todo.contact_id)

    def new_todo(self, contact_id: int | None = None):
        dialog = TodoDialog(self._contacts, self._f.todos, self, contact_id, today=self._today())
        dialog.added.connect(lambda _todo: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_todo_menu(self, point: QPoint) -> None:
        todo = self._current_todo()
        if todo is None:
            self._on_group_menu(point)
            return
        menu = QMenu(self)
        menu.addAction("Done", self.complete_todo).setEnabled(not todo.is_done)
        snooze = menu.addMenu("Snooze")
        for label, until in snooze_choices(self._today()):
            snooze.addAction(label, lambda u=until: self.snooze_todo(u))
        if todo.contact_id is not None:
            menu.addAction("Open person", self._open_todo_person)
        menu.exec(self.todo_list.viewport().mapToGlobal(point))

    # --- keeping in touch ------------------------------------------------

    def _current_lapsed(self) -> int | None:
        return self._current(self.lapsed_table, CONTACT_ID_ROLE)

    def _with_lapsed(self, action: Callable[[int], None]) -> None:
        contact_id = self._current_lapsed()
        if contact_id is not None:
            action(contact_id)

    def _open_lapsed_person(self) -> None:
        self._with_lapsed(self.person_requested.emit)

    def _email_lapsed_person(self) -> None:
        self._with_lapsed(self.check_in_requested.emit)

    def snooze_lapsed(self, until: date) -> None:
        contact_id = self._current_lapsed()
        if contact_id is None:
            return
        kit = self._f.keep_in_touch
        before = kit.cadence(contact_id).snoozed_until
        name = self.lapsed_model.row_item(self.lapsed_table.currentIndex().row()).name

        def do() -> None:
            kit.snooze(contact_id, until)
            self.refresh()
            self.status_message.emit(f"{name}: reminder snoozed until {until:%d %b}.")

        def undo() -> None:
            kit.snooze(contact_id, before)
            self.refresh()

        self._undo.push(_Command(f"Snooze reminder for {name}", do, undo))

    def stop_reminding(self) -> None:
        contact_id = self._current_lapsed()
        if contact_id is None:
            return
        kit = self._f.keep_in_touch
        name = self.lapsed_model.row_item(self.lapsed_table.currentIndex().row()).name

        def do() -> None:
            kit.stop_reminding(contact_id)
            self.refresh()
            self.status_message.emit(
                f"No more keep-in-touch reminders for {name} (change it on their page)."
            )

        def undo() -> None:
            kit.stop_reminding(contact_id, False)
            self.refresh()

        self._undo.push(_Command(f"Stop reminders for {name}", do, undo))

    def _on_lapsed_menu(self, point: QPoint) -> None:
        if self._current_lapsed() is None:
            return
        menu = QMenu(self)
        menu.addAction("Write a check-in…", self._email_lapsed_person)
        menu.addAction("Log a touch…", lambda: self._with_lapsed(self.log_requested.emit))
        snooze = menu.addMenu("Snooze")
        for label, until in snooze_choices(self._today(), lapsed=True):
            snooze.addAction(label, lambda u=until: self.snooze_lapsed(u))
        menu.addAction("Stop reminding", self.stop_reminding)
        menu.addAction("Open person", self._open_lapsed_person)
        menu.exec(self.lapsed_table.viewport().mapToGlobal(point))

    # --- outreach --------------------------------------------------------

    def record_outreach(self, contact_id: int | None):
        dialog = OutreachDialog(
            self._contacts, self._f.outreach, self, contact_id, today=self._today()
        )
        dialog.recorded.connect(lambda _entry: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _current_request(self):
        index = self.outreach_table.currentIndex()
        return self.outreach_model.row_item(index.row()) if index.isValid() else None

    def respond(self, response: str, plan: bool = False) -> None:
        entry = self._current_request()
        if entry is None:
            return
        outreach = self._f.outreach
        words = {"accepted": "accepted", "declined": "declined", "no_answer": "no answer"}

        def do() -> None:
            outreach.respond(entry.id, response, on=self._today())
            self.refresh()
            self.status_message.emit(f"{entry.name}: {words[response]}. Ctrl+Z undoes it.")

        def undo() -> None:
            outreach.respond(entry.id, "none")
            self.refresh()

        self._undo.push(_Command(f"Outreach to {entry.name}: {words[response]}", do, undo))
        if plan:
            self.new_meeting_requested.emit(entry.contact_id)

    def _open_outreach_person(self) -> None:
        entry = self._current_request()
        if entry is not None:
            self.person_requested.emit(entry.contact_id)

    def _on_outreach_menu(self, point: QPoint) -> None:
        entry = self._current_request()
        if entry is None:
            return
        menu = QMenu(self)
        menu.addAction("Accepted – plan the meeting…", lambda: self.respond("accepted", True))
        menu.addAction("Accepted", lambda: self.respond("accepted"))
        menu.addAction("Declined", lambda: self.respond("declined"))
        menu.addAction("No answer", lambda: self.respond("no_answer"))
        menu.addAction("Follow up by email…", lambda: self.email_requested.emit(entry.contact_id))
        menu.addAction("Open person", self._open_outreach_person)
        menu.exec(self.outreach_table.viewport().mapToGlobal(point))

    # --- meetings and settings -------------------------------------------

    def _on_week_activated(self, index) -> None:
        meeting_id = index.data(ID_ROLE)
        if meeting_id is not None:
            self.meeting_requested.emit(meeting_id)

    def edit_reminders(self):
        dialog = RemindersDialog(self._f.keep_in_touch, self._f.outreach, self._f.today, self)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
