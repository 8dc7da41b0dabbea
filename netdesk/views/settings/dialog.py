"""Edit → Settings: pages on the left (mail account, email templates, calendar, contacts
sync, then General, Appearance, Backups), one page at a time on the right."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListView,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.mail.account import MailAccountService
from netdesk.services.mail.transport import MailTransport
from netdesk.services.templates import TemplateService
from netdesk.tasks import TaskRunner
from netdesk.views.settings.calendar_page import CalendarPage
from netdesk.views.settings.calendar_preferences import CalendarPreferences
from netdesk.views.settings.contacts_page import ContactsPage
from netdesk.views.settings.contacts_preferences import ContactsPreferences
from netdesk.views.settings.mail_page import MailAccountPage
from netdesk.views.settings.scan_preferences import ScanPreferences
from netdesk.views.settings.templates_page import TemplatesPage


class SettingsDialog(QDialog):
    """Pages on the left, one page at a time on the right."""

    PAGES = ("Mail account", "Email templates")

    def __init__(
        self,
        accounts: MailAccountService,
        templates: TemplateService,
        transport: MailTransport,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        extra_pages: Sequence[tuple[str, QWidget]] = (),
        scan: ScanPreferences | None = None,
        calendar: CalendarPreferences | None = None,
        contacts: ContactsPreferences | None = None,
    ) -> None:
        """*extra_pages* (title, page) follow the mail and calendar pages: General,
        Appearance, Backups; *scan*: the mail scan's preferences, on the mail account
        page; *calendar*: the calendar account, on a page of its own; *contacts*: the CardDAV
        account, on the page after it."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.resize(1100, 740)
        # Each box's title is the heading of what it holds (the text inside stays plain).
        self.setStyleSheet("QGroupBox { font-weight: 600; }")
        self.mail_page = MailAccountPage(accounts, transport, tasks, self, scan)
        self.templates_page = TemplatesPage(templates, self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.mail_page)
        self.pages.addWidget(self.templates_page)
        self.titles = list(self.PAGES)
        self.calendar_page = None
        if calendar is not None:
            self.calendar_page = CalendarPage(calendar, tasks, self)
            self.pages.addWidget(self.calendar_page)
            self.titles.append("Calendar")
        self.contacts_page = None
        if contacts is not None:
            self.contacts_page = ContactsPage(contacts, tasks, self)
            self.pages.addWidget(self.contacts_page)
            self.titles.append("Contacts sync")
        for title, page in extra_pages:
            page.setParent(self)
            self.pages.addWidget(page)
            self.titles.append(title)
        self.navigation = QListView()
        self.navigation.setObjectName("settingsPages")
        self.navigation.setAccessibleName("Settings pages")
        self.navigation.setModel(QStringListModel(self.titles, self))
        self.navigation.setMaximumWidth(140)
        self.navigation.setStyleSheet("QListView::item { padding: 6px 8px; }")
        self.navigation.selectionModel().currentRowChanged.connect(self._on_page_changed)
        self.navigation.setCurrentIndex(self.navigation.model().index(0, 0))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveSettings")
        self.save_button.setToolTip("Save this page (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

    def _on_page_changed(self, current, _previous) -> None:
        self.pages.setCurrentIndex(current.row())

    def save(self) -> bool:
        """Save the page on show (the button is shared by both pages)."""
        page = self.pages.currentWidget()
        return page.save()

    def show_page(self, row: int | str) -> None:
        """Show a page by its row or its title ("Backups")."""
        if isinstance(row, str):
            row = self.titles.index(row)
        self.navigation.setCurrentIndex(self.navigation.model().index(row, 0))

    def reject(self) -> None:
        if self.templates_page.is_dirty() and not self.templates_page.save():
            # It cannot be saved as it is (the error is on show): fix it, or let it go.
            self.show_page(1)
            answer = QMessageBox.question(
                self,
                "Template not saved",
                "This template has an error and cannot be saved. Close and discard your "
                "changes to it?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        if not self._may_close(self.mail_page, "Mail account", "your mail account"):
            return
        calendar = self.calendar_page
        if calendar is not None and not self._may_close(
            calendar, "Calendar", "your calendar account"
        ):
            return
        contacts = self.contacts_page
        if contacts is not None and not self._may_close(
            contacts, "Contacts sync", "your address book account"
        ):
            return
        super().reject()

    def _may_close(self, page: QWidget, title: str, what: str) -> bool:
        """False when the page has changes the user keeps (Cancel, or they cannot be saved)."""
        if not page.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            f"Unsaved {what.removeprefix('your ')}",
            f"Save the changes to {what}?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Cancel or (
            answer == QMessageBox.StandardButton.Save and not page.save()
        ):
            self.show_page(title)
            return False
        return True
