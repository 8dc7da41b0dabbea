"""Capture People Met (Ctrl+Shift+M): the evening after an event, one person per line.

Each line is matched against the people already known as it is typed (the preview);
capturing adds the new, links everyone to the event with their note and gives each a
"nice to meet you" to-do for tomorrow. The window pushes CaptureCommand, so Ctrl+Z
takes the whole capture back as one step."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import NetDeskError
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.events.deletion import DeletedEvent
from netdesk.services.events.records import KINDS, CaptureResult, Event
from netdesk.services.events.service import EventService
from netdesk.services.text import count_of
from netdesk.services.vocabulary import MET_AT_AN_EVENT, RELATIONS
from netdesk.views.appearance import tone_sheet
from netdesk.views.events.preview_model import CapturePreviewModel
from netdesk.views.quick_log import date_edit, picked_date

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 150  # typing pauses this long before the preview is read again
RECENT_EVENTS = 30
NEW_EVENT = None  # the event chooser's "New event…" entry
EXAMPLE = (
    "Aiko Tanaka, Kestrel Aerospace, data platform — wants intros to fintech\n"
    "* Sam Lee, sam@northwind.example — starred: worth a 20–30 minute chat\n"
    "One person per line: name, organisation, role, email or LinkedIn URL — a note"
)


@dataclass(frozen=True)
class Captured:
    """A capture done: what the window needs to undo it, redo it and say it."""

    event: Event
    text: str
    relation: str
    result: CaptureResult
    event_added: bool = False  # the window added the event for this capture


def capture_message(captured: Captured) -> str:
    """'Captured 8 people from Data Meetup: 5 new, 3 matched; 8 nice-to-meet-you to-dos
    for tomorrow (Ctrl+Z undoes it)'."""
    result = captured.result
    people = len(result.linked_people)
    new = len(result.added_people)
    todos = count_of(people, "nice-to-meet-you to-do")
    return (
        f"Captured {count_of(people, 'person', 'people')} from {captured.event.name}: "
        f"{new:,} new, {people - new:,} matched; {todos} for tomorrow (Ctrl+Z undoes it)"
    )


