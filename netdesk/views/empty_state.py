"""A view that gives way to a sentence when it has nothing to show, and the muted text
colour such sentences and hints are written in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

MUTED = "color: palette(placeholder-text);"


class EmptyState(QStackedWidget):
    """A view, or a sentence in its place when it has nothing to show."""

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel()
        self.message.setObjectName("emptyState")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MUTED + " font-size: 11pt; padding: 24px;")
        self.addWidget(view)
        self.addWidget(self.message)

    def show_view_or(self, has_rows: bool, message: str) -> None:
        self.message.setText(message)
        self.setCurrentIndex(0 if has_rows else 1)

    @property
    def is_empty(self) -> bool:
        return self.currentIndex() == 1
