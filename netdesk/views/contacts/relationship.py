"""A person's relationship rows in the editor: how often to keep in touch (and when next),
gives and asks with a gentle nudge, and their timeline with quick logging.

Changes here are saved at once (they are not part of the person's form)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.changes import Change
from netdesk.services.followups.bundle import FollowUpServices
from netdesk.services.followups.keep_in_touch import Cadence, describe_interval
from netdesk.services.vocabulary import relation_label
from netdesk.views.appearance import tone_sheet
from netdesk.views.changes import ChangeRelay, follow_changes
from netdesk.views.models.followup_models import TimelineListModel, ago, day_text
from netdesk.views.models.roles import ID_ROLE
from netdesk.views.today.dialogs import interval_choices

MUTED = "color: palette(placeholder-text);"
MAX_TIMELINE_ROWS = 8
_DEFAULT = "default"
_STOP = "stop"


FOLLOWS = Change.INTERACTIONS | Change.TODOS | Change.OUTREACH | Change.MEETINGS | Change.SETTINGS


class RelationshipPanel(QWidget):
    """Three rows for the person editor's form: cadence_row, balance_row, timeline_row."""

    log_requested = Signal(int)  # quick-log with this person
    outreach_requested = Signal(int)
    meeting_open_requested = Signal(int)

    def __init__(
        self,
        followups: FollowUpServices,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._f = followups
        self._undo = undo_stack or QUndoStack(self)
        self.contact_id: int | None = None
        self._loading = False
        self.hide()  # only its rows are shown, inside the editor's form

        self.interval = QComboBox()
        self.interval.setObjectName("keepInTouch")
        self.interval.setAccessibleName("Keep in touch")
        self.interval.setToolTip("How often you want to hear from them; any interaction resets it")
        self.interval.currentIndexChanged.connect(self._on_interval_changed)
        self.cadence_status = QLabel()
        self.cadence_status.setObjectName("cadenceStatus")
        self.cadence_status.setStyleSheet(MUTED)
        self.cadence_status.setWordWrap(True)
        self.cadence_row = _stacked(2, self.interval, self.cadence_status)

        self.balance = QLabel()
        self.balance.setObjectName("balance")
        self.balance.setWordWrap(True)
        self.nudge = QLabel()
        self.nudge.setObjectName("reciprocityNudge")
        self.nudge.setWordWrap(True)
        self.nudge.setStyleSheet(tone_sheet("nudge", self))
        self.balance_row = _stacked(2, self.balance, self.nudge)

        self.timeline_model = TimelineListModel(self, today=self._f.clock.today)
        self.timeline = QListView()
        self.timeline.setObjectName("timeline")
        self.timeline.setAccessibleName("Timeline")
        self.timeline.setModel(self.timeline_model)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setWordWrap(True)
        self.timeline.setSpacing(1)
        self.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.timeline.customContextMenuRequested.connect(self._on_timeline_menu)
        self.timeline.doubleClicked.connect(self._on_timeline_activated)
        self.timeline_empty = QLabel("Nothing logged yet.")
        self.timeline_empty.setStyleSheet(MUTED)
        self.log_button = QPushButton("Log interaction…")
        self.log_button.setObjectName("personLog")
        self.log_button.setToolTip("A call, a message, a coffee, a give or an ask (Ctrl+L)")
        self.log_button.clicked.connect(self._on_log_clicked)
        self.outreach_button = QPushButton("Record outreach…")
        self.outreach_button.setObjectName("personOutreach")
        self.outreach_button.setToolTip("You asked them for a conversation")
        self.outreach_button.clicked.connect(self._on_outreach_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.outreach_button)
        buttons.addStretch(1)
        self.timeline_row = _stacked(4, self.timeline, self.timeline_empty, buttons)

    def rows(self) -> list[tuple[str, QWidget]]:
        """(label, widget) for the editor's form."""
        return [
            ("Keep in touch", self.cadence_row),
            ("Gives and asks", self.balance_row),
            ("Timeline", self.timeline_row),
        ]

    # --- showing ---------------------------------------------------------

    def show_contact(self, contact_id: int | None) -> None:
        self.contact_id = contact_id
        for _label, row in self.rows():
            row.setEnabled(contact_id is not None)
        if contact_id is None:
            self._loading = True
            self.interval.clear()
            self._loading = False
            self.cadence_status.setText("Save this person first.")
            self.balance.clear()
            self.nudge.hide()
            self.timeline_model.set_rows([])
            self._fit_timeline()
            return
        self.refresh()

    def follow(self, changes: ChangeRelay) -> None:
        """Stay current with the person's cadence, timeline and requests."""
        follow_changes(self, changes, FOLLOWS, self.refresh)

    def refresh(self) -> None:
        if self.contact_id is None:
            return
        try:
            cadence = self._f.keep_in_touch.cadence(self.contact_id)
        except KeyError:  # deleted meanwhile
            self.show_contact(None)
            return
        self._show_cadence(cadence)
        balance = self._f.reciprocity.balance(self.contact_id)
        if balance.gives or balance.asks:
            self.balance.setText(f"Gave {balance.gives} · asked {balance.asks}")
        else:
            self.balance.setText("Nothing marked yet: log a give or an ask on the timeline.")
        nudge = balance.nudge("them")
        self.nudge.setText(nudge or "")
        self.nudge.setVisible(bool(nudge))
        self.timeline_model.set_rows(self._f.timeline.for_contact(self.contact_id))
        self._fit_timeline()

    def _show_cadence(self, cadence: Cadence) -> None:
        self._loading = True
        try:
            self.interval.clear()
            default = describe_interval(cadence.relation_default)
            self.interval.addItem(
                f"As for {relation_label(cadence.relation).lower()}: {default}", _DEFAULT
            )
            for label, days in interval_choices(cadence.own_interval):
                if days is not None:
                    self.interval.addItem(label, days)
            self.interval.addItem("Don't remind me", _STOP)
            if cadence.stopped:
                chosen = _STOP
            elif cadence.own_interval is not None:
                chosen = cadence.own_interval
            else:
                chosen = _DEFAULT
            self.interval.setCurrentIndex(max(0, self.interval.findData(chosen)))
        finally:
            self._loading = False
        self.cadence_status.setText(self._cadence_text(cadence, self._f.clock.today()))

    @staticmethod
    def _cadence_text(cadence: Cadence, today: date) -> str:
        # Being added, or connecting on LinkedIn, is not being in touch.
        touched = cadence.last_interaction
        last = (
            f"Last in touch {ago(touched, today)} ({touched:%d %b %Y})"
            if touched
            else "Nothing logged yet"
        )
        due = cadence.due_on
        if due is None:
            return f"{last}. No reminders."
        if cadence.snoozed_until and cadence.snoozed_until > today and due <= today:
            return f"{last}. Reminder snoozed until {day_text(cadence.snoozed_until, today)}."
        if due <= today:
            return f"{last}. Time to get in touch (due {day_text(due, today)})."
        return f"{last}. Next by {day_text(due, today)}."

    def _fit_timeline(self) -> None:
        rows = self.timeline_model.rowCount()
        self.timeline.setVisible(rows > 0)
        self.timeline_empty.setVisible(rows == 0 and self.contact_id is not None)
        if rows:
            self.timeline.doItemsLayout()
            shown = min(rows, MAX_TIMELINE_ROWS)
            height = (self.timeline.sizeHintForRow(0) + 2 * self.timeline.spacing()) * shown
            self.timeline.setFixedHeight(height + 2 * self.timeline.frameWidth() + 2)

    # --- changes ---------------------------------------------------------

    def _on_interval_changed(self, _index: int) -> None:
        if self._loading or self.contact_id is None:
            return
        choice = self.interval.currentData()
        kit = self._f.keep_in_touch
        if choice == _STOP:
            cadence = kit.stop_reminding(self.contact_id)
        else:
            cadence = kit.set_interval(self.contact_id, None if choice == _DEFAULT else choice)
        self.cadence_status.setText(self._cadence_text(cadence, self._f.clock.today()))

    def _on_log_clicked(self) -> None:
        if self.contact_id is not None:
            self.log_requested.emit(self.contact_id)

    def _on_outreach_clicked(self) -> None:
        if self.contact_id is not None:
            self.outreach_requested.emit(self.contact_id)

    def _on_timeline_activated(self, index) -> None:
        entry = self.timeline_model.row_item(index.row())
        if entry is not None and entry.meeting_id is not None and entry.interaction_id is None:
            self.meeting_open_requested.emit(entry.meeting_id)

    def _on_timeline_menu(self, point: QPoint) -> None:
        index = self.timeline.indexAt(point)
        interaction_id = index.data(ID_ROLE) if index.isValid() else None
        if interaction_id is None:
            return
        entry = self.timeline_model.row_item(index.row())
        menu = QMenu(self)
        for label, value in (
            ("Mark as something I gave", "give"),
            ("Mark as something I asked for", "ask"),
            ("Neither a give nor an ask", None),
        ):
            action = menu.addAction(label, lambda v=value: self.mark(interaction_id, v))
            action.setCheckable(True)
            action.setChecked(entry is not None and entry.give_ask == value)
        menu.addSeparator()
        menu.addAction("Delete this entry", lambda: self.delete_entry(interaction_id))
        menu.exec(self.timeline.viewport().mapToGlobal(point))

    def mark(self, interaction_id: int, give_ask: str | None) -> None:
        self._f.interactions.mark(interaction_id, give_ask)
        self.after_change()

    def delete_entry(self, interaction_id: int) -> None:
        """Undoable (Ctrl+Z logs it again, as it was)."""
        self._undo.push(_DeleteEntryCommand(self, interaction_id))

    def after_change(self) -> None:
        self.refresh()


def _stacked(spacing: int, *parts: QWidget | QLayout) -> QWidget:
    """One row of the editor's form: widgets and layouts stacked, without margins."""
    row = QWidget()
    column = QVBoxLayout(row)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(spacing)
    for part in parts:
        if isinstance(part, QLayout):
            column.addLayout(part)
        else:
            column.addWidget(part)
    return row


class _DeleteEntryCommand(QUndoCommand):
    def __init__(self, panel: RelationshipPanel, interaction_id: int) -> None:
        super().__init__("Delete timeline entry")
        self._panel = panel
        self._id = interaction_id

    def redo(self) -> None:
        self._entry = self._panel._f.interactions.delete(self._id)
        self._panel.after_change()

    def undo(self) -> None:
        entry = self._entry
        self._id = self._panel._f.interactions.log(
            entry.contact_id,
            entry.kind,
            entry.summary,
            meeting_id=entry.meeting_id,
            give_ask=entry.give_ask,
            occurred_at=datetime.fromisoformat(entry.occurred_at),
        ).id
        self._panel.after_change()
