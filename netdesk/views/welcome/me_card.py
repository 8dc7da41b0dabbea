"""Step 1 of the welcome screen: the user's own name, role and organisation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.welcome.card import Card, rich_text


class MeCard(Card):
    """Asks who the user is; the page saves them when save_requested is emitted."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("1 · Start with you", "meCard", parent)
        self.body.addWidget(
            rich_text("You are the centre of your map: everyone else is placed around you.")
        )
        self.my_name = QLineEdit()
        self.my_name.setObjectName("myName")
        self.my_name.setAccessibleName("Your name")
        self.my_name.setPlaceholderText("Your name")
        self.my_role = QLineEdit()
        self.my_role.setObjectName("myRole")
        self.my_role.setAccessibleName("What you do")
        self.my_role.setPlaceholderText("Student, data analyst, nurse… (optional)")
        self.my_organisation = QLineEdit()
        self.my_organisation.setObjectName("myOrganisation")
        self.my_organisation.setAccessibleName("Where you study or work")
        self.my_organisation.setPlaceholderText("School or employer (optional)")
        form = QFormLayout()
        form.addRow("Name", self.my_name)
        form.addRow("What you do", self.my_role)
        form.addRow("Where", self.my_organisation)
        self.body.addLayout(form)
        self.me_button = QPushButton("This is me")
        self.me_button.setObjectName("saveMe")
        self.me_button.setAccessibleName("Save yourself as the centre of the map")
        self.me_button.clicked.connect(self.save_requested)
        for edit in (self.my_name, self.my_role, self.my_organisation):
            edit.returnPressed.connect(self.save_requested)
        self.me_status = rich_text("")
        self.me_status.setObjectName("meStatus")
        row = QHBoxLayout()
        row.addWidget(self.me_button)
        row.addWidget(self.me_status, 1)
        self.body.addLayout(row)

    def show_me(self, record: ContactRecord) -> None:
        self.my_name.setText(record.display_name)
        self.my_role.setText(record.role)
        self.my_organisation.setText(record.organisation)
        self.me_button.setText("Update")
        self.me_status.setText(f"✓ {record.display_name} is at the centre of your map.")

    def fill_in(self, record: ContactRecord) -> None:
        """Copy what was typed into *record* (the user's name as one display name)."""
        record.display_name = self.my_name.text().strip()
        record.given_name, record.family_name = "", ""
        record.role = self.my_role.text().strip()
        record.organisation = self.my_organisation.text().strip()
