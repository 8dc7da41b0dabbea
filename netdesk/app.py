"""Composition root: builds the database, services and task runner, and hands them down.

Services are built on first use: `netdesk contacts` builds the contact service and
nothing else, so it imports neither numpy (the map), jinja2 (templates), keyring
(mail) nor vobject (vCards). Heavy libraries are imported by the modules that need
them, and those modules only when their service is first asked for.
"""

from __future__ import annotations

import gc
import logging
import sys
from dataclasses import dataclass
from functools import cached_property

from netdesk import APP_NAME, __version__
from netdesk.db import close_database, open_database
from netdesk.db.cipher import is_encrypted
from netdesk.paths import Paths
from netdesk.services.changes import Changes
from netdesk.services.clock import Clock

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a command's ~3 ms)
if TYPE_CHECKING:
    import peewee

    from netdesk.services.backup import BackupService
    from netdesk.services.calendar.account import CalendarAccountService
    from netdesk.services.calendar.client import CalendarTransport
    from netdesk.services.calendar.prompts import MeetPromptService
    from netdesk.services.calendar.sync import CalendarSyncService
    from netdesk.services.carddav.account import ContactsAccountService
    from netdesk.services.carddav.client import CardDavTransport
    from netdesk.services.carddav.sync import ContactSyncService
    from netdesk.services.contacts.service import ContactService
    from netdesk.services.credentials import CredentialStore
    from netdesk.services.drafts.service import DraftService
    from netdesk.services.duplicates.merge import MergeService
    from netdesk.services.duplicates.service import DuplicateService
    from netdesk.services.encryption.service import EncryptionService
    from netdesk.services.events.service import EventService
    from netdesk.services.followups.bundle import FollowUpServices
    from netdesk.services.followups.interactions import InteractionService
    from netdesk.services.followups.outreach import OutreachService
    from netdesk.services.followups.todos import TodoService
    from netdesk.services.imports.interchange import InterchangeService
    from netdesk.services.imports.service import ImportService
    from netdesk.services.jobsearch.applications import ApplicationService
    from netdesk.services.jobsearch.targets import TargetService
    from netdesk.services.mail.account import MailAccountService
    from netdesk.services.mail.transport import MailTransport
    from netdesk.services.mailscan.service import MailScanService
    from netdesk.services.meetings.service import MeetingService
    from netdesk.services.network.service import GraphService
    from netdesk.services.positions.history import PositionService
    from netdesk.services.templates import TemplateService

log = logging.getLogger(__name__)


class MailServices:
    """The mail account (password in the keyring), templates, drafts and sending,
    each built the first time it is used (the keyring only when the account is)."""

    def __init__(
        self,
        services: Services,
        credentials: CredentialStore | None = None,
        transport: MailTransport | None = None,
    ) -> None:
        self._services = services
        self._credentials = credentials
        if transport is not None:  # else built on first use (tests replace it too)
            self.transport = transport

    @cached_property
    def credentials(self) -> CredentialStore:
        """The OS keyring (tests give an in-memory store); one for every password."""
        if self._credentials is not None:
            return self._credentials
        from netdesk.services.credentials import KeyringCredentialStore

        return KeyringCredentialStore()

    @cached_property
    def accounts(self) -> MailAccountService:
        from netdesk.services.mail.account import MailAccountService

        services = self._services
        return MailAccountService(
            services.db,
            self.credentials,
            services.clock,
            contacts=services.contacts,
            changes=services.changes,
        )

    @cached_property
    def templates(self) -> TemplateService:
        from netdesk.services.templates import TemplateService

        return TemplateService(self._services.db, self._services.clock, self._services.changes)

    @cached_property
    def drafts(self) -> DraftService:
        from netdesk.services.drafts.service import DraftService

        services = self._services
        return DraftService(
            services.db,
            services.contacts,
            services.meetings,
            services.todos,
            self.templates,
            services.interactions,
            self.accounts,
            services.outreach,
            clock=services.clock,
            changes=services.changes,
        )

    @cached_property
    def transport(self) -> MailTransport:
        from netdesk.services.mail.transport import MailTransport

        return MailTransport(clock=self._services.clock)

    @cached_property
    def scan(self) -> MailScanService:
        from netdesk.services.mailscan.service import MailScanService

        services = self._services
        return MailScanService(
            services.db, self.accounts, self.transport, services.clock, services.changes
        )


class CalendarServices:
    """The CalDAV account (password in the keyring, shared with mail's credential
    store), the sync of meetings with it, and Today's "did you meet" questions, each
    built the first time it is used (caldav and icalendar only then)."""

    def __init__(self, services: Services, mail: MailServices) -> None:
        self._services = services
        self._mail = mail

    @cached_property
    def transport(self) -> CalendarTransport:
        from netdesk.services.calendar.client import CalendarTransport

        return CalendarTransport()

    @cached_property
    def accounts(self) -> CalendarAccountService:
        from netdesk.services.calendar.account import CalendarAccountService

        services = self._services
        return CalendarAccountService(
            services.db, self._mail.credentials, services.clock, services.changes
        )

    @cached_property
    def sync(self) -> CalendarSyncService:
        from netdesk.services.calendar.sync import CalendarSyncService

        services = self._services
        return CalendarSyncService(
            services.db,
            self.accounts,
            self.transport,
            services.meetings,
            services.contacts,
            self._mail.accounts,
            services.clock,
            services.changes,
        )

    @cached_property
    def prompts(self) -> MeetPromptService:
        from netdesk.services.calendar.prompts import MeetPromptService

        services = self._services
        return MeetPromptService(
            services.db, services.meetings, services.contacts, services.clock, services.changes
        )


