"""Importing files (LinkedIn exports, vCards, Google CSV) and the sample network, one
after another off the GUI thread, with progress, a summary and Undo Last Import."""

from __future__ import annotations

import logging
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QProgressBar

from netdesk.errors import ImportFormatError, NothingToUndo
from netdesk.services.changes import Change
from netdesk.services.imports.activity import ActivitySummary, is_activity_file
from netdesk.services.imports.jobs import JobsImportService, JobsSummary
from netdesk.services.imports.jobs_files import is_jobs_file
from netdesk.services.imports.summary import ImportSummary
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.import_summary import ImportSummaryDialog
from netdesk.views.window.actions import make_action

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.views.main_window import MainWindow

log = logging.getLogger(__name__)
LINKEDIN_FILTER = (
    "LinkedIn export (*.zip *.csv);;Contacts (*.vcf *.vcard *.csv *.json);;All files (*)"
)
# NetDesk's own exports come back through the same import (its JSON only into an empty one).
CONTACTS_FILTER = (
    "Contacts (*.vcf *.vcard *.csv *.json);;vCard (*.vcf *.vcard);;Google Contacts CSV (*.csv)"
    ";;NetDesk export (*.csv *.json)"
)


class ImportFlow(QObject):
    finished = Signal(object)  # ImportSummary
    failed = Signal(str)

    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._tasks = tasks
        self._pending: deque[Path] = deque()
        self._current: Path | None = None  # None for the sample network
        self.importing = False
        self._jobs_said = ""  # what an export's job files added, said with its summary
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.import_action = make_action(
            window, "&Import LinkedIn Export…", self.choose_file, "Ctrl+I", "importAction", "import"
        )
        self.contacts_action = make_action(
            window,
            "Import &Contacts (vCard, Google CSV)…",
            self.choose_contacts_file,
            name="importContactsAction",
        )
        self.sample_action = make_action(
            window, "Load &Sample Network", self.load_sample_network, name="sampleAction"
        )
        self.undo_action = make_action(
            window, "Undo Last &Import…", self.confirm_undo, name="undoImportAction"
        )
        window.changes.changed.connect(self._on_changed)
        self._update_undo_action()

    def _on_changed(self, change: Change) -> None:
        if change & (Change.IMPORTS | Change.PEOPLE):
            self._update_undo_action()

    def _update_undo_action(self) -> None:
        last = self._services.imports.last_batch()
        self.undo_action.setEnabled(last is not None and not self.importing)

    # --- choosing and queueing ---------------------------------------------

    def choose_file(self) -> None:
        self._choose("Import LinkedIn export", LINKEDIN_FILTER, Path.home() / "Downloads")

    def choose_contacts_file(self) -> None:
        self._choose("Import contacts", CONTACTS_FILTER, Path.home())

    def _choose(self, title: str, filter_: str, start: Path) -> None:
        path = self._window.files.open_file(self._window, "import", title, filter_, start)
        if path is not None:
            self.import_paths([path])

    def import_paths(self, paths: list[Path]) -> None:
        """Queue files for import; they run one after another off the GUI thread."""
        self._pending.extend(paths)
        if not self.importing:
            self._start_next()

    def load_sample_network(self) -> None:
        if self.importing:
            return
        self._begin("Loading the sample network…")
        imports = self._services.imports
        self._tasks.run(
            lambda progress: imports.import_sample_network(),
            self._on_done,
            self._on_error,
            self._on_progress,
        )

    def _start_next(self) -> None:
        if not self._pending:
            return
        path = self._pending.popleft()
        self._current = path
        self._begin(f"Importing {path.name}…")
        if is_jobs_file(path):  # Job Applications.csv or Saved Jobs.csv alone
            jobs = self._job_import()
            self._tasks.run(
                lambda progress: jobs.import_jobs(path, progress),
                self._on_done,
                self._on_error,
                self._on_progress,
            )
            return
        if is_activity_file(path):
            activity = self._services.followups.activity
            self._tasks.run(
                lambda progress: activity.import_activity(path, progress),
                self._on_activity_done,
                self._on_error,
                self._on_progress,
            )
            return
        if path.is_dir() or path.suffix.lower() == ".zip":
            self._import_jobs_of(path, then=lambda: self._import_people_of(path))
            return
        self._import_people_of(path)

    def _import_people_of(self, path: Path) -> None:
        # LinkedIn's export, a vCard file or a Google Contacts CSV: the file says which.
        interchange = self._services.interchange
        self._tasks.run(
            lambda progress: interchange.import_file(path, progress),
            self._on_done,
            self._on_error,
            self._on_progress,
        )

    # --- running -----------------------------------------------------------

    def _begin(self, message: str) -> None:
        self.importing = True
        for action in (self.import_action, self.sample_action, self.undo_action):
            action.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self._window.statusBar().showMessage(message)

    def _end(self) -> None:
        self.importing = False
        self._current = None
        self.progress.hide()
        self.import_action.setEnabled(True)
        self.sample_action.setEnabled(True)
        self._update_undo_action()

    def _on_progress(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        self._window.statusBar().showMessage(message)

    def _on_done(self, summary: ImportSummary) -> None:
        path = self._current
        self._end()
        self._checkpoint_in_background()
        if path is None:
            loaded = count_of(summary.added, "invented person", "invented people")
            message = f"Sample network loaded: {loaded}. Edit → Undo Last Import removes it."
        else:
            self._import_activity_of(path)
            message = " ".join(filter(None, (summary.describe(), self._jobs_said)))
            self._jobs_said = ""
        self._window.statusBar().showMessage(message, 15_000)
        dialog = ImportSummaryDialog(summary, self._window, sample=path is None)
        dialog.undo_requested.connect(lambda _batch: self.undo_last_import())
        dialog.finished.connect(lambda _result: self._start_next())
        self._window.show_dialog(dialog)
        self.finished.emit(summary)

    def _on_error(self, error: BaseException) -> None:
        self._end()
        if isinstance(error, ImportFormatError):
            message = str(error)
            title = "Could not import this file"
            detail = "Nothing was changed."
        else:
            log.exception("import failed", exc_info=error)
            message = f"{type(error).__name__}: {error}"
            title = "The import failed"
            detail = "Nothing was changed; the import was rolled back."
        self._window.statusBar().showMessage(f"{title}: {message}", 15_000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self._window
        )
        box.setObjectName("importError")
        if not _says_nothing_changed(message):  # most refusals say it themselves
            box.setInformativeText(detail)
        box.finished.connect(lambda _result: self._start_next())
        self._window.show_dialog(box)
        self.failed.emit(message)

    def _checkpoint_in_background(self) -> None:
        """The import's commit left its pages in the write-ahead log (the user did not
        wait for them to be copied); copy them now, while the summary is read."""
        imports = self._services.imports

        def failed(error: BaseException) -> None:  # SQLite copies them at a later checkpoint
            log.warning("checkpoint after the import failed: %s", error)

        self._tasks.run(lambda _progress: imports.checkpoint(), lambda _result: None, failed)

    # --- LinkedIn messages and invitations ---------------------------------

    def _import_activity_of(self, path: Path) -> None:
        """After an export's connections: last-interaction dates from its messages and
        invitations, if it has them (a quiet second step; the summary is already up)."""
        if not (path.is_dir() or path.suffix.lower() == ".zip"):
            return
        activity = self._services.followups.activity
        status = self._window.statusBar()

        def done(summary: ActivitySummary) -> None:
            if summary.files:
                status.showMessage(summary.describe(), 15_000)

        def failed(error: BaseException) -> None:
            log.warning("LinkedIn activity import failed: %s", error)
            status.showMessage(f"Messages and invitations not read: {error}", 15_000)

        self._tasks.run(lambda progress: activity.import_activity(path), done, failed)

    def _import_jobs_of(self, path: Path, then) -> None:
        """First the export's job applications and saved jobs, if it has them: a batch of
        their own, before the connections' (whose summary's Undo then takes back the
        connections, and Undo Last Import after it these)."""
        jobs = self._job_import()
        status = self._window.statusBar()

        def done(summary: JobsSummary | None) -> None:
            self._jobs_said = summary.describe() if summary is not None else ""
            then()

        def failed(error: BaseException) -> None:
            log.warning("LinkedIn jobs import failed: %s", error)
            status.showMessage(f"Job applications and saved jobs not read: {error}", 15_000)
            then()

        self._tasks.run(lambda progress: jobs.import_jobs_if_any(path), done, failed)

    def _job_import(self) -> JobsImportService:
        services = self._services
        return JobsImportService(services.db, services.clock, services.changes)

    def _on_activity_done(self, summary: ActivitySummary) -> None:
        self._end()
        self._window.statusBar().showMessage(summary.describe(), 15_000)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "LinkedIn messages and invitations",
            summary.describe(),
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setObjectName("activitySummary")
        box.finished.connect(lambda _result: self._start_next())
        self._window.show_dialog(box)

    # --- undo --------------------------------------------------------------

    def confirm_undo(self) -> None:
        preview = self._services.imports.undo_preview()
        if preview is None:
            return
        batch = preview.batch
        answer = QMessageBox.question(
            self._window,
            "Undo import",
            f"Undo the import of {batch.file_name} ({batch.imported_at})?\n\n" + preview.describe(),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.undo_last_import()

    def undo_last_import(self) -> None:
        if not self._window.contacts_page.leave_editor():
            return  # the user kept editing: their unsaved changes come first
        try:
            result = self._services.imports.undo_last_import()
        except NothingToUndo as error:
            self._window.statusBar().showMessage(str(error), 8000)
            return
        self._window.statusBar().showMessage(result.describe(), 15_000)


def _says_nothing_changed(message: str) -> bool:
    folded = message.casefold()
    return "nothing was imported" in folded or "nothing changed" in folded
