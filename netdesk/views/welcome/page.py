"""The first-run screen: you at the centre, the people you already know, your LinkedIn
connections (how to get the export, and the drop right here), or a sample to explore.

The cards live in `netdesk.views.welcome`; this page saves what they ask for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import StorageError, ValidationError
from netdesk.services.contacts.deletion import DeletedContacts
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.contacts.service import ContactService
from netdesk.services.network.service import GraphService
from netdesk.views.welcome.added_people_model import AddedPeopleModel, AddedPerson
from netdesk.views.welcome.card import rich_text
from netdesk.views.welcome.known_people_card import KNOWN_RELATIONS, KnownPeopleCard
from netdesk.views.welcome.linkedin_card import LinkedInCard
from netdesk.views.welcome.me_card import MeCard

ICON = Path(__file__).resolve().parents[2] / "resources" / "icons" / "netdesk.svg"


class WelcomePage(QWidget):
    """Emits what the window does: import a file, load the sample, or go to the app."""

    import_requested = Signal()  # choose a file
    sample_requested = Signal()
    finished = Signal()  # "Start using NetDesk"
    people_added = Signal()

    def __init__(
        self,
        contacts: ContactService,
        graph: GraphService | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self._contacts = contacts
        self._graph = graph
        self.me_id: int | None = graph.me_contact_id() if graph is not None else None
        self.added = AddedPeopleModel(self)
        self._removed: tuple[DeletedContacts, AddedPerson] | None = None

        self.me_card = MeCard(self)
        self.me_card.save_requested.connect(self.save_me)
        self.people_card = KnownPeopleCard(self.added, self)
        self.people_card.add_requested.connect(self.add_person)
        self.people_card.remove_requested.connect(self.remove_person)
        self.people_card.undo_requested.connect(self.undo_removal)
        self.linkedin_card = LinkedInCard(self)
        self.linkedin_card.import_requested.connect(self.import_requested)
        self.linkedin_card.sample_requested.connect(self.sample_requested)
        self._expose_card_fields()

        self.start_button = QPushButton("Skip for now")
        self.start_button.setObjectName("welcomeStart")
        self.start_button.setAccessibleName("Start using NetDesk")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.finished)
        self._lay_out()
        self._show_me()

    def _expose_card_fields(self) -> None:
        # The window and the tests reach the fields through the page, as they always did.
        me, people = self.me_card, self.people_card
        self.my_name, self.my_role = me.my_name, me.my_role
        self.my_organisation, self.me_button, self.me_status = (
            me.my_organisation,
            me.me_button,
            me.me_status,
        )
        self.person_name, self.person_relation = people.person_name, people.person_relation
        self.people_list, self.people_error = people.people_list, people.people_error
        self.remove_button, self.undo_remove = people.remove_button, people.undo_remove
        self.removed_status = people.removed_status
        self.drop_zone = self.linkedin_card.drop_zone

    # --- building -----------------------------------------------------------

    def _lay_out(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(18)
        grid.addWidget(self.me_card, 0, 0)
        grid.addWidget(self.people_card, 1, 0)
        grid.addWidget(self.linkedin_card, 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        footer = QHBoxLayout()
        later = QLabel("You can come back here any time: Help → Getting Started.")
        later.setStyleSheet("color: palette(placeholder-text);")
        footer.addWidget(later)
        footer.addStretch(1)
        footer.addWidget(self.start_button)

        column = QVBoxLayout()
        column.setContentsMargins(28, 24, 28, 24)
        column.addLayout(self._header())
        column.addSpacing(16)
        column.addLayout(grid)
        column.addSpacing(16)
        column.addLayout(footer)
        column.addStretch(1)
        content = QWidget()
        content.setObjectName("welcomeContent")
        content.setMaximumWidth(1180)
        content.setLayout(column)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(content, 100)
        centred.addStretch(1)
        holder = QWidget()
        holder.setLayout(centred)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _header(self) -> QLayout:
        icon = QLabel()
        icon.setPixmap(QIcon(str(ICON)).pixmap(QSize(64, 64)))
        icon.setAccessibleName("NetDesk")
        title = QLabel("Welcome to NetDesk")
        title.setObjectName("welcomeTitle")
        title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        subtitle = rich_text(
            "You already have a network: family, friends, teachers, classmates, colleagues, "
            "neighbours. Put the people you know in one place, on this computer only, and "
            "grow it one real conversation at a time."
        )
        subtitle.setStyleSheet("font-size: 11pt;")
        header_text = QVBoxLayout()
        header_text.addWidget(title)
        header_text.addWidget(subtitle)
        header = QHBoxLayout()
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addSpacing(12)
        header.addLayout(header_text, 1)
        return header

    # --- acting -------------------------------------------------------------

    def _show_me(self) -> None:
        if self.me_id is None:
            self.me_status.setText("")
            return
        self.me_card.show_me(self._contacts.get(self.me_id))

    def save_me(self) -> None:
        if not self.my_name.text().strip():
            self.me_status.setText("Type your name first.")
            self.my_name.setFocus()
            return
        record = self._contacts.get(self.me_id) if self.me_id is not None else ContactRecord()
        self.me_card.fill_in(record)
        if self.me_id is None:
            record.relation, record.closeness = "other", 5
        try:
            saved = self._contacts.save(record)
        except (ValidationError, StorageError) as error:
            self.me_status.setText(str(error))
            return
        created = self.me_id is None
        if created and self._graph is not None:
            self._graph.set_me(saved.id)
        self.me_id = saved.id
        if created:  # the people added before you were: they know you
            for contact_id in self.added.ids():
                self._link_to_me(contact_id)
        self._show_me()
        self._after_change()

    def add_person(self) -> None:
        name = self.person_name.text().strip()
        if not name:
            self.person_name.setFocus()
            return
        relation = self.person_relation.currentData()
        record = ContactRecord(
            display_name=name, relation=relation, closeness=KNOWN_RELATIONS[relation]
        )
        try:
            saved = self._contacts.save(record)
        except (ValidationError, StorageError) as error:
            self.people_card.show_error(str(error))
            return
        self.people_card.show_error(None)
        self._link_to_me(saved.id)
        self.added.add(saved.id, saved.display_name, relation)
        self.person_name.clear()
        self.person_name.setFocus()
        self._after_change()

    def remove_person(self) -> None:
        """Someone added here by mistake goes again, with everything added with them."""
        row = self.people_card.selected_row()
        if row is None:
            return
        entry = self.added.take(row)
        snapshot = self._contacts.delete([entry[0]])
        self._removed = (snapshot, entry)
        self.people_card.show_removed(f"Removed {entry[1]}.")
        self.people_added.emit()  # the window's counts change too

    def undo_removal(self) -> None:
        if self._removed is None:
            return
        snapshot, entry = self._removed
        self._contacts.restore(snapshot)
        self.added.add(*entry)
        self._removed = None
        self.people_card.show_removed(None)
        self.people_added.emit()

    def _link_to_me(self, contact_id: int) -> None:
        if self.me_id is not None and contact_id != self.me_id:
            self._contacts.add_link(self.me_id, contact_id, "knows")

    def _after_change(self) -> None:
        self.start_button.setText("Start using NetDesk →")
        self.people_added.emit()
