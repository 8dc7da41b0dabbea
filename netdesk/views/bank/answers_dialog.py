"""Everyone's answer to one bank question, side by side, each opening its meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.meetings.records import LAYERS
from netdesk.services.meetings.service import MeetingService
from netdesk.views.empty_state import MUTED, EmptyState
from netdesk.views.models.question_models import AnswerTableModel


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
