"""Add Introduction…: at this event, who introduced the user to whom."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import NetDeskError
from netdesk.services.events.records import EventReport
from netdesk.services.events.service import EventService
from netdesk.views.appearance import tone_sheet


class IntroductionDialog(QDialog):
    """Two of the people met at the event: the one who made the introduction, and the
    one the user was introduced to."""

    def __init__(
        self, events: EventService, report: EventReport, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("introductionDialog")
        self.setWindowTitle("Add an introduction")
        self._events = events
        self._event_id = report.event.id
        self.introducer = QComboBox()
        self.introducer.setObjectName("introducer")
        self.introducer.setAccessibleName("Who introduced you")
        self.introduced = QComboBox()
        self.introduced.setObjectName("introduced")
        self.introduced.setAccessibleName("To whom")
        for person in report.people:
            label = f"{person.name} · {person.organisation}" if person.organisation else person.name
            self.introducer.addItem(label, person.contact_id)
            self.introduced.addItem(label, person.contact_id)
        self.introduced.setCurrentIndex(min(1, self.introduced.count() - 1))
        hint = QLabel(
            f"At {report.event.name}. Only people met there are listed: capture the "
            "person first if they are missing."
        )
        hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("introductionError")
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Who introduced you", self.introducer)
        form.addRow("introduced you to", self.introduced)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> bool:
        try:
            self._events.add_introduction(
                self._event_id, self.introducer.currentData(), self.introduced.currentData()
            )
        except NetDeskError as error:
            self.error.setText(" ".join(str(error).split()))
            self.error.show()
            return False
        self.accept()
        return True
