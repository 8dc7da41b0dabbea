"""Before a draft goes: its notes to self marked in the body, and the question to ask
about them (or an earlier email) when the user sends, saves or hands it over."""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QMessageBox, QWidget

from netdesk.services.drafts.warnings import NOTE_TO_SELF, DraftWarnings


class NoteToSelfHighlighter(QSyntaxHighlighter):
    """Marks every unfilled "[…]" in the body, so none reaches the recipient unseen."""

    def __init__(self, document) -> None:
        super().__init__(document)
        self.marked = QTextCharFormat()
        self.marked.setBackground(QColor("#ffe08a"))
        self.marked.setForeground(QColor("#3d2f00"))  # readable in the dark theme too

    def highlightBlock(self, text: str) -> None:
        for match in NOTE_TO_SELF.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.marked)


def ask_despite_warnings(parent: QWidget, warnings: DraftWarnings, action: str) -> bool:
    """True when the user goes ahead anyway; going back to edit is the default."""
    box = QMessageBox(parent)
    box.setObjectName("draftWarningsBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Before it goes")
    box.setText(warnings.describe())
    box.setInformativeText(f"{action} it anyway?")
    go_ahead = box.addButton(f"{action} anyway", QMessageBox.ButtonRole.AcceptRole)
    go_ahead.setObjectName("goAheadButton")
    back = box.addButton("Go back and edit", QMessageBox.ButtonRole.RejectRole)
    back.setObjectName("goBackButton")
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is go_ahead
