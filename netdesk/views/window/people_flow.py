"""People and follow-ups from anywhere in the window: new person, delete (undoable),
log an interaction (Ctrl+L), a to-do (Ctrl+T), an outreach request, reminders, and the
people met at an event (Ctrl+Shift+M)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from netdesk import APP_NAME
from netdesk.services.text import count_of
from netdesk.views.events.capture_dialog import (
    CaptureCommand,
    Captured,
    CaptureDialog,
    capture_message,
)
from netdesk.views.quick_log import LoggedInteractionCommand, QuickLogDialog
from netdesk.views.undo import DeleteContactsCommand
from netdesk.views.window.navigation import CONTACTS_PAGE, TODAY_PAGE

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.views.main_window import MainWindow


class PeopleFlow(QObject):
    def __init__(self, window: MainWindow, services: Services) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._undoable_message = ""  # says what the newest undo step did
        window.undo_stack.indexChanged.connect(self._on_undo_index_changed)

    def _status(self, message: str, timeout: int = 8000) -> None:
        self._window.statusBar().showMessage(message, timeout)

    # --- people ------------------------------------------------------------

    def new_contact(self) -> None:
        self._window.show_page(CONTACTS_PAGE)
        self._window.contacts_page.new_contact()

    def delete_selected(self) -> None:
        ids = self._window.contacts_page.selected_ids()
        if ids:
            self.delete_contacts(ids)

    def delete_contacts(self, ids: list[int]) -> None:
        window = self._window
        names = [row.name for row in self._services.contacts.rows(ids[:1]).values()]
        question = f"Delete {names[0]}?" if len(ids) == 1 else f"Delete {len(ids):,} people?"
        answer = QMessageBox.question(
            window,
            "Delete",
            f"{question}\n\nYou can undo this with Edit → Undo (Ctrl+Z).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        window.contacts_page.editor.clear()
        window.undo_stack.push(
            DeleteContactsCommand(
                self._services.contacts,
                ids,
                names or ["person"],
                lambda message: QMessageBox.warning(window, "Undo failed", message),
            )
        )
        who = names[0] if len(ids) == 1 and names else count_of(len(ids), "person", "people")
        self._undoable_status(f"Deleted {who}. Ctrl+Z brings them back.")

    def _on_undo_index_changed(self, _index: int) -> None:
        """An undone (or redone) step makes "Deleted …" or "Captured …" untrue: it goes."""
        if not self._undoable_message or not isValid(self._window):  # (or: window closing)
            return
        status = self._window.statusBar()
        if status.currentMessage() == self._undoable_message:
            status.clearMessage()
        self._undoable_message = ""

    def _undoable_status(self, message: str, timeout: int = 8000) -> None:
        self._undoable_message = message
        self._status(message, timeout)

    def referral_recorded(self, contact_id: int) -> None:
        name = self._services.contacts.get(contact_id).display_name
        self._status(f"Referral recorded: {name} is in your contacts, with an outreach to-do.")

    # --- follow-ups --------------------------------------------------------

    def _context_person(self) -> int | None:
        """Whom a quick log is most likely about: the person on show."""
        if self._window.current_page() == CONTACTS_PAGE:
            return self._window.contacts_page.editor.contact_id
        return None

    def quick_log(self, contact_id: int | None = None) -> QuickLogDialog:
        """Ctrl+L from anywhere: log a call, a message, a coffee, a give or an ask."""
        dialog = QuickLogDialog(
            self._services.contacts,
            self._services.followups.interactions,
            self._window,
            contact_id if contact_id is not None else self._context_person(),
            clock=self._services.clock,
        )
        dialog.logged.connect(self._on_interaction_logged)
        self._window.show_dialog(dialog)
        return dialog

    def _on_interaction_logged(self, interaction) -> None:
        interactions = self._services.followups.interactions
        self._window.undo_stack.push(LoggedInteractionCommand(interactions, interaction))
        name = self._services.contacts.get(interaction.contact_id).display_name
        self._undoable_status(
            f"Logged on {name}'s timeline; keeping in touch starts again from then "
            "(Ctrl+Z undoes it)."
        )

    def capture_people(self, event_id: int | None = None) -> CaptureDialog:
        """Ctrl+Shift+M: the people met at an event (*event_id*, else the latest or a
        new one), one per line."""
        services = self._services
        dialog = CaptureDialog(services.events, self._window, services.clock, event_id or None)
        dialog.captured.connect(self._on_people_captured)
        self._window.show_dialog(dialog)
        return dialog

    def _on_people_captured(self, captured: Captured) -> None:
        window = self._window
        window.undo_stack.push(
            CaptureCommand(
                self._services.events,
                captured,
                lambda message: QMessageBox.warning(window, "Capture", message),
            )
        )
        self._undoable_status(capture_message(captured), 15_000)
        window.open_event(captured.event.id)  # who was met, and what comes of it

    def new_todo(self, contact_id: int | None = None):
        dialog = self._window.today_page.new_todo(
            contact_id if contact_id is not None else self._context_person()
        )
        self._window.last_dialog = dialog
        return dialog

    def record_outreach(self, contact_id: int | None = None):
        dialog = self._window.today_page.record_outreach(
            contact_id if contact_id is not None else self._context_person()
        )
        self._window.last_dialog = dialog
        return dialog

    def edit_reminders(self) -> None:
        self._window.last_dialog = self._window.today_page.edit_reminders()

    def notify_overdue_at_start(self) -> str | None:
        """A desktop notification when something is overdue, if the user turned it on
        (Reminders…). Returns the text shown, if any."""
        from PySide6.QtWidgets import QSystemTrayIcon

        today = self._services.followups.today
        if not today.notify_at_start():
            return None
        text = today.build().notification()
        if text is None or not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        window = self._window
        window.tray = QSystemTrayIcon(window.windowIcon(), window)
        window.tray.setToolTip(APP_NAME)
        window.tray.activated.connect(lambda _reason: self._show_today())
        window.tray.messageClicked.connect(self._show_today)
        window.tray.show()
        window.tray.showMessage(APP_NAME, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        return text

    def _show_today(self) -> None:
        self._window.raise_window()
        self._window.show_page(TODAY_PAGE)
