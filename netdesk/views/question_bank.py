"""The question bank editor and the "answers across people" view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.contacts.records import ValidationError
from netdesk.services.meetings.bank import BankQuestion
from netdesk.services.meetings.records import LAYERS
from netdesk.services.meetings.service import MeetingService
from netdesk.views.appearance import tone_sheet
from netdesk.views.models.question_models import (
    QUESTION_COLUMN,
    AnswerTableModel,
    BankTableModel,
)

MUTED = "color: palette(placeholder-text);"


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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


def bank_table(model: BankTableModel) -> QTableView:
    """The bank as a table: short layer, the question (wrapped), how often it was answered."""
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(QUESTION_COLUMN, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


# --- undoable bank changes -----------------------------------------------
# The stack outlives any one bank dialog, so commands only talk to the service; an open
# dialog follows the stack's indexChanged to show the result.


class BankCommand(QUndoCommand):
    def __init__(self, text: str, meetings: MeetingService, question_id: int | None) -> None:
        super().__init__(text)
        self._meetings = meetings
        self.question_id = question_id  # the question to show after redo or undo


class AddBankQuestionCommand(BankCommand):
    """Undo archives the new question; redo brings the same one back (same id)."""

    def __init__(self, meetings: MeetingService, layer: str, text: str) -> None:
        super().__init__(f"Add question “{_short(text)}”", meetings, None)
        self._layer, self._words = layer, text

    def redo(self) -> None:
        if self.question_id is None:
            self.question_id = self._meetings.add_to_bank(self._layer, self._words).id
        else:
            self._meetings.archive_bank_question(self.question_id, archived=False)

    def undo(self) -> None:
        assert self.question_id is not None
        self._meetings.archive_bank_question(self.question_id)


class EditBankQuestionCommand(BankCommand):
    def __init__(self, meetings: MeetingService, question_id: int, old: str, new: str) -> None:
        super().__init__(f"Reword “{_short(old)}”", meetings, question_id)
        self._old, self._new = old, new

    def redo(self) -> None:
        self._meetings.edit_bank_question(self.question_id, self._new)

    def undo(self) -> None:
        self._meetings.edit_bank_question(self.question_id, self._old)


class ArchiveBankQuestionCommand(BankCommand):
    def __init__(self, meetings: MeetingService, question: BankQuestion) -> None:
        super().__init__(f"Archive “{_short(question.text)}”", meetings, question.id)

    def redo(self) -> None:
        self._meetings.archive_bank_question(self.question_id)

    def undo(self) -> None:
        self._meetings.archive_bank_question(self.question_id, archived=False)


# --- answers across people -----------------------------------------------


class AnswersAcrossPeopleDialog(QDialog):
    """Everyone's answer to one bank question, with dates; double-click opens the meeting."""

    def __init__(
        self, meetings: MeetingService, question_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("answersAcrossPeople")
        self.setWindowTitle("Answers across people")
        self.resize(760, 480)
        self.chosen_meeting_id: int | None = None
        question = meetings.bank_question(question_id)
        layer = QLabel(LAYERS.get(question.layer, question.layer).upper())
        layer.setStyleSheet(MUTED + " font-size: 8pt; font-weight: 600; letter-spacing: 1px;")
        self.question = QLabel(question.text)
        self.question.setObjectName("question")
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setStyleSheet(MUTED)

        self.model = AnswerTableModel(self)
        self.model.set_answers(meetings.answers_across_people(question_id))
        self.table = QTableView()
        self.table.setObjectName("answers")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 170)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.body = EmptyState(self.table)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(
            "&Open meeting", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(layer)
        layout.addWidget(self.question)
        layout.addWidget(self.summary)
        layout.addSpacing(4)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)

        count = self.model.rowCount()
        self.summary.setText(
            f"{count} answer{'s' if count != 1 else ''}, newest first · "
            "double-click one to open that meeting"
            if count
            else ""
        )
        self.summary.setVisible(bool(count))
        self.open_button.setEnabled(bool(count))
        self.body.show_view_or(
            bool(count),
            "Nobody has answered this question yet.\n\n"
            "Ask it in a meeting and type the answer under it:\n"
            "everyone's answers gather here, side by side.",
        )
        if count:
            self.table.selectRow(0)
            self.table.setFocus()

    def _open(self, row: int) -> None:
        meeting_id = self.model.meeting_id(row)
        if meeting_id is not None:
            self.chosen_meeting_id = meeting_id
            self.accept()


