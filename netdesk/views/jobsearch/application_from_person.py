"""Add Application There…: a button in the person's "Job search" row, enabled when they
have an organisation and are not the user. It opens the Search page's Add Application
dialog filled in with their organisation and them as the one who can refer; saving is
one undoable step and leaves the application chosen on the Search page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from netdesk.services.changes import Change
from netdesk.services.contacts.records import ContactRow
from netdesk.services.contacts.service import ContactService
from netdesk.services.jobsearch.applications import ApplicationService
from netdesk.services.jobsearch.records import ApplicationRecord
from netdesk.views.changes import ChangeRelay, follow_changes
from netdesk.views.icons import set_icon
from netdesk.views.jobsearch.dialogs import ApplicationDialog
from netdesk.views.jobsearch.from_person import add_to_job_search_row

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.views.contacts.editor import ContactEditor
    from netdesk.views.jobsearch.page import SearchPage


class ApplicationFromPerson(QPushButton):
    status_message = Signal(str)

    def __init__(
        self,
        contacts: ContactService,
        applications: ApplicationService,
        search_page: SearchPage,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Add Application There…", parent)
        self.setObjectName("addApplicationThere")
        set_icon(self, "list-add")
        self._contacts, self._applications = contacts, applications
        self._page = search_page
        self._contact_id: int | None = None
        self.clicked.connect(lambda _checked=False: self.add_application())
        self.show_person(None)

    def attach(self, editor: ContactEditor) -> None:
        """Beside Add Their Organisation as a Target."""
        add_to_job_search_row(editor, self)
        editor.contact_shown.connect(self.show_person)
        editor.saved.connect(self.show_person)

    def follow(self, changes: ChangeRelay) -> None:
        follow_changes(self, changes, Change.PEOPLE, self._update)

    def show_person(self, contact_id: int | None) -> None:
        self._contact_id = contact_id
        self._update()

    def _person(self) -> ContactRow | None:
        """The person on show when an application there can name them, else None."""
        if self._contact_id is None:
            return None
        person = self._contacts.rows([self._contact_id]).get(self._contact_id)
        if person is None or person.is_me or not person.organisation.strip():
            return None  # deleted meanwhile, the user, or no organisation
        return person

    def _update(self) -> None:
        person = self._person()
        self.setEnabled(person is not None)
        if person is None:
            self.setToolTip("They have no organisation to apply to")
        else:
            self.setToolTip(
                f"An application at {person.organisation} that {person.name} can refer you for"
            )

    def add_application(self) -> ApplicationDialog | None:
        """The Search page's Add Application dialog, filled in for this person."""
        person = self._person() if self.isEnabled() else None
        if person is None:
            return None
        dialog = self._page.add_application()  # which chooses it on the page once saved
        dialog.refer_by(person.organisation.strip(), person.id, person.name)
        dialog.saved.connect(self._on_saved)
        return dialog

    def _on_saved(self, application: ApplicationRecord) -> None:
        where = f"{application.role} at {application.organisation}"
        self.status_message.emit(f"Application for {where} added: Search page")
