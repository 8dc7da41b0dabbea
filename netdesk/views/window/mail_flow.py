"""Settings (mail account, templates, general, appearance, backups, security) and email drafts:
thank-yous, check-ins, introductions, a draft that fits someone now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from netdesk.tasks import TaskRunner

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.drafts.service import SentOutcome
    from netdesk.views.main_window import MainWindow


class MailFlow(QObject):
    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._tasks = tasks

    # --- settings ----------------------------------------------------------

    def open_settings(self, page: int | str = 0):
        """Edit → Settings (Ctrl+,): mail account, email templates, Calendar, Contacts sync,
        General, Appearance and Backups (*page* by row or title)."""
        from netdesk.views.settings.calendar_preferences import CalendarPreferences
        from netdesk.views.settings.contacts_preferences import ContactsPreferences
        from netdesk.views.settings.dialog import SettingsDialog
        from netdesk.views.settings.scan_preferences import ScanPreferences

        mail = self._services.mail
        dialog = SettingsDialog(
            mail.accounts,
            mail.templates,
            mail.transport,
            self._tasks,
            self._window,
            extra_pages=self._preference_pages(),
            scan=ScanPreferences(self._services),
            calendar=CalendarPreferences(self._services),
            contacts=ContactsPreferences(self._services),
        )
        dialog.show_page(page)
        for draft in self._window.findChildren(QWidget, "draftDialog"):
            dialog.mail_page.saved.connect(draft.account_changed)
        self._window.show_dialog(dialog)
        return dialog

    def _preference_pages(self) -> list[tuple[str, QWidget]]:
        from netdesk.views.settings.appearance_page import AppearancePage
        from netdesk.views.settings.backups_page import BackupsPage
        from netdesk.views.settings.general_page import GeneralPage
        from netdesk.views.settings.security_page import SecurityPage

        paths = self._services.paths
        general = GeneralPage(paths.data_dir, paths.database, True)
        general.reminders_requested.connect(self._window.followups.edit_reminders)
        backups = BackupsPage(self._services.backups)
        backups.restore_requested.connect(self._window.backups.restore_backup)
        return [
            ("General", general),
            ("Appearance", AppearancePage(self._window.settings)),
            ("Backups", backups),
            (
                "Security",
                SecurityPage(
                    self._services.encryption, self._tasks, paths.database, self.release_database
                ),
            ),
        ]

    def release_database(self) -> str | None:
        """Before the file is encrypted or decrypted: nothing may hold it. Waits for the
        background work and closes the GUI thread's connection; None when it is free,
        else why not (the caller then changes nothing)."""
        from PySide6.QtWidgets import QApplication

        window = self._window
        if window.imports.importing:
            return "An import is running: wait for it to finish, then try again."
        window.meetings_page.save_pending()
        if not window.contacts_page.leave_editor():
            return "The person you are editing has changes that cannot be saved yet."
        busy = "Background work (a sync or a backup) is still running: try again in a moment."
        if not self._tasks.wait(30_000):
            return busy
        QApplication.processEvents()  # their results are shown now, not during the conversion
        if not self._tasks.wait(30_000):  # ...and whatever those results started
            return busy
        self._services.encryption.release_this_thread()
        return None

    def profile_changed(self) -> None:
        """My name or role changed: open drafts not yet edited are written again."""
        for draft in self._window.findChildren(QWidget, "draftDialog"):
            draft.account_changed()

    # --- drafts ------------------------------------------------------------

    def write_thank_you(self, meeting_id: int):
        people = self._services.mail.drafts.recipients(meeting_id)
        if not people:
            self._window.meetings_page.editor.error.setText(
                "Add the person you met first: the thank-you goes to them."
            )
            return None
        return self._open_draft(people[0][0], meeting_id, people)

    def write_email(self, contact_id: int, purpose: str | None = None):
        """A draft to one person: what fits them now, or a template of *purpose*."""
        name = self._services.contacts.get(contact_id).display_name
        return self._open_draft(contact_id, None, [(contact_id, name)], purpose)

    def write_job_email(self, contact_id: int, purpose: str, job):
        """From the Search page: a referral request for the application *job* names, or
        an informational-interview request naming its organisation."""
        name = self._services.contacts.get(contact_id).display_name
        return self._open_draft(contact_id, None, [(contact_id, name)], purpose, job=job)

    def write_check_in(self, contact_id: int):
        return self.write_email(contact_id, "keep_in_touch")

    def ask_for_introduction(self, introducer_id: int, target_id: int):
        """A ready email asking *introducer_id* to introduce the user to *target_id*."""
        name = self._services.contacts.get(introducer_id).display_name
        return self._open_draft(
            introducer_id, None, [(introducer_id, name)], "introduction", target_id
        )

    def _open_draft(
        self,
        contact_id: int,
        meeting_id: int | None,
        people,
        purpose: str | None = None,
        introduction_to: int | None = None,
        job=None,
    ):
        from netdesk.views.drafts.dialog import DraftDialog

        mail = self._services.mail
        dialog = DraftDialog(
            mail.drafts,
            mail.accounts,
            mail.transport,
            self._tasks,
            self._services.paths.data_dir / "drafts",
            people,
            contact_id,
            meeting_id,
            self._window,
            purpose,
            clock=self._services.clock,
            introduction_to=introduction_to,
            job=job,
        )
        dialog.sent.connect(self._on_draft_sent)
        # A bound method, not a lambda holding the dialog: a closure on its own signal
        # keeps the Python wrapper alive into the C++ destructor and crashes on delete.
        dialog.settings_requested.connect(self.open_settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()  # not modal: the user may look things up while writing
        self._window.last_dialog = dialog
        return dialog

    def _on_draft_sent(self, outcome: SentOutcome) -> None:
        parts = ["Email logged on their timeline"]
        if outcome.completed:
            parts.append(f"{len(outcome.completed)} to-do done")
        if outcome.scheduled is not None and outcome.scheduled.due_on is not None:
            parts.append(
                f"reminder to share something of value on {outcome.scheduled.due_on:%d %b}"
            )
        self._window.statusBar().showMessage("; ".join(parts) + ".", 15_000)
