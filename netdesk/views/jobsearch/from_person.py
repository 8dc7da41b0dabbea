"""Add Their Organisation as a Target: a button in the person's editor, enabled when the
person has an organisation that is not a target yet, and an action of a person on the
map (which says why when it cannot). One undoable step either way."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from netdesk.services.changes import Change
from netdesk.services.contacts.service import ContactService
from netdesk.services.jobsearch.targets import TargetService
from netdesk.views.changes import ChangeRelay, follow_changes
from netdesk.views.icons import set_icon
from netdesk.views.jobsearch.commands import AddTargetCommand

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.views.contacts.editor import ContactEditor
    from netdesk.views.map.page import MapPage


def add_to_job_search_row(editor: ContactEditor, button: QPushButton) -> None:
    """Put *button* in the person's "Job search" row under their role (made by the
    first button to come), hidden for the user, whose organisation is theirs. The
    buttons stand one under the other: side by side they widen the narrow editor."""
    row = editor.findChild(QWidget, "jobSearchSection")
    if row is None:
        row = QWidget(editor)
        row.setObjectName("jobSearchSection")
        QVBoxLayout(row).setContentsMargins(0, 0, 0, 0)
        editor.add_section("Job search", row, after=editor.role, relationship=True)
    row.layout().addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)


def organisation_to_target(
    targets: TargetService, contacts: ContactService, contact_id: int
) -> tuple[str, str]:
    """The person's organisation, and why it cannot become a target ("" when it can)."""
    try:
        person = contacts.get(contact_id)
    except KeyError:  # deleted meanwhile
        return "", "They are no longer among your people."
    organisation = person.organisation.strip()
    if not organisation:
        return "", f"{person.display_name or 'They'} has no organisation to target."
    if targets.find(organisation) is not None:
        return organisation, f"{organisation} is already a target: Search page"
    return organisation, ""


def add_organisation_target(
    targets: TargetService, contacts: ContactService, undo: QUndoStack, contact_id: int
) -> str:
    """Make the person's organisation a target, one undoable step; what to tell the user."""
    organisation, refusal = organisation_to_target(targets, contacts, contact_id)
    if refusal:
        return refusal
    failed: list[str] = []
    text = f"Add target {organisation}"
    undo.push(AddTargetCommand(targets, organisation, text, failed.append))
    return failed[0] if failed else f"{organisation} is now a target: Search page"


class TargetFromPerson(QPushButton):
    status_message = Signal(str)

    def __init__(
        self,
        targets: TargetService,
        contacts: ContactService,
        undo: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Add Their Organisation as a Target", parent)
        self.setObjectName("addOrganisationAsTarget")
        set_icon(self, "list-add")
        self._targets, self._contacts, self._undo = targets, contacts, undo
        self._contact_id: int | None = None
        self._organisation = ""
        self.clicked.connect(lambda _checked=False: self.add_target())
        self.show_person(None)

    def attach(self, editor: ContactEditor) -> None:
        """In the "Job search" row under the person's role."""
        add_to_job_search_row(editor, self)
        editor.contact_shown.connect(self.show_person)
        editor.saved.connect(self.show_person)

    def attach_map(self, page: MapPage) -> None:
        """Offer it for each person on the map too (their node's menu)."""
        page.set_target_adder(self.add_for)

    def follow(self, changes: ChangeRelay) -> None:
        follow_changes(self, changes, Change.JOB_SEARCH | Change.PEOPLE, self._update)

    def show_person(self, contact_id: int | None) -> None:
        self._contact_id = contact_id
        self._update()

    def _update(self) -> None:
        self._organisation, refusal = "", "They have no organisation to target"
        if self._contact_id is not None:
            found = organisation_to_target(self._targets, self._contacts, self._contact_id)
            self._organisation, refusal = found
        self.setEnabled(not refusal)
        if not self._organisation:
            self.setToolTip("They have no organisation to target")
        elif refusal:
            self.setToolTip(refusal)
        else:
            self.setToolTip(f"Add {self._organisation} to the organisations you would work for")

    def add_target(self) -> None:
        if self._contact_id is not None and self.isEnabled():
            self.add_for(self._contact_id)

    def add_for(self, contact_id: int) -> str:
        """Target this person's organisation (or say why not), in the status bar too."""
        message = add_organisation_target(self._targets, self._contacts, self._undo, contact_id)
        self.status_message.emit(message)
        self._update()
        return message
