"""The first-run screen: you at the centre, the people you already know, your LinkedIn
connections (how to get the export, and the drop right here), or a sample to explore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.contacts.deletion import DeletedContacts
from netdesk.services.contacts.records import ContactRecord, StorageError, ValidationError
from netdesk.services.contacts.service import ContactService
from netdesk.services.network.service import GraphService
from netdesk.services.vocabulary import RELATIONS
from netdesk.views.appearance import tone_sheet

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "netdesk.svg"
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
LINKEDIN_STEPS = (
    "On LinkedIn, click <b>Me</b> (your photo) → <b>Settings &amp; Privacy</b>.",
    "Open <b>Data privacy</b> → <b>Get a copy of your data</b>.",
    "Choose what to download. The <b>Basic</b> archive: pick <i>Want something in "
    "particular?</i> and tick <b>Connections</b>; it arrives in about ten minutes. The "
    "<b>Complete</b> archive (<i>Download larger data archive</i>) takes up to a day and "
    "also holds your messages and invitations, from which NetDesk learns when you were "
    "last in touch.",
    "When LinkedIn's email arrives, download the <b>.zip</b> (Basic_ or "
    "Complete_LinkedInDataExport_…) and drop it here, or the <b>Connections.csv</b> inside it.",
)


class AddedPeopleModel(QAbstractListModel):
    """The people added on this screen, newest last."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str, str]] = []  # (contact id, name, relation)

    def add(self, contact_id: int, name: str, relation: str) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append((contact_id, name, relation))
        self.endInsertRows()

    def ids(self) -> list[int]:
        return [row[0] for row in self._rows]

    def take(self, row: int) -> tuple[int, str, str]:
        """Remove one entry (someone added by mistake) and return it."""
        self.beginRemoveRows(QModelIndex(), row, row)
        taken = self._rows.pop(row)
        self.endRemoveRows()
        return taken

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        _cid, name, relation = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{name} — {RELATIONS.get(relation, relation)}"
        return None


class _Card(QFrame):
    def __init__(self, title: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"#{name} {{ border: 1px solid palette(mid); border-radius: 10px; "
            "background: palette(base); }"
            # The card is the colour of a text box: its boxes get an edge of their own.
            f"#{name} QLineEdit {{ border: 1px solid palette(mid); border-radius: 4px; "
            "padding: 3px 4px; }"
        )
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 14, 18, 16)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 13pt; font-weight: 600; border: none;")
        self.body.addWidget(heading)


def _text(html: str) -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet("border: none;")
    return label


