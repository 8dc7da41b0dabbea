"""Backups: the daily one, Back Up Now, and restoring one (checked, asked, reversible)."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from netdesk.errors import BackupError
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.window.actions import make_action

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.views.main_window import MainWindow

log = logging.getLogger(__name__)


class BackupFlow(QObject):
    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._tasks = tasks
        self.backup_action = make_action(
            window, "&Back Up Now", self.back_up_now, name="backupAction"
        )
        self.restore_action = make_action(
            window, "&Restore from Backup…", self.choose_restore, name="restoreAction"
        )

    def back_up_if_due(self) -> None:
        """The daily backup, off the GUI thread, when the newest is a day old."""
        backups = self._services.backups
        status = self._window.statusBar()

        def done(made) -> None:
            if made is not None:
                status.showMessage(f"Daily backup made: {made.path.name}", 8000)

        def failed(error: BaseException) -> None:
            log.warning("daily backup failed: %s", error)
            status.showMessage(f"The daily backup failed: {error}", 15_000)

        self._tasks.run(lambda progress: backups.back_up_if_due(), done, failed)

    def back_up_now(self):
        try:
            made = self._services.backups.back_up()
        except BackupError as error:
            QMessageBox.warning(self._window, "Backup failed", str(error))
            return None
        self._window.statusBar().showMessage(f"Backed up to {made.path}", 15_000)
        return made

    def choose_restore(self) -> None:
        self._window.mail.open_settings("Backups")

    def restore_backup(self, path: Path):
        """Check *path*, ask, back up the current data, restore, and show the result."""
        window = self._window
        if window.imports.importing:
            window.statusBar().showMessage("Wait for the import to finish, then restore.", 8000)
            return None
        window.meetings_page.save_pending()
        if not window.contacts_page.leave_editor():
            return None
        backups = self._services.backups
        try:
            check = backups.check(path)
        except BackupError as error:
            self._restore_failed(str(error))
            return None
        if not self._confirm(Path(path), check):
            return None
        self._tasks.wait(10_000)  # nothing else may write while the file is replaced
        try:
            result = backups.restore(path)
        except BackupError as error:
            self._restore_failed(str(error))
            return None
        # Undo history refers to the data as it was: it goes, with the person on show.
        window.undo_stack.clear()
        window.contacts_page.editor.clear()
        window.statusBar().showMessage(result.describe(), 20_000)
        for page in window.findChildren(QWidget, "backupsPage"):
            page.refresh()
        return result

    def _confirm(self, path: Path, check) -> bool:
        made = datetime.fromtimestamp(path.stat().st_mtime)
        people = count_of(check.people, "person", "people")
        meetings = count_of(check.meetings, "meeting")
        answer = QMessageBox.question(
            self._window,
            "Restore backup",
            f"Restore {path.name} (saved {made:%d %b %Y, %H:%M}, {people}, "
            f"{meetings})?\n\nEverything you changed since then is replaced "
            "by the backup. Your data as it is now is backed up first, so this can be "
            "reversed by restoring that copy.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _restore_failed(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Cannot restore this backup",
            message,
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setObjectName("restoreError")
        box.setInformativeText("Nothing was changed.")
        self._window.show_dialog(box)
