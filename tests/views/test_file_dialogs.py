"""File dialogs open where the user last went for the same purpose, across restarts."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from netdesk.views.file_dialogs import FileChooser
from tests.helpers import HEADER_2018, write
from tests.views.windows import build_window


def test_export_and_import_dialogs_reopen_in_the_last_folder(
    qtbot, qapp, services, tmp_path, monkeypatch
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window, tasks = build_window(qtbot, qapp, services, settings)
    usb, downloads = tmp_path / "usb", tmp_path / "dl"
    usb.mkdir()
    downloads.mkdir()
    export = write(downloads / "Connections.csv", HEADER_2018 + "\nMia,Chen,,Northwind,Lead,")
    started: list[str] = []

    def save_dialog(parent, title, start, filter_):
        started.append(start)
        return str(usb / Path(start).name), filter_

    def open_dialog(parent, title, start, filter_):
        started.append(start)
        return str(export), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_dialog))
    export_csv = window.findChild(QAction, "exportCsvAction")
    export_csv.trigger()
    qtbot.waitUntil(lambda: (usb / "netdesk-people.csv").exists())
    export_csv.trigger()
    assert Path(started[-1]) == usb / "netdesk-people.csv"  # back where the last export went

    import_action = window.findChild(QAction, "importAction")
    import_action.trigger()
    qtbot.waitUntil(lambda: import_action.isEnabled() and services.contacts.counts().listed)
    window.last_dialog.close()  # the import's summary
    import_action.trigger()
    assert Path(started[-1]) == downloads  # imports remember their own folder
    tasks.wait(10_000)
    # Remembered across restarts, and forgotten once the folder is gone.
    again = FileChooser(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert again.folder("export", tmp_path) == usb
    shutil.rmtree(usb)
    assert again.folder("export", tmp_path) == tmp_path