class DropZone(QLabel):
    """Where to drop the export; the window itself takes the drop (anywhere on it)."""

    def __init__(self) -> None:
        super().__init__(
            "Drop the LinkedIn .zip or Connections.csv here\n"
            "(vCard .vcf files and Google Contacts CSV work too)"
        )
        self.setObjectName("welcomeDropZone")
        self.setAccessibleName("Drop zone for LinkedIn exports and contact files")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(86)
        self.setWordWrap(True)
        self.setStyleSheet(
            "#welcomeDropZone { border: 2px dashed palette(highlight); border-radius: 10px; "
            "color: palette(highlight); font-weight: 600; padding: 10px; }"
        )


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

        icon = QLabel()
        icon.setPixmap(QIcon(str(ICON)).pixmap(QSize(64, 64)))
        icon.setAccessibleName("NetDesk")
        title = QLabel("Welcome to NetDesk")
        title.setObjectName("welcomeTitle")
        title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        subtitle = _text(
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

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(18)
        grid.addWidget(self._build_me_card(), 0, 0)
        grid.addWidget(self._build_people_card(), 1, 0)
        grid.addWidget(self._build_linkedin_card(), 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.start_button = QPushButton("Skip for now")
        self.start_button.setObjectName("welcomeStart")
        self.start_button.setAccessibleName("Start using NetDesk")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.finished)
        footer = QHBoxLayout()
        later = QLabel("You can come back here any time: Help → Getting Started.")
        later.setStyleSheet("color: palette(placeholder-text);")
        footer.addWidget(later)
        footer.addStretch(1)
        footer.addWidget(self.start_button)

        column = QVBoxLayout()
        column.setContentsMargins(28, 24, 28, 24)
        column.addLayout(header)
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
        self._show_me()

    # --- building -----------------------------------------------------------

    def _build_me_card(self) -> QWidget:
        card = _Card("1 · Start with you", "meCard")
        card.body.addWidget(
            _text("You are the centre of your map: everyone else is placed around you.")
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
        card.body.addLayout(form)
        self.me_button = QPushButton("This is me")
        self.me_button.setObjectName("saveMe")
        self.me_button.setAccessibleName("Save yourself as the centre of the map")
        self.me_button.clicked.connect(self.save_me)
        for edit in (self.my_name, self.my_role, self.my_organisation):
            edit.returnPressed.connect(self.save_me)
        self.me_status = _text("")
        self.me_status.setObjectName("meStatus")
        row = QHBoxLayout()
        row.addWidget(self.me_button)
        row.addWidget(self.me_status, 1)
        card.body.addLayout(row)
        return card

    def _build_people_card(self) -> QWidget:
        card = _Card("2 · People you already know", "peopleCard")
        card.body.addWidget(
            _text(
                "A parent or an aunt, a friend, a former teacher or coach, a classmate, a "
                "colleague, a neighbour: add a few now, details later. Each one knows "
                "others, and that is where introductions come from."
            )
        )
        self.person_name = QLineEdit()
        self.person_name.setObjectName("knownName")
        self.person_name.setAccessibleName("Name of someone you know")
        self.person_name.setPlaceholderText("Name")
        self.person_name.returnPressed.connect(self.add_person)
        self.person_relation = QComboBox()
        self.person_relation.setObjectName("knownRelation")
        self.person_relation.setAccessibleName("How you know them")
        for key in KNOWN_RELATIONS:
            self.person_relation.addItem(RELATIONS[key], key)
        add = QPushButton("Add")
        add.setObjectName("addKnown")
        add.setAccessibleName("Add this person")
        add.clicked.connect(self.add_person)
        row = QHBoxLayout()
        row.addWidget(self.person_name, 2)
        row.addWidget(self.person_relation, 1)
        row.addWidget(add)
        card.body.addLayout(row)
        self.people_error = _text("")
        self.people_error.setObjectName("knownError")
        self.people_error.setStyleSheet(tone_sheet("error", self, "border: none;"))
        self.people_error.hide()
        card.body.addWidget(self.people_error)
        self.people_list = QListView()
        self.people_list.setObjectName("knownPeople")
        self.people_list.setAccessibleName("People you added")
        self.people_list.setModel(self.added)
        self.people_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_list.setMinimumHeight(90)
        self.people_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.people_list.selectionModel().selectionChanged.connect(self._update_remove)
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.people_list,
            self.remove_person,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        card.body.addWidget(self.people_list, 1)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeKnown")
        self.remove_button.setToolTip("Remove the selected person, added by mistake (Delete)")
        self.remove_button.clicked.connect(self.remove_person)
        self.undo_remove = QPushButton("Undo")
        self.undo_remove.setObjectName("undoRemoveKnown")
        self.undo_remove.clicked.connect(self.undo_removal)
        self.removed_status = _text("")
        self.removed_status.setObjectName("removedStatus")
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addWidget(self.removed_status)
        row.addWidget(self.undo_remove)
        row.addStretch(1)
        card.body.addLayout(row)
        self._removed: tuple[DeletedContacts, tuple[int, str, str]] | None = None
        self._update_remove()
        return card

    def _update_remove(self, *_args) -> None:
        self.remove_button.setEnabled(self.people_list.selectionModel().hasSelection())
        self.undo_remove.setVisible(self._removed is not None)
        self.removed_status.setVisible(self._removed is not None)

    def remove_person(self) -> None:
        """Someone added here by mistake goes again, with everything added with them."""
        rows = self.people_list.selectionModel().selectedRows()
        if not rows:
            return
        entry = self.added.take(rows[0].row())
        snapshot = self._contacts.delete([entry[0]])
        self._removed = (snapshot, entry)
        self.removed_status.setText(f"Removed {entry[1]}.")
        self._update_remove()
        self.people_added.emit()  # the window's counts change too

    def undo_removal(self) -> None:
        if self._removed is None:
            return
        snapshot, entry = self._removed
        self._contacts.restore(snapshot)
        self.added.add(*entry)
        self._removed = None
        self._update_remove()
        self.people_added.emit()

    def _build_linkedin_card(self) -> QWidget:
        card = _Card("3 · Your LinkedIn connections", "linkedinCard")
        steps = "".join(f"<li style='margin-bottom: 6px;'>{step}</li>" for step in LINKEDIN_STEPS)
        how = _text(f"<ol style='margin-left: -18px;'>{steps}</ol>")
        how.setObjectName("linkedinSteps")
        card.body.addWidget(how)
        self.drop_zone = DropZone()
        card.body.addWidget(self.drop_zone)
        choose = QPushButton("Choose file…")
        choose.setObjectName("welcomeImport")
        choose.setAccessibleName("Choose a LinkedIn export or contacts file to import")
        choose.clicked.connect(self.import_requested)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addWidget(
            _text("Re-importing a newer export later updates people; nothing is duplicated.")
        )
        row.setStretch(1, 1)
        card.body.addLayout(row)
        card.body.addStretch(1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: palette(mid);")
        card.body.addWidget(line)
        explore = QLabel("Not ready to import yet?")
        explore.setStyleSheet("font-size: 11pt; font-weight: 600; border: none;")
        card.body.addWidget(explore)
        card.body.addWidget(
            _text(
                "Look around a sample network first: invented people, who introduced whom, "
                "informational interviews with their notes and answers, and the follow-ups "
                "they led to. Edit → Undo Last Import removes it again."
            )
        )
        sample = QPushButton("Explore a sample network")
        sample.setObjectName("welcomeSample")
        sample.clicked.connect(self.sample_requested)
        row = QHBoxLayout()
        row.addWidget(sample)
        row.addStretch(1)
        card.body.addLayout(row)
        return card

    # --- acting -------------------------------------------------------------

    def _show_me(self) -> None:
        if self.me_id is None:
            self.me_status.setText("")
            return
        record = self._contacts.get(self.me_id)
        self.my_name.setText(record.display_name)
        self.my_role.setText(record.role)
        self.my_organisation.setText(record.organisation)
        self.me_button.setText("Update")
        self.me_status.setText(f"✓ {record.display_name} is at the centre of your map.")

    def save_me(self) -> None:
        name = self.my_name.text().strip()
        if not name:
            self.me_status.setText("Type your name first.")
            self.my_name.setFocus()
            return
        record = self._contacts.get(self.me_id) if self.me_id is not None else ContactRecord()
        record.display_name = name
        record.given_name, record.family_name = "", ""
        record.role = self.my_role.text().strip()
        record.organisation = self.my_organisation.text().strip()
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
            self.people_error.setText(str(error))
            self.people_error.show()
            return
        self.people_error.hide()
        self._link_to_me(saved.id)
        self.added.add(saved.id, saved.display_name, relation)
        self.person_name.clear()
        self.person_name.setFocus()
        self._after_change()

    def _link_to_me(self, contact_id: int) -> None:
        if self.me_id is not None and contact_id != self.me_id:
            self._contacts.add_link(self.me_id, contact_id, "knows")

    def _after_change(self) -> None:
        self.start_button.setText("Start using NetDesk →")
        self.people_added.emit()
