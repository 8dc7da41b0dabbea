"""Help: the keyboard shortcuts, About, and the data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

SHORTCUTS = [
    ("Ctrl+F", "Search people"),
    ("Ctrl+N", "New person"),
    ("Ctrl+S", "Save the person you are editing"),
    ("Delete", "Delete selected people"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("Ctrl+I", "Import a LinkedIn export"),
    ("Ctrl+L", "Log an interaction (a call, a message, a give or an ask)"),
    ("Ctrl+T", "New to-do"),
    ("Ctrl+Shift+M", "Capture the people met at an event, one per line"),
    ("Ctrl+Shift+D", "Review likely duplicate people (Ctrl+M merges a pair)"),
    ("S / Enter", "Events: star / open the person chosen in the event's list"),
    ("→ / Enter", "Today: show the people of an event's line / open the event"),
    ("Ctrl+,", "Settings: mail account, templates, calendar, general, appearance, backups"),
    ("Ctrl+Shift+N", "New meeting"),
    ("Alt+Up / Alt+Down", "Move the selected prepared question (or drag it)"),
    ("Ctrl+Shift+A", "Answers across people for the selected question"),
    ("F2 / Delete", "Question bank: reword / archive the selected question"),
    ("Ctrl+Q", "Quit"),
]


def shortcuts_box(parent: QWidget) -> QMessageBox:
    table = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in SHORTCUTS)
    return QMessageBox(
        QMessageBox.Icon.NoIcon,
        "Keyboard shortcuts",
        f"<table>{table}</table>",
        QMessageBox.StandardButton.Ok,
        parent,
    )


def show_data_folder(data_dir: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir)))
