"""The question bank editor: add, reword and archive bank questions, every change undoable.

Its table, commands and the "answers across people" dialog live in `netdesk.views.bank`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import ValidationError
from netdesk.services.meetings.bank import BankQuestion
from netdesk.services.meetings.records import LAYERS
from netdesk.services.meetings.service import MeetingService
from netdesk.views.appearance import tone_sheet
from netdesk.views.bank.answers_dialog import show_answers_across_people
from netdesk.views.bank.commands import (
    AddBankQuestionCommand,
    ArchiveBankQuestionCommand,
    BankCommand,
    EditBankQuestionCommand,
    short,
)
from netdesk.views.bank.table import bank_table
from netdesk.views.empty_state import MUTED, EmptyState
from netdesk.views.models.question_models import QUESTION_COLUMN, BankTableModel


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
        self._notice(f"Archived “{short(question.text, 70)}”. Undo (Ctrl+Z) brings it back.")

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
