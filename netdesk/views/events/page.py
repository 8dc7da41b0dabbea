"""The Events page: the events (latest first) beside the chosen one's page — who was met,
who has been followed up, who became a conversation, a referral or a real relationship."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import NetDeskError
from netdesk.services.changes import Change
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.events.service import EventService
from netdesk.views.changes import ChangeRelay, follow_changes
from netdesk.views.empty_state import MUTED, starting_page
from netdesk.views.events.commands import DeleteEventCommand
from netdesk.views.events.detail import EventDetail
from netdesk.views.events.event_dialog import EventDialog
from netdesk.views.events.event_models import EVENT_ID_ROLE, EventListModel
from netdesk.views.events.introduction_dialog import IntroductionDialog
from netdesk.views.icons import set_icon

NO_EVENTS_TITLE = "No events yet"
NO_EVENTS = (
    "After a meetup, a conference or an alumni evening, capture the people you met, "
    "one per line (Ctrl+Shift+M). Each gets a “nice to meet you” to-do for the next "
    "day, and this page shows what came of the evening: who you followed up, who "
    "became a conversation, a referral or a real relationship."
)
# What an event's page shows depends on: its people's names and closeness, their
# to-dos, meetings, referrals and logged interactions.
WATCHED = (
    Change.EVENTS
    | Change.PEOPLE
    | Change.TODOS
    | Change.MEETINGS
    | Change.REFERRALS
    | Change.INTERACTIONS
)


class EventsPage(QWidget):
    person_requested = Signal(int)
    capture_requested = Signal(int)  # the event's id (0: choose or add one)
    status_message = Signal(str)

    def __init__(
        self,
        events: EventService,
        undo: QUndoStack,
        parent: QWidget | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self._events = events
        self._undo = undo
        self._clock = clock
        self.last_dialog: QWidget | None = None
        self.model = EventListModel(self)
        self.new_button = QPushButton("New Event…")
        self.new_button.setObjectName("newEventButton")
        self.new_button.setToolTip("Add an event you went to, or are going to")
        set_icon(self.new_button, "list-add")
        self.new_button.clicked.connect(lambda _checked=False: self.new_event())
        self.list = QListView()
        self.list.setObjectName("eventList")
        self.list.setAccessibleName("Events")
        self.list.setModel(self.model)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setStyleSheet("QListView::item { padding: 6px 4px; }")
        self.list.selectionModel().currentChanged.connect(self._on_event_chosen)
        self.detail = EventDetail(self)
        self._connect_detail()
        self._lay_out()
        self.refresh()

    def _connect_detail(self) -> None:
        detail = self.detail
        detail.capture_requested.connect(self._on_capture_requested)
        detail.edit_requested.connect(self.edit_event)
        detail.introduction_requested.connect(self.add_introduction)
        detail.delete_requested.connect(self.delete_event)
        detail.person_requested.connect(self.person_requested)
        detail.star_requested.connect(self._on_star_requested)

    def _lay_out(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.list, 1)
        self.right = QStackedWidget()  # the chosen event's page, or nothing chosen
        self.right.addWidget(QWidget())
        self.right.addWidget(self.detail)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("eventsSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 980])
        splitter.setChildrenCollapsible(False)
        self.events_or_empty = QStackedWidget()
        self.events_or_empty.addWidget(splitter)
        self.events_or_empty.addWidget(self._empty_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.events_or_empty)

    def _empty_page(self) -> QWidget:
        """No events yet: what the page is for, and the two ways to start."""
        title = QLabel(NO_EVENTS_TITLE)
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.empty_message = QLabel(NO_EVENTS)
        self.empty_message.setObjectName("eventsEmpty")
        self.empty_message.setWordWrap(True)
        self.empty_message.setStyleSheet(MUTED + " font-size: 11pt;")
        capture = QPushButton("Capture People Met…")
        capture.setObjectName("emptyCaptureButton")
        set_icon(capture, "add-person")
        capture.clicked.connect(lambda _checked=False: self.capture_requested.emit(0))
        new = QPushButton("New Event…")
        new.setObjectName("emptyNewEventButton")
        new.clicked.connect(lambda _checked=False: self.new_event())
        return starting_page(title, self.empty_message, [capture, new])

    @property
    def is_empty(self) -> bool:
        return self.events_or_empty.currentIndex() == 1

    def follow(self, changes: ChangeRelay) -> None:
        follow_changes(self, changes, WATCHED, self.refresh, stale=True)

    # --- reading ----------------------------------------------------------------

    def current_event_id(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(EVENT_ID_ROLE) if index.isValid() else None

    def refresh(self) -> None:
        """Read the events again, keeping the chosen one (or the latest)."""
        chosen = self.current_event_id()
        self.model.set_rows(self._events.list())
        self.events_or_empty.setCurrentIndex(0 if self.model.rowCount() else 1)
        row = self.model.row_of(chosen) if chosen is not None else None
        self._choose_row(0 if row is None else row)

    def open_event(self, event_id: int) -> None:
        """Show one event (from Today, say)."""
        row = self.model.row_of(event_id)
        if row is None:
            self.refresh()
            row = self.model.row_of(event_id)
        if row is not None:
            self._choose_row(row)

    def _choose_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(row, 0))
        self._show_chosen()

    def _on_event_chosen(self, *_args) -> None:
        self._show_chosen()

    def _show_chosen(self) -> None:
        event_id = self.current_event_id()
        if event_id is None:
            self.right.setCurrentIndex(0)
            return
        try:
            report = self._events.report(event_id)
        except KeyError:  # deleted meanwhile; the change that said so refreshes the list
            self.right.setCurrentIndex(0)
            return
        self.detail.show_report(report)
        self.right.setCurrentIndex(1)

    # --- acting -----------------------------------------------------------------

    def new_event(self) -> EventDialog:
        dialog = EventDialog(self._events, self._clock.today(), parent=self)
        dialog.saved.connect(lambda event: self.open_event(event.id))
        self._open(dialog)
        return dialog

    def edit_event(self) -> EventDialog | None:
        report = self.detail.report
        if report is None:
            return None
        dialog = EventDialog(self._events, self._clock.today(), report.event, parent=self)
        self._open(dialog)
        return dialog

    def add_introduction(self) -> IntroductionDialog | None:
        report = self.detail.report
        if report is None or len(report.people) < 2:
            return None
        dialog = IntroductionDialog(self._events, report, parent=self)
        self._open(dialog)
        return dialog

    def delete_event(self) -> None:
        report = self.detail.report
        if report is None:
            return
        event = report.event
        assert event.id is not None
        command = DeleteEventCommand(self._events, event.id, event.name, self.status_message.emit)
        self._undo.push(command)
        self.status_message.emit(f"Deleted {event.name} (Ctrl+Z brings it back)")

    def _on_capture_requested(self) -> None:
        event_id = self.current_event_id()
        if event_id is not None:
            self.capture_requested.emit(event_id)

    def _on_star_requested(self, contact_id: int, starred: bool) -> None:
        event_id = self.current_event_id()
        if event_id is None:
            return
        try:
            self._events.set_starred(event_id, contact_id, starred)
        except NetDeskError as error:
            QMessageBox.warning(self, "Could not star", str(error))

    def _open(self, dialog: QWidget) -> None:
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
