"""View and edit one person: every field, inline validation, tags, the LinkedIn profile."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QStringListModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts import (
    ContactRecord,
    ContactService,
    StorageError,
    ValidationError,
)
from netdesk.services.linkedin import normalise_linkedin_url
from netdesk.services.meetings import STATUSES, MeetingService
from netdesk.services.text import split_lines
from netdesk.services.todos import TodoService
from netdesk.services.vocabulary import CLOSENESS_LABELS, RELATIONS
from netdesk.views.appearance import tone_sheet
from netdesk.views.icons import set_icon
from netdesk.views.models.contact_table_model import format_day
from netdesk.views.models.todo_models import TodoListModel

SOURCE_LABELS = {
    "manual": "Added by hand",
    "linkedin": "LinkedIn import",
    "sample": "Sample network",
    "vcard": "vCard import",
    "google": "Google Contacts import",
}


class _ErrorLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setStyleSheet(tone_sheet("error", self))
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class _FittingListView(QListView):
    """A short list inside a form: as tall as its wrapped rows (up to a limit), so nothing
    is cut off and there is no scroll bar inside the scrolling form."""

    def __init__(self, max_rows: int = 5) -> None:
        super().__init__()
        self._max_rows = max_rows
        self._fitted_width = -1
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)

    def fit(self) -> None:
        rows = min(self.model().rowCount(), self._max_rows) if self.model() else 0
        if rows == 0:
            return
        self.doItemsLayout()  # wrap at the current width before measuring
        bottom = self.visualRect(self.model().index(rows - 1, 0)).bottom()
        self.setFixedHeight(bottom + 1 + self.spacing() + 2 * self.frameWidth())
        self._fitted_width = self.width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._fitted_width:
            self.fit()  # narrower means more wrapped lines


class ContactEditor(QWidget):
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
    ) -> None:
        super().__init__(parent)
        self._clock = clock
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

    def _build_placeholder(self) -> QWidget:
        label = QLabel("Select a person to see their details,\nor press Ctrl+N to add someone.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("placeholder")
        label.setStyleSheet("color: palette(placeholder-text); font-size: 11pt;")
        return label

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(name.replace("_", " "))
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self._on_field_changed)
        return edit

    def _text(self, name: str, placeholder: str, lines: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(name.replace("_", " "))
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        height = edit.fontMetrics().lineSpacing() * lines + 14
        edit.setFixedHeight(height) if lines < 6 else edit.setMinimumHeight(height)
        edit.textChanged.connect(self._on_field_changed)
        return edit

    def _build_form(self) -> QWidget:
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        self.subheading.setStyleSheet("color: palette(placeholder-text);")
        self.subheading.setWordWrap(True)

        self.display_name = self._line("display_name", "Shown name, e.g. Mia Chen")
        self.given_name = self._line("given_name", "Given name")
        self.family_name = self._line("family_name", "Family name")
        self.organisation = self._line("organisation", "Where they work or study")
        self.role = self._line("role", "Role or title")
        self.relation = QComboBox()
        self.relation.setObjectName("relation")
        self.relation.setAccessibleName("How I know them")
        for key, label in RELATIONS.items():
            self.relation.addItem(label, key)
        self.relation.currentIndexChanged.connect(self._on_field_changed)
        self.closeness = QComboBox()
        self.closeness.setObjectName("closeness")
        self.closeness.setAccessibleName("Closeness")
        for value, label in CLOSENESS_LABELS.items():
            self.closeness.addItem(f"{'●' * value}{'○' * (5 - value)}  {label}", value)
        self.closeness.currentIndexChanged.connect(self._on_field_changed)
        self.emails = self._text("emails", "One address per line", 2)
        self.phones = self._text("phones", "One number per line", 2)
        self.linkedin_url = self._line("linkedin_url", "https://www.linkedin.com/in/…")
        self.open_profile = QToolButton()
        self.open_profile.setText("Open")
        set_icon(self.open_profile, "open-external")
        self.open_profile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.open_profile.setToolTip("Open the LinkedIn profile in your browser")
        self.open_profile.clicked.connect(self._on_open_profile_clicked)
        self.location = self._line("location", "City or region")
        self.notes = self._text(
            "notes", "What matters about them, how you met, what they care about…", 6
        )

        self.tag_model = QStringListModel(self)
        self.tag_list = QListView()
        self.tag_list.setObjectName("tags")
        self.tag_list.setAccessibleName("Tags")
        self.tag_list.setModel(self.tag_model)
        self.tag_list.setFlow(QListView.Flow.LeftToRight)
        self.tag_list.setWrapping(True)
        self.tag_list.setSpacing(3)
        self.tag_list.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 16)
        self.tag_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.tag_list.installEventFilter(self)
        self.new_tag = QLineEdit()
        self.new_tag.setObjectName("new_tag")
        self.new_tag.setAccessibleName("New tag")
        self.new_tag.setPlaceholderText("Add a tag and press Enter")
        self.new_tag.returnPressed.connect(self._on_add_tag)
        self.remove_tag = QPushButton("Remove tag")
        self.remove_tag.clicked.connect(self._on_remove_tag_clicked)

        self.errors = {
            name: _ErrorLabel()
            for name in (
                "display_name",
                "emails",
                "phones",
                "linkedin_url",
                "relation",
                "closeness",
            )
        }

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        names = QHBoxLayout()
        names.addWidget(self.given_name)
        names.addWidget(self.family_name)
        form.addRow("Name", self.display_name)
        form.addRow("", self.errors["display_name"])
        form.addRow("Given / family", names)
        form.addRow("Organisation", self.organisation)
        form.addRow("Role", self.role)
        # Me is not a contact: no "how I know them", closeness or keeping in touch.
        self.me_note = QLabel("This is you — the centre of your map.")
        self.me_note.setObjectName("meNote")
        self.me_note.setWordWrap(True)
        self.me_note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", self.me_note)
        form.addRow("How I know them", self.relation)
        form.addRow("Closeness", self.closeness)
        self._relationship_rows += [self.relation, self.closeness]
        form.addRow("Emails", self.emails)
        form.addRow("", self.errors["emails"])
        form.addRow("Phones", self.phones)
        form.addRow("", self.errors["phones"])
        profile = QHBoxLayout()
        profile.addWidget(self.linkedin_url)
        profile.addWidget(self.open_profile)
        form.addRow("LinkedIn", profile)
        form.addRow("", self.errors["linkedin_url"])
        form.addRow("Location", self.location)
        tags_row = QHBoxLayout()
        tags_row.addWidget(self.new_tag)
        tags_row.addWidget(self.remove_tag)
        tags_box = QVBoxLayout()
        tags_box.addWidget(self.tag_list)
        tags_box.addLayout(tags_row)
        form.addRow("Tags", tags_box)
        form.addRow("Notes", self.notes)

        self.connections = QLabel()
        self.connections.setObjectName("connections")
        self.connections.setWordWrap(True)
        self.connections.setTextFormat(Qt.TextFormat.PlainText)
        self.plan_meeting = QPushButton("Plan a meeting…")
        set_icon(self.plan_meeting, "new-meeting")
        self.plan_meeting.setToolTip("Start a new meeting with this person on the Meetings page")
        self.plan_meeting.clicked.connect(self._on_plan_meeting_clicked)
        connections_box = QVBoxLayout()
        connections_box.addWidget(self.connections)
        self.write_email = QPushButton("Write email…")
        set_icon(self.write_email, "mail")
        self.write_email.setObjectName("writeEmail")
        self.write_email.setToolTip(
            "A draft that fits them now: a thank-you, an outreach request, "
            "something of value, or keeping in touch"
        )
        self.write_email.clicked.connect(self._on_write_email_clicked)
        self.write_email.hide()  # shown by the window when mail is available
        person_buttons = QHBoxLayout()
        person_buttons.addWidget(self.plan_meeting)
        person_buttons.addWidget(self.write_email)
        person_buttons.addStretch(1)
        connections_box.addLayout(person_buttons)
        form.addRow("Meetings and\nintroductions", connections_box)

        self.todo_model = TodoListModel(self, self._clock)
        self.todo_model.done_toggled.connect(self._on_todo_done_toggled)
        self.todo_list = _FittingListView()
        self.todo_list.setObjectName("todos")
        self.todo_list.setAccessibleName("Open to-dos")
        self.todo_list.setModel(self.todo_model)
        self.todo_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.todo_list.setSpacing(2)
        self.todo_list.setToolTip("Tick when done (Space); untick to reopen")
        self.todo_row_label = QLabel("To-dos")
        form.addRow(self.todo_row_label, self.todo_list)
        self._form = form

        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: palette(placeholder-text);")

        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save changes (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Discard unsaved changes")
        self.revert_button.clicked.connect(self.revert)
        self.delete_button = QPushButton("Delete…")
        set_icon(self.delete_button, "trash")
        self.delete_button.setToolTip("Delete this person (can be undone)")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.heading)
        body_layout.addWidget(self.subheading)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        body_layout.addWidget(line)
        body_layout.addLayout(form)
        body_layout.addWidget(self.details)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        container = QWidget()
        outer = QVBoxLayout(container)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        # Why the last save failed when no field is to blame (a busy database).
        self.save_problem = _ErrorLabel()
        self.save_problem.setObjectName("saveProblem")
        self.save_problem.setContentsMargins(9, 0, 9, 0)
        outer.addWidget(self.save_problem)
        button_bar = QWidget()
        button_bar.setLayout(buttons)
        outer.addWidget(button_bar)
        return container

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.tag_list
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Delete)
        ):
            self._on_remove_tag_clicked()
            return True
        return super().eventFilter(watched, event)

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

    def _on_add_tag(self) -> None:
        tag = " ".join(self.new_tag.text().split())
        if not tag:
            return
        tags = self.tag_model.stringList()
        if tag.casefold() not in (t.casefold() for t in tags):
            self.tag_model.setStringList([*tags, tag])
        self.new_tag.clear()
        self._on_field_changed()

    def _on_remove_tag_clicked(self) -> None:
        rows = sorted(
            {i.row() for i in self.tag_list.selectionModel().selectedIndexes()}, reverse=True
        )
        for row in rows:
            self.tag_model.removeRows(row, 1)
        self._on_field_changed()

    def _on_open_profile_clicked(self) -> None:
        url = normalise_linkedin_url(self.linkedin_url.text())
        if url and not QDesktopServices.openUrl(QUrl(url)):
            QMessageBox.warning(
                self, "Could not open the profile", f"No web browser accepted {url}."
            )

    def _connections_text(self, contact_id: int | None) -> str:
        """Who introduced this person (back to the first source), whom they suggested, and
        the meetings with them."""
        if contact_id is None:
            return "Save this person first."
        lines = []
        chain = self._meetings.referral_chain(contact_id)
        if chain:
            lines.append("Introduced by " + " ← ".join(name for _id, name in chain))
        suggested = [
            r.to_name
            for r in self._meetings.referrals(contact_id=contact_id)
            if r.from_contact_id == contact_id
        ]
        if suggested:
            lines.append("Suggested you talk to " + ", ".join(suggested))
        meetings = self._meetings.list(contact_id=contact_id)
        for row in meetings[:6]:
            when = format_day(row.starts_at) if row.starts_at else "not scheduled"
            lines.append(f"• {when}: {row.title} ({STATUSES.get(row.status, row.status)})")
        if len(meetings) > 6:
            lines.append(f"…and {len(meetings) - 6} earlier meetings")
        return "\n".join(lines) or "No meetings or introductions yet."

    def refresh_todos(self) -> None:
        """Show the person's to-dos again (one was added or done elsewhere)."""
        self._show_todos(self.contact_id)

    def _show_todos(self, contact_id: int | None) -> None:
        """The person's open to-dos; the row is hidden when there are none."""
        todos = self._todos.list(contact_id=contact_id) if self._todos and contact_id else []
        self.todo_model.set_todos(todos)
        self._form.setRowVisible(self.todo_list, bool(todos))
        self.todo_list.fit()

    def _on_todo_done_toggled(self, todo_id: int, done: bool) -> None:
        if self._todos is None:
            return
        try:
            if done:  # a thank-you done by hand schedules "share something of value"
                finished, _next = self._todos.finish(todo_id)
                self.todo_model.replace(finished)
            else:
                self.todo_model.replace(self._todos.complete(todo_id, done=False))
        except KeyError:  # deleted meanwhile
            self._show_todos(self.contact_id)

    def _on_write_email_clicked(self) -> None:
        if self._loaded is not None and self._loaded.id is not None and self.save():
            self.email_requested.emit(self._loaded.id)

    def _on_plan_meeting_clicked(self) -> None:
        if self._loaded is not None and self._loaded.id is not None and self.save():
            self.meeting_requested.emit(self._loaded.id)

    def _on_delete_clicked(self) -> None:
        if self._loaded is not None and self._loaded.id is not None:
            self.delete_requested.emit(self._loaded.id)
