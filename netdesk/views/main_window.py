"""The main window: navigation, pages, menus, drag-and-drop import, status bar."""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QSettings, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from netdesk import APP_NAME
from netdesk.services.backup import BackupError, BackupService
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups import FollowUpServices
from netdesk.services.imports.activity import ActivitySummary, is_activity_file
from netdesk.services.imports.interchange import InterchangeService
from netdesk.services.imports.service import ImportService
from netdesk.services.imports.summary import ImportFormatError, ImportSummary
from netdesk.services.imports.undo import NothingToUndo
from netdesk.services.meetings.service import MeetingService
from netdesk.services.network.service import GraphService
from netdesk.services.text import count_of
from netdesk.services.todos import TodoService
from netdesk.tasks import TaskRunner
from netdesk.views.about import about_box
from netdesk.views.appearance import tone
from netdesk.views.contacts.page import ContactsPage
from netdesk.views.contacts.relationship import RelationshipPanel
from netdesk.views.file_dialogs import FileChooser
from netdesk.views.icons import icon, refresh_icons, set_icon
from netdesk.views.import_summary import ImportSummaryDialog
from netdesk.views.map.page import MapPage
from netdesk.views.meetings.page import MeetingsPage
from netdesk.views.quick_log import LoggedInteractionCommand, QuickLogDialog
from netdesk.views.today.page import TodayPage
from netdesk.views.undo import DeleteContactsCommand
from netdesk.views.welcome_page import WelcomePage

if TYPE_CHECKING:  # the bundle is built in app.py; views only receive it
    from netdesk.app import MailServices
    from netdesk.services.drafts.service import SentOutcome

log = logging.getLogger(__name__)
# Indexes into the page stack; the navigation lists them in its own order (Today first).
CONTACTS_PAGE, MAP_PAGE, MEETINGS_PAGE, TODAY_PAGE = range(4)


class PageListModel(QAbstractListModel):
    """The navigation entries; only pages that work are listed. Each page's icon is
    named after it ("today", "contacts", "map", "meetings")."""

    def __init__(self, titles: list[str], parent=None) -> None:
        super().__init__(parent)
        self._titles = titles

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._titles)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self._titles[index.row()]
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole:
            # In the palette now in use; white on the selected row's highlight.
            return icon(self._titles[index.row()].lower(), selectable=True)
        return None


