"""The framed card each step of the welcome screen sits on, and its wrapped rich text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class Card(QFrame):
    """A titled, rounded panel; subclasses add their content to `body`."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"#{name} {{ border: 1px solid palette(mid); border-radius: 10px; "
            "background: palette(base); }"
            # The card is the colour of a text box: its boxes get an edge of their own.
            f"#{name} QLineEdit {{ border: 1px solid palette(mid); border-radius: 4px; "
            "padding: 3px 4px; }"
        )
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 14, 18, 16)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 13pt; font-weight: 600; border: none;")
        self.body.addWidget(heading)


def rich_text(html: str) -> QLabel:
    """A wrapped label for a card (without the card's border)."""
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet("border: none;")
    return label
