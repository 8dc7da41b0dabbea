"""Edit Application…: the add dialog filled in, with the next action and its due day,
the résumé and cover letter (their file names only: NetDesk never reads the files) and
notes. Saving writes only what changed; the page makes it one undoable step."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from netdesk.services.jobsearch.applications import ApplicationService
from netdesk.services.jobsearch.records import ApplicationRecord
from netdesk.views.jobsearch.dialogs import ApplicationDialog

EDITED = ("role", "link", "source", "referrer_id", "next_action", "due_on", "resume_file",
          "cover_letter_file", "notes")  # fmt: skip


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
        self.follow_up.fill(record)

    def values(self) -> dict[str, object]:
        return {
            "role": self.role.text().strip(),
            "link": self.link.text().strip(),
            "source": self.source.currentData(),
            "referrer_id": self._referrer_id(),
            **self.follow_up.values(),
        }

    def _add(self):
        self.after = {k: v for k, v in self.values().items() if v != self.before[k]}
        if not self.after:
            return self.record
        return self._applications.update(self.record.id, **self.after)