class DropOverlay(QLabel):
    """Shown over the window while a file is dragged over it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(
            "Drop to import LinkedIn connections\n(Connections.csv or the export .zip)", parent
        )
        self.setObjectName("dropOverlay")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(
            "#dropOverlay { background: rgba(40, 110, 200, 40); border: 3px dashed #2a6ec8;"
            " border-radius: 12px; font-size: 16pt; font-weight: 600;"
            f" color: {tone('accent', parent).name()}; }}"
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()


class MainWindow(QMainWindow):
    import_finished = Signal(object)  # ImportSummary
    import_failed = Signal(str)
    export_finished = Signal(object)  # Path

    def __init__(
        self,
        contacts: ContactService,
        imports: ImportService,
        meetings: MeetingService,
        tasks: TaskRunner,
        data_dir: Path,
        settings: QSettings | None = None,
        todos: TodoService | None = None,
        mail: MailServices | None = None,
        graph: GraphService | None = None,
        followups: FollowUpServices | None = None,
        backups: BackupService | None = None,
        interchange: InterchangeService | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__()
        self._clock = clock
        self._backups = backups
        self._interchange = interchange
        self._graph = graph
        self.welcome: WelcomePage | None = None
        self._contacts = contacts
        self._imports = imports
        self._tasks = tasks
        self._data_dir = data_dir
        self._settings = settings
        self._mail = mail
        self._followups = followups
        self._pending_imports: deque[Path] = deque()
        self._current_import: Path | None = None  # None for the sample network
        self._importing = False
        self.last_dialog: QWidget | None = None
        self.undo_stack = QUndoStack(self)
        self._deleted_message = ""
        self.files = FileChooser(settings)  # dialogs open where the user last went
        self.undo_stack.indexChanged.connect(self._on_undo_index_changed)

        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        icon = Path(__file__).resolve().parent.parent / "resources" / "icons" / "netdesk.svg"
        self.setWindowIcon(QIcon(str(icon)))
        self.setAcceptDrops(True)
        self.resize(1440, 880)

        self.contacts_page = ContactsPage(contacts, meetings, self, todos, clock=clock)
        self.contacts_page.editor.meeting_requested.connect(self.new_meeting_with)
        self.contacts_page.import_requested.connect(self.choose_import_file)
        self.contacts_page.sample_requested.connect(self.load_sample_network)
        self.contacts_page.delete_requested.connect(self.delete_contacts)
        self.contacts_page.contacts_changed.connect(self.update_counts)
        self.contacts_page.editor.saved.connect(self._on_contact_saved)

        self.meetings_page = MeetingsPage(meetings, contacts, self, clock=clock)
        self.meetings_page.referral_recorded.connect(self._after_referral)
        if mail is not None:
            self.meetings_page.editor.thank_you_button.show()
            self.meetings_page.editor.thank_you_requested.connect(self.write_thank_you)
            self.contacts_page.editor.write_email.show()
            self.contacts_page.editor.email_requested.connect(self.write_email)

        self.map_page: MapPage | None = None
        if graph is not None:
            self.map_page = MapPage(graph, todos, tasks, self.undo_stack, self, files=self.files)
            self.map_page.person_opened.connect(self.open_contact)
            self.map_page.introduction_requested.connect(self.ask_for_introduction)
            map_widget: QWidget = self.map_page
        else:
            map_widget = QLabel("The map is not available in this window.")

        self.pages = QStackedWidget()
        self.pages.addWidget(self.contacts_page)
        self.pages.addWidget(map_widget)
        self.pages.addWidget(self.meetings_page)
        self._page_order = [CONTACTS_PAGE, MAP_PAGE, MEETINGS_PAGE]  # navigation row -> page
        titles = ["Contacts", "Map", "Meetings"]
        self.today_page: TodayPage | None = None
        self.relationship: RelationshipPanel | None = None
        if followups is not None:
            self._build_followups(followups)
            self.pages.addWidget(self.today_page)
            self._page_order.insert(0, TODAY_PAGE)  # the page the app opens on
            titles.insert(0, "Today")
        self.navigation = QListView()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Pages")
        self.navigation.setModel(PageListModel(titles, self))
        self.navigation.setMaximumWidth(150)
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setStyleSheet(
            "QListView { font-size: 11pt; } QListView::item { padding: 8px 10px; }"
        )
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
        self.overlay = DropOverlay(self)

        self._build_menus()
        self._build_status_bar()
        self.update_counts()
        self._restore_geometry()

    # --- building --------------------------------------------------------

    def _build_followups(self, followups: FollowUpServices) -> None:
        self.today_page = TodayPage(followups, self._contacts, self.undo_stack, self)
        self.today_page.set_mail_available(self._mail is not None)
        self.today_page.person_requested.connect(self.open_contact)
        self.today_page.meeting_requested.connect(self.open_meeting)
        self.today_page.new_meeting_requested.connect(self.new_meeting_with)
        self.today_page.log_requested.connect(lambda cid: self.quick_log(cid or None))
        self.today_page.status_message.connect(
            lambda text: self.statusBar().showMessage(text, 10_000)
        )
        if self._mail is not None:
            self.today_page.email_requested.connect(self.write_email)
            self.today_page.check_in_requested.connect(self.write_check_in)
        self.today_page.add_person_requested.connect(self.new_contact)
        self.today_page.import_requested.connect(self.choose_import_file)
        self.today_page.sample_requested.connect(self.load_sample_network)
        self.relationship = RelationshipPanel(followups, self.undo_stack, self)
        editor = self.contacts_page.editor
        (cadence, *history) = self.relationship.rows()
        # With how I know them; none of these rows is shown for the user's own person.
        editor.add_section(*cadence, after=editor.closeness, relationship=True)
        for label, row in history:
            editor.add_section(label, row, relationship=True)
        editor.contact_shown.connect(self.relationship.show_contact)
        self.relationship.log_requested.connect(self.quick_log)
        self.relationship.outreach_requested.connect(self.record_outreach)
        self.relationship.meeting_open_requested.connect(self.open_meeting)
        self.relationship.changed.connect(self._after_followups_changed)

    def _action(
        self, text: str, slot, shortcut=None, name: str | None = None, icon: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        if icon:
            set_icon(action, icon)
        # triggered(bool) would hand `checked` to the slot's first optional parameter
        # (open_settings(page=False)); none of these actions is checkable.
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.import_action = self._action(
            "&Import LinkedIn Export…", self.choose_import_file, "Ctrl+I", "importAction", "import"
        )
        self.sample_action = self._action(
            "Load &Sample Network", self.load_sample_network, name="sampleAction"
        )
        file_menu.addAction(self.import_action)
        self.import_contacts_action = self._action(
            "Import &Contacts (vCard, Google CSV)…",
            self.choose_contacts_file,
            name="importContactsAction",
        )
        file_menu.addAction(self.import_contacts_action)
        file_menu.addAction(self.sample_action)
        export_menu = file_menu.addMenu("&Export")
        export_menu.setObjectName("exportMenu")
        set_icon(export_menu.menuAction(), "export")
        export_menu.addAction(
            self._action("People as &CSV…", self.export_csv, name="exportCsvAction")
        )
        export_menu.addAction(
            self._action("People as &vCard…", self.export_vcard, name="exportVcardAction")
        )
        export_menu.addAction(
            self._action("&Everything as JSON…", self.export_json, name="exportJsonAction")
        )
        file_menu.addSeparator()
        self.backup_action = self._action("&Back Up Now", self.back_up_now, name="backupAction")
        self.restore_action = self._action(
            "&Restore from Backup…", self.choose_restore, name="restoreAction"
        )
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        for action in (self.import_contacts_action, self.backup_action, self.restore_action):
            action.setEnabled(self._backups is not None and self._interchange is not None)
        export_menu.setEnabled(self._interchange is not None)
        file_menu.addSeparator()
        file_menu.addAction(self._action("Show &Data Folder", self._on_show_data_folder))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = menu.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        set_icon(undo, "undo")
        set_icon(redo, "redo")
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        self.undo_import_action = self._action(
            "Undo Last &Import…", self.confirm_undo_import, name="undoImportAction"
        )
        edit_menu.addAction(self.undo_import_action)
        edit_menu.addSeparator()
        edit_menu.addAction(
            self._action(
                "&Find",
                self.contacts_page.focus_search,
                QKeySequence.StandardKey.Find,
                "findAction",
                "search",
            )
        )
        edit_menu.addSeparator()
        self.settings_action = self._action(
            "&Settings…", self.open_settings, "Ctrl+,", "settingsAction", "settings"
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)  # macOS app menu
        self.settings_action.setEnabled(self._mail is not None)
        edit_menu.addAction(self.settings_action)

        meetings_menu = menu.addMenu("&Meetings")
        meetings_menu.addAction(
            self._action(
                "&New Meeting", self.new_meeting, "Ctrl+Shift+N", "newMeetingAction", "new-meeting"
            )
        )
        meetings_menu.addAction(
            self._action(
                "Question &Bank…",
                self.edit_question_bank,
                name="questionBankAction",
                icon="question-bank",
            )
        )
        people_menu = menu.addMenu("&People")
        people_menu.addAction(
            self._action(
                "&New Person",
                self.new_contact,
                QKeySequence.StandardKey.New,
                "newAction",
                "add-person",
            )
        )
        # The list handles the Delete key itself (text fields keep theirs); the menu
        # entry shows the key and acts on the selection from anywhere.
        self.delete_action = self._action(
            "&Delete Selected…\tDel", self.delete_selected, name="deleteAction", icon="trash"
        )
        people_menu.addAction(self.delete_action)
        if self._followups is not None:
            people_menu.addSeparator()
            self.log_action = self._action(
                "&Log Interaction…",
                lambda: self.quick_log(),
                "Ctrl+L",
                "logAction",
                "log-interaction",
            )
            people_menu.addAction(self.log_action)
            people_menu.addAction(
                self._action(
                    "New &To-do…", lambda: self.new_todo(), "Ctrl+T", "newTodoAction", "todo"
                )
            )
            people_menu.addAction(
                self._action(
                    "Record &Outreach Request…",
                    lambda: self.record_outreach(),
                    name="outreachAction",
                    icon="send",
                )
            )
            people_menu.addAction(
                self._action(
                    "&Reminders…", self._on_edit_reminders, name="remindersAction", icon="bell"
                )
            )

        help_menu = menu.addMenu("&Help")
        help_menu.addAction(
            self._action("&Getting Started", self.show_welcome, name="gettingStartedAction")
        )
        help_menu.addAction(self._action("&Keyboard Shortcuts", self._on_show_shortcuts))
        help_menu.addAction(self._action(f"&About {APP_NAME}", self._on_show_about))

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.counts_label)

    # --- counts, geometry ------------------------------------------------

    def update_counts(self) -> None:
        counts = self._contacts.counts()
        people = count_of(counts.people, "person", "people")
        real = count_of(counts.real, "real relationship")
        self.counts_label.setText(f"{people} · {real}")
        self.undo_import_action.setEnabled(
            self._imports.last_batch() is not None and not self._importing
        )

    def show_page(self, page: int) -> None:
        """Show one of the pages (CONTACTS_PAGE, MAP_PAGE, MEETINGS_PAGE, TODAY_PAGE)."""
        row = self._page_order.index(page)
        self.navigation.setCurrentIndex(self.navigation.model().index(row, 0))

    def current_page(self) -> int:
        return self.pages.currentIndex()

    def _on_navigation_changed(self, current, _previous) -> None:
        self.meetings_page.save_pending()
        page = self._page_order[current.row()]
        if page == MEETINGS_PAGE:
            self.meetings_page.reload()
        elif page == CONTACTS_PAGE:
            self.contacts_page.reload()  # meetings and referrals change what a person shows
        elif page == MAP_PAGE and self.map_page is not None:
            self.map_page.reload()  # people, links and referrals may have changed anywhere
        elif page == TODAY_PAGE and self.today_page is not None:
            self.today_page.refresh()  # anything done elsewhere may change what is due
        self.pages.setCurrentIndex(page)

    def open_contact(self, contact_id: int) -> None:
        """Show someone in the contact list and editor (from the map, say)."""
        self.show_page(CONTACTS_PAGE)
        if self.contacts_page.model.row_of(contact_id) is None:
            self.contacts_page.clear_filters()
        self.contacts_page.select_contact(contact_id)

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
        name = self._contacts.get(contact_id).display_name
        self.meetings_page.new_meeting(title=f"Conversation with {name}", people=[contact_id])

    def _after_referral(self, contact_id: int) -> None:
        self.contacts_page.reload()
        self.update_counts()
        name = self._contacts.get(contact_id).display_name
        self.statusBar().showMessage(
            f"Referral recorded: {name} is in your contacts, with an outreach to-do.", 8000
        )

    def _named_splitters(self) -> list[QSplitter]:
        """Every splitter with a name, on every page (the key it is remembered under)."""
        return [s for s in self.findChildren(QSplitter) if s.objectName()]

    def _restore_geometry(self) -> None:
        if self._settings is None:
            return
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for splitter in self._named_splitters():
            state = self._settings.value(f"splitters/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)

    def save_geometry(self) -> None:
        if self._settings is None:
            return
        self._settings.setValue("window/geometry", self.saveGeometry())
        for splitter in self._named_splitters():
            self._settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.meetings_page.save_pending()
        if self.contacts_page.editor.has_unsaved_changes() and not self.contacts_page.editor.save():
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
        if self.map_page is not None:
            self.map_page.cancel_loading()  # a map layout (process) stops at once
        self._tasks.wait(10_000)
        event.accept()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect().adjusted(12, 12, -12, -12))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # A new theme, or the system switched to dark: the icons follow its colours
            # (dialogs are this window's children).
            refresh_icons([self])

    # --- people ----------------------------------------------------------

    def new_contact(self) -> None:
        self.show_page(CONTACTS_PAGE)
        self.contacts_page.new_contact()

    def delete_selected(self) -> None:
        ids = self.contacts_page.selected_ids()
        if ids:
            self.delete_contacts(ids)

    def delete_contacts(self, ids: list[int]) -> None:
        names = [row.name for row in self._contacts.rows(ids[:1]).values()]
        question = f"Delete {names[0]}?" if len(ids) == 1 else f"Delete {len(ids):,} people?"
        answer = QMessageBox.question(
            self,
            "Delete",
            f"{question}\n\nYou can undo this with Edit → Undo (Ctrl+Z).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.contacts_page.editor.clear()
        self.undo_stack.push(
            DeleteContactsCommand(
                self._contacts,
                ids,
                names or ["person"],
                self._after_contacts_changed,
                lambda message: QMessageBox.warning(self, "Undo failed", message),
            )
        )
        who = names[0] if len(ids) == 1 and names else count_of(len(ids), "person", "people")
        self._deleted_message = f"Deleted {who}. Ctrl+Z brings them back."
        self.statusBar().showMessage(self._deleted_message, 8000)

    def _on_undo_index_changed(self, _index: int) -> None:
        """An undone (or redone) step makes "Deleted …" untrue: it goes."""
        if self._deleted_message and self.statusBar().currentMessage() == self._deleted_message:
            self.statusBar().clearMessage()
        self._deleted_message = ""

    def _on_contact_saved(self, contact_id: int) -> None:
        if contact_id == self._contacts.me_id():
            self._on_profile_changed()

    def _on_profile_changed(self) -> None:
        """My name or role changed: open drafts not yet edited are written again."""
        for draft in self.findChildren(QWidget, "draftDialog"):
            draft.account_changed()

    def _after_contacts_changed(self) -> None:
        self.contacts_page.reload()
        self.update_counts()
        self._reload_map_if_shown()

    def _reload_map_if_shown(self) -> None:
        if self.map_page is not None and self.pages.currentIndex() == MAP_PAGE:
            self.map_page.reload()

    # --- import ----------------------------------------------------------

    def choose_import_file(self) -> None:
        path = self.files.open_file(
            self,
            "import",
            "Import LinkedIn export",
            "LinkedIn export (*.zip *.csv);;Contacts (*.vcf *.vcard *.csv);;All files (*)",
            Path.home() / "Downloads",
        )
        if path is not None:
            self.import_paths([path])

    def import_paths(self, paths: list[Path]) -> None:
        """Queue files for import; they run one after another off the GUI thread."""
        self._pending_imports.extend(paths)
        if not self._importing:
            self._start_next_import()

    def load_sample_network(self) -> None:
        if self._importing:
            return
        self._begin_import("Loading the sample network…")
        self._tasks.run(
            lambda progress: self._imports.import_sample_network(),
            self._on_import_done,
            self._on_import_error,
            self._on_import_progress,
        )

    def _start_next_import(self) -> None:
        if not self._pending_imports:
            return
        path = self._pending_imports.popleft()
        self._current_import = path
        self._begin_import(f"Importing {path.name}…")
        if self._followups is not None and is_activity_file(path):
            activity = self._followups.activity
            self._tasks.run(
                lambda progress: activity.import_activity(path, progress),
                self._on_activity_done,
                self._on_import_error,
                self._on_import_progress,
            )
            return
        # LinkedIn's export, a vCard file or a Google Contacts CSV: the file says which.
        interchange = self._interchange
        self._tasks.run(
            lambda progress: (
                interchange.import_file(path, progress)
                if interchange is not None
                else self._imports.import_linkedin(path, progress)
            ),
            self._on_import_done,
            self._on_import_error,
            self._on_import_progress,
        )

    def _checkpoint_in_background(self) -> None:
        """The import's commit left its pages in the write-ahead log (the user did not
        wait for them to be copied); copy them now, while the summary is read."""
        imports = self._imports

        def failed(error: BaseException) -> None:  # SQLite copies them at a later checkpoint
            log.warning("checkpoint after the import failed: %s", error)

        self._tasks.run(lambda _progress: imports.checkpoint(), lambda _result: None, failed)

    def _import_activity_of(self, path: Path) -> None:
        """After an export's connections: last-interaction dates from its messages and
        invitations, if it has them (a quiet second step; the summary is already up)."""
        if self._followups is None or not (path.is_dir() or path.suffix.lower() == ".zip"):
            return
        activity = self._followups.activity

        def done(summary: ActivitySummary) -> None:
            if summary.files:
                self.statusBar().showMessage(summary.describe(), 15_000)
                self.contacts_page.reload()
                self._after_followups_changed()

        def failed(error: BaseException) -> None:
            log.warning("LinkedIn activity import failed: %s", error)
            self.statusBar().showMessage(f"Messages and invitations not read: {error}", 15_000)

        self._tasks.run(lambda progress: activity.import_activity(path), done, failed)

    def _on_activity_done(self, summary: ActivitySummary) -> None:
        self._end_import()
        self.statusBar().showMessage(summary.describe(), 15_000)
        self._after_followups_changed()
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "LinkedIn messages and invitations",
            summary.describe(),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("activitySummary")
        box.finished.connect(lambda _result: self._start_next_import())
        self._show_dialog(box)

    def _begin_import(self, message: str) -> None:
        self._importing = True
        for action in (self.import_action, self.sample_action, self.undo_import_action):
            action.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.statusBar().showMessage(message)

    def _end_import(self) -> None:
        self._importing = False
        self._current_import = None
        self._after_followups_changed()  # new people change Today's numbers
        self.progress.hide()
        self.import_action.setEnabled(True)
        self.sample_action.setEnabled(True)
        self.contacts_page.reload()
        self.update_counts()
        self._reload_map_if_shown()

    def _on_import_progress(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        self.statusBar().showMessage(message)

    def _on_import_done(self, summary: ImportSummary) -> None:
        path = self._current_import
        self._end_import()
        self._checkpoint_in_background()
        if path is not None:
            self._import_activity_of(path)
        if path is None:
            loaded = count_of(summary.added, "invented person", "invented people")
            message = f"Sample network loaded: {loaded}. Edit → Undo Last Import removes it."
        else:
            message = summary.describe()
        self.statusBar().showMessage(message, 15_000)
        dialog = ImportSummaryDialog(summary, self, sample=path is None)
        dialog.undo_requested.connect(lambda _batch: self.undo_last_import())
        dialog.finished.connect(lambda _result: self._start_next_import())
        self._show_dialog(dialog)
        self.import_finished.emit(summary)

    def _on_import_error(self, error: BaseException) -> None:
        self._end_import()
        if isinstance(error, ImportFormatError):
            message = str(error)
            title = "Could not import this file"
            detail = "Nothing was changed."
        else:
            log.exception("import failed", exc_info=error)
            message = f"{type(error).__name__}: {error}"
            title = "The import failed"
            detail = "Nothing was changed; the import was rolled back."
        self.statusBar().showMessage(f"{title}: {message}", 15_000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("importError")
        box.setInformativeText(detail)
        box.finished.connect(lambda _result: self._start_next_import())
        self._show_dialog(box)
        self.import_failed.emit(message)

    def _show_dialog(self, dialog: QWidget) -> None:
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal, does not block the event loop

    def confirm_undo_import(self) -> None:
        preview = self._imports.undo_preview()
        if preview is None:
            return
        batch = preview.batch
        answer = QMessageBox.question(
            self,
            "Undo import",
            f"Undo the import of {batch.file_name} ({batch.imported_at})?\n\n" + preview.describe(),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.undo_last_import()

    def undo_last_import(self) -> None:
        if not self.contacts_page.leave_editor():
            return  # the user kept editing: their unsaved changes come first
        try:
            result = self._imports.undo_last_import()
        except NothingToUndo as error:
            self.statusBar().showMessage(str(error), 8000)
            return
        self._after_contacts_changed()
        # Undoing the sample network also removes its meetings, to-dos and outreach.
        self.meetings_page.reload()
        self._after_followups_changed()
        self.statusBar().showMessage(result.describe(), 15_000)

    # --- drag and drop ---------------------------------------------------

    @staticmethod
    def _local_files(event) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_files(event) and not self._importing:
            event.acceptProposedAction()
            self.overlay.setGeometry(self.rect().adjusted(12, 12, -12, -12))
            self.overlay.raise_()
            self.overlay.show()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._local_files(event):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.overlay.hide()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.overlay.hide()
        paths = self._local_files(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)

    # --- mail ------------------------------------------------------------

    def open_settings(self, page: int | str = 0):
        """Edit → Settings (Ctrl+,): mail account, email templates, General, Appearance and
        Backups (*page* by row or title)."""
        from netdesk.views.settings.dialog import SettingsDialog

        if self._mail is None:
            return None
        dialog = SettingsDialog(
            self._mail.accounts,
            self._mail.templates,
            self._mail.transport,
            self._tasks,
            self,
            extra_pages=self._preference_pages(),
        )
        dialog.show_page(page)
        for draft in self.findChildren(QWidget, "draftDialog"):
            dialog.mail_page.saved.connect(draft.account_changed)
        self._show_dialog(dialog)
        return dialog

    def write_thank_you(self, meeting_id: int):
        assert self._mail is not None
        people = self._mail.drafts.recipients(meeting_id)
        if not people:
            self.meetings_page.editor.error.setText(
                "Add the person you met first: the thank-you goes to them."
            )
            return None
        return self._open_draft(people[0][0], meeting_id, people)

    def write_email(self, contact_id: int, purpose: str | None = None):
        """A draft to one person: what fits them now, or a template of *purpose*."""
        assert self._mail is not None
        name = self._contacts.get(contact_id).display_name
        return self._open_draft(contact_id, None, [(contact_id, name)], purpose)

    def write_check_in(self, contact_id: int):
        return self.write_email(contact_id, "keep_in_touch")

    def ask_for_introduction(self, introducer_id: int, target_id: int):
        """A ready email asking *introducer_id* to introduce the user to *target_id*."""
        if self._mail is None:
            return None
        name = self._contacts.get(introducer_id).display_name
        return self._open_draft(
            introducer_id, None, [(introducer_id, name)], "introduction", target_id
        )

    def _open_draft(
        self,
        contact_id: int,
        meeting_id: int | None,
        people,
        purpose: str | None = None,
        introduction_to: int | None = None,
    ):
        from netdesk.views.drafts.dialog import DraftDialog

        assert self._mail is not None
        dialog = DraftDialog(
            self._mail.drafts,
            self._mail.accounts,
            self._mail.transport,
            self._tasks,
            self._data_dir / "drafts",
            people,
            contact_id,
            meeting_id,
            self,
            purpose,
            clock=self._clock,
            introduction_to=introduction_to,
        )
        dialog.sent.connect(self._on_draft_sent)
        # A bound method, not a lambda holding the dialog: a closure on its own signal
        # keeps the Python wrapper alive into the C++ destructor and crashes on delete.
        dialog.settings_requested.connect(self.open_settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()  # not modal: the user may look things up while writing
        self.last_dialog = dialog
        return dialog

    def _on_draft_sent(self, outcome: SentOutcome) -> None:
        parts = ["Email logged on their timeline"]
        if outcome.completed:
            parts.append(f"{len(outcome.completed)} to-do done")
        if outcome.scheduled is not None and outcome.scheduled.due_on is not None:
            parts.append(
                f"reminder to share something of value on {outcome.scheduled.due_on:%d %b}"
            )
        self.statusBar().showMessage("; ".join(parts) + ".", 15_000)
        self.contacts_page.reload()
        self._after_followups_changed()

    # --- follow-ups ------------------------------------------------------

    def _context_person(self) -> int | None:
        """Whom a quick log is most likely about: the person on show."""
        if self.current_page() == CONTACTS_PAGE:
            return self.contacts_page.editor.contact_id
        return None

    def quick_log(self, contact_id: int | None = None):
        """Ctrl+L from anywhere: log a call, a message, a coffee, a give or an ask."""
        if self._followups is None:
            return None
        dialog = QuickLogDialog(
            self._contacts,
            self._followups.interactions,
            self,
            contact_id if contact_id is not None else self._context_person(),
            clock=self._clock,
        )
        dialog.logged.connect(self._on_interaction_logged)
        self._show_dialog(dialog)
        return dialog

    def _on_interaction_logged(self, interaction) -> None:
        assert self._followups is not None
        self.undo_stack.push(
            LoggedInteractionCommand(
                self._followups.interactions, interaction, self._after_followups_changed
            )
        )
        name = self._contacts.get(interaction.contact_id).display_name
        self.statusBar().showMessage(
            f"Logged on {name}'s timeline; keeping in touch starts again from then "
            "(Ctrl+Z undoes it).",
            8000,
        )
        self._after_followups_changed()
        if self.current_page() == CONTACTS_PAGE:
            self.contacts_page.reload()  # the list shows the last interaction

    def new_todo(self, contact_id: int | None = None):
        if self.today_page is None:
            return None
        dialog = self.today_page.new_todo(
            contact_id if contact_id is not None else self._context_person()
        )
        dialog.added.connect(lambda _todo: self._after_followups_changed())
        self.last_dialog = dialog
        return dialog

    def record_outreach(self, contact_id: int | None = None):
        if self.today_page is None:
            return None
        dialog = self.today_page.record_outreach(
            contact_id if contact_id is not None else self._context_person()
        )
        dialog.recorded.connect(lambda _entry: self._after_followups_changed())
        self.last_dialog = dialog
        return dialog

    def _on_edit_reminders(self) -> None:
        if self.today_page is not None:
            self.last_dialog = self.today_page.edit_reminders()

    def _after_followups_changed(self) -> None:
        """To-dos, interactions or reminders changed: refresh what shows them."""
        if self.today_page is not None and self.current_page() == TODAY_PAGE:
            self.today_page.refresh()
        if self.relationship is not None:
            self.relationship.refresh()
        if self._followups is not None and self.contacts_page.editor.contact_id is not None:
            self.contacts_page.editor.refresh_todos()

    def notify_overdue_at_start(self) -> str | None:
        """A desktop notification when something is overdue, if the user turned it on
        (Reminders…). Returns the text shown, if any."""
        from PySide6.QtWidgets import QSystemTrayIcon

        if self._followups is None or not self._followups.today.notify_at_start():
            return None
        text = self._followups.today.build().notification()
        if text is None or not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        self.tray = QSystemTrayIcon(self.windowIcon(), self)
        self.tray.setToolTip(APP_NAME)
        self.tray.activated.connect(lambda _reason: self._show_today())
        self.tray.messageClicked.connect(self._show_today)
        self.tray.show()
        self.tray.showMessage(APP_NAME, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        return text

    def _show_today(self) -> None:
        self.raise_window()
        if self.today_page is not None:
            self.show_page(TODAY_PAGE)

    # --- help ------------------------------------------------------------

    def raise_window(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def _on_show_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))

    def _on_show_shortcuts(self) -> None:
        rows = [
            ("Ctrl+F", "Search people"),
            ("Ctrl+N", "New person"),
            ("Ctrl+S", "Save the person you are editing"),
            ("Delete", "Delete selected people"),
            ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
            ("Ctrl+I", "Import a LinkedIn export"),
            ("Ctrl+L", "Log an interaction (a call, a message, a give or an ask)"),
            ("Ctrl+T", "New to-do"),
            ("Ctrl+,", "Settings: general, appearance, backups, mail account, templates"),
            ("Ctrl+Shift+N", "New meeting"),
            ("Alt+Up / Alt+Down", "Move the selected prepared question (or drag it)"),
            ("Ctrl+Shift+A", "Answers across people for the selected question"),
            ("F2 / Delete", "Question bank: reword / archive the selected question"),
            ("Ctrl+Q", "Quit"),
        ]
        table = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,
            "Keyboard shortcuts",
            f"<table>{table}</table>",
            QMessageBox.StandardButton.Ok,
            self,
        )
        self._show_dialog(box)

    def _on_show_about(self) -> None:
        box = about_box(self._data_dir, self.windowIcon(), self)
        self._show_dialog(box)

    # --- first run -------------------------------------------------------

    def show_welcome_if_empty(self) -> bool:
        """The welcome screen on a first run (nobody in the database yet)."""
        if self._contacts.counts().listed == 0:  # "me" alone is someone already
            self.show_welcome()
            return True
        return False

    def show_welcome(self) -> WelcomePage:
        if self.welcome is None:
            self.welcome = WelcomePage(self._contacts, self._graph, self)
            self.welcome.import_requested.connect(self.choose_import_file)
            self.welcome.sample_requested.connect(self.load_sample_network)
            self.welcome.people_added.connect(self.update_counts)
            self.welcome.people_added.connect(self._on_profile_changed)
            self.welcome.finished.connect(self.hide_welcome)
            self.import_finished.connect(self._on_welcome_import_finished)
            self.central.addWidget(self.welcome)
        self.central.setCurrentWidget(self.welcome)
        self.welcome.my_name.setFocus()
        return self.welcome

    def hide_welcome(self) -> None:
        if self.welcome is None or self.central.currentWidget() is not self.welcome:
            return
        self.central.setCurrentIndex(0)
        self.contacts_page.reload()
        self.update_counts()
        self._after_followups_changed()
        if self.welcome.added.rowCount() or self.welcome.me_id is not None:
            self.show_page(CONTACTS_PAGE)  # the people just added, right there

    def _on_welcome_import_finished(self, _summary) -> None:
        self.hide_welcome()

    # --- settings pages --------------------------------------------------

    def _preference_pages(self) -> list[tuple[str, QWidget]]:
        from netdesk.paths import DATABASE_NAME
        from netdesk.views.settings.appearance_page import AppearancePage
        from netdesk.views.settings.backups_page import BackupsPage
        from netdesk.views.settings.general_page import GeneralPage

        general = GeneralPage(
            self._data_dir, self._data_dir / DATABASE_NAME, self.today_page is not None
        )
        general.reminders_requested.connect(self._on_edit_reminders)
        pages: list[tuple[str, QWidget]] = [
            ("General", general),
            ("Appearance", AppearancePage(self._settings)),
        ]
        if self._backups is not None:
            backups = BackupsPage(self._backups)
            backups.restore_requested.connect(self.restore_backup)
            pages.append(("Backups", backups))
        return pages

    # --- backups ---------------------------------------------------------

    def back_up_if_due(self) -> None:
        """The daily backup, off the GUI thread, when the newest is a day old."""
        backups = self._backups
        if backups is None:
            return

        def done(made) -> None:
            if made is not None:
                self.statusBar().showMessage(f"Daily backup made: {made.path.name}", 8000)

        def failed(error: BaseException) -> None:
            log.warning("daily backup failed: %s", error)
            self.statusBar().showMessage(f"The daily backup failed: {error}", 15_000)

        self._tasks.run(lambda progress: backups.back_up_if_due(), done, failed)

    def back_up_now(self):
        if self._backups is None:
            return None
        try:
            made = self._backups.back_up()
        except BackupError as error:
            QMessageBox.warning(self, "Backup failed", str(error))
            return None
        self.statusBar().showMessage(f"Backed up to {made.path}", 15_000)
        return made

    def choose_restore(self) -> None:
        if self._backups is None:
            return
        self.open_settings("Backups")

    def restore_backup(self, path: Path):
        """Check *path*, ask, back up the current data, restore, and show the result."""
        if self._backups is None:
            return None
        if self._importing:
            self.statusBar().showMessage("Wait for the import to finish, then restore.", 8000)
            return None
        self.meetings_page.save_pending()
        if not self.contacts_page.leave_editor():
            return None
        try:
            check = self._backups.check(path)
        except BackupError as error:
            self._restore_failed(str(error))
            return None
        made = datetime.fromtimestamp(Path(path).stat().st_mtime)
        people = count_of(check.people, "person", "people")
        meetings = count_of(check.meetings, "meeting")
        answer = QMessageBox.question(
            self,
            "Restore backup",
            f"Restore {Path(path).name} (saved {made:%d %b %Y, %H:%M}, {people}, "
            f"{meetings})?\n\nEverything you changed since then is replaced "
            "by the backup. Your data as it is now is backed up first, so this can be "
            "reversed by restoring that copy.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        self._tasks.wait(10_000)  # nothing else may write while the file is replaced
        try:
            result = self._backups.restore(path)
        except BackupError as error:
            self._restore_failed(str(error))
            return None
        self.reload_everything()
        self.statusBar().showMessage(result.describe(), 20_000)
        for page in self.findChildren(QWidget, "backupsPage"):
            page.refresh()
        return result

    def _restore_failed(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Cannot restore this backup",
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("restoreError")
        box.setInformativeText("Nothing was changed.")
        self._show_dialog(box)

    def reload_everything(self) -> None:
        """The whole database changed underneath (a restore): every page reads it again,
        and undo history that refers to the old data is dropped."""
        self.undo_stack.clear()
        self.contacts_page.editor.clear()
        self.contacts_page.reload()
        self.meetings_page.reload()
        if self.map_page is not None:
            self.map_page.reload()
        self._after_followups_changed()
        self.update_counts()

    # --- export ----------------------------------------------------------

    def export_csv(self) -> None:
        self._export("People as CSV", "netdesk-people.csv", "CSV (*.csv)", "csv")

    def export_vcard(self) -> None:
        self._export("People as vCard", "netdesk-people.vcf", "vCard (*.vcf)", "vcard")

    def export_json(self) -> None:
        self._export("Everything as JSON", "netdesk-export.json", "JSON (*.json)", "json")

    def _export(self, title: str, name: str, filter_: str, kind: str) -> None:
        path = self.files.save_file(
            self, "export", f"Export {title}", name, filter_, Path.home() / "Documents"
        )
        if path is not None:
            self.export_to(path, kind)

    def export_to(self, path: Path, kind: str) -> None:
        """Write the export off the GUI thread (30,000 vCards take a moment)."""
        interchange = self._interchange
        if interchange is None:
            return

        def work(progress):
            if kind == "json":
                return interchange.export_json(path).people
            write = interchange.export_csv if kind == "csv" else interchange.export_vcard
            return write(path)

        def done(count: int) -> None:
            people = count_of(count, "person", "people")
            self.statusBar().showMessage(f"Exported {people} to {path}", 15_000)
            self.export_finished.emit(path)

        def failed(error: BaseException) -> None:
            QMessageBox.warning(self, "Export failed", f"{path}: {error}")

        self.statusBar().showMessage(f"Exporting to {path.name}…")
        self._tasks.run(work, done, failed)

    def choose_contacts_file(self) -> None:
        path = self.files.open_file(
            self,
            "import",
            "Import contacts",
            "Contacts (*.vcf *.vcard *.csv);;vCard (*.vcf *.vcard);;Google Contacts CSV (*.csv)",
            Path.home(),
        )
        if path is not None:
            self.import_paths([path])
