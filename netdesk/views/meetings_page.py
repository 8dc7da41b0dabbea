"""The Meetings page: plan and record informational interviews, with autosave."""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QStringListModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.calendar import NotScheduled, meeting_to_ics
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts import (
    ContactFilter,
    ContactRecord,
    ContactRow,
    ContactService,
    ValidationError,
)
from netdesk.services.meetings import (
    KINDS,
    LAYERS,
    OUTREACH_WITHIN_DAYS,
    PERMISSIONS,
    STATUSES,
    TEXT_FIELDS,
    MeetingRecord,
    MeetingService,
    PreparedQuestion,
    QuestionTemplate,
    TemplateExists,
    parse_when,
    preparation_nudge,
)
from netdesk.services.text import count_of, fold
from netdesk.views.appearance import tone_sheet
from netdesk.views.icons import set_icon
from netdesk.views.models.meeting_models import MeetingListModel, QuestionListModel
from netdesk.views.models.question_models import BankTableModel
from netdesk.views.notes_edit import NotesEdit, notes_toolbar
from netdesk.views.question_bank import (
    MUTED,
    EmptyState,
    QuestionBankDialog,
    bank_table,
    show_answers_across_people,
)
from netdesk.views.quick_log import PersonPicker, person_label

AUTOSAVE_DELAY_MS = 700
WHEN_FORMAT = "%Y-%m-%d %H:%M"


class QuestionPickerDialog(QDialog):
    """Pick questions from the bank (search, per layer), or write a one-off question."""

    def __init__(
        self,
        meetings: MeetingService,
        parent: QWidget | None = None,
        bank_undo: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("questionPicker")
        self.setWindowTitle("Add questions")
        self.resize(760, 560)
        self._meetings = meetings
        self._bank_undo = bank_undo or QUndoStack(self)
        self.chosen_meeting_id: int | None = None  # set when the user asks to open a meeting
        self._picked: set[int] = set()  # kept while the user searches and switches layers
        self._restoring = False
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the question bank")
        self.search.setClearButtonEnabled(True)
        self.layer = QComboBox()
        self.layer.addItem("All layers", None)
        for key, label in LAYERS.items():
            self.layer.addItem(label, key)
        self.model = BankTableModel(self)
        self.list = bank_table(self.model)
        self.list.setObjectName("bankPicker")
        self.list.setAccessibleName("Questions in the bank")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.doubleClicked.connect(self.accept)
        self.body = EmptyState(self.list)
        hint = QLabel("Ctrl+click or Shift+click to choose several; double-click adds one.")
        hint.setStyleSheet(MUTED)
        self.answers_button = QPushButton("Answers across &people…")
        self.answers_button.setToolTip("What everyone answered to the selected question")
        self.answers_button.setAutoDefault(False)
        self.answers_button.clicked.connect(self.show_answers)
        self.edit_bank_button = QPushButton("&Edit the bank…")
        self.edit_bank_button.setToolTip("Add, reword or archive questions in the bank")
        self.edit_bank_button.setAutoDefault(False)
        self.edit_bank_button.clicked.connect(self.edit_bank)
        answers_action = QAction("Answers across people…", self.list)
        answers_action.triggered.connect(self.show_answers)
        self.list.addAction(answers_action)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.own = QLineEdit()
        self.own.setPlaceholderText("…or write your own question for this meeting")
        self.own_layer = QComboBox()
        for key, label in LAYERS.items():
            self.own_layer.addItem(label, key)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.layer, 1)
        tools = QHBoxLayout()
        tools.addWidget(hint, 1)
        tools.addWidget(self.answers_button)
        tools.addWidget(self.edit_bank_button)
        own = QHBoxLayout()
        own.addWidget(self.own, 2)
        own.addWidget(self.own_layer, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        layout.addLayout(tools)
        layout.addSpacing(4)
        layout.addLayout(own)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._refresh)
        self.layer.currentIndexChanged.connect(self._refresh)
        self.list.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.own.textChanged.connect(self._update_buttons)
        self._refresh()

    def _refresh(self, *_args) -> None:
        self._restoring = True
        try:
            self.model.set_questions(
                self._meetings.bank(self.layer.currentData(), self.search.text()),
                self._meetings.answer_counts(),
            )
            selection = QItemSelection()
            for row in range(self.model.rowCount()):
                if self.model.question(row).id in self._picked:
                    selection.select(self.model.index(row, 0), self.model.index(row, 2))
            self.list.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self._restoring = False
        text = self.search.text().strip()
        self.body.show_view_or(
            self.model.rowCount() > 0,
            f"No question in the bank matches “{text}”.\nWrite your own below."
            if text
            else "This layer of the bank is empty.\nAdd questions with “Edit the bank…”.",
        )
        self._update_buttons()

    def _on_selection_changed(self, selected, deselected) -> None:
        if self._restoring:
            return
        for rows, keep in ((deselected, False), (selected, True)):
            for index in rows.indexes():
                question = self.model.question(index.row())
                if question is not None:
                    (self._picked.add if keep else self._picked.discard)(question.id)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        self.answers_button.setEnabled(self._current_question_id() is not None)
        count = len(self._picked) + bool(self.own.text().strip())
        self.add_button.setText(f"Add {count}" if count else "Add")
        self.add_button.setEnabled(bool(count))

    def _current_question_id(self) -> int | None:
        rows = self.list.selectionModel().selectedRows()
        question = self.model.question(rows[0].row()) if len(rows) == 1 else None
        return question.id if question else None

    def show_answers(self) -> None:
        question_id = self._current_question_id()
        if question_id is None:
            return
        chosen = show_answers_across_people(self._meetings, question_id, self)
        if chosen is not None:
            self.chosen_meeting_id = chosen
            self.reject()

    def edit_bank(self) -> None:
        dialog = QuestionBankDialog(self._meetings, self._bank_undo, self)
        dialog.exec()
        chosen = dialog.chosen_meeting_id
        dialog.deleteLater()
        if chosen is not None:
            self.chosen_meeting_id = chosen
            self.reject()
            return
        self._refresh()

    def chosen(self) -> list[PreparedQuestion]:
        """Picked bank questions in bank order (layer by layer), then the one written here."""
        picked = [
            self._meetings.prepared_from(question)
            for question in self._meetings.bank()
            if question.id in self._picked
        ]
        if self.own.text().strip():
            picked.append(PreparedQuestion(self.own_layer.currentData(), self.own.text().strip()))
        return picked


