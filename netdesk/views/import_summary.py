"""What an import did: counts, and every skipped row with its line and reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

from netdesk.services.imports.summary import ImportSummary
from netdesk.views.models.problem_table_model import ProblemTableModel

SAMPLE_TEXT = (
    "{people:,} invented people: a few you really know (family, a mentor, former "
    "colleagues) and many LinkedIn-only connections. Informational interviews held and "
    "planned, with their questions, answers and referrals; follow-ups due; requests "
    "awaiting an answer.<br><br>Look around <b>Today</b>, the <b>Map</b> and "
    "<b>Meetings</b>. <i>Undo this import</i> (or Edit → Undo Last Import) removes all of it."
)


class ImportSummaryDialog(QDialog):
    undo_requested = Signal(int)

    def __init__(
        self, summary: ImportSummary, parent: QWidget | None = None, sample: bool = False
    ) -> None:
        """*sample*: the invented sample network, introduced as what it is for."""
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle("Sample network" if sample else "Import finished")
        self.setObjectName("importSummary")
        self.resize(640, 420 if summary.problems else 220)
        title = QLabel("The sample network is here" if sample else f"Imported {summary.file_name}")
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        title.setWordWrap(True)
        counts = QLabel(
            f"<b>{summary.added:,}</b> added &nbsp;·&nbsp; <b>{summary.updated:,}</b> updated "
            f"&nbsp;·&nbsp; <b>{summary.unchanged:,}</b> unchanged &nbsp;·&nbsp; "
            f"<b>{summary.skipped:,}</b> skipped"
        )
        if sample:
            counts.setText(SAMPLE_TEXT.format(people=summary.added))
            counts.setWordWrap(True)
        counts.setObjectName("counts")
        counts.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(counts)
        warnings = len(summary.problems) - summary.skipped
        if summary.problems:
            note = QLabel(problems_sentence(summary.skipped, warnings))
            note.setWordWrap(True)
            layout.addWidget(note)
            self.problems = QTableView()
            self.problems.setObjectName("problems")
            self.problems.setModel(ProblemTableModel(summary.problems, self))
            self.problems.verticalHeader().hide()
            self.problems.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
            self.problems.setAlternatingRowColors(True)
            self.problems.setShowGrid(False)
            self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
            self.problems.resizeColumnToContents(0)
            self.problems.resizeColumnToContents(1)
            layout.addWidget(self.problems, 1)
        else:
            layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.undo_button = buttons.addButton(
            "Undo this import", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.undo_button.setToolTip(
            "Remove the people this import added and restore the ones it updated"
        )
        # A restore from NetDesk's JSON export is no batch: it replaced everything.
        undoable = summary.batch_id is not None and bool(summary.added or summary.updated)
        self.undo_button.setEnabled(undoable)
        if summary.batch_id is None:
            self.undo_button.setToolTip("A restore from a JSON export is not undone here")
        self.undo_button.clicked.connect(self._on_undo_clicked)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def _on_undo_clicked(self) -> None:
        if self.summary.batch_id is not None:
            self.undo_requested.emit(self.summary.batch_id)
        self.accept()


def problems_sentence(skipped: int, warnings: int) -> str:
    """'2 rows were skipped and 1 was imported with a value left out', in plain English."""
    parts = []
    if skipped:
        parts.append(f"{skipped:,} {'row was' if skipped == 1 else 'rows were'} skipped")
    if warnings:
        verb = "row was" if warnings == 1 else "rows were"
        parts.append(f"{warnings:,} {verb} imported with a value left out")
    return " and ".join(parts) + ". Each is listed with its line in the file:"
