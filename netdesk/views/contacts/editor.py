"""View and edit one person: load a record into the form, validate as the user types, save.

The form is built by `EditorFormMixin`; its tags, meetings and to-dos by `EditorListsMixin`."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QStringListModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import StorageError, ValidationError
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups.todos import TodoService
from netdesk.services.imports.linkedin_csv import normalise_linkedin_url
from netdesk.services.meetings.service import MeetingService
from netdesk.services.positions.history import PositionService
from netdesk.services.text import split_lines
from netdesk.views.contacts.editor_form import EditorFormMixin
from netdesk.views.contacts.editor_lists import EditorListsMixin
from netdesk.views.models.contact_table_model import format_day

SOURCE_LABELS = {
    "manual": "Added by hand",
    "linkedin": "LinkedIn import",
    "sample": "Sample network",
    "vcard": "vCard import",
    "google": "Google Contacts import",
    "netdesk": "NetDesk CSV import",
}


class ContactEditor(EditorFormMixin, EditorListsMixin, QWidget):
    """Shows one person; Save (Ctrl+S) writes, Revert discards, Delete asks the page."""

    saved = Signal(int)
    delete_requested = Signal(int)
    meeting_requested = Signal(int)
    email_requested = Signal(int)  # one click: a draft that fits this person now
    contact_shown = Signal(object)  # the id on show, None for a new person or none

    def __init__(
        self,
        contacts: ContactService,
        meetings: MeetingService,
        parent: QWidget | None = None,
        todos: TodoService | None = None,
        clock: Clock = SYSTEM_CLOCK,
        positions: PositionService | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._positions = positions  # the job history (optional, as for to-dos)
        self._contacts = contacts
        self._meetings = meetings
        self._todos = todos  # optional so pages built without to-dos (benchmarks) still work
        self._loaded: ContactRecord | None = None
        self._loading = False
        self.is_me = False  # the person shown is the user (the welcome screen's "me")
        self._relationship_rows: list[QWidget] = []  # hidden for me
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._build_placeholder())
        self._stack.addWidget(self._build_form())
        self._show_as_me(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(self.save)
        self.refresh_completions()

    # --- building --------------------------------------------------------
    # --- public ----------------------------------------------------------

    @property
    def contact_id(self) -> int | None:
        return self._loaded.id if self._loaded else None

    @property
    def is_open(self) -> bool:
        return self._loaded is not None

    def refresh_completions(self) -> None:
        """Organisation and tag suggestions; the completers are made once, their lists renewed."""
        if not hasattr(self, "_organisation_names"):
            self._organisation_names = QStringListModel(self)
            self._tag_names = QStringListModel(self)
            for edit, model, contains in (
                (self.organisation, self._organisation_names, True),
                (self.new_tag, self._tag_names, False),
            ):
                completer = QCompleter(model, self)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                if contains:
                    completer.setFilterMode(Qt.MatchFlag.MatchContains)
                edit.setCompleter(completer)
        self._organisation_names.setStringList(self._contacts.organisation_names())
        self._tag_names.setStringList(self._contacts.tag_names())

    def show_contact(self, contact_id: int | None) -> None:
        if contact_id is None:
            self.clear()
            return
        try:
            record = self._contacts.get(contact_id)
        except KeyError:
            self.clear()
            return
        self._load(record)

    def new_contact(self) -> None:
        self._load(ContactRecord())
        self.display_name.setFocus()

    def clear(self) -> None:
        self._loaded = None
        self._stack.setCurrentIndex(0)
        self.contact_shown.emit(None)

    def add_section(
        self,
        label: str,
        widget: QWidget,
        after: QWidget | None = None,
        relationship: bool = False,
    ) -> None:
        """A row the window adds to the person's details (e.g. keeping in touch): below
        the row holding *after*, or at the end. A *relationship* row is hidden for me."""
        row = self._form.getWidgetPosition(after)[0] if after is not None else -1
        self._form.insertRow(row + 1 if row >= 0 else -1, label, widget)
        if relationship:
            self._relationship_rows.append(widget)
            self._form.setRowVisible(widget, not self.is_me)

    def has_unsaved_changes(self) -> bool:
        if self._loaded is None:
            return False
        return self._form_record() != self._loaded

    def save(self) -> bool:
        """Validate and save; returns False (with messages shown) when something is wrong."""
        if self._loaded is None:
            return True
        record = self._form_record()
        try:
            # Only what the user changed since loading is written: an import that updated
            # this person meanwhile keeps its changes to the other fields.
            saved = self._contacts.save(record, loaded=self._loaded)
        except StorageError as error:
            # Typically "database is locked": another program held it past the busy
            # timeout. The form keeps every typed value; saving again retries.
            self.save_problem.show_message(
                f"Could not save just now ({error}). Nothing is lost: your changes are "
                "still here. Press Save to try again."
            )
            return False
        except ValidationError as error:
            self._show_errors(error.errors)
            first = next(iter(error.errors))
            widget = getattr(self, first, None)
            if isinstance(widget, QWidget):
                widget.setFocus()
            return False
        self._load(saved)
        self.refresh_completions()
        self.saved.emit(saved.id)
        return True

    def revert(self) -> None:
        if self._loaded is not None:
            self._load(self._loaded)

    # --- internals -------------------------------------------------------

    def _load(self, record: ContactRecord) -> None:
        self._loading = True
        try:
            self._loaded = record
            self._show_as_me(record.id is not None and record.id == self._contacts.me_id())
            self.display_name.setText(record.display_name)
            self.given_name.setText(record.given_name)
            self.family_name.setText(record.family_name)
            self.organisation.setText(record.organisation)
            self.role.setText(record.role)
            self.relation.setCurrentIndex(max(0, self.relation.findData(record.relation)))
            self.closeness.setCurrentIndex(max(0, self.closeness.findData(record.closeness)))
            self.emails.setPlainText("\n".join(record.emails))
            self.no_mail_tracking.setChecked(not record.track_mail)
            self.phones.setPlainText("\n".join(record.phones))
            self.linkedin_url.setText(record.linkedin_url)
            self.location.setText(record.location)
            self.tag_model.setStringList(record.tags)
            self.notes.setPlainText(record.notes)
            self._show_errors({})
            self.save_problem.show_message(None)
        finally:
            self._loading = False
        self._update_header()
        self._stack.setCurrentIndex(1)

    def _show_as_me(self, is_me: bool) -> None:
        self.is_me = is_me
        self._form.setRowVisible(self.me_note, is_me)
        for widget in self._relationship_rows:
            self._form.setRowVisible(widget, not is_me)

    def _form_record(self) -> ContactRecord:
        base = self._loaded or ContactRecord()
        return replace(
            base,
            display_name=self.display_name.text(),
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            organisation=self.organisation.text(),
            role=self.role.text(),
            relation=self.relation.currentData(),
            closeness=self.closeness.currentData(),
            emails=split_lines(self.emails.toPlainText()),
            track_mail=not self.no_mail_tracking.isChecked(),
            phones=split_lines(self.phones.toPlainText()),
            linkedin_url=self.linkedin_url.text().strip(),
            location=self.location.text(),
            tags=list(self.tag_model.stringList()),
            notes=self.notes.toPlainText(),
        )

    def _update_header(self) -> None:
        record = self._loaded
        if record is None:
            return
        if record.id is None:
            self.heading.setText(self.display_name.text() or "New person")
            self.subheading.setText("Not saved yet")
        else:
            self.heading.setText(record.display_name)
            self.subheading.setText(" · ".join(p for p in (record.role, record.organisation) if p))
        parts = [SOURCE_LABELS.get(record.source, record.source)]
        if record.connected_on:
            parts.append(f"connected on LinkedIn {format_day(record.connected_on)}")
        if record.created_at:
            parts.append(f"added {format_day(record.created_at)}")
        if record.updated_at and record.updated_at != record.created_at:
            parts.append(f"updated {format_day(record.updated_at)}")
        self.details.setText(" · ".join(parts) if record.id is not None else "")
        self.connections.setText(self._connections_text(record.id))
        shown = self.job_history.show_history(self._positions, record.id)
        self._form.setRowVisible(self.job_history, shown)
        self._show_todos(record.id)
        self.contact_shown.emit(record.id)
        self.plan_meeting.setEnabled(record.id is not None)
        self.write_email.setEnabled(record.id is not None)
        self.delete_button.setEnabled(record.id is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty or (self._loaded is not None and self._loaded.id is None))
        self.revert_button.setEnabled(dirty)
        self.open_profile.setEnabled(normalise_linkedin_url(self.linkedin_url.text()) is not None)

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.show_message(errors.get(name))

    def _on_field_changed(self, *_args) -> None:
        if self._loading:
            return
        record = self._form_record()
        # Validate as the user types, but only the fields that are not empty-and-new.
        errors = self._contacts.validate(record)
        if record.id is None and not (
            record.display_name or record.given_name or record.family_name
        ):
            errors.pop("display_name", None)
        self._show_errors(errors)
        if self._loaded is not None and self._loaded.id is None:
            self.heading.setText(self.display_name.text() or "New person")
        self._update_buttons()

    def _on_open_profile_clicked(self) -> None:
        url = normalise_linkedin_url(self.linkedin_url.text())
        if url and not QDesktopServices.openUrl(QUrl(url)):
            QMessageBox.warning(
                self, "Could not open the profile", f"No web browser accepted {url}."
            )

    def _on_delete_clicked(self) -> None:
        if self._loaded is not None and self._loaded.id is not None:
            self.delete_requested.emit(self._loaded.id)
