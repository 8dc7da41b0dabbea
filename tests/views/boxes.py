"""Answering a message box a user would answer, as the user does: by pressing a button."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox


def press_in_next_box(button_name: str, seen: list[str] | None = None) -> None:
    """When the next modal message box opens, press its button named *button_name*;
    its text goes into *seen* (when given) for the test to check."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)  # not open yet
            return
        if seen is not None:
            seen.append(f"{box.text()}\n{box.informativeText()}")
        box.findChild(QAbstractButton, button_name).click()

    QTimer.singleShot(0, press)
