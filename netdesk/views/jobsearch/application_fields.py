"""The rows the Add and Edit Application dialogs share below the role and source: the
next action and its due day, the résumé and cover letter (their file names only:
NetDesk never reads the files) and notes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from netdesk.services.jobsearch.records import ApplicationRecord
from netdesk.views.quick_log import date_edit, picked_date

DOCUMENTS = "Documents (*.pdf *.doc *.docx *.odt *.rtf *.txt *.md);;All files (*)"


def line_edit(name: str, accessible: str, placeholder: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


class FollowUpFields:
    """Builds the shared rows into *form*; `values` reads them as the service takes them
    (`ApplicationService.add` and `update` alike)."""

    def __init__(self, dialog: QWidget, form: QFormLayout, today: date) -> None:
        self._dialog = dialog
        self.next_action = line_edit(
            "applicationNextAction", "Next action", "e.g. Follow up with the recruiter"
        )
        self.due_on = date_edit(today)
        self.due_on.setObjectName("applicationDue")
        self.due_on.setAccessibleName("Next action due")
        self.has_due = QCheckBox("Due by")
        self.has_due.setObjectName("applicationHasDue")
        self.has_due.toggled.connect(self.due_on.setEnabled)
        self.due_on.setEnabled(False)  # no due day until ticked
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due_on, 1)
        self.resume_file = self._file_row("Résumé", "applicationResume")
        self.cover_letter_file = self._file_row("Cover letter", "applicationCoverLetter")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("applicationNotes")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        form.addRow("Next action", self.next_action)
        form.addRow("", due_row)
        form.addRow("Résumé", self.resume_file.parentWidget())
        form.addRow("Cover letter", self.cover_letter_file.parentWidget())
        form.addRow("Notes", self.notes)

    def _file_row(self, what: str, name: str) -> QLineEdit:
        row = QWidget(self._dialog)
        edit = line_edit(name, f"{what} file name", "The file's name (optional)")
        choose = QPushButton("Choose…")
        choose.setObjectName(f"{name}Choose")
        choose.setToolTip(f"Pick the {what.lower()} you sent: only its name is kept")
        choose.clicked.connect(lambda _checked=False: self._choose_file(edit, what))
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        layout.addWidget(choose)
        return edit

    def _choose_file(self, edit: QLineEdit, what: str) -> None:
        title = f"The {what.lower()} you sent"
        path, _ = QFileDialog.getOpenFileName(self._dialog, title, "", DOCUMENTS)
        if path:
            edit.setText(Path(path).name)  # the name only; the file is never opened

    def fill(self, record: ApplicationRecord) -> None:
        self.next_action.setText(record.next_action)
        if record.due_on:
            day = date.fromisoformat(record.due_on[:10])
            self.due_on.setDate(QDate(day.year, day.month, day.day))
        self.has_due.setChecked(bool(record.due_on))
        self.resume_file.setText(record.resume_file)
        self.cover_letter_file.setText(record.cover_letter_file)
        self.notes.setPlainText(record.notes)

    def values(self) -> dict[str, object]:
        return {
            "next_action": self.next_action.text().strip(),
            "due_on": picked_date(self.due_on) if self.has_due.isChecked() else None,
            "resume_file": self.resume_file.text().strip(),
            "cover_letter_file": self.cover_letter_file.text().strip(),
            "notes": self.notes.toPlainText().strip(),
        }
