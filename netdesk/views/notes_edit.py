"""A comfortable writing surface for meeting notes: rich text stored as Markdown."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QMimeData, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeyEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextListFormat,
)
from PySide6.QtWidgets import QInputDialog, QTextEdit, QToolBar, QWidget

HEADING_SIZE_ADJUSTMENT = {1: 2, 2: 1, 3: 0}  # Qt's relative font steps for # ## ###
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class NotesEdit(QTextEdit):
    """Notes with headings, lists, bold, italic and links; pasted web pages arrive clean.

    The formatting keys are taken before the window's shortcuts while the notes have
    focus, so Ctrl+I means italic here even though it means Import elsewhere.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._keys = {
            (CTRL, Qt.Key.Key_B): self.toggle_bold,
            (CTRL, Qt.Key.Key_I): self.toggle_italic,
            (CTRL, Qt.Key.Key_K): self.ask_for_link,
            (CTRL, Qt.Key.Key_0): lambda: self.set_heading(0),
            (CTRL, Qt.Key.Key_1): lambda: self.set_heading(1),
            (CTRL, Qt.Key.Key_2): lambda: self.set_heading(2),
            (CTRL, Qt.Key.Key_3): lambda: self.set_heading(3),
            (CTRL | SHIFT, Qt.Key.Key_L): lambda: self.toggle_list(numbered=False),
            (CTRL | SHIFT, Qt.Key.Key_O): lambda: self.toggle_list(numbered=True),
        }

    # --- keys ----------------------------------------------------------------

    def _handler(self, event: QKeyEvent):
        return self._keys.get((event.modifiers(), Qt.Key(event.key())))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._handler(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        handler = self._handler(event)
        if handler is not None:
            handler()
            event.accept()
        elif not (event.key() == Qt.Key.Key_Space and self._apply_line_prefix()):
            super().keyPressEvent(event)

    def _apply_line_prefix(self) -> bool:
        """Markdown habits at the start of a line: "# " heading, "* " or "- " list, "1. "."""
        cursor = self.textCursor()
        if cursor.hasSelection() or cursor.currentList() is not None:
            return False
        prefix = cursor.block().text()[: cursor.positionInBlock()]
        action = {
            "#": partial(self.set_heading, 1),
            "##": partial(self.set_heading, 2),
            "###": partial(self.set_heading, 3),
            "*": partial(self.toggle_list, numbered=False),
            "-": partial(self.toggle_list, numbered=False),
            "1.": partial(self.toggle_list, numbered=True),
            "1)": partial(self.toggle_list, numbered=True),
        }.get(prefix)
        if action is None:
            return False
        cursor.beginEditBlock()  # one undo step takes the formatting back
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self.setTextCursor(cursor)
        action()
        cursor.endEditBlock()
        return True

    # --- formatting ----------------------------------------------------------

    def toggle_bold(self) -> None:
        bold = self.fontWeight() < QFont.Weight.Bold
        self._merge(weight=QFont.Weight.Bold if bold else QFont.Weight.Normal)

    def toggle_italic(self) -> None:
        self._merge(italic=not self.fontItalic())

    def _merge(self, weight=None, italic=None) -> None:
        char = QTextCharFormat()
        if weight is not None:
            char.setFontWeight(weight)
        if italic is not None:
            char.setFontItalic(italic)
        # With a selection it changes; without, what is typed next does.
        self.mergeCurrentCharFormat(char)

    def toggle_heading(self) -> None:
        self.set_heading(0 if self.textCursor().blockFormat().headingLevel() else 2)

    def set_heading(self, level: int) -> None:
        """Level 1-3 makes the paragraph a heading (# to ### in Markdown); 0 makes it text."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        block = cursor.blockFormat()
        block.setHeadingLevel(level)
        cursor.setBlockFormat(block)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        char = QTextCharFormat()
        char.setFontWeight(QFont.Weight.Bold if level else QFont.Weight.Normal)
        char.setProperty(
            QTextFormat.Property.FontSizeAdjustment, HEADING_SIZE_ADJUSTMENT.get(level, 0)
        )
        cursor.mergeCharFormat(char)
        cursor.endEditBlock()
        self.mergeCurrentCharFormat(char)

    def toggle_list(self, numbered: bool) -> None:
        style = QTextListFormat.Style.ListDecimal if numbered else QTextListFormat.Style.ListDisc
        cursor = self.textCursor()
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            for index in reversed(range(current.count())):  # back to plain paragraphs
                item = current.item(index)
                current.remove(item)
                block = item.blockFormat()
                block.setIndent(0)
                QTextCursor(item).setBlockFormat(block)
        else:
            cursor.createList(style)
        cursor.endEditBlock()

    def ask_for_link(self) -> None:
        cursor = self.textCursor()
        url, ok = QInputDialog.getText(self, "Insert link", "Address (https://…)")
        if ok and url.strip():
            self.insert_link(url.strip(), cursor.selectedText())

    def insert_link(self, url: str, text: str = "") -> None:
        if "://" not in url and not url.startswith("mailto:"):
            url = "https://" + url
        link = QTextCharFormat()
        link.setAnchor(True)
        link.setAnchorHref(QUrl(url).toString())
        link.setForeground(self.palette().link())
        link.setFontUnderline(True)
        cursor = self.textCursor()
        cursor.insertText(text or url, link)
        cursor.setCharFormat(QTextCharFormat())  # typing after the link is plain again
        self.setTextCursor(cursor)
        self.setCurrentCharFormat(QTextCharFormat())

    # --- pasting -------------------------------------------------------------

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Web pages come with styles, scripts and tracking; keep only the structure."""
        if source.hasHtml():
            document = QTextDocument()
            document.setHtml(source.html())
            self.textCursor().insertMarkdown(document.toMarkdown())
        else:
            super().insertFromMimeData(source)


def notes_toolbar(notes: NotesEdit) -> QToolBar:
    """Buttons for the formatting keys, so that they can be found without a manual."""
    bar = QToolBar()
    bar.setObjectName("notesToolbar")
    bar.setAccessibleName("Notes formatting")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    entries = [
        ("Heading", "Heading (Ctrl+1, Ctrl+2, Ctrl+3; Ctrl+0 for text)", notes.toggle_heading),
        ("Bold", "Bold (Ctrl+B)", notes.toggle_bold),
        ("Italic", "Italic (Ctrl+I)", notes.toggle_italic),
        ("• List", "Bullet list (Ctrl+Shift+L, or type “* ”)", lambda: notes.toggle_list(False)),
        ("1. List", "Numbered list (Ctrl+Shift+O)", lambda: notes.toggle_list(True)),
        ("Link…", "Link (Ctrl+K)", notes.ask_for_link),
        ("Undo", "Undo (Ctrl+Z)", notes.undo),
        ("Redo", "Redo (Ctrl+Shift+Z)", notes.redo),
    ]
    for text, tip, slot in entries:
        action = QAction(text, bar)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        bar.addAction(action)
    bold = bar.actions()[1].font()
    bold.setBold(True)
    bar.actions()[1].setFont(bold)
    italic = bar.actions()[2].font()
    italic.setItalic(True)
    bar.actions()[2].setFont(italic)
    return bar