class ContactSyncServices:
    """The CardDAV account (password in the keyring) and the two-way sync of people with
    it, built the first time they are used."""

    def __init__(self, services: Services, mail: MailServices, calendar: CalendarServices):
        self._services = services
        self._mail = mail
        self._calendar = calendar

    @cached_property
    def transport(self) -> CardDavTransport:
        from netdesk.services.carddav.client import CardDavTransport

        return CardDavTransport(self._calendar.transport)

    @cached_property
    def accounts(self) -> ContactsAccountService:
        from netdesk.services.carddav.account import ContactsAccountService

        services = self._services
        return ContactsAccountService(
            services.db, self._mail.credentials, services.clock, services.changes
        )

    @cached_property
    def sync(self) -> ContactSyncService:
        from netdesk.services.carddav.sync import ContactSyncService

        services = self._services
        return ContactSyncService(
            services.db,
            self.accounts,
            self.transport,
            services.contacts,
            services.followups.keep_in_touch,
            services.clock,
            services.changes,
        )


class Services:
    """Everything below the views; usable without a QApplication (CLI, tests).

    One database and one clock for all; each service is built the first time it is
    asked for, with the services it depends on (built then too, once).
    """

    def __init__(
        self,
        paths: Paths,
        db: peewee.SqliteDatabase,
        clock: Clock,
        credentials: CredentialStore | None = None,
        transport: MailTransport | None = None,
    ) -> None:
        self.paths = paths
        self.db = db
        self.clock = clock
        self.changes = Changes()  # every service announces what it changed here
        self.mail = MailServices(self, credentials, transport)
        self.calendar = CalendarServices(self, self.mail)
        self.contact_sync = ContactSyncServices(self, self.mail, self.calendar)

    @cached_property
    def contacts(self) -> ContactService:
        from netdesk.services.contacts.service import ContactService

        return ContactService(self.db, self.clock, self.changes)

    @cached_property
    def imports(self) -> ImportService:
        from netdesk.services.imports.service import ImportService

        return ImportService(self.db, self.clock, self.changes)

    @cached_property
    def positions(self) -> PositionService:
        from netdesk.services.positions.history import PositionService

        return PositionService(self.db, self.clock, self.changes)

    @cached_property
    def targets(self) -> TargetService:
        from netdesk.services.jobsearch.targets import TargetService

        return TargetService(self.db, self.clock, self.changes)

    @cached_property
    def applications(self) -> ApplicationService:
        from netdesk.services.jobsearch.applications import ApplicationService

        return ApplicationService(self.db, self.clock, self.changes)

    @cached_property
    def todos(self) -> TodoService:
        from netdesk.services.followups.todos import TodoService

        return TodoService(self.db, self.clock, self.changes)

    @cached_property
    def interactions(self) -> InteractionService:
        from netdesk.services.followups.interactions import InteractionService

        return InteractionService(self.db, self.clock, self.changes)

    @cached_property
    def outreach(self) -> OutreachService:
        from netdesk.services.followups.outreach import OutreachService

        return OutreachService(self.db, self.interactions, self.clock, self.changes)

    @cached_property
    def followups(self) -> FollowUpServices:
        from netdesk.services.followups.bundle import build_followups

        return build_followups(
            self.db, self.todos, self.interactions, self.outreach, self.clock, self.changes
        )

    @cached_property
    def meetings(self) -> MeetingService:
        from netdesk.services.meetings.service import MeetingService

        return MeetingService(
            self.db,
            self.contacts,
            self.todos,
            self.outreach,
            clock=self.clock,
            changes=self.changes,
        )

    @cached_property
    def graph(self) -> GraphService:
        from netdesk.services.network.service import GraphService

        return GraphService(self.db, clock=self.clock, changes=self.changes)

    @cached_property
    def backups(self) -> BackupService:
        from netdesk.services.backup import BackupService

        return BackupService(self.db, self.paths.database, clock=self.clock, changes=self.changes)

    @cached_property
    def interchange(self) -> InterchangeService:
        from netdesk.services.imports.interchange import InterchangeService

        return InterchangeService(self.db, self.contacts, self.imports, clock=self.clock)

    @cached_property
    def events(self) -> EventService:
        from netdesk.services.events.service import EventService

        return EventService(self.db, self.clock, self.changes, self.contacts, self.todos)

    @cached_property
    def duplicates(self) -> DuplicateService:
        from netdesk.services.duplicates.service import DuplicateService

        return DuplicateService(self.db, self.clock, self.changes)

    @cached_property
    def merges(self) -> MergeService:
        from netdesk.services.duplicates.merge import MergeService

        return MergeService(self.db, self.clock, self.changes)

    @cached_property
    def encryption(self) -> EncryptionService:
        from netdesk.services.encryption.service import EncryptionService

        return EncryptionService(
            self.db, self.paths.database, self.mail.credentials, self.backups, self.changes
        )

    def close(self) -> None:
        close_database(self.db)


