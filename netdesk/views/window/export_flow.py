"""File → Export: people as CSV or vCard, everything as JSON, off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QMessageBox

from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.icons import set_icon
from netdesk.views.window.actions import make_action

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.views.main_window import MainWindow

# kind: (menu entry, object name, dialog title, file name, file filter)
EXPORTS = {
    "csv": (
        "People as &CSV…",
        "exportCsvAction",
        "People as CSV",
        "netdesk-people.csv",
        "CSV (*.csv)",
    ),
    "vcard": (
        "People as &vCard…",
        "exportVcardAction",
        "People as vCard",
        "netdesk-people.vcf",
        "vCard (*.vcf)",
    ),
    "json": (
        "&Everything as JSON…",
        "exportJsonAction",
        "Everything as JSON",
        "netdesk-export.json",
        "JSON (*.json)",
    ),
}


class ExportFlow(QObject):
    finished = Signal(object)  # the Path written

    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._tasks = tasks

    def fill_menu(self, menu: QMenu) -> None:
        menu.setObjectName("exportMenu")
        set_icon(menu.menuAction(), "export")
        for kind, (text, name, *_rest) in EXPORTS.items():
            menu.addAction(
                make_action(self._window, text, lambda k=kind: self.choose(k), name=name)
            )

    def choose(self, kind: str) -> None:
        _text, _name, title, file_name, filter_ = EXPORTS[kind]
        path = self._window.files.save_file(
            self._window, "export", f"Export {title}", file_name, filter_, Path.home() / "Documents"
        )
        if path is not None:
            self.export_to(path, kind)

    def export_to(self, path: Path, kind: str) -> None:
        """Write the export off the GUI thread (30,000 vCards take a moment)."""
        interchange = self._services.interchange
        status = self._window.statusBar()

        def work(progress):
            if kind == "json":
                return interchange.export_json(path).people
            write = interchange.export_csv if kind == "csv" else interchange.export_vcard
            return write(path)

        def done(count: int) -> None:
            people = count_of(count, "person", "people")
            status.showMessage(f"Exported {people} to {path}", 15_000)
            self.finished.emit(path)

        def failed(error: BaseException) -> None:
            QMessageBox.warning(self._window, "Export failed", f"{path}: {error}")

        status.showMessage(f"Exporting to {path.name}…")
        self._tasks.run(work, done, failed)
