"""File dialogs that open where the user last went for the same purpose.

The folder is remembered per purpose ("import", "export", …) in the window's settings,
so an export goes back to where the last export went, and an import starts in the
folder the last export was picked from, not in Downloads again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

KEY = "folders/{purpose}"


class FileChooser:
    def __init__(self, settings: QSettings | None) -> None:
        self._settings = settings
        self._session: dict[str, str] = {}  # without settings (tests), for this run only

    def folder(self, purpose: str, default: Path) -> Path:
        """The last folder used for *purpose*, if it still exists; else *default* (or home)."""
        value = self._session.get(purpose)
        if value is None and self._settings is not None:
            value = self._settings.value(KEY.format(purpose=purpose), None, type=str)
        for candidate in (Path(value) if value else None, default):
            if candidate is not None and candidate.is_dir():
                return candidate
        return Path.home()

    def remember(self, purpose: str, path: Path) -> None:
        folder = str(path.parent)
        self._session[purpose] = folder
        if self._settings is not None:
            self._settings.setValue(KEY.format(purpose=purpose), folder)

    def open_file(
        self, parent: QWidget, purpose: str, title: str, filter_: str, default: Path
    ) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, title, str(self.folder(purpose, default)), filter_
        )
        return self._chosen(purpose, path)

    def save_file(
        self, parent: QWidget, purpose: str, title: str, name: str, filter_: str, default: Path
    ) -> Path | None:
        start = self.folder(purpose, default) / name
        path, _ = QFileDialog.getSaveFileName(parent, title, str(start), filter_)
        return self._chosen(purpose, path)

    def _chosen(self, purpose: str, path: str) -> Path | None:
        if not path:
            return None
        chosen = Path(path)
        self.remember(purpose, chosen)
        return chosen
