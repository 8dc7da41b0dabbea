"""A view that gives way to a sentence when it has nothing to show, the empty state of a
whole page (what it is for, and the ways to start), and the muted text colour such
sentences and hints are written in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

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


def starting_page(title: QLabel, message: QLabel, buttons: list[QPushButton]) -> QWidget:
    """A page with nothing in it yet: its title, what it is for and the buttons that
    start it, centred at a reading width (an aligned label would lose its height)."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    column = QWidget()
    column.setMaximumWidth(600)
    column_layout = QVBoxLayout(column)
    for label in (title, message):
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column_layout.addWidget(label)
    column_layout.addSpacing(12)
    column_layout.addLayout(row)
    centred = QHBoxLayout()
    centred.addStretch(1)
    centred.addWidget(column, 3)
    centred.addStretch(1)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addLayout(centred)
    layout.addStretch(2)
    return page
