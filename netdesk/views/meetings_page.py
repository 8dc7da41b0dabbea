"""The Meetings page: plan and record informational interviews, with autosave."""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QMimeData, QStringListModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.calendar import NotScheduled, meeting_to_ics
from netdesk.services.contacts import ContactFilter, ContactRecord, ContactService, ValidationError
from netdesk.services.meetings import (
    KINDS,
    LAYERS,
    PERMISSIONS,
    STATUSES,
    TEXT_FIELDS,
    MeetingRecord,
    MeetingService,
    PreparedQuestion,
    parse_when,
    preparation_nudge,
)
from netdesk.views.models.meeting_models import MeetingListModel, QuestionListModel

AUTOSAVE_DELAY_MS = 700
WHEN_FORMAT = "%Y-%m-%d %H:%M"


class NotesEdit(QTextEdit):
    """Rich notes stored as Markdown; pasted web pages arrive as clean Markdown, not HTML."""

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasHtml():
            document = QTextDocument()
            document.setHtml(source.html())
            self.textCursor().insertMarkdown(document.toMarkdown())
        else:
            super().insertFromMimeData(source)


class QuestionPickerDialog(QDialog):
    """Pick questions from the bank (search, per layer), or write a one-off question."""

    def __init__(self, meetings: MeetingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add questions")
        self.resize(640, 480)
        self._meetings = meetings
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the question bank")
        self.layer = QComboBox()
        self.layer.addItem("All layers", None)
        for key, label in LAYERS.items():
            self.layer.addItem(label, key)
        self.model = QStringListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.doubleClicked.connect(self.accept)
        self.own = QLineEdit()
        self.own.setPlaceholderText("…or write your own question for this meeting")
        self.own_layer = QComboBox()
        for key, label in LAYERS.items():
            self.own_layer.addItem(label, key)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.layer, 1)
        own = QHBoxLayout()
        own.addWidget(self.own, 2)
        own.addWidget(self.own_layer, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addLayout(own)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._refresh)
        self.layer.currentIndexChanged.connect(self._refresh)
        self._bank = []
        self._refresh()

    def _refresh(self, *_args) -> None:
        self._bank = self._meetings.bank(self.layer.currentData(), self.search.text())
        self.model.setStringList([f"{LAYERS[q.layer]} — {q.text}" for q in self._bank])

    def chosen(self) -> list[PreparedQuestion]:
        rows = sorted(index.row() for index in self.list.selectionModel().selectedRows())
        picked = [self._meetings.prepared_from(self._bank[row]) for row in rows]
        if self.own.text().strip():
            picked.append(PreparedQuestion(self.own_layer.currentData(), self.own.text().strip()))
        return picked


