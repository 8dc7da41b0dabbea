"""The referral dialog: who else should I talk to, and may I mention who suggested them?"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from netdesk.services.contacts.records import ContactFilter, ContactRow
from netdesk.services.contacts.service import ContactService
from netdesk.services.meetings.records import PERMISSIONS
from netdesk.services.text import fold
from netdesk.views.appearance import tone_sheet
from netdesk.views.empty_state import MUTED
from netdesk.views.quick_log import PersonPicker, person_label


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
