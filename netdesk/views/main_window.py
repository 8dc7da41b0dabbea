"""The main window: the frame, the navigation, the pages and the menus.

Everything it shows comes from the `Services` bundle it is given. It does not keep
pages in step: services announce what they change and each page follows what it
shows (netdesk/views/changes.py). The commands behind the menus live in the flows of
netdesk/views/window/ (import, backups, export, mail, people, first run).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QIcon, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QWidget

from netdesk import APP_NAME
from netdesk.services.changes import Change
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.changes import ChangeRelay
from netdesk.views.contacts.page import ContactsPage
from netdesk.views.contacts.relationship import RelationshipPanel
from netdesk.views.duplicates.flow import DuplicatesFlow
from netdesk.views.events.page import EventsPage
from netdesk.views.file_dialogs import FileChooser
from netdesk.views.icons import refresh_icons
from netdesk.views.jobsearch.application_from_person import ApplicationFromPerson
from netdesk.views.jobsearch.from_person import TargetFromPerson
from netdesk.views.jobsearch.page import SearchPage
from netdesk.views.map.page import MapPage
from netdesk.views.meetings.page import MeetingsPage
from netdesk.views.today.page import TodayPage
from netdesk.views.window.backup_flow import BackupFlow
from netdesk.views.window.calendar_sync_flow import CalendarSyncFlow
from netdesk.views.window.contacts_sync_flow import ContactsSyncFlow
from netdesk.views.window.drops import FileDrops
from netdesk.views.window.export_flow import ExportFlow
from netdesk.views.window.first_run import FirstRun
from netdesk.views.window.import_flow import ImportFlow
from netdesk.views.window.mail_flow import MailFlow
from netdesk.views.window.mail_scan_flow import MailScanFlow
from netdesk.views.window.menus import build_menus
from netdesk.views.window.navigation import (
    CONTACTS_PAGE,
    EVENTS_PAGE,
    MAP_PAGE,
    MEETINGS_PAGE,
    NAVIGATION_ORDER,
    SEARCH_PAGE,
    TODAY_PAGE,
    PageListModel,
    navigation_list,
)
from netdesk.views.window.people_flow import PeopleFlow

if TYPE_CHECKING:  # the bundle is built in app.py; views only receive it
    from netdesk.app import Services

__all__ = [
    "CONTACTS_PAGE",
    "EVENTS_PAGE",
    "MAP_PAGE",
    "MEETINGS_PAGE",
    "SEARCH_PAGE",
    "TODAY_PAGE",
    "MainWindow",
    "PageListModel",
]
APP_ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "netdesk.svg"


class MainWindow(QMainWindow):
    def __init__(
        self, services: Services, tasks: TaskRunner, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.settings = settings
        self._tasks = tasks
        self.last_dialog: QWidget | None = None
        self.undo_stack = QUndoStack(self)
        self.files = FileChooser(settings)  # dialogs open where the user last went
        self.changes = ChangeRelay(services.changes, self)
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.setWindowIcon(QIcon(str(APP_ICON)))
        self.resize(1440, 880)

        self.imports = ImportFlow(self, services, tasks)
        self.exports = ExportFlow(self, services, tasks)
        self.backups = BackupFlow(self, services, tasks)
        self.mail = MailFlow(self, services, tasks)
        self.mail_scan = MailScanFlow(self, services, tasks)
        self.calendar_sync = CalendarSyncFlow(self, services, tasks)
        self.contacts_sync = ContactsSyncFlow(self, services, tasks)
        self.followups = PeopleFlow(self, services)
        self.first_run = FirstRun(self, services)
        self.duplicates = DuplicatesFlow(self, services, tasks)
        self._build_pages()
        self._build_frame()
        self.drops = FileDrops(self, lambda: not self.imports.importing, self.imports.import_paths)
        build_menus(self)
        self._build_status_bar()
        self._restore_geometry()

    # --- building --------------------------------------------------------

    def _build_pages(self) -> None:
        services, undo, clock = self.services, self.undo_stack, self.services.clock
        self.today_page = TodayPage(
            services.followups,
            services.contacts,
            undo,
            self,
            prompts=lambda: services.calendar.prompts,
            contact_answers=lambda: services.contact_sync.sync.answers,
            positions=lambda: services.positions,
            applications=lambda: services.applications,
        )
        self.contacts_page = ContactsPage(
            services.contacts,
            services.meetings,
            self,
            services.todos,
            clock=clock,
            positions=services.positions,
        )
        self.meetings_page = MeetingsPage(services.meetings, services.contacts, self, clock=clock)
        self.map_page = MapPage(
            services.graph, services.todos, self._tasks, undo, self, files=self.files
        )
        self.events_page = EventsPage(services.events, undo, self, clock=clock)
        self.search_page = SearchPage(
            services.targets,
            services.applications,
            services.contacts,
            lambda: services.graph,
            undo,
            self,
            clock=clock,
        )
        self.relationship = RelationshipPanel(services.followups, undo, self)
        self.contacts_page.add_relationship(self.relationship)
        self.target_from_person = TargetFromPerson(services.targets, services.contacts, undo, self)
        self.target_from_person.attach(self.contacts_page.editor)
        self.target_from_person.attach_map(self.map_page)
        self.application_from_person = ApplicationFromPerson(
            services.contacts, services.applications, self.search_page, self
        )
        self.application_from_person.attach(self.contacts_page.editor)
        for page in (
            self.today_page,
            self.contacts_page,
            self.meetings_page,
            self.map_page,
            self.events_page,
            self.search_page,
            self.relationship,
            self.target_from_person,
            self.application_from_person,
        ):
            page.follow(self.changes)
        self._connect_pages()

    def _connect_pages(self) -> None:
        imports, mail, people = self.imports, self.mail, self.followups
        for page in (self.today_page, self.contacts_page):
            page.import_requested.connect(imports.choose_file)
            page.sample_requested.connect(imports.load_sample_network)
        today = self.today_page
        today.person_requested.connect(self.open_contact)
        today.meeting_requested.connect(self.open_meeting)
        today.new_meeting_requested.connect(self.new_meeting_with)
        today.log_requested.connect(lambda cid: people.quick_log(cid or None))
        today.status_message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        today.email_requested.connect(mail.write_email)
        today.check_in_requested.connect(mail.write_check_in)
        today.congratulate_requested.connect(lambda cid: mail.write_email(cid, "congratulate"))
        today.add_person_requested.connect(people.new_contact)
        today.event_requested.connect(self.open_event)
        contacts = self.contacts_page
        contacts.delete_requested.connect(people.delete_contacts)
        contacts.editor.meeting_requested.connect(self.new_meeting_with)
        contacts.editor.email_requested.connect(mail.write_email)
        contacts.editor.saved.connect(self._on_contact_saved)
        self.meetings_page.referral_recorded.connect(people.referral_recorded)
        self.meetings_page.editor.thank_you_requested.connect(mail.write_thank_you)
        self.map_page.person_opened.connect(self.open_contact)
        self.map_page.introduction_requested.connect(mail.ask_for_introduction)
        self.relationship.log_requested.connect(people.quick_log)
        self.relationship.outreach_requested.connect(people.record_outreach)
        self.relationship.meeting_open_requested.connect(self.open_meeting)
        events = self.events_page
        events.person_requested.connect(self.open_contact)
        events.capture_requested.connect(people.capture_people)
        events.status_message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        search = self.search_page
        search.email_requested.connect(mail.write_job_email)
        search.status_message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        for button in (self.target_from_person, self.application_from_person):
            button.status_message.connect(lambda text: self.statusBar().showMessage(text, 10_000))

    def _build_frame(self) -> None:
        self.pages = QStackedWidget()
        pages = {
            CONTACTS_PAGE: self.contacts_page,
            MAP_PAGE: self.map_page,
            MEETINGS_PAGE: self.meetings_page,
            TODAY_PAGE: self.today_page,
            EVENTS_PAGE: self.events_page,
            SEARCH_PAGE: self.search_page,
        }
        for index in sorted(pages):
            self.pages.addWidget(pages[index])
        self.navigation = navigation_list(self)
        self.navigation.selectionModel().currentChanged.connect(self._on_navigation_changed)
        self.navigation.setCurrentIndex(self.navigation.model().index(0, 0))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([130, 1310])
        splitter.setChildrenCollapsible(False)
        # The first-run welcome screen takes the whole window until there is someone.
        self.central = QStackedWidget()
        self.central.setObjectName("centralStack")
        self.central.addWidget(splitter)
        self.setCentralWidget(self.central)

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")
        self.statusBar().addPermanentWidget(self.imports.progress)
        self.statusBar().addPermanentWidget(self.mail_scan.progress)
        self.statusBar().addPermanentWidget(self.calendar_sync.progress)
        self.statusBar().addPermanentWidget(self.contacts_sync.progress)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.changes.changed.connect(self._on_changed)
        self._update_counts()

    def _on_changed(self, change: Change) -> None:
        if change & Change.PEOPLE:
            self._update_counts()

    def _update_counts(self) -> None:
        counts = self.services.contacts.counts()
        people = count_of(counts.people, "person", "people")
        real = count_of(counts.real, "real relationship")
        self.counts_label.setText(f"{people} · {real}")

    # --- pages -----------------------------------------------------------

    def show_page(self, page: int) -> None:
        """Show one of the pages (CONTACTS_PAGE, MAP_PAGE, MEETINGS_PAGE, TODAY_PAGE,
        EVENTS_PAGE, SEARCH_PAGE)."""
        row = NAVIGATION_ORDER.index(page)
        self.navigation.setCurrentIndex(self.navigation.model().index(row, 0))

    def current_page(self) -> int:
        return self.pages.currentIndex()

    def _on_navigation_changed(self, current, _previous) -> None:
        self.meetings_page.save_pending()
        self.pages.setCurrentIndex(NAVIGATION_ORDER[current.row()])

    def open_contact(self, contact_id: int) -> None:
        """Show someone in the contact list and editor (from the map, say)."""
        self.show_page(CONTACTS_PAGE)
        if self.contacts_page.model.row_of(contact_id) is None:
            self.contacts_page.clear_filters()
        self.contacts_page.select_contact(contact_id)

    def open_event(self, event_id: int) -> None:
        self.show_page(EVENTS_PAGE)
        self.events_page.open_event(event_id)

    def new_event(self) -> None:
        self.show_page(EVENTS_PAGE)
        self.last_dialog = self.events_page.new_event()

    def open_meeting(self, meeting_id: int) -> None:
        self.show_page(MEETINGS_PAGE)
        self.meetings_page.open_meeting(meeting_id)

    def new_meeting(self) -> None:
        self.show_page(MEETINGS_PAGE)
        self.meetings_page.new_meeting()

    def edit_question_bank(self) -> None:
        self.show_page(MEETINGS_PAGE)  # opening a meeting from the answers lands here
        self.meetings_page.edit_bank()

    def new_meeting_with(self, contact_id: int) -> None:
        self.show_page(MEETINGS_PAGE)
        name = self.services.contacts.get(contact_id).display_name
        self.meetings_page.new_meeting(title=f"Conversation with {name}", people=[contact_id])

    def _on_contact_saved(self, contact_id: int) -> None:
        if contact_id == self.services.contacts.me_id():
            self.mail.profile_changed()

    def show_dialog(self, dialog: QWidget) -> None:
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal, does not block the event loop

    def raise_window(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # --- geometry and closing --------------------------------------------

    def _named_splitters(self) -> list[QSplitter]:
        """Every splitter with a name, on every page (the key it is remembered under)."""
        return [s for s in self.findChildren(QSplitter) if s.objectName()]

    def _restore_geometry(self) -> None:
        if self.settings is None:
            return
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for splitter in self._named_splitters():
            state = self.settings.value(f"splitters/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)

    def save_geometry(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        for splitter in self._named_splitters():
            self.settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.meetings_page.save_pending()
        editor = self.contacts_page.editor
        if editor.has_unsaved_changes() and not editor.save():
            answer = QMessageBox.question(
                self,
                "Unsaved changes",
                "This person's changes cannot be saved as they are. Quit anyway and lose them?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.save_geometry()
        self.map_page.cancel_loading()  # a map layout (process) stops at once
        self.mail_scan.stop_for_close()  # after the batch it is reading
        self.calendar_sync.stop_for_close()  # before the next meeting it would write
        self.contacts_sync.stop_for_close()  # at its next card
        self._tasks.wait(10_000)
        event.accept()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # A new theme, or the system switched to dark: the icons follow its colours
            # (dialogs are this window's children).
            refresh_icons([self])