def show_answers_across_people(
    meetings: MeetingService, question_id: int, parent: QWidget | None
) -> int | None:
    """Show the answers modally; returns the meeting the user chose to open, if any."""
    dialog = AnswersAcrossPeopleDialog(meetings, question_id, parent)
    dialog.exec()
    return dialog.chosen_meeting_id


# --- the bank editor -----------------------------------------------------


class QuestionBankDialog(QDialog):
    """Add, reword and archive bank questions per layer; every change can be undone."""

    def __init__(
        self, meetings: MeetingService, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("questionBank")
        self.setWindowTitle("Question bank")
        self.resize(820, 600)
        self._meetings = meetings
        self._undo = undo_stack
        self.chosen_meeting_id: int | None = None
        self._undo_index = undo_stack.index()
        self._committing_edit = False

        intro = QLabel(
            "The questions you prepare meetings from. Double-click or press F2 to reword one; "
            "Delete archives it."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(MUTED)
        self.layer = QComboBox()
        self.layer.setObjectName("bankLayer")
        self.layer.setAccessibleName("Layer")
        self.layer.addItem("All layers", None)
        for key, label in LAYERS.items():
            self.layer.addItem(label, key)
        self.search = QLineEdit()
        self.search.setObjectName("bankSearch")
        self.search.setAccessibleName("Search the question bank")
        self.search.setPlaceholderText("Search the questions")
        self.search.setClearButtonEnabled(True)

        self.model = BankTableModel(self, editable=True)
        self.model.text_edited.connect(self._on_model_text_edited)
        self.table = bank_table(self.model)
        self.table.setObjectName("bankTable")
        self.table.setAccessibleName("Questions")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # F2 and double-click reword the question whichever cell is current.
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(self.edit_selected)
        self.body = EmptyState(self.table)

        self.new_layer = QComboBox()
        self.new_layer.setObjectName("newQuestionLayer")
        self.new_layer.setAccessibleName("Layer of the new question")
        for key, label in LAYERS.items():
            self.new_layer.addItem(label, key)
        self.new_text = QLineEdit()
        self.new_text.setObjectName("newQuestion")
        self.new_text.setAccessibleName("New question")
        self.new_text.setPlaceholderText("Write a new question and press Enter")
        self.new_text.returnPressed.connect(self.add_question)
        self.add_button = self._button("&Add", "Add the question to the bank (Enter)")
        self.add_button.clicked.connect(self.add_question)
        self.edit_button = self._button("&Reword", "Edit the selected question (F2)")
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button = self._button(
            "Arc&hive", "Hide the selected question from the bank (Delete); answers stay"
        )
        self.archive_button.clicked.connect(self.archive_selected)
        self.answers_button = self._button(
            "Answers across &people…", "What everyone answered to this question"
        )
        self.answers_button.clicked.connect(self.show_answers)
        self.undo_button = self._button("&Undo", "Undo the last change to the bank (Ctrl+Z)")
        self.undo_button.setObjectName("bankUndo")
        self.undo_button.clicked.connect(self._undo.undo)
        self.notice = QLabel()
        self.notice.setObjectName("bankNotice")
        self.notice.setStyleSheet(MUTED)
        self.notice.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.hide()

        # Delete only while the table itself has focus (an open cell editor keeps its Delete).
        archive_key = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        archive_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        archive_key.activated.connect(self.archive_selected)
        edit_key = QShortcut(QKeySequence(Qt.Key.Key_F2), self.table)
        edit_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        edit_key.activated.connect(self.edit_selected)
        for sequence, slot in (
            (QKeySequence.StandardKey.Undo, self._undo.undo),
            (QKeySequence.StandardKey.Redo, self._undo.redo),
        ):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        filters = QHBoxLayout()
        filters.addWidget(self.layer, 1)
        filters.addWidget(self.search, 2)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_layer, 1)
        add_row.addWidget(self.new_text, 3)
        add_row.addWidget(self.add_button)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.archive_button, self.answers_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.undo_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for button in close.buttons():
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.body, 1)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        layout.addSpacing(4)
        layout.addLayout(add_row)
        layout.addWidget(self.error)
        layout.addWidget(close)

        self.layer.currentIndexChanged.connect(self._on_filter_changed)
        self.search.textChanged.connect(self._on_filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self._undo.indexChanged.connect(self._on_undo_index_changed)
        self._following_undo = True
        self.reload()
        self.table.setFocus()

    def done(self, result: int) -> None:
        # The stack lives on with the page; a closed dialog must stop following it.
        if self._following_undo:
            self._undo.indexChanged.disconnect(self._on_undo_index_changed)
            self._following_undo = False
        super().done(result)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)  # Enter belongs to the new-question field
        return button

    # --- public ----------------------------------------------------------

    def reload(self, select: int | None = None, fallback_row: int = 0) -> None:
        """Re-query; select *select* if shown, else the row at *fallback_row* (clamped)."""
        layer, text = self.layer.currentData(), self.search.text()
        self.model.set_questions(self._meetings.bank(layer, text), self._meetings.answer_counts())
        count = self.model.rowCount()
        if text.strip():
            empty = f"No question in the bank matches “{text.strip()}”."
        else:
            empty = "No questions in this layer yet.\nWrite one below and press Enter."
        self.body.show_view_or(count > 0, empty)
        row = self.model.row_of(select) if select is not None else None
        if row is None and count:
            row = min(max(fallback_row, 0), count - 1)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, QUESTION_COLUMN))
        self._update_buttons()

    def selected_question(self) -> BankQuestion | None:
        index = self.table.currentIndex()
        return self.model.question(index.row()) if index.isValid() else None

    def add_question(self) -> None:
        text = " ".join(self.new_text.text().split())
        layer = self.new_layer.currentData()
        if not text:
            self._show_error("Write the question first.")
            return
        if self.layer.currentData() not in (None, layer) or self.search.text():
            self._set_filters_quietly(None, "")  # show the new question, whatever the filter
        try:
            self._undo.push(AddBankQuestionCommand(self._meetings, layer, text))
        except ValidationError as error:
            self._show_error(" ".join(error.errors.values()))
            return
        self.new_text.clear()
        self._notice(f"Added to {LAYERS[layer].lower()}. Undo (Ctrl+Z) takes it out again.")

    def edit_selected(self, *_args) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            cell = self.model.index(index.row(), QUESTION_COLUMN)
            self.table.setCurrentIndex(cell)
            self.table.edit(cell)

    def archive_selected(self) -> None:
        question = self.selected_question()
        if question is None:
            return
        self._undo.push(ArchiveBankQuestionCommand(self._meetings, question))
        self._notice(f"Archived “{_short(question.text, 70)}”. Undo (Ctrl+Z) brings it back.")

    def show_answers(self) -> None:
        question = self.selected_question()
        if question is None:
            return
        chosen = show_answers_across_people(self._meetings, question.id, self)
        if chosen is not None:
            self.chosen_meeting_id = chosen
            self.accept()

    # --- internals -------------------------------------------------------

    def _on_undo_index_changed(self, index: int) -> None:
        """After any do, undo or redo: show the bank as it is, on the question concerned."""
        done = index > self._undo_index
        self._undo_index = index
        if self._committing_edit:
            return  # the view is inside its edit commit; the model already shows the words
        command = self._undo.command(index - 1 if done else index)
        question_id = command.question_id if isinstance(command, BankCommand) else None
        # An archived question vanishes: its neighbour takes its row and the selection.
        self.reload(question_id, fallback_row=self.table.currentIndex().row())
        self._update_buttons()

    def _on_model_text_edited(self, question_id: int, old: str, new: str) -> None:
        self._committing_edit = True
        try:
            self._undo.push(EditBankQuestionCommand(self._meetings, question_id, old, new))
        finally:
            self._committing_edit = False
        self._notice("Reworded. Undo (Ctrl+Z) restores the old wording.")

    def _set_filters_quietly(self, layer: str | None, text: str) -> None:
        for widget in (self.layer, self.search):
            widget.blockSignals(True)
        self.layer.setCurrentIndex(self.layer.findData(layer))
        self.search.setText(text)
        for widget in (self.layer, self.search):
            widget.blockSignals(False)

    def _on_filter_changed(self, *_args) -> None:
        layer = self.layer.currentData()
        if layer is not None:
            self.new_layer.setCurrentIndex(self.new_layer.findData(layer))
        selected = self.selected_question()
        self.reload(selected.id if selected else None)

    def _update_buttons(self, *_args) -> None:
        has_selection = self.selected_question() is not None
        for button in (self.edit_button, self.archive_button, self.answers_button):
            button.setEnabled(has_selection)
        self.undo_button.setEnabled(self._undo.canUndo())
        self.undo_button.setToolTip(
            f"{self._undo.undoText()} (Ctrl+Z)" if self._undo.canUndo() else "Nothing to undo"
        )

    def _notice(self, text: str) -> None:
        self.error.hide()
        self.notice.setText(text)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