def build_services(
    paths: Paths,
    credentials: CredentialStore | None = None,
    transport: MailTransport | None = None,
    clock: Clock | None = None,
    unlock: Unlock | None = None,
) -> Services:
    """Open the database (now, so that a broken data folder is reported at once) and
    return the services over it, each built on first use. *credentials* defaults to
    the OS keyring; tests pass an in-memory store. *clock* is the one source of "now"
    for every service; tests pass a frozen one. An encrypted database's key comes from
    the keyring, or from *unlock* (a passphrase or the recovery key the user gave)."""
    database = paths.ensure().database
    if is_encrypted(database):  # only then is the keyring read at start-up
        from netdesk.services.credentials import KeyringCredentialStore
        from netdesk.services.encryption.service import open_encrypted

        credentials = credentials or KeyringCredentialStore()
        unlock = unlock or Unlock()
        db = open_encrypted(database, credentials, unlock.passphrase, unlock.recovery)
    else:
        db = open_database(database)
    return Services(paths, db, clock or Clock(), credentials, transport)


@dataclass(frozen=True)
class Unlock:
    """What the user gave to open an encrypted database (at most one of them)."""

    passphrase: str | None = None
    recovery: str | None = None

    @property
    def given(self) -> bool:
        return self.passphrase is not None or self.recovery is not None


def create_application(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.netdesk.NetDesk")  # packaging/linux/*.desktop
    return app


def create_main_window(services: Services, app):
    """The window with everything it needs injected; returns (window, task runner)."""
    from PySide6.QtCore import QSettings

    from netdesk.tasks import QtTaskRunner
    from netdesk.views.appearance import SYSTEM, apply_theme, saved_theme
    from netdesk.views.main_window import MainWindow

    tasks = QtTaskRunner(app, cleanup=services.db.close)
    settings = QSettings(str(services.paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    if saved_theme(settings) != SYSTEM:  # before any widget exists, so all start in it
        apply_theme(app, saved_theme(settings))
    window = MainWindow(services, tasks, settings)
    return window, tasks


def open_services(
    paths: Paths, credentials: CredentialStore | None = None, clock: Clock | None = None
) -> Services | None:
    """build_services, asking for the passphrase or the recovery key while an encrypted
    database's key is not at hand; None when the user quits instead."""
    from netdesk.errors import DatabaseKeyNeeded

    def attempt(passphrase: str | None, recovery: str | None) -> Services:
        given = Unlock(passphrase=passphrase, recovery=recovery)
        return build_services(paths, credentials, clock=clock, unlock=given)

    try:
        return build_services(paths, credentials, clock=clock)
    except DatabaseKeyNeeded as needed:
        from netdesk.views.unlock_dialog import unlock

        return unlock(needed, attempt)


def run_gui(paths: Paths, demo: bool = False, argv: list[str] | None = None) -> int:
    """Start the desktop app on *paths*; returns the process exit status."""
    from PySide6.QtWidgets import QMessageBox

    from netdesk.instance import SingleInstance
    from netdesk.views.error_report import install_error_reporting

    app = create_application(argv)
    instance = SingleInstance(paths.data_dir)
    if instance.already_running():
        print(f"{APP_NAME} is already running for {paths.data_dir}; its window was raised.")
        return 0
    # From here on nothing fails silently: an uncaught error (in a slot, say) is written
    # to the log file with its traceback and the user is told in a box.
    errors = install_error_reporting(paths.data_dir)
    try:
        services = open_services(paths)
    except Exception as error:  # the one place a broken data folder is explained
        log.exception("cannot open %s", paths.database)
        QMessageBox.critical(
            None, f"{APP_NAME} cannot open its data", f"{paths.database}\n\n{error}"
        )
        errors.uninstall()
        return 1
    if services is None:  # locked, and the user chose Quit: the file is as it was
        instance.release()
        errors.uninstall()
        return 1
    window, tasks = create_main_window(services, app)
    errors.parent = window
    instance.activated.connect(window.raise_window)
    if demo and services.contacts.counts().people == 0:
        window.imports.load_sample_network()
    else:
        window.first_run.show_if_empty()
    window.show()
    window.backups.back_up_if_due()  # daily, off the GUI thread
    window.followups.notify_overdue_at_start()  # only if the user asked for it (Reminders…)
    # What start-up made (modules, Qt wrappers, the window) lives as long as the app:
    # frozen, it stays out of the garbage collector's full passes, which hold the GIL
    # for ~30 ms over it on a small machine (a GUI pause while a 30k map loads, say).
    gc.freeze()
    status = app.exec()
    tasks.wait()
    services.close()
    instance.release()
    errors.uninstall()
    return int(status)