class ReferralDialog(QDialog):
    """'Who else should I talk to?': an existing person or a new one, and permission."""

    def __init__(
        self, contacts: ContactService, names: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a referral")
        self._contacts = contacts
        self.introducer = QComboBox()
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name of the person they suggested")
        self.name.setCompleter(QCompleter(names, self))
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText("Where they work (for someone new)")
        self.permission = QComboBox()
        for key, label in PERMISSIONS.items():
            self.permission.addItem(label, key)
        self.permission.setCurrentIndex(self.permission.findData("ask"))
        self.note = QLineEdit()
        self.note.setPlaceholderText("Why talk to them, what to ask")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        form = QFormLayout(self)
        form.addRow("Suggested by", self.introducer)
        form.addRow("Person", self.name)
        form.addRow("Organisation", self.organisation)
        form.addRow("May I mention them?", self.permission)
        form.addRow("Note", self.note)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def existing_id(self) -> int | None:
        name = self.name.text().strip()
        if not name:
            return None
        for record in self._contacts.records(self._contacts.query_ids(ContactFilter(text=name))):
            if record.display_name.casefold() == name.casefold():
                return record.id
        return None

    def _on_accepted(self) -> None:
        if not self.name.text().strip():
            self.error.setText("Enter the name of the person they suggested.")
            return
        self.accept()


class MeetingEditor(QWidget):
    """One meeting; every change is saved shortly after typing stops, on switching and on close."""

    saved = Signal(int)
    referral_recorded = Signal(int)

    def __init__(
        self, meetings: MeetingService, contacts: ContactService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._meetings = meetings
        self._contacts = contacts
        self._record: MeetingRecord | None = None
        self._loading = False
        self._people_names: dict[int, str] = {}
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave.timeout.connect(self.save_now)
        self._build()

    # --- building --------------------------------------------------------

    def _text(self, name: str, placeholder: str, height: int = 3) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * height + 14)
        edit.textChanged.connect(self._on_changed)
        return edit

    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setAccessibleName("Title")
        self.title.setPlaceholderText("e.g. Coffee with Mia about data teams")
        self.title.textChanged.connect(self._on_changed)
        self.kind = QComboBox()
        self.status = QComboBox()
        for combo, items in ((self.kind, KINDS), (self.status, STATUSES)):
            for key, label in items.items():
                combo.addItem(label, key)
            combo.currentIndexChanged.connect(self._on_changed)
        self.when = QLineEdit()
        self.when.setObjectName("when")
        self.when.setAccessibleName("When")
        self.when.setPlaceholderText("2026-11-24 14:30")
        self.when.textChanged.connect(self._on_changed)
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 24 * 60)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" min")
        self.minutes.valueChanged.connect(self._on_changed)
        self.place = QLineEdit()
        self.place.setPlaceholderText("Café, office, or video link")
        self.place.textChanged.connect(self._on_changed)

        self.people_model = QStringListModel(self)
        self.people = QListView()
        self.people.setModel(self.people_model)
        self.people.setFlow(QListView.Flow.LeftToRight)
        self.people.setWrapping(True)
        self.people.setFixedHeight(self.fontMetrics().lineSpacing() + 16)
        self.add_person = QLineEdit()
        self.add_person.setObjectName("addPerson")
        self.add_person.setPlaceholderText("Add a person and press Enter")
        self.add_person.returnPressed.connect(self._on_add_person)
        self.remove_person = QPushButton("Remove")
        self.remove_person.clicked.connect(self._on_remove_person)

        self.purpose = self._text("purpose", "Why this conversation, in a sentence", 2)
        self.research = self._text(
            "research", "About them and their organisation: trends, competitors, recent changes", 4
        )

        self.questions_model = QuestionListModel(self)
        self.questions = QTableView()
        self.questions.setObjectName("questions")
        self.questions.setModel(self.questions_model)
        self.questions.verticalHeader().hide()
        self.questions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.questions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.questions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.questions.setColumnWidth(0, 100)
        self.questions.setColumnWidth(2, 80)
        self.questions.setWordWrap(True)
        self.questions.setMinimumHeight(170)
        self.questions.selectionModel().currentRowChanged.connect(self._on_question_selected)
        self.nudge = QLabel()
        self.nudge.setObjectName("nudge")
        self.nudge.setWordWrap(True)
        self.nudge.setStyleSheet("color: palette(placeholder-text);")
        buttons = QHBoxLayout()
        self.add_questions = QPushButton("Add questions…")
        self.add_questions.clicked.connect(self.pick_questions)
        up, down, remove = QPushButton("Up"), QPushButton("Down"), QPushButton("Remove")
        up.clicked.connect(lambda: self._move_question(-1))
        down.clicked.connect(lambda: self._move_question(1))
        remove.clicked.connect(self._remove_question)
        for button in (self.add_questions, up, down, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.answer = self._text("answer", "Their answer to the selected question", 4)
        self.answer.setEnabled(False)

        self.notes = NotesEdit()
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Free notes. Markdown works: # heading, - list, **bold**")
        self.notes.setMinimumHeight(140)
        self.notes.textChanged.connect(self._on_changed)
        self.words = QLabel()
        self.words.setObjectName("wordCount")
        self.takeaways = self._text("takeaways", "What you learned; what to do next", 3)
        self.promised = self._text("promised", "What I promised", 2)
        self.offered = self._text("offered", "What they offered", 2)
        self.calendar_button = QPushButton("Add to calendar")
        self.calendar_button.setToolTip("Export as an .ics event and open it in your calendar")
        self.calendar_button.clicked.connect(self.export_to_calendar)
        self.referral_button = QPushButton("Record a referral…")
        self.referral_button.setToolTip("Who else should I talk to? May I mention you?")
        self.referral_button.clicked.connect(self.record_referral)
        self.referrals = QLabel()
        self.referrals.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("meetingError")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("saveState")
        self.state.setStyleSheet("color: palette(placeholder-text);")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Title", self.title)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind)
        kind_row.addWidget(self.status)
        form.addRow("Kind / status", kind_row)
        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 2)
        when_row.addWidget(self.minutes, 1)
        form.addRow("When / length", when_row)
        form.addRow("Where", self.place)
        form.addRow("", self.calendar_button)
        people_row = QHBoxLayout()
        people_row.addWidget(self.add_person, 2)
        people_row.addWidget(self.remove_person)
        people_box = QVBoxLayout()
        people_box.addWidget(self.people)
        people_box.addLayout(people_row)
        form.addRow("With", people_box)
        form.addRow("Purpose", self.purpose)
        form.addRow("Research", self.research)
        questions_box = QVBoxLayout()
        questions_box.addWidget(self.questions)
        questions_box.addWidget(self.nudge)
        questions_box.addLayout(buttons)
        questions_box.addWidget(self.answer)
        form.addRow("Questions", questions_box)
        notes_box = QVBoxLayout()
        notes_box.addWidget(self.notes)
        notes_box.addWidget(self.words)
        form.addRow("Notes", notes_box)
        form.addRow("Takeaways", self.takeaways)
        form.addRow("I promised", self.promised)
        form.addRow("They offered", self.offered)
        referral_box = QVBoxLayout()
        referral_box.addWidget(self.referral_button, 0, Qt.AlignmentFlag.AlignLeft)
        referral_box.addWidget(self.referrals)
        form.addRow("Referrals", referral_box)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.error)
        body_layout.addLayout(form)
        body_layout.addWidget(self.state)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        placeholder = QLabel("Select a meeting, or press Ctrl+Shift+N to plan a new one.")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setStyleSheet("color: palette(placeholder-text); font-size: 11pt;")
        self.stack = QStackedWidget()
        self.stack.addWidget(placeholder)
        self.stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # --- public ----------------------------------------------------------

    @property
    def meeting_id(self) -> int | None:
        return self._record.id if self._record else None

    def show_meeting(self, meeting_id: int | None) -> None:
        self.save_now()
        if meeting_id is None:
            self._record = None
            self.stack.setCurrentIndex(0)
            return
        self._load(self._meetings.get(meeting_id))

    def start_new(self, title: str = "New meeting", people: list[int] | None = None) -> int:
        """Create a meeting right away (so autosave has somewhere to write) and open it."""
        self.save_now()
        record = self._meetings.save(MeetingRecord(title=title, people=people or []))
        self._load(record)
        self.title.setFocus()
        self.title.selectAll()
        return record.id

    def save_now(self) -> bool:
        """Write pending changes; True if there was nothing to save or it was saved."""
        self.autosave.stop()
        if self._record is None or self._loading:
            return True
        try:
            record = self._form_record()
        except ValueError as error:
            self.error.setText(str(error))
            self._save_text_fields_only()
            return False
        if record == self._record:
            return True
        try:
            self._record = self._meetings.save(record)
        except ValidationError as error:
            self.error.setText(" ".join(error.errors.values()))
            self._save_text_fields_only()
            return False
        self.error.clear()
        self._sync_question_ids()
        self.state.setText(f"Saved {self._record.updated_at[11:16]}")
        self.saved.emit(self._record.id)
        return True

    def pick_questions(self) -> None:
        if self._record is None:
            return
        dialog = QuestionPickerDialog(self._meetings, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            for question in dialog.chosen():
                self.questions_model.append(question)
            self._on_changed()

    def export_to_calendar(self) -> Path | None:
        """Write the meeting as an .ics file and hand it to the user's calendar app."""
        if self._record is None or not self.save_now():
            return None
        people = [
            self._people_names[cid] for cid in self._record.people if cid in self._people_names
        ]
        try:
            data = meeting_to_ics(self._record, people)
        except NotScheduled as error:
            self.error.setText(str(error))
            return None
        folder = Path(tempfile.gettempdir()) / "netdesk-calendar"
        folder.mkdir(exist_ok=True)
        safe = re.sub(r"[^\w\- ]+", "", self._record.title).strip() or "meeting"
        path = folder / f"{safe[:60]}.ics"
        path.write_bytes(data)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.error.setText(f"No calendar app opened it; the event is saved as {path}.")
        return path

    def record_referral(self) -> None:
        if self._record is None or not self._record.people:
            self.error.setText("Add the person you met first: a referral comes from them.")
            return
        self.save_now()
        names = [
            r.display_name
            for r in self._contacts.records(self._contacts.query_ids(ContactFilter()))[:5000]
        ]
        dialog = ReferralDialog(self._contacts, names, self)
        for contact_id in self._record.people:
            dialog.introducer.addItem(self._people_names.get(contact_id, "?"), contact_id)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        existing = dialog.existing_id()
        new_person = (
            None
            if existing is not None
            else ContactRecord(
                display_name=dialog.name.text().strip(), organisation=dialog.organisation.text()
            )
        )
        try:
            referral = self._meetings.record_referral(
                dialog.introducer.currentData(),
                meeting_id=self._record.id,
                to_contact_id=existing,
                new_person=new_person,
                permission=dialog.permission.currentData(),
                note=dialog.note.text(),
            )
        except ValidationError as error:
            self.error.setText(" ".join(error.errors.values()))
            return
        self._show_referrals()
        self.referral_recorded.emit(referral.to_contact_id)

    # --- internals -------------------------------------------------------

    def _load(self, record: MeetingRecord) -> None:
        self._loading = True
        try:
            self._record = record
            self.title.setText(record.title)
            self.kind.setCurrentIndex(max(0, self.kind.findData(record.kind)))
            self.status.setCurrentIndex(max(0, self.status.findData(record.status)))
            self.when.setText(record.starts_at.strftime(WHEN_FORMAT) if record.starts_at else "")
            self.minutes.setValue(record.duration_minutes)
            self.place.setText(record.place)
            people = self._contacts.records(record.people)
            self._people_names = {p.id: p.display_name for p in people}
            self.people_model.setStringList([p.display_name for p in people])
            for name in ("purpose", "research", "takeaways", "promised", "offered"):
                getattr(self, name).setPlainText(getattr(record, name))
            self.notes.setMarkdown(record.notes)
            self.questions_model.set_questions([replace(q) for q in record.questions])
            self.answer.clear()
            self.answer.setEnabled(False)
            self.error.clear()
            self.state.setText("")
        finally:
            self._loading = False
        # Qt's Markdown round trip may normalise the text; compare against what the form says.
        self._record = replace(record, notes=self._notes_markdown())
        self._update_labels()
        self._show_referrals()
        self.stack.setCurrentIndex(1)

    def _notes_markdown(self) -> str:
        return self.notes.toMarkdown().strip() if self.notes.toPlainText().strip() else ""

    def _form_record(self) -> MeetingRecord:
        assert self._record is not None
        return replace(
            self._record,
            title=self.title.text(),
            kind=self.kind.currentData(),
            status=self.status.currentData(),
            starts_at=parse_when(self.when.text()),
            duration_minutes=self.minutes.value(),
            place=self.place.text(),
            purpose=self.purpose.toPlainText(),
            research=self.research.toPlainText(),
            notes=self._notes_markdown(),
            takeaways=self.takeaways.toPlainText(),
            promised=self.promised.toPlainText(),
            offered=self.offered.toPlainText(),
            people=list(self._people_names),
            questions=[replace(q) for q in self.questions_model.questions],
        )

    def _save_text_fields_only(self) -> None:
        """When a date or title is invalid, still keep every word typed elsewhere."""
        assert self._record is not None
        values = {
            "place": self.place.text(),
            "purpose": self.purpose.toPlainText(),
            "research": self.research.toPlainText(),
            "notes": self._notes_markdown(),
            "takeaways": self.takeaways.toPlainText(),
            "promised": self.promised.toPlainText(),
            "offered": self.offered.toPlainText(),
        }
        for name in TEXT_FIELDS:
            if name in values and values[name] != getattr(self._record, name):
                self._meetings.save_text(self._record.id, name, values[name])
                setattr(self._record, name, values[name])
        for question in self.questions_model.questions:
            if question.id is not None:
                self._meetings.save_answer(question.id, question.answer)

    def _sync_question_ids(self) -> None:
        assert self._record is not None
        for mine, stored in zip(
            self.questions_model.questions, self._record.questions, strict=False
        ):
            mine.id = stored.id

    def _on_changed(self, *_args) -> None:
        if self._loading or self._record is None:
            return
        row = self.questions.currentIndex().row()
        if self.answer.isEnabled() and row >= 0:
            self.questions_model.set_answer(row, self.answer.toPlainText())
        self._update_labels()
        self.state.setText("Editing…")
        self.autosave.start()

    def _update_labels(self) -> None:
        self.nudge.setText(preparation_nudge(self.questions_model.questions))
        words = len(self.notes.toPlainText().split())
        self.words.setText(f"{words:,} word{'s' if words != 1 else ''}")

    def _on_question_selected(self, current, _previous) -> None:
        self._loading = True
        try:
            if current.isValid():
                self.answer.setPlainText(self.questions_model.questions[current.row()].answer)
                self.answer.setEnabled(True)
            else:
                self.answer.clear()
                self.answer.setEnabled(False)
        finally:
            self._loading = False

    def _move_question(self, step: int) -> None:
        row = self.questions.currentIndex().row()
        if row < 0:
            return
        target = self.questions_model.move(row, step)
        self.questions.selectRow(target)
        self._on_changed()

    def _remove_question(self) -> None:
        row = self.questions.currentIndex().row()
        if row >= 0:
            self.questions_model.remove(row)
            self._on_changed()

    def _on_add_person(self) -> None:
        name = self.add_person.text().strip()
        if not name:
            return
        matches = self._contacts.records(self._contacts.query_ids(ContactFilter(text=name)))
        exact = [r for r in matches if r.display_name.casefold() == name.casefold()]
        chosen = exact[0] if exact else (matches[0] if len(matches) == 1 else None)
        if chosen is None:
            self.error.setText(
                f"No one called “{name}” yet: add them on the Contacts page "
                "first, or type more of the name."
            )
            return
        self._people_names[chosen.id] = chosen.display_name
        self.people_model.setStringList(list(self._people_names.values()))
        self.add_person.clear()
        self.error.clear()
        self._on_changed()

    def _on_remove_person(self) -> None:
        rows = {i.row() for i in self.people.selectionModel().selectedIndexes()}
        ids = list(self._people_names)
        for row in sorted(rows, reverse=True):
            self._people_names.pop(ids[row], None)
        self.people_model.setStringList(list(self._people_names.values()))
        self._on_changed()

    def _show_referrals(self) -> None:
        if self._record is None or self._record.id is None:
            self.referrals.clear()
            return
        found = self._meetings.referrals(meeting_id=self._record.id)
        self.referrals.setText(
            "\n".join(
                f"{r.from_name} suggested {r.to_name} ({PERMISSIONS[r.permission].lower()})"
                + (f": {r.note}" if r.note else "")
                for r in found
            )
        )


class MeetingsPage(QWidget):
    referral_recorded = Signal(int)

    def __init__(
        self, meetings: MeetingService, contacts: ContactService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._meetings = meetings
        self.model = MeetingListModel(self)
        self.search = QLineEdit()
        self.search.setObjectName("meetingSearch")
        self.search.setPlaceholderText("Search meetings, notes and answers")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.reload)
        self.new_button = QPushButton("New meeting")
        self.new_button.setToolTip("Plan a new meeting (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self.new_meeting)
        self.table = QTableView()
        self.table.setObjectName("meetingTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 130)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.editor = MeetingEditor(meetings, contacts, self)
        self.editor.saved.connect(self._on_saved)
        self.editor.referral_recorded.connect(self.referral_recorded)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setSizes([520, 800])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)
        self.reload()

    def reload(self, *_args) -> None:
        self.model.set_rows(self._meetings.list(self.search.text()))
        self._select(self.editor.meeting_id)

    def new_meeting(self, title: str = "New meeting", people: list[int] | None = None) -> None:
        meeting_id = self.editor.start_new(title, people)
        self.search.clear()
        self.reload()
        self._select(meeting_id)

    def save_pending(self) -> bool:
        return self.editor.save_now()

    def _select(self, meeting_id: int | None) -> None:
        row = self.model.row_of(meeting_id) if meeting_id is not None else None
        if row is None:
            return
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.table.selectRow(row)
        selection.blockSignals(False)

    def _on_current_changed(self, current, _previous) -> None:
        meeting_id = self.model.meeting_id(current.row())
        if meeting_id is not None and meeting_id != self.editor.meeting_id:
            self.editor.show_meeting(meeting_id)

    def _on_saved(self, meeting_id: int) -> None:
        self.model.set_rows(self._meetings.list(self.search.text()))
        self._select(meeting_id)
