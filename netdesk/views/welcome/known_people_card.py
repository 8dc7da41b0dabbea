"""Step 2 of the welcome screen: the people the user already knows, added by name and
relation, with Remove and Undo for someone added by mistake."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from netdesk.services.vocabulary import RELATIONS
from netdesk.views.appearance import tone_sheet
from netdesk.views.welcome.added_people_model import AddedPeopleModel
from netdesk.views.welcome.card import Card, rich_text

# The circles people forget they have, with how close they usually are to start with.
KNOWN_RELATIONS = {
    "family": 5,
    "friend": 4,
    "teacher": 3,
    "classmate": 3,
    "colleague": 3,
    "mentor": 4,
    "group": 2,
    "service": 2,
    "other": 2,
}


class KnownPeopleCard(Card):
    """The form and the list; the page saves, removes and restores the people."""

    add_requested = Signal()
    remove_requested = Signal()
    undo_requested = Signal()

    def __init__(self, added: AddedPeopleModel, parent: QWidget | None = None) -> None:
        super().__init__("2 · People you already know", "peopleCard", parent)
        self.body.addWidget(
            rich_text(
                "A parent or an aunt, a friend, a former teacher or coach, a classmate, a "
                "colleague, a neighbour: add a few now, details later. Each one knows "
                "others, and that is where introductions come from."
            )
        )
        self._build_form()
        self._build_list(added)
        self._build_removal()
        self.show_removed(None)

    def _build_form(self) -> None:
        self.person_name = QLineEdit()
        self.person_name.setObjectName("knownName")
        self.person_name.setAccessibleName("Name of someone you know")
        self.person_name.setPlaceholderText("Name")
        self.person_name.returnPressed.connect(self.add_requested)
        self.person_relation = QComboBox()
        self.person_relation.setObjectName("knownRelation")
        self.person_relation.setAccessibleName("How you know them")
        for key in KNOWN_RELATIONS:
            self.person_relation.addItem(RELATIONS[key], key)
        add = QPushButton("Add")
        add.setObjectName("addKnown")
        add.setAccessibleName("Add this person")
        add.clicked.connect(self.add_requested)
        row = QHBoxLayout()
        row.addWidget(self.person_name, 2)
        row.addWidget(self.person_relation, 1)
        row.addWidget(add)
        self.body.addLayout(row)
        self.people_error = rich_text("")
        self.people_error.setObjectName("knownError")
        self.people_error.setStyleSheet(tone_sheet("error", self, "border: none;"))
        self.people_error.hide()
        self.body.addWidget(self.people_error)

    def _build_list(self, added: AddedPeopleModel) -> None:
        self.people_list = QListView()
        self.people_list.setObjectName("knownPeople")
        self.people_list.setAccessibleName("People you added")
        self.people_list.setModel(added)
        self.people_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_list.setMinimumHeight(90)
        self.people_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.people_list.selectionModel().selectionChanged.connect(self._update_remove)
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.people_list,
            self.remove_requested.emit,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.body.addWidget(self.people_list, 1)

    def _build_removal(self) -> None:
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeKnown")
        self.remove_button.setToolTip("Remove the selected person, added by mistake (Delete)")
        self.remove_button.clicked.connect(self.remove_requested)
        self.undo_remove = QPushButton("Undo")
        self.undo_remove.setObjectName("undoRemoveKnown")
        self.undo_remove.clicked.connect(self.undo_requested)
        self.removed_status = rich_text("")
        self.removed_status.setObjectName("removedStatus")
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addWidget(self.removed_status)
        row.addWidget(self.undo_remove)
        row.addStretch(1)
        self.body.addLayout(row)

    def selected_row(self) -> int | None:
        rows = self.people_list.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def show_error(self, text: str | None) -> None:
        self.people_error.setText(text or "")
        self.people_error.setVisible(text is not None)

    def show_removed(self, text: str | None) -> None:
        """Say who was just removed, with Undo; None once there is nothing to undo."""
        if text is not None:
            self.removed_status.setText(text)
        self.undo_remove.setVisible(text is not None)
        self.removed_status.setVisible(text is not None)
        self._update_remove()

    def _update_remove(self, *_args) -> None:
        self.remove_button.setEnabled(self.people_list.selectionModel().hasSelection())
