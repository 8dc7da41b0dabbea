"""New Event… and Edit Event…: its name, date, kind, place and notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import NetDeskError
from netdesk.services.events.records import KINDS, Event
from netdesk.services.events.service import EventService
from netdesk.views.appearance import tone_sheet
from netdesk.views.quick_log import date_edit, picked_date


class EventDialog(QDialog):
    """Adds an event (*event* None) or saves the changes to one; Enter saves."""

    saved = Signal(object)  # Event

    def __init__(
        self,
        events: EventService,
        today: date,
        event: Event | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("eventDialog")
        self.setWindowTitle("Edit event" if event else "New event")
        self._events = events
        self._event = event
        held_on = date.fromisoformat(event.held_on) if event else today - timedelta(days=1)
        self.name = QLineEdit(event.name if event else "")
        self.name.setObjectName("eventName")
        self.name.setAccessibleName("Event's name")
        self.name.setPlaceholderText("e.g. Data Guild evening")
        self.held_on = date_edit(held_on)
        self.held_on.setObjectName("eventDate")
        self.held_on.setAccessibleName("Date")
        self.kind = QComboBox()
        self.kind.setObjectName("eventKind")
        self.kind.setAccessibleName("Kind of event")
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(event.kind if event else "meetup")))
        self.place = QLineEdit(event.place if event else "")
        self.place.setObjectName("eventPlace")
        self.place.setAccessibleName("Where")
        self.place.setPlaceholderText("Where (optional)")
        self.notes = QPlainTextEdit(event.notes if event else "")
        self.notes.setObjectName("eventNotes")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Who organised it, what it was about, worth going again?")
        self.notes.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setObjectName("eventError")
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Date", self.held_on)
        form.addRow("Kind", self.kind)
        form.addRow("Place", self.place)
        form.addRow("Notes", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 360)
        self.name.setFocus()

    def save(self) -> Event | None:
        """Save, or show what is wrong and keep the dialog open."""
        values = Event(
            None,
            self.name.text(),
            picked_date(self.held_on).isoformat(),
            self.place.text(),
            self.kind.currentData(),
            self.notes.toPlainText().strip(),
        )
        if self._event is not None:
            values = replace(values, id=self._event.id)
        try:
            event = self._events.save(values)
        except KeyError:
            self._show_error("This event was deleted meanwhile.")
            return None
        except NetDeskError as error:
            self._show_error(" ".join(str(error).split()))
            return None
        self.saved.emit(event)
        self.accept()
        return event

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