class ReferralDialog(QDialog):
    """'Who else should I talk to?': an existing person or a new one, and permission."""

    def __init__(self, contacts: ContactService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a referral")
        self.setMinimumWidth(480)
        self._contacts = contacts
        self.introducer = QComboBox()
        self.introducer.setObjectName("referralIntroducer")
        self.introducer.currentIndexChanged.connect(self._on_introducer_changed)
        # Search as you type; the list shows role and organisation, so two people of the
        # same name are told apart.
        self.name = PersonPicker(contacts, self)
        self.name.setObjectName("referralPerson")
        self.name.setPlaceholderText("Name of the person they suggested")
        self.name.person_chosen.connect(self._on_person_chosen)
        self.name.textEdited.connect(self._on_name_edited)
        self.match = QLabel()
        self.match.setObjectName("referralMatch")
        self.match.setWordWrap(True)
        self.match.setStyleSheet(MUTED)
        self.organisation = QLineEdit()
        self.organisation.setObjectName("referralOrganisation")
        self.organisation.setPlaceholderText("Where they work")
        self.permission_question = QLabel()
        self.permission_question.setObjectName("referralPermissionQuestion")
        self.permission_question.setWordWrap(True)
        self.permission = QComboBox()
        self.permission.setObjectName("referralPermission")
        for key, label in PERMISSIONS.items():
            self.permission.addItem(label, key)
        self.permission.setCurrentIndex(self.permission.findData("ask"))
        self.note = QLineEdit()
        self.note.setPlaceholderText("Why talk to them, what to ask")
        self.error = QLabel()
        self.error.setObjectName("referralError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(tone_sheet("error", self))
        form = QFormLayout(self)
        form.addRow("Suggested by", self.introducer)
        form.addRow("Person", self.name)
        form.addRow("", self.match)
        form.addRow("Organisation", self.organisation)
        form.addRow(self.permission_question)
        form.addRow("", self.permission)
        form.addRow("Note", self.note)
        form.addRow(self.error)
        self._on_introducer_changed()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _same_name(self) -> list[ContactRow]:
        """People already known by exactly the typed name (and typed organisation, if any)."""
        name = fold(self.name.text().strip())
        if not name:
            return []
        ids = self._contacts.query_ids(ContactFilter(text=self.name.text().strip()))[:200]
        same = [row for row in self._contacts.rows(ids).values() if fold(row.name) == name]
        organisation = fold(self.organisation.text().strip())
        if organisation:
            same = [row for row in same if fold(row.organisation) == organisation]
        return same

    def existing_id(self) -> int | None:
        """The person picked from the list, or the only one of the typed name; None means
        someone new."""
        if self.name.chosen_id() is not None:
            return self.name.chosen_id()
        same = self._same_name()
        return same[0].id if len(same) == 1 else None

    def _on_person_chosen(self, contact_id: int) -> None:
        row = self._contacts.rows([contact_id])[contact_id]
        self.organisation.setText(row.organisation)
        self.match.setText(f"Already in your contacts: {person_label(row)}.")

    def _on_name_edited(self, _text: str) -> None:
        same = self._same_name()
        if len(same) > 1:
            self.match.setText(
                f"{len(same)} people are called {same[0].name}: choose one from the list, "
                "or type the organisation of someone new."
            )
        elif same:
            self.match.setText(f"Already in your contacts: {person_label(same[0])}.")
        else:
            new = bool(self.name.text().strip())
            self.match.setText("Someone new: they join your contacts." if new else "")

    def _on_introducer_changed(self, *_args) -> None:
        contact_id = self.introducer.currentData()
        if contact_id is None:
            who, where = "them", ""
        else:
            record = self._contacts.get(contact_id)
            who = record.given_name or record.display_name.split(" ")[0]
            where = record.organisation
        self.permission_question.setText(f"May I mention {who}'s name when I contact them?")
        self.organisation.setPlaceholderText(
            f"Where they work ({who} is at {where})" if where else "Where they work"
        )

    def _on_accepted(self) -> None:
        if not self.name.text().strip():
            self.error.setText("Enter the name of the person they suggested.")
            return
        same = self._same_name()
        if self.name.chosen_id() is None and len(same) > 1:
            self.error.setText(
                f"{len(same)} people are called {same[0].name}. Choose one from the list "
                "(it shows their role and organisation), or type the organisation of "
                "someone new."
            )
            return
        self.accept()


class MeetingEditor(QWidget):
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

    def _question_action(self, text: str, shortcut: str, slot) -> QAction:
        """An action on the prepared questions: in their context menu, keyed while focused."""
        action = QAction(text, self.questions)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.questions.addAction(action)
        return action

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
        self.questions.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.questions.setMinimumHeight(280)  # about ten questions without scrolling
        # Drag a question to a new place, or Alt+Up / Alt+Down; positions save with the meeting.
        self.questions.setDragEnabled(True)
        self.questions.setAcceptDrops(True)
        self.questions.setDropIndicatorShown(True)
        self.questions.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.questions.setDragDropOverwriteMode(False)
        self.questions.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.questions.selectionModel().currentRowChanged.connect(self._on_question_selected)
        self.questions_model.rowsMoved.connect(self._on_questions_moved)
        self.answers_action = self._question_action(
            "Answers across people…", "Ctrl+Shift+A", self.show_answers_across_people
        )
        self.move_up_action = self._question_action(
            "Move up", "Alt+Up", lambda: self._move_question(-1)
        )
        self.move_down_action = self._question_action(
            "Move down", "Alt+Down", lambda: self._move_question(1)
        )
        self.questions.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.nudge = QLabel()
        self.nudge.setObjectName("nudge")
        self.nudge.setWordWrap(True)
        self.nudge.setStyleSheet("color: palette(placeholder-text);")
        buttons = QHBoxLayout()
        self.add_questions = QPushButton("Add questions…")
        set_icon(self.add_questions, "list-add")
        self.add_questions.setToolTip("Pick from the question bank or write your own")
        self.add_questions.clicked.connect(self.pick_questions)
        self.templates_button = QPushButton("Templates")
        self.templates_button.setObjectName("templatesButton")
        self.templates_button.setToolTip("Apply a saved set of questions, or save these as one")
        self.templates_menu = QMenu(self.templates_button)
        self.templates_menu.aboutToShow.connect(self._fill_templates_menu)
        self.templates_button.setMenu(self.templates_menu)
        # Arrows, not words: the row fits a laptop-width window.
        up, down = QToolButton(), QToolButton()
        up.setArrowType(Qt.ArrowType.UpArrow)
        down.setArrowType(Qt.ArrowType.DownArrow)
        up.setObjectName("moveQuestionUp")
        down.setObjectName("moveQuestionDown")
        up.setAccessibleName("Move up")
        down.setAccessibleName("Move down")
        up.setToolTip("Move up: ask this question earlier (Alt+Up, or drag it)")
        down.setToolTip("Move down: ask this question later (Alt+Down, or drag it)")
        remove = QPushButton("Remove")
        remove.setToolTip("Take the question (and its answer) out of this meeting")
        up.clicked.connect(lambda: self._move_question(-1))
        down.clicked.connect(lambda: self._move_question(1))
        remove.clicked.connect(self._remove_question)
        self.answers_button = QPushButton("Answers across people…")
        self.answers_button.setToolTip(
            "What everyone answered to the selected bank question (Ctrl+Shift+A)"
        )
        self.answers_button.clicked.connect(self.show_answers_across_people)
        for button in (self.add_questions, self.templates_button, up, down, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.question_notice = QLabel()
        self.question_notice.setObjectName("questionNotice")
        self.question_notice.setWordWrap(True)
        self.question_notice.setStyleSheet(MUTED)
        self.question_notice.hide()
        self.answer = self._text("answer", "Their answer to the selected question", 4)
        self.answer.setEnabled(False)
        self.answer_label = QLabel("Select a question to type their answer under it.")
        self.answer_label.setObjectName("answerLabel")
        self.answer_label.setWordWrap(True)
        self.answer_label.setStyleSheet(MUTED)

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
        self.calendar_button = QPushButton("Add to calendar")
        set_icon(self.calendar_button, "calendar")
        self.calendar_button.setToolTip("Export as an .ics event and open it in your calendar")
        self.calendar_button.clicked.connect(self.export_to_calendar)
        self.referral_button = QPushButton("Record a referral…")
        set_icon(self.referral_button, "referral")
        self.referral_button.setToolTip("Who else should I talk to? May I mention you?")
        self.referral_button.clicked.connect(self.record_referral)
        self.thank_you_button = QPushButton("Write thank-you…")
        set_icon(self.thank_you_button, "mail")
        self.thank_you_button.setObjectName("thankYouButton")
        self.thank_you_button.setToolTip(
            "A thank-you email already filled in with the date and what you discussed"
        )
        self.thank_you_button.clicked.connect(self._on_thank_you_clicked)
        self.thank_you_button.hide()  # shown by the window when mail is available
        self.referrals = QLabel()
        self.referrals.setWordWrap(True)
        self.referral_notice = QLabel()
        self.referral_notice.setObjectName("referralNotice")
        self.referral_notice.setWordWrap(True)
        self.referral_notice.setStyleSheet(tone_sheet("good", self))
        self.referral_notice.hide()
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
        questions_box = QVBoxLayout()
        questions_box.addWidget(self.questions)
        questions_box.addWidget(self.nudge)
        questions_box.addLayout(buttons)
        questions_box.addWidget(self.question_notice)
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.answer_label, 1)
        answer_row.addWidget(self.answers_button)  # about the selected question's answers
        questions_box.addLayout(answer_row)
        questions_box.addWidget(self.answer)
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

    def _build_placeholder(self) -> QWidget:
        """What shows when no meeting is open: what to do next."""
        self.empty_title = QLabel()
        self.empty_title.setObjectName("meetingsEmptyTitle")
        self.empty_title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text = QLabel()
        self.empty_text.setObjectName("meetingsEmptyText")
        self.empty_text.setStyleSheet(MUTED + " font-size: 11pt;")
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setWordWrap(True)
        self.empty_new = QPushButton("Plan a meeting…")
        self.empty_new.setObjectName("meetingsEmptyNew")
        self.empty_new.setToolTip("Plan a new meeting (Ctrl+Shift+N)")
        set_icon(self.empty_new, "new-meeting")
        self.empty_new.clicked.connect(lambda _checked=False: self.new_requested.emit())
        column = QWidget()  # a readable line length, centred
        column.setMaximumWidth(540)
        box = QVBoxLayout(column)
        box.setSpacing(10)
        box.addWidget(self.empty_title)
        box.addWidget(self.empty_text)
        box.addSpacing(6)
        box.addWidget(self.empty_new, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 10)
        row.addStretch(1)
        placeholder = QWidget()
        placeholder.setObjectName("meetingsEmpty")
        outer = QVBoxLayout(placeholder)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.set_empty_state(has_meetings=True)
        return placeholder

    def set_empty_state(self, has_meetings: bool, search: str = "") -> None:
        """Say what to do when no meeting is open: plan the first one, pick one, or
        search for something else."""
        if search and not has_meetings:
            title = f"No meeting mentions “{search}”"
            text = "Search looks in titles, people, notes and answers. Try another word."
        elif has_meetings:
            title = "No meeting open"
            text = "Pick a meeting on the left, or plan a new one (Ctrl+Shift+N)."
        else:
            title = "No meetings yet"
            text = (
                "An informational interview is a short conversation to learn how someone "
                "got where they are. Plan one: prepare questions from the bank, take notes "
                "while you talk, and NetDesk drafts the thank-you afterwards."
            )
        self.empty_title.setText(title)
        self.empty_text.setText(text)

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
        dialog = QuestionPickerDialog(self._meetings, self, self._bank_undo)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        picked = dialog.chosen() if accepted else []
        chosen_meeting = dialog.chosen_meeting_id
        dialog.deleteLater()
        if picked:
            added = self._add_questions(picked)
            skipped = len(picked) - added
            self._show_question_notice(
                f"{skipped} already in this meeting, not added twice." if skipped else ""
            )
        if chosen_meeting is not None:
            self.meeting_open_requested.emit(chosen_meeting)

    def show_answers_across_people(self) -> None:
        """What everyone answered to the selected prepared question (if it is from the bank)."""
        row = self.questions.currentIndex().row()
        if row < 0 or self._record is None:
            return
        question = self.questions_model.questions[row]
        if question.question_id is None:
            self._show_question_notice(
                "This question was written for this meeting only; answers are gathered "
                "across people for questions from the bank."
            )
            return
        self.save_now()  # the answer just typed belongs in the list
        chosen = show_answers_across_people(self._meetings, question.question_id, self)
        if chosen is not None and chosen != self.meeting_id:
            self.meeting_open_requested.emit(chosen)

    def apply_template(self, template_id: int) -> int:
        """Add a saved set of questions; ones already in the meeting are not added twice."""
        if self._record is None:
            return 0
        questions = self._meetings.template_questions(template_id)
        added = self._add_questions(questions)
        name = next((t.name for t in self._meetings.templates() if t.id == template_id), "")
        skipped = len(questions) - added
        self._show_question_notice(
            f"Applied “{name}”: {added} question{'s' if added != 1 else ''} added"
            + (f", {skipped} already here." if skipped else ".")
        )
        return added

    def save_as_template(self) -> QuestionTemplate | None:
        """Name the current questions as a template; an existing name asks before replacing."""
        questions = [replace(q, answer="") for q in self.questions_model.questions]
        if self._record is None or not questions:
            self._show_question_notice("Add some questions first, then save them as a template.")
            return None
        these = "this question" if len(questions) == 1 else f"these {len(questions)} questions"
        name, ok = QInputDialog.getText(
            self, "Save as template", f"Name {these}, e.g. “First coffee with an engineer”:"
        )
        if not ok:
            return None
        try:
            template = self._meetings.save_template(name, questions)
        except TemplateExists as exists:
            answer = QMessageBox.question(
                self,
                "Replace template?",
                f"There is already a template called “{exists.name}”.\n\n"
                f"Replace its questions with these {len(questions)}?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            template = self._meetings.save_template(name, questions, replace=True)
        except ValidationError as error:
            self._show_question_notice(" ".join(error.errors.values()))
            return None
        self._show_question_notice(
            f"Saved as template “{template.name}” ({count_of(template.size, 'question')}). "
            "Apply it to another meeting from Templates."
        )
        return template

    def export_to_calendar(self) -> Path | None:
        """Write the meeting as an .ics file and hand it to the user's calendar app."""
        if self._record is None or not self.save_now():
            return None
        people = [
            self._people_names[cid] for cid in self._record.people if cid in self._people_names
        ]
        try:
            data = meeting_to_ics(self._record, people, now=self._clock.now())
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

    def _on_thank_you_clicked(self) -> None:
        if self._record is not None and self.save_now():
            self.thank_you_requested.emit(self._record.id)

    def record_referral(self) -> None:
        if self._record is None or not self._record.people:
            self.error.setText("Add the person you met first: a referral comes from them.")
            return
        self.save_now()
        dialog = ReferralDialog(self._contacts, self)
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
        due = self._clock.today() + timedelta(days=OUTREACH_WITHIN_DAYS)
        who = referral.to_name
        self.referral_notice.setText(
            (f"{who} is now in your contacts. " if new_person is not None else "")
            + f"Added an outreach to-do: reach out to {who} by {due:%a %d %b}. "
            f"It shows on {who}'s page under Contacts."
        )
        self.referral_notice.show()
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

    def _on_question_selected(self, current, _previous) -> None:
        from_bank = (
            current.isValid()
            and self.questions_model.questions[current.row()].question_id is not None
        )
        self.answers_action.setEnabled(from_bank)
        self.answers_button.setEnabled(from_bank)
        self._loading = True
        try:
            if current.isValid():
                question = self.questions_model.questions[current.row()]
                self.answer.setPlainText(question.answer)
                self.answer.setEnabled(True)
                self.answer_label.setText(f"Their answer to “{question.text}”")
            else:
                self.answer.clear()
                self.answer.setEnabled(False)
                self.answer_label.setText("Select a question to type their answer under it.")
        finally:
            self._loading = False

    def _move_question(self, step: int) -> None:
        row = self.questions.currentIndex().row()
        if row >= 0:
            self.questions_model.move(row, step)  # _on_questions_moved follows up

    def _on_questions_moved(self, _parent, start: int, end: int, _dest, row: int) -> None:
        """After a drag or Alt+Up/Down: keep the moved question selected and save the order."""
        count = end - start + 1
        landed = row - count if row > start else row
        self._on_changed()  # before selecting: the answer box still shows the current one
        self.questions.selectRow(landed)
        self.questions.scrollTo(self.questions_model.index(landed, 1))

    def _add_questions(self, questions: list[PreparedQuestion]) -> int:
        """Append questions not already prepared (same bank question or same words)."""
        have_ids = {q.question_id for q in self.questions_model.questions if q.question_id}
        have_texts = {q.text.casefold() for q in self.questions_model.questions}
        added = 0
        for question in questions:
            if question.question_id in have_ids or question.text.casefold() in have_texts:
                continue
            self.questions_model.append(question)
            have_ids.add(question.question_id)
            have_texts.add(question.text.casefold())
            added += 1
        if added:
            self._on_changed()
        return added

    def _show_question_notice(self, text: str) -> None:
        self.question_notice.setText(text)
        self.question_notice.setVisible(bool(text))

    def _fill_templates_menu(self) -> None:
        menu = self.templates_menu
        menu.clear()
        templates = self._meetings.templates()
        menu.addSection("Apply a template")
        for template in templates:
            size = f"{template.size} question{'s' if template.size != 1 else ''}"
            action = menu.addAction(f"{template.name}  ({size})")
            action.triggered.connect(
                lambda _checked=False, tid=template.id: self.apply_template(tid)
            )
        if not templates:
            menu.addAction("No templates yet").setEnabled(False)
        menu.addSeparator()
        save = menu.addAction("Save these questions as a template…")
        save.setEnabled(bool(self.questions_model.questions))
        save.triggered.connect(self.save_as_template)
        if templates:
            remove = menu.addMenu("Delete a template")
            for template in templates:
                action = remove.addAction(template.name)
                action.triggered.connect(
                    lambda _checked=False, t=template: self._delete_template(t)
                )

    def _delete_template(self, template: QuestionTemplate) -> None:
        answer = QMessageBox.question(
            self,
            "Delete template?",
            f"Delete the template “{template.name}”? Meetings that used it keep their questions.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._meetings.delete_template(template.id)
            self._show_question_notice(f"Deleted the template “{template.name}”.")

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
        self,
        meetings: MeetingService,
        contacts: ContactService,
        parent: QWidget | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self._meetings = meetings
        # Bank edits stay undoable for the whole session, across bank dialogs.
        self.bank_undo = QUndoStack(self)
        self.model = MeetingListModel(meetings, self)
        self.search = QLineEdit()
        self.search.setObjectName("meetingSearch")
        self.search.setPlaceholderText("Search meetings, notes and answers")
        self.search.setClearButtonEnabled(True)
        # No debounce: at 10,000 meetings a keystroke is painted within ~15 ms
        # (benchmarks/bench_meetings.py), so a timer would only show every result later.
        self.search.textChanged.connect(self._on_search_text_changed)
        self.new_button = QPushButton("New meeting")
        set_icon(self.new_button, "new-meeting")
        self.new_button.setObjectName("newMeetingButton")
        self.new_button.setToolTip("Plan a new meeting (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.bank_button = QPushButton("Question bank…")
        set_icon(self.bank_button, "question-bank")
        self.bank_button.setObjectName("bankButton")
        self.bank_button.setToolTip("Add, reword or archive the questions you prepare from")
        self.bank_button.clicked.connect(self.edit_bank)
        self.table = QTableView()
        self.table.setObjectName("meetingTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The meeting and the people share the width the date and the status leave.
        header = self.table.horizontalHeader()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 124)
        self.table.setColumnWidth(3, 84)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.editor = MeetingEditor(meetings, contacts, self, self.bank_undo, clock)
        self.editor.saved.connect(self._on_saved)
        self.editor.referral_recorded.connect(self.referral_recorded)
        self.editor.new_requested.connect(self._on_new_button_clicked)
        self.editor.meeting_open_requested.connect(self.open_meeting)
        # The actions above, the search right over the list it filters: with icons the
        # buttons would squeeze the search box to a stub in one row at laptop width.
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.bank_button)
        top.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("meetingsSplitter")  # the window remembers named splitters
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)  # the editor's form needs the room; the list less
        splitter.setSizes([400, 880])  # room for the meeting's title beside its date
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)
        self.reload()

    def reload(self, *_args) -> None:
        """Query the list again after the meetings changed."""
        self.model.refresh(self.search.text())
        shown = self.editor.meeting_id
        if shown is not None:
            try:
                self._meetings.get(shown)
            except KeyError:  # deleted elsewhere (by undoing the sample network, say)
                self.editor.show_meeting(None)
        self._show_list_state()

    def _on_search_text_changed(self, text: str) -> None:
        self.model.set_text(text)
        self._show_list_state()

    def _show_list_state(self) -> None:
        self.editor.set_empty_state(self.model.rowCount() > 0, self.search.text().strip())
        self._select(self.editor.meeting_id)

    def new_meeting(self, title: str = "New meeting", people: list[int] | None = None) -> None:
        meeting_id = self.editor.start_new(title, people)
        self.search.clear()
        self.reload()
        self._select(meeting_id)

    def _on_new_button_clicked(self) -> None:
        self.new_meeting()  # not connected directly: clicked(bool) would become the title

    def save_pending(self) -> bool:
        return self.editor.save_now()

    def open_meeting(self, meeting_id: int) -> None:
        """Show one meeting in the editor and select it in the list (clearing a search
        that would hide it)."""
        self.editor.show_meeting(meeting_id)
        if self.model.row_of(meeting_id) is None and self.search.text():
            self.search.clear()  # reloads the list
        self._select(meeting_id)
        row = self.model.row_of(meeting_id)
        if row is not None:
            # After a reset (the search just cleared) the view lays its rows out later;
            # until then its scroll range is the old list's and scrollTo() falls short.
            self.table.doItemsLayout()
            self.table.scrollTo(self.model.index(row, 0))

    def edit_bank(self) -> None:
        dialog = QuestionBankDialog(self._meetings, self.bank_undo, self)
        dialog.exec()
        chosen = dialog.chosen_meeting_id
        dialog.deleteLater()
        if chosen is not None:
            self.open_meeting(chosen)

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
        self.model.refresh()
        self._select(meeting_id)
