"""One event on the events page: what it was, who was met there and what came of it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.events.records import KINDS, EventReport
from netdesk.services.text import count_of
from netdesk.views.empty_state import MUTED, EmptyState
from netdesk.views.events.event_models import CONTACT_ID_ROLE, MetPeopleTableModel, when
from netdesk.views.icons import set_icon

NO_PEOPLE = (
    "Nobody captured yet. “Capture People Met…” takes one person per line: name, "
    "organisation, role, email or LinkedIn URL — a note."
)


def outcome_summary(report: EventReport) -> str:
    """'8 met · 5 followed up · 2 conversations · 1 referral · 1 real relationship'."""
    return " · ".join(
        [
            f"{len(report.people):,} met",
            f"{report.count('followed_up'):,} followed up",
            count_of(report.count("conversation"), "conversation"),
            count_of(report.count("referral"), "referral"),
            count_of(report.count("real_relationship"), "real relationship"),
        ]
    )


def _detail_button(text: str, name: str, tip: str, icon: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    if icon:
        set_icon(button, icon)
    return button


class EventDetail(QWidget):
    """The chosen event; its buttons ask the page to act (capture, edit, introduce, delete)."""

    capture_requested = Signal()
    edit_requested = Signal()
    introduction_requested = Signal()
    delete_requested = Signal()
    person_requested = Signal(int)
    star_requested = Signal(int, bool)  # contact id, starred

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: EventReport | None = None
        self.title = QLabel()
        self.title.setObjectName("eventTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("eventSubtitle")
        self.subtitle.setStyleSheet(MUTED)
        self.notes = QLabel()
        self.notes.setObjectName("eventNotesText")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setObjectName("eventSummary")
        self.summary.setStyleSheet("font-weight: 600;")
        self._build_buttons()
        self._build_table()
        self.introductions = QLabel()
        self.introductions.setObjectName("eventIntroductions")
        self.introductions.setWordWrap(True)
        self._lay_out()

    def _build_buttons(self) -> None:
        self.capture_button = _detail_button(
            "Capture People Met…",
            "eventCaptureButton",
            "Add the people you met here, one per line",
            "add-person",
        )
        self.edit_button = _detail_button(
            "Edit…", "eventEditButton", "Name, date, kind, place, notes"
        )
        self.introduction_button = _detail_button(
            "Add Introduction…",
            "eventIntroductionButton",
            "Who introduced you to whom here (warm paths use it)",
            "link",
        )
        self.delete_button = _detail_button(
            "Delete", "eventDeleteButton", "Delete this event (Ctrl+Z brings it back)", "trash"
        )
        self.star_button = _detail_button(
            "Star", "eventStarButton", "Worth a 20–30 minute conversation (S)"
        )
        self.open_button = _detail_button(
            "Open Person", "eventOpenButton", "Show them in Contacts (Enter)"
        )
        self.capture_button.clicked.connect(self.capture_requested)
        self.edit_button.clicked.connect(self.edit_requested)
        self.introduction_button.clicked.connect(self.introduction_requested)
        self.delete_button.clicked.connect(self.delete_requested)
        self.star_button.clicked.connect(self._on_star_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)

    def _build_table(self) -> None:
        self.model = MetPeopleTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("eventPeople")
        self.table.setAccessibleName("People met at this event")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The note takes what the names leave; the ticks are as wide as their headers.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column in range(4, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column, width in enumerate((30, 150, 140)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self._on_open_clicked())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        for key, slot in (("Return", self._on_open_clicked), ("S", self._on_star_clicked)):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self.people = EmptyState(self.table)

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        for button in (self.capture_button, self.introduction_button, self.edit_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        person_actions = QHBoxLayout()
        person_actions.addWidget(self.summary, 1)
        person_actions.addWidget(self.star_button)
        person_actions.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.notes)
        layout.addLayout(actions)
        layout.addSpacing(6)
        layout.addLayout(person_actions)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.introductions)

    # --- showing ----------------------------------------------------------------

    def show_report(self, report: EventReport) -> None:
        chosen = self.current_contact_id()
        self.report = report
        event = report.event
        self.title.setText(event.name)
        parts = [when(event), KINDS.get(event.kind, event.kind)]
        if event.place:
            parts.append(event.place)
        self.subtitle.setText(" · ".join(parts))
        self.notes.setText(event.notes)
        self.notes.setVisible(bool(event.notes))
        self.summary.setText(outcome_summary(report))
        self.model.set_rows(report.people)
        self.people.show_view_or(bool(report.people), NO_PEOPLE)
        self.introductions.setText(
            "Introductions here: "
            + "; ".join(f"{a} introduced you to {b}" for a, b in report.introductions)
            if report.introductions
            else ""
        )
        self.introductions.setVisible(bool(report.introductions))
        self.introduction_button.setEnabled(len(report.people) >= 2)
        row = self.model.row_where(lambda person: person.contact_id == chosen)
        if row is not None:
            self.table.selectRow(row)
        self._on_current_changed()

    # --- the chosen person --------------------------------------------------------

    def current_contact_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(CONTACT_ID_ROLE) if index.isValid() else None

    def _on_current_changed(self, *_args) -> None:
        person = self.model.row_at(self.table.currentIndex())
        self.star_button.setEnabled(person is not None)
        self.open_button.setEnabled(person is not None)
        self.star_button.setText("Unstar" if person and person.starred else "Star")

    def _on_star_clicked(self) -> None:
        person = self.model.row_at(self.table.currentIndex())
        if person is not None:
            self.star_requested.emit(person.contact_id, not person.starred)

    def _on_open_clicked(self) -> None:
        contact_id = self.current_contact_id()
        if contact_id is not None:
            self.person_requested.emit(contact_id)
