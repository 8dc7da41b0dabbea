"""Add Their Organisation as a Target: a button in the person's editor, enabled when the
person has an organisation that is not a target yet. One undoable step."""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QPushButton, QWidget

from netdesk.services.changes import Change
from netdesk.services.contacts.service import ContactService
from netdesk.services.jobsearch.targets import TargetService
from netdesk.views.changes import ChangeRelay, follow_changes
from netdesk.views.icons import set_icon
from netdesk.views.jobsearch.commands import AddTargetCommand

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.views.contacts.editor import ContactEditor


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
        """Under the person's role, hidden for the user (whose organisation is theirs)."""
        editor.add_section("Job search", self, after=editor.role, relationship=True)
        editor.contact_shown.connect(self.show_person)
        editor.saved.connect(self.show_person)

    def follow(self, changes: ChangeRelay) -> None:
        follow_changes(self, changes, Change.JOB_SEARCH | Change.PEOPLE, self._update)

    def show_person(self, contact_id: int | None) -> None:
        self._contact_id = contact_id
        self._update()

    def _update(self) -> None:
        self._organisation = ""
        if self._contact_id is not None:
            with suppress(KeyError):  # deleted meanwhile: nothing to target
                self._organisation = self._contacts.get(self._contact_id).organisation.strip()
        targeted = bool(self._organisation) and self._targets.find(self._organisation) is not None
        self.setEnabled(bool(self._organisation) and not targeted)
        if not self._organisation:
            self.setToolTip("They have no organisation to target")
        elif targeted:
            self.setToolTip(f"{self._organisation} is already a target: Search page")
        else:
            self.setToolTip(f"Add {self._organisation} to the organisations you would work for")

    def add_target(self) -> None:
        name = self._organisation
        if not name or not self.isEnabled():
            return
        failed: list[str] = []
        command = AddTargetCommand(self._targets, name, f"Add target {name}", failed.append)
        self._undo.push(command)
        self.status_message.emit(failed[0] if failed else f"{name} is now a target: Search page")
        self._update()
