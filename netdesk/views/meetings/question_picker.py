"""The question picker: choose questions from the bank (search, per layer), or write one."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QUndoStack
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

from netdesk.services.meetings.records import LAYERS, PreparedQuestion
from netdesk.services.meetings.service import MeetingService
from netdesk.views.bank.answers_dialog import show_answers_across_people
from netdesk.views.bank.dialog import QuestionBankDialog
from netdesk.views.bank.table import bank_table
from netdesk.views.empty_state import MUTED, EmptyState
from netdesk.views.models.question_models import BankTableModel


class QuestionPickerDialog(QDialog):
    """Pick questions from the bank (search, per layer), or write a one-off question."""

    def __init__(
        self,
        meetings: MeetingService,
        parent: QWidget | None = None,
        bank_undo: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("questionPicker")
        self.setWindowTitle("Add questions")
        self.resize(760, 560)
        self._meetings = meetings
        self._bank_undo = bank_undo or QUndoStack(self)
        self.chosen_meeting_id: int | None = None  # set when the user asks to open a meeting
        self._picked: set[int] = set()  # kept while the user searches and switches layers
        self._restoring = False
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the question bank")
        self.search.setClearButtonEnabled(True)
        self.layer = QComboBox()
        self.layer.addItem("All layers", None)
        for key, label in LAYERS.items():
            self.layer.addItem(label, key)
        self.model = BankTableModel(self)
        self.list = bank_table(self.model)
        self.list.setObjectName("bankPicker")
        self.list.setAccessibleName("Questions in the bank")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.doubleClicked.connect(self.accept)
        self.body = EmptyState(self.list)
        hint = QLabel("Ctrl+click or Shift+click to choose several; double-click adds one.")
        hint.setStyleSheet(MUTED)
        self.answers_button = QPushButton("Answers across &people…")
        self.answers_button.setToolTip("What everyone answered to the selected question")
        self.answers_button.setAutoDefault(False)
        self.answers_button.clicked.connect(self.show_answers)
        self.edit_bank_button = QPushButton("&Edit the bank…")
        self.edit_bank_button.setToolTip("Add, reword or archive questions in the bank")
        self.edit_bank_button.setAutoDefault(False)
        self.edit_bank_button.clicked.connect(self.edit_bank)
        answers_action = QAction("Answers across people…", self.list)
        answers_action.triggered.connect(self.show_answers)
        self.list.addAction(answers_action)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.own = QLineEdit()
        self.own.setPlaceholderText("…or write your own question for this meeting")
        self.own_layer = QComboBox()
        for key, label in LAYERS.items():
            self.own_layer.addItem(label, key)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.layer, 1)
        tools = QHBoxLayout()
        tools.addWidget(hint, 1)
        tools.addWidget(self.answers_button)
        tools.addWidget(self.edit_bank_button)
        own = QHBoxLayout()
        own.addWidget(self.own, 2)
        own.addWidget(self.own_layer, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        layout.addLayout(tools)
        layout.addSpacing(4)
        layout.addLayout(own)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._refresh)
        self.layer.currentIndexChanged.connect(self._refresh)
        self.list.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.own.textChanged.connect(self._update_buttons)
        self._refresh()

    def _refresh(self, *_args) -> None:
        self._restoring = True
        try:
            self.model.set_questions(
                self._meetings.bank(self.layer.currentData(), self.search.text()),
                self._meetings.answer_counts(),
            )
            selection = QItemSelection()
            for row in range(self.model.rowCount()):
                if self.model.question(row).id in self._picked:
                    selection.select(self.model.index(row, 0), self.model.index(row, 2))
            self.list.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self._restoring = False
        text = self.search.text().strip()
        self.body.show_view_or(
            self.model.rowCount() > 0,
            f"No question in the bank matches “{text}”.\nWrite your own below."
            if text
            else "This layer of the bank is empty.\nAdd questions with “Edit the bank…”.",
        )
        self._update_buttons()

    def _on_selection_changed(self, selected, deselected) -> None:
        if self._restoring:
            return
        for rows, keep in ((deselected, False), (selected, True)):
            for index in rows.indexes():
                question = self.model.question(index.row())
                if question is not None:
                    (self._picked.add if keep else self._picked.discard)(question.id)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        self.answers_button.setEnabled(self._current_question_id() is not None)
        count = len(self._picked) + bool(self.own.text().strip())
        self.add_button.setText(f"Add {count}" if count else "Add")
        self.add_button.setEnabled(bool(count))

    def _current_question_id(self) -> int | None:
        rows = self.list.selectionModel().selectedRows()
        question = self.model.question(rows[0].row()) if len(rows) == 1 else None
        return question.id if question else None

    def show_answers(self) -> None:
        question_id = self._current_question_id()
        if question_id is None:
            return
        chosen = show_answers_across_people(self._meetings, question_id, self)
        if chosen is not None:
            self.chosen_meeting_id = chosen
            self.reject()

    def edit_bank(self) -> None:
        dialog = QuestionBankDialog(self._meetings, self._bank_undo, self)
        dialog.exec()
        chosen = dialog.chosen_meeting_id
        dialog.deleteLater()
        if chosen is not None:
            self.chosen_meeting_id = chosen
            self.reject()
            return
        self._refresh()

    def chosen(self) -> list[PreparedQuestion]:
        """Picked bank questions in bank order (layer by layer), then the one written here."""
        picked = [
            self._meetings.prepared_from(question)
            for question in self._meetings.bank()
            if question.id in self._picked
        ]
        if self.own.text().strip():
            picked.append(PreparedQuestion(self.own_layer.currentData(), self.own.text().strip()))
        return picked
