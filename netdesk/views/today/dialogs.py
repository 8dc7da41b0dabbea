"""Dialogs for follow-ups: a new to-do, an outreach request, and reminder settings."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import ValidationError
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups.keep_in_touch import (
    DEFAULT_INTERVALS,
    INTERVAL_CHOICES,
    KeepInTouchService,
    describe_interval,
)
from netdesk.services.followups.outreach import CHANNELS, OutreachEntry, OutreachService
from netdesk.services.followups.today import TodayService
from netdesk.services.followups.todos import KINDS as TODO_KINDS
from netdesk.services.followups.todos import Todo, TodoService
from netdesk.services.vocabulary import LINKEDIN_ONLY, RELATIONS
from netdesk.views.appearance import tone_sheet
from netdesk.views.models.rows import Column, RowTableModel
from netdesk.views.quick_log import PersonPicker, date_edit, picked_date


def interval_choices(current: int | None = None) -> list[tuple[str, int | None]]:
    """(label, days) for a menu of intervals, keeping an unusual current value."""
    days = list(INTERVAL_CHOICES)
    if current is not None and current not in days:
        days = sorted([*days, current])
    return [(describe_interval(d).capitalize(), d) for d in days] + [("No reminders", None)]


class TodoDialog(QDialog):
    """A to-do by hand: what, for whom (optional), by when."""

    added = Signal(object)  # Todo

    def __init__(
        self,
        contacts: ContactService,
        todos: TodoService,
        parent: QWidget | None = None,
        contact_id: int | None = None,
        *,
        today: date,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todoDialog")
        self.setWindowTitle("New to-do")
        self._todos = todos
        self.todo: Todo | None = None
        self.title = QLineEdit()
        self.title.setObjectName("todoTitle")
        self.title.setAccessibleName("To-do")
        self.title.setPlaceholderText("e.g. Send Mia the article on data contracts")
        self.kind = QComboBox()
        self.kind.setObjectName("todoKind")
        for key, label in TODO_KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(self.kind.findData("other"))
        self.person = PersonPicker(contacts, self)
        self.person.setObjectName("todoPerson")
        self.person.setAccessibleName("For whom")
        self.person.setPlaceholderText("Optional: type a name")
        self.person.set_contact(contact_id)
        self.due = date_edit(today)
        self.due.setObjectName("todoDue")
        self.due.setAccessibleName("Due")
        self.undated = QCheckBox("No date")
        self.undated.toggled.connect(self.due.setDisabled)
        self.error = QLabel()
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("To-do", self.title)
        form.addRow("Kind", self.kind)
        form.addRow("For whom", self.person)
        due_row = QWidget()
        due_layout = QVBoxLayout(due_row)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due)
        due_layout.addWidget(self.undated)
        form.addRow("Due", due_row)
        form.addRow(self.error)
        form.addRow(buttons)
        self.resize(480, self.sizeHint().height())
        self.title.setFocus()

    def _on_accepted(self) -> None:
        contact_id = self.person.contact_id()
        if self.person.text().strip() and contact_id is None:
            self.error.setText("Choose the person from the list, or clear the name.")
            return
        try:
            self.todo = self._todos.add(
                self.title.text(),
                kind=self.kind.currentData(),
                contact_id=contact_id,
                due_on=None if self.undated.isChecked() else picked_date(self.due),
            )
        except ValidationError as error:
            self.error.setText(str(error))
            return
        self.added.emit(self.todo)
        self.accept()


class OutreachDialog(QDialog):
    """A request for a conversation: to whom, when, how, and through whom (warm)."""

    recorded = Signal(object)  # OutreachEntry

    def __init__(
        self,
        contacts: ContactService,
        outreach: OutreachService,
        parent: QWidget | None = None,
        contact_id: int | None = None,
        *,
        today: date,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("outreachDialog")
        self.setWindowTitle("Record an outreach request")
        self._outreach = outreach
        self.entry: OutreachEntry | None = None
        intro = QLabel(
            "A request for a short conversation. Warm when someone introduced you or "
            "suggested them; NetDesk fills that in from your referrals."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: palette(placeholder-text);")
        self.person = PersonPicker(contacts, self)
        self.person.setObjectName("outreachPerson")
        self.person.setAccessibleName("To whom")
        self.person.set_contact(contact_id)
        self.sent = date_edit(today, maximum=today)
        self.sent.setObjectName("outreachSent")
        self.sent.setAccessibleName("Sent on")
        self.channel = QComboBox()
        self.channel.setObjectName("outreachChannel")
        self.channel.setAccessibleName("How")
        for key, label in CHANNELS.items():
            self.channel.addItem(label, key)
        self.via = PersonPicker(contacts, self)
        self.via.setObjectName("outreachVia")
        self.via.setAccessibleName("Introduced by")
        self.via.setPlaceholderText("Who introduced you? Leave empty for a cold request")
        self.note = QLineEdit()
        self.note.setObjectName("outreachNote")
        self.note.setPlaceholderText("Optional: what you asked for")
        self.error = QLabel()
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record")
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("To whom", self.person)
        form.addRow("Sent on", self.sent)
        form.addRow("How", self.channel)
        form.addRow("Introduced by", self.via)
        form.addRow("Note", self.note)
        form.addRow(self.error)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())
        (self.sent if contact_id is not None else self.person).setFocus()

    def _on_accepted(self) -> None:
        contact_id = self.person.contact_id()
        if contact_id is None:
            self.error.setText("To whom? Type a name and choose them from the list.")
            return
        via = self.via.contact_id()
        if self.via.text().strip() and via is None:
            self.error.setText("Choose who introduced you from the list, or clear the name.")
            return
        try:
            self.entry = self._outreach.add(
                contact_id,
                sent_on=picked_date(self.sent),
                channel=self.channel.currentData(),
                via_contact_id=via,
                note=" ".join(self.note.text().split()),
            )
        except ValidationError as error:
            self.error.setText(str(error))
            return
        self.recorded.emit(self.entry)
        self.accept()


class RelationDefaultsModel(RowTableModel[tuple[str, int | None]]):
    """How often to keep in touch, by how the user knows someone; the second column edits.
    Each row is (relation, days between reminders or None)."""

    def __init__(self, keep_in_touch: KeepInTouchService, parent=None) -> None:
        super().__init__(parent)
        self._keep_in_touch = keep_in_touch
        self.refresh()

    def columns(self):
        return (
            Column("How I know them", lambda row: RELATIONS[row[0]], accessible=True),
            Column(
                "Keep in touch",
                _describe_default,
                tooltip=_interval_tooltip,
                accessible=True,
                roles={Qt.ItemDataRole.EditRole: lambda row: row[1]},
                # LinkedIn-only connections stay without reminders: thousands of them would
                # bury the few real relationships. Saying how you know someone starts them.
                editable=lambda row: row[0] != LINKEDIN_ONLY,
            ),
        )

    def refresh(self) -> None:
        defaults = self._keep_in_touch.relation_defaults()
        self.set_rows((relation, defaults.get(relation)) for relation in RELATIONS)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != 1:
            return False
        relation, _days = self._rows[index.row()]
        self._keep_in_touch.set_relation_default(relation, value)
        self.replace_row(index.row(), (relation, value), column=1)
        return True


def _describe_default(row: tuple[str, int | None]) -> str:
    relation, days = row
    text = describe_interval(days).capitalize()
    return text + ("" if days == DEFAULT_INTERVALS.get(relation) else "  (changed)")


def _interval_tooltip(row: tuple[str, int | None]) -> str:
    if row[0] == LINKEDIN_ONLY:
        return "Set how you know someone on their page to start reminders for them"
    return "Double-click or press F2 to change"


class IntervalDelegate(QStyledItemDelegate):
    """Edits an interval with a menu of sensible choices."""

    def createEditor(self, parent, _option, index):
        combo = QComboBox(parent)
        for label, days in interval_choices(index.data(Qt.ItemDataRole.EditRole)):
            combo.addItem(label, days)
        return combo

    def setEditorData(self, editor, index) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class RemindersDialog(QDialog):
    """How often to keep in touch by relation, when a request counts as unanswered, and
    whether to be notified at start."""

    def __init__(
        self,
        keep_in_touch: KeepInTouchService,
        outreach: OutreachService,
        today: TodayService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("remindersDialog")
        self.setWindowTitle("Reminders")
        self._outreach = outreach
        self._today = today
        explain = QLabel(
            "How often to hear from people, by how you know them. Any interaction you log "
            "restarts the interval. A person's own setting (on their page) wins over these."
        )
        explain.setWordWrap(True)
        self.model = RelationDefaultsModel(keep_in_touch, self)
        self.table = QTableView()
        self.table.setObjectName("relationDefaults")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(1, IntervalDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.SelectedClicked
        )
        self.no_answer = QSpinBox()
        self.no_answer.setObjectName("noAnswerDays")
        self.no_answer.setRange(1, 365)
        self.no_answer.setSuffix(" days")
        self.no_answer.setValue(outreach.no_answer_days())
        self.no_answer.valueChanged.connect(outreach.set_no_answer_days)
        self.notify = QCheckBox("Notify me when NetDesk starts and something is overdue")
        self.notify.setObjectName("notifyAtStart")
        self.notify.setChecked(today.notify_at_start())
        self.notify.toggled.connect(today.set_notify_at_start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.accept)
        form = QFormLayout()
        form.addRow("An unanswered request counts as\n“no answer” after", self.no_answer)
        form.addRow(self.notify)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(480, 600)


def snooze_choices(today: date, lapsed: bool = False) -> list[tuple[str, date]]:
    """(label, until) for a snooze menu: short for to-dos, longer for keeping in touch."""
    if lapsed:
        steps = (("For 2 weeks", 14), ("For a month", 30), ("For 3 months", 91))
    else:
        steps = (("Until tomorrow", 1), ("For 3 days", 3), ("For a week", 7))
    return [(label, today + timedelta(days=days)) for label, days in steps]
