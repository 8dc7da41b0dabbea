"""Add Target… and Add Application…: the organisation (completed from the ones known),
and for an application its role, link, day applied, how it came about, and the next
action, résumé, cover letter and notes (rows shared with Edit Application…)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import NetDeskError, ValidationError
from netdesk.services.jobsearch.applications import ApplicationService
from netdesk.services.jobsearch.records import SOURCES
from netdesk.services.jobsearch.targets import TargetService
from netdesk.views.appearance import tone_sheet
from netdesk.views.jobsearch.application_fields import FollowUpFields
from netdesk.views.jobsearch.models import TARGET_STAGE_WORDS
from netdesk.views.quick_log import date_edit, picked_date

SOURCE_WORDS = {"cold": "Cold (applied directly)", "referral": "A referral",
                "recruiter": "A recruiter", "other": "Other"}  # fmt: skip


def organisation_edit(names: list[str]) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName("searchOrganisation")
    edit.setAccessibleName("Organisation")
    edit.setPlaceholderText("e.g. Tidewater Analytics")
    completer = QCompleter(names, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return edit


class _AddDialog(QDialog):
    saved = Signal(object)  # the record added
    asks_organisation = True  # editing keeps the organisation as it is

    def _finish(self, form: QFormLayout) -> None:
        self.error = QLabel()
        self.error.setObjectName("searchDialogError")
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.organisation.setFocus()

    def save(self):
        """Save, or say what is wrong and keep the dialog open."""
        if self.asks_organisation and not self.organisation.text().strip():
            return self._show_error("Which organisation? Type its name.")
        try:
            record = self._add()
        except ValidationError as error:
            return self._show_error(" ".join(error.errors.values()))
        except NetDeskError as error:
            return self._show_error(str(error))
        self.saved.emit(record)
        self.accept()
        return record

    def _add(self):
        raise NotImplementedError

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class TargetDialog(_AddDialog):
    def __init__(
        self, targets: TargetService, organisations: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("targetDialog")
        self.setWindowTitle("Add target organisation")
        self._targets = targets
        self.organisation = organisation_edit(organisations)
        self.stage = QComboBox()
        self.stage.setObjectName("targetStage")
        self.stage.setAccessibleName("Stage")
        for key, label in TARGET_STAGE_WORDS.items():
            self.stage.addItem(label, key)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("targetNotes")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Why this organisation, which teams, what you have heard")
        self.notes.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("Organisation", self.organisation)
        form.addRow("Stage", self.stage)
        form.addRow("Notes", self.notes)
        self._finish(form)
        self.resize(480, 300)

    def _add(self):
        return self._targets.add(
            self.organisation.text(), self.stage.currentData(), self.notes.toPlainText().strip()
        )


class ApplicationDialog(_AddDialog):
    def __init__(
        self,
        applications: ApplicationService,
        organisations: list[str],
        people: list[tuple[int, str]],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("applicationDialog")
        self.setWindowTitle("Add application")
        self._applications = applications
        self._today = today
        self.organisation = organisation_edit(organisations)
        self.role = QLineEdit()
        self.role.setObjectName("applicationRole")
        self.role.setAccessibleName("Role")
        self.role.setPlaceholderText("e.g. Data Engineer")
        self.link = QLineEdit()
        self.link.setObjectName("applicationLink")
        self.link.setAccessibleName("Link to the posting")
        self.link.setPlaceholderText("https://… (optional)")
        self.applied_on = date_edit(today, maximum=today)
        self.applied_on.setObjectName("applicationApplied")
        self.applied_on.setAccessibleName("Day applied")
        self.source = QComboBox()
        self.source.setObjectName("applicationSource")
        self.source.setAccessibleName("How it came about")
        for key in SOURCES:
            self.source.addItem(SOURCE_WORDS[key], key)
        self.referrer = QComboBox()
        self.referrer.setObjectName("applicationReferrer")
        self.referrer.setAccessibleName("Referred by")
        self.referrer.addItem("Nobody", None)
        for contact_id, name in people:
            self.referrer.addItem(name, contact_id)
        self.referrer.setEditable(True)  # type to find someone among many
        self.referrer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source.currentIndexChanged.connect(self._on_source_changed)
        form = QFormLayout()
        form.addRow("Organisation", self.organisation)
        form.addRow("Role", self.role)
        form.addRow("Link", self.link)
        form.addRow("Applied", self.applied_on)
        form.addRow("Source", self.source)
        form.addRow("Referred by", self.referrer)
        self.follow_up = FollowUpFields(self, form, today)
        fields = self.follow_up
        self.next_action, self.has_due, self.due_on = (
            fields.next_action, fields.has_due, fields.due_on,
        )  # fmt: skip
        self.resume_file, self.cover_letter_file = fields.resume_file, fields.cover_letter_file
        self.notes = fields.notes
        self._finish(form)
        self._on_source_changed()
        self.resize(540, 520)

    def refer_by(self, organisation: str, contact_id: int, name: str) -> None:
        """Filled in for an application at *organisation* that this person can refer:
        a referral, by them (listed even when only a LinkedIn connection)."""
        self.organisation.setText(organisation)
        self.source.setCurrentIndex(self.source.findData("referral"))
        index = self.referrer.findData(contact_id)
        if index < 0:
            self.referrer.addItem(name, contact_id)
            index = self.referrer.count() - 1
        self.referrer.setCurrentIndex(index)
        self.role.setFocus()  # where they are: the organisation is known

    def _on_source_changed(self, *_args) -> None:
        self.referrer.setEnabled(self.source.currentData() == "referral")

    def _referrer_id(self) -> int | None:
        if self.source.currentData() != "referral":
            return None
        index, typed = self.referrer.currentIndex(), self.referrer.currentText()
        if index < 0 or self.referrer.itemText(index) != typed:  # typed, not picked
            index = self.referrer.findText(typed)
        return self.referrer.itemData(index) if index >= 0 else None

    def save(self):
        named_where = self.organisation.text().strip() or not self.asks_organisation
        if named_where and not self.role.text().strip():
            return self._show_error("Which role? Type its title, e.g. “Data Engineer”.")
        typed = self.referrer.currentText().strip()
        named = self.source.currentData() == "referral" and typed not in ("", "Nobody")
        if named and self._referrer_id() is None:
            return self._show_error(f"Nobody called “{typed}” is among your people.")
        return super().save()

    def _add(self):
        return self._applications.add(
            self.organisation.text(),
            self.role.text(),
            link=self.link.text(),
            applied_on=picked_date(self.applied_on),
            source=self.source.currentData(),
            referrer_id=self._referrer_id(),
            **self.follow_up.values(),
        )
