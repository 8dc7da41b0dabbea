"""The meeting editor: one meeting's form, saved shortly after typing stops. Parts of this
one widget: its questions (questions.py), its calendar, referral and thank-you actions
(actions.py) and its empty state (empty_state.py)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import ValidationError
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ContactFilter
from netdesk.services.contacts.service import ContactService
from netdesk.services.meetings.records import (
    KINDS,
    STATUSES,
    TEXT_FIELDS,
    MeetingRecord,
    parse_when,
    preparation_nudge,
)
from netdesk.services.meetings.service import MeetingService
from netdesk.views.appearance import tone_sheet
from netdesk.views.meetings.actions import MeetingActions
from netdesk.views.meetings.empty_state import NoMeetingOpen
from netdesk.views.meetings.questions import MeetingQuestions
from netdesk.views.notes_edit import NotesEdit, notes_toolbar

AUTOSAVE_DELAY_MS = 700
WHEN_FORMAT = "%Y-%m-%d %H:%M"


class MeetingEditor(MeetingQuestions, MeetingActions, NoMeetingOpen, QWidget):
    """One meeting; every change is saved shortly after typing stops, on switching and on close."""

    saved = Signal(int)
    referral_recorded = Signal(int)
    meeting_open_requested = Signal(int)  # e.g. from the answers of another meeting
    thank_you_requested = Signal(int)  # a held meeting: write the thank-you notes
    new_requested = Signal()  # the empty state's "Plan a meeting"

    def __init__(
        self,
        meetings: MeetingService,
        contacts: ContactService,
        parent: QWidget | None = None,
        bank_undo: QUndoStack | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._meetings = meetings
        self._contacts = contacts
        self._bank_undo = bank_undo or QUndoStack(self)
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

        questions_box = self._build_questions()
        self.notes = NotesEdit()
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText(
            "Free notes. Ctrl+B bold, Ctrl+I italic, Ctrl+1–3 headings, “* ” starts a list"
        )
        self.notes.setMinimumHeight(140)
        self.notes.textChanged.connect(self._on_changed)
        self.words = QLabel()
        self.words.setObjectName("wordCount")
        self.takeaways = self._text("takeaways", "What you learned; what to do next", 3)
        self.promised = self._text("promised", "What I promised", 2)
        self.offered = self._text("offered", "What they offered", 2)
        self._build_actions()
        self.error = QLabel()
        self.error.setObjectName("meetingError")
        self.error.setStyleSheet(tone_sheet("error", self))
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
        meeting_actions = QHBoxLayout()
        meeting_actions.addWidget(self.calendar_button, 1)
        meeting_actions.addWidget(self.thank_you_button, 1)
        form.addRow("", meeting_actions)
        people_row = QHBoxLayout()
        people_row.addWidget(self.add_person, 2)
        people_row.addWidget(self.remove_person)
        people_box = QVBoxLayout()
        people_box.addWidget(self.people)
        people_box.addLayout(people_row)
        form.addRow("With", people_box)
        form.addRow("Purpose", self.purpose)
        form.addRow("Research", self.research)
        form.addRow("Questions", questions_box)
        notes_box = QVBoxLayout()
        notes_box.setSpacing(2)
        notes_box.addWidget(notes_toolbar(self.notes))
        notes_box.addWidget(self.notes)
        notes_box.addWidget(self.words)
        form.addRow("Notes", notes_box)
        form.addRow("Takeaways", self.takeaways)
        form.addRow("I promised", self.promised)
        form.addRow("They offered", self.offered)
        referral_box = QVBoxLayout()
        referral_box.addWidget(self.referral_button, 0, Qt.AlignmentFlag.AlignLeft)
        referral_box.addWidget(self.referrals)
        referral_box.addWidget(self.referral_notice)
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
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_placeholder())
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
            self.answer_label.setText("Select a question to type their answer under it.")
            self.answers_action.setEnabled(False)
            self.answers_button.setEnabled(False)
            self.error.clear()
            self.state.setText("")
            self.question_notice.hide()
            self.referral_notice.hide()
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
        held = self.status.currentData() == "held"
        self.thank_you_button.setEnabled(held)
        self.thank_you_button.setToolTip(
            "A thank-you email already filled in with the date and what you discussed"
            if held
            else "Available once the meeting is marked Held"
        )
        words = len(self.notes.toPlainText().split())
        self.words.setText(f"{words:,} word{'s' if words != 1 else ''}")

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