class CaptureDialog(QDialog):
    """Choose (or add) the event, type or paste the people, check the preview, capture."""

    captured = Signal(object)  # Captured

    def __init__(
        self,
        events: EventService,
        parent: QWidget | None = None,
        clock: Clock = SYSTEM_CLOCK,
        event_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("captureDialog")
        self.setWindowTitle("Capture people met")
        self._events = events
        self._today = clock.today()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._build_event_fields()
        self._build_capture_fields()
        self._lay_out()
        self._fill_events(event_id)
        self.event_chooser.currentIndexChanged.connect(self._on_event_changed)
        self.people_text.textChanged.connect(self._timer.start)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.capture)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.capture)
        self._on_event_changed()
        self.refresh_preview()
        self.people_text.setFocus()

    # --- building -------------------------------------------------------------

    def _build_event_fields(self) -> None:
        self.event_chooser = QComboBox()
        self.event_chooser.setObjectName("captureEvent")
        self.event_chooser.setAccessibleName("Event")
        self.event_name = QLineEdit()
        self.event_name.setObjectName("captureEventName")
        self.event_name.setAccessibleName("New event's name")
        self.event_name.setPlaceholderText("e.g. Data Engineering Meetup")
        self.event_date = date_edit(self._today - timedelta(days=1), maximum=self._today)
        self.event_date.setObjectName("captureEventDate")
        self.event_date.setAccessibleName("New event's date")
        self.event_kind = QComboBox()
        self.event_kind.setObjectName("captureEventKind")
        self.event_kind.setAccessibleName("Kind of event")
        for key, label in KINDS.items():
            self.event_kind.addItem(label, key)
        self.event_place = QLineEdit()
        self.event_place.setObjectName("captureEventPlace")
        self.event_place.setAccessibleName("Where")
        self.event_place.setPlaceholderText("Where (optional)")

    def _build_capture_fields(self) -> None:
        self.relation = QComboBox()
        self.relation.setObjectName("captureRelation")
        self.relation.setAccessibleName("How I know them")
        self.relation.addItem(RELATIONS[MET_AT_AN_EVENT], MET_AT_AN_EVENT)
        for key, label in RELATIONS.items():
            if key != MET_AT_AN_EVENT:
                self.relation.addItem(label, key)
        self.people_text = QPlainTextEdit()
        self.people_text.setObjectName("captureText")
        self.people_text.setAccessibleName("People met, one per line")
        self.people_text.setPlaceholderText(EXAMPLE)
        self.people_text.setTabChangesFocus(True)
        self.people_text.setMinimumHeight(110)
        self.preview_model = CapturePreviewModel(self)
        self.preview = QTableView()
        self.preview.setObjectName("capturePreview")
        self.preview.setAccessibleName("What each line becomes")
        self.preview.setModel(self.preview_model)
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(True)  # a skipped line's reason is read in full
        self.preview.verticalHeader().hide()
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((140, 140, 200, 170, 30)):
            self.preview.setColumnWidth(column, width)
        self.error = QLabel()
        self.error.setObjectName("captureError")
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.capture_button = QPushButton("Capture")
        self.capture_button.setObjectName("captureButton")
        self.capture_button.setToolTip("Add them, link them to the event (Ctrl+Return)")
        self.capture_button.setDefault(True)
        self.buttons.addButton(self.capture_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.capture_button.clicked.connect(lambda _checked=False: self.capture())
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        self.form = QFormLayout()
        self.form.addRow("Event", self.event_chooser)
        # Shown only while "New event…" is chosen.
        self._new_event_rows = (
            ("New event's name", self.event_name),
            ("Date", self.event_date),
            ("Kind", self.event_kind),
            ("Place", self.event_place),
        )
        for label, field in self._new_event_rows:
            self.form.addRow(label, field)
        self.form.addRow("How I know them", self.relation)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        hint = QLabel(
            "One person per line: name, organisation, role, email or LinkedIn URL, then "
            "“—” and a note. A leading * stars someone worth a conversation."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.people_text, 2)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        order = [
            self.event_chooser,
            self.event_name,
            self.event_date,
            self.event_kind,
            self.event_place,
            self.relation,
            self.people_text,
            self.preview,
            self.capture_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Close),
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(920, 640)

    def _fill_events(self, event_id: int | None) -> None:
        """The recent events, newest first (and *event_id*'s, chosen, if asked);
        otherwise yesterday's (or today's) is chosen, else a new one."""
        self.event_chooser.addItem("New event…", NEW_EVENT)
        events = self._events.list()
        recent = events[:RECENT_EVENTS]
        recent += [e for e in events[RECENT_EVENTS:] if e.id == event_id]
        for event in recent:
            self.event_chooser.addItem(f"{event.name} · {event.held_on}", event.id)
        asked = self.event_chooser.findData(event_id) if event_id is not None else -1
        if asked > 0:
            self.event_chooser.setCurrentIndex(asked)
        elif recent and recent[0].held_on >= (self._today - timedelta(days=1)).isoformat():
            self.event_chooser.setCurrentIndex(1)

    # --- the preview ----------------------------------------------------------

    def chosen_event_id(self) -> int | None:
        return self.event_chooser.currentData()

    def _on_event_changed(self, _index: int = 0) -> None:
        for _label, field in self._new_event_rows:
            self.form.setRowVisible(field, self.chosen_event_id() is NEW_EVENT)
        self._timer.start()

    def refresh_preview(self) -> None:
        self._timer.stop()
        text = self.people_text.toPlainText()
        try:
            lines = self._events.preview(self.chosen_event_id(), text) if text.strip() else []
        except (NetDeskError, KeyError) as error:
            self.preview_model.set_rows([])
            self._show_error(_one_line(error))
        else:
            self.preview_model.set_rows(lines)
            self.preview.resizeRowsToContents()
            self._show_error("")
        people = self.preview_model.people()
        self.capture_button.setText(f"Capture {count_of(people, 'person', 'people')}")
        self.capture_button.setEnabled(people > 0)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # --- capturing ------------------------------------------------------------

    def capture(self) -> Captured | None:
        """Add the event if it is new, then capture; a problem is shown, not raised."""
        self.refresh_preview()
        if not self.capture_button.isEnabled():
            return None
        text, relation = self.people_text.toPlainText(), self.relation.currentData()
        adding = self.chosen_event_id() is NEW_EVENT
        try:
            event = self._chosen_or_new_event()
            result = self._events.capture(event.id, text, relation=relation)
        except (NetDeskError, KeyError) as error:
            self._show_error(_one_line(error))
            return None
        done = Captured(event, text, relation, result, event_added=adding)
        self.captured.emit(done)
        self.accept()
        return done

    def _chosen_or_new_event(self) -> Event:
        event_id = self.chosen_event_id()
        if event_id is not NEW_EVENT:
            return self._events.get(event_id)
        event = self._events.add(
            self.event_name.text(),
            picked_date(self.event_date),
            kind=self.event_kind.currentData(),
            place=self.event_place.text(),
        )
        # Added now: a capture that fails after this must not add it a second time.
        self.event_chooser.insertItem(1, f"{event.name} · {event.held_on}", event.id)
        self.event_chooser.setCurrentIndex(1)
        return event


def _one_line(error: Exception) -> str:
    if isinstance(error, KeyError):
        return "That event was deleted meanwhile; choose another."
    return " ".join(str(error).split())


class CaptureCommand(QUndoCommand):
    """Pushed after a capture: Ctrl+Z takes it back (new people, links, to-dos) as one
    step, and the event too when the capture window added it and nobody else is linked
    to it; Ctrl+Shift+Z brings the event back and captures the same lines again."""

    def __init__(
        self,
        events: EventService,
        captured: Captured,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        super().__init__(f"Capture people met at {captured.event.name}")
        self._events = events
        self._captured = captured
        self._capture_id: int | None = captured.result.capture_id  # captured when pushed
        self._event_id = captured.event.id
        self._deleted_event: DeletedEvent | None = None
        self._on_error = on_error

    def redo(self) -> None:
        if self._capture_id is not None:
            return
        captured = self._captured
        try:
            if self._deleted_event is not None:
                self._event_id = self._events.restore_event(self._deleted_event)
                self._deleted_event = None
            result = self._events.capture(self._event_id, captured.text, relation=captured.relation)
        except (NetDeskError, KeyError) as error:  # shown; the stack drops this step
            log.exception("could not capture again")
            self.setObsolete(True)
            self._on_error(f"Could not capture again: {_one_line(error)}")
            return
        self._capture_id = result.capture_id

    def undo(self) -> None:
        if self._capture_id is None:
            return
        try:
            self._events.undo_capture(self._capture_id)
            if self._captured.event_added and not self._events.get(self._event_id).people:
                self._deleted_event = self._events.delete(self._event_id)
        except (NetDeskError, KeyError) as error:
            log.exception("could not undo a capture")
            self.setObsolete(True)
            self._on_error(f"Could not undo the capture: {_one_line(error)}")
            return
        self._capture_id = None
