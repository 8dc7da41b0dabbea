"""Edit Application…: the add dialog filled in, with the next action and its due day,
the résumé and cover letter (their file names only: NetDesk never reads the files) and
notes. Saving writes only what changed; the page makes it one undoable step."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from netdesk.services.jobsearch.applications import ApplicationService
from netdesk.services.jobsearch.records import ApplicationRecord
from netdesk.views.jobsearch.dialogs import ApplicationDialog
from netdesk.views.quick_log import date_edit, picked_date

DOCUMENTS = "Documents (*.pdf *.doc *.docx *.odt *.rtf *.txt *.md);;All files (*)"
EDITED = ("role", "link", "source", "referrer_id", "next_action", "due_on", "resume_file",
          "cover_letter_file", "notes")  # fmt: skip


def _line(name: str, accessible: str, placeholder: str, text: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


def application_values(record: ApplicationRecord) -> dict[str, object]:
    """The fields this dialog edits, as `ApplicationService.update` takes them."""
    values = {name: getattr(record, name) for name in EDITED}
    values["due_on"] = date.fromisoformat(record.due_on[:10]) if record.due_on else None
    return values


class EditApplicationDialog(ApplicationDialog):
    def __init__(
        self,
        applications: ApplicationService,
        record: ApplicationRecord,
        people: list[tuple[int, str]],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(applications, [], people, today, parent)
        self.setObjectName("editApplicationDialog")
        self.setWindowTitle("Edit application")
        self.record = record
        self.before = application_values(record)
        self.after: dict[str, object] = {}  # what Save changed
        self._fill(record)
        self._add_rows(record, today)
        self.role.setFocus()
        self.resize(540, 520)

    def _fill(self, record: ApplicationRecord) -> None:
        # The organisation and the day applied stay as they are: the target and the
        # first step follow them.
        self.organisation.setText(record.organisation)
        self.organisation.setEnabled(False)
        if record.applied_on:
            day = date.fromisoformat(record.applied_on[:10])
            self.applied_on.setMaximumDate(QDate(day.year, day.month, day.day))
            self.applied_on.setDate(QDate(day.year, day.month, day.day))
        self.applied_on.setEnabled(False)
        self.role.setText(record.role)
        self.link.setText(record.link)
        self.source.setCurrentIndex(max(0, self.source.findData(record.source)))
        if record.referrer_id is not None:
            self.referrer.setCurrentIndex(max(0, self.referrer.findData(record.referrer_id)))

    def _add_rows(self, record: ApplicationRecord, today: date) -> None:
        form = self.layout().itemAt(0).layout()
        self.next_action = _line(
            "applicationNextAction", "Next action", "e.g. Follow up with the recruiter",
            record.next_action,
        )  # fmt: skip
        due = date.fromisoformat(record.due_on[:10]) if record.due_on else today
        self.due_on = date_edit(due)
        self.due_on.setObjectName("applicationDue")
        self.due_on.setAccessibleName("Next action due")
        self.has_due = QCheckBox("Due by")
        self.has_due.setObjectName("applicationHasDue")
        self.has_due.setChecked(bool(record.due_on))
        self.has_due.toggled.connect(self.due_on.setEnabled)
        self.due_on.setEnabled(bool(record.due_on))
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due_on, 1)
        self.resume_file = self._file_row("Résumé", "applicationResume", record.resume_file)
        self.cover_letter_file = self._file_row(
            "Cover letter", "applicationCoverLetter", record.cover_letter_file
        )
        self.notes = QPlainTextEdit(record.notes)
        self.notes.setObjectName("applicationNotes")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        form.addRow("Next action", self.next_action)
        form.addRow("", due_row)
        form.addRow("Résumé", self.resume_file.parentWidget())
        form.addRow("Cover letter", self.cover_letter_file.parentWidget())
        form.addRow("Notes", self.notes)

    def _file_row(self, what: str, name: str, text: str) -> QLineEdit:
        row = QWidget(self)
        edit = _line(name, f"{what} file name", "The file's name (optional)", text)
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
        path, _ = QFileDialog.getOpenFileName(self, f"The {what.lower()} you sent", "", DOCUMENTS)
        if path:
            edit.setText(Path(path).name)  # the name only; the file is never opened

    def values(self) -> dict[str, object]:
        return {
            "role": self.role.text().strip(),
            "link": self.link.text().strip(),
            "source": self.source.currentData(),
            "referrer_id": self._referrer_id(),
            "next_action": self.next_action.text().strip(),
            "due_on": picked_date(self.due_on) if self.has_due.isChecked() else None,
            "resume_file": self.resume_file.text().strip(),
            "cover_letter_file": self.cover_letter_file.text().strip(),
            "notes": self.notes.toPlainText().strip(),
        }

    def _add(self):
        self.after = {k: v for k, v in self.values().items() if v != self.before[k]}
        if not self.after:
            return self.record
        return self._applications.update(self.record.id, **self.after)
