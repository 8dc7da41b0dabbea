"""Composition root: builds the database, services and task runner, and hands them down."""

from __future__ import annotations

import gc
import logging
import sys
from dataclasses import dataclass

import peewee

from netdesk import APP_NAME, __version__
from netdesk.db import close_database, open_database
from netdesk.paths import Paths
from netdesk.services.backup import BackupService
from netdesk.services.clock import Clock
from netdesk.services.contacts import ContactService
from netdesk.services.credentials import CredentialStore, KeyringCredentialStore
from netdesk.services.drafts import DraftService
from netdesk.services.followups import FollowUpServices, build_followups
from netdesk.services.graph import GraphService
from netdesk.services.importer import ImportService
from netdesk.services.interactions import InteractionService
from netdesk.services.interchange import InterchangeService
from netdesk.services.mail import MailAccountService, MailTransport
from netdesk.services.meetings import MeetingService
from netdesk.services.templates import TemplateService
from netdesk.services.todos import TodoService

log = logging.getLogger(__name__)


@dataclass
class MailServices:
    """The mail account (password in the keyring), templates, drafts and sending."""

    accounts: MailAccountService
    templates: TemplateService
    drafts: DraftService
    transport: MailTransport


@dataclass
class Services:
    """Everything below the views; usable without a QApplication (CLI, tests)."""

    paths: Paths
    db: peewee.SqliteDatabase
    clock: Clock
    contacts: ContactService
    imports: ImportService
    meetings: MeetingService
    todos: TodoService
    interactions: InteractionService
    mail: MailServices
    graph: GraphService
    followups: FollowUpServices
    backups: BackupService
    interchange: InterchangeService

    def close(self) -> None:
        close_database(self.db)


def build_services(
    paths: Paths,
    credentials: CredentialStore | None = None,
    transport: MailTransport | None = None,
    clock: Clock | None = None,
) -> Services:
    """*credentials* defaults to the OS keyring; tests pass an in-memory store. *clock*
    is the one source of "now" for every service; tests pass a frozen one."""
    clock = clock or Clock()
    db = open_database(paths.ensure().database)
    contacts = ContactService(db, clock)
    todos = TodoService(db, clock)
    interactions = InteractionService(db, clock)
    followups = build_followups(db, todos, interactions, clock=clock)
    meetings = MeetingService(db, contacts, todos, followups.outreach, clock=clock)
    accounts = MailAccountService(
        db, credentials or KeyringCredentialStore(), clock, contacts=contacts
    )
    templates = TemplateService(db, clock)
    drafts = DraftService(
        db,
        contacts,
        meetings,
        todos,
        templates,
        interactions,
        accounts,
        followups.outreach,
        clock=clock,
    )
    mail = MailServices(accounts, templates, drafts, transport or MailTransport(clock=clock))
    imports = ImportService(db, clock)
    return Services(
        paths,
        db,
        clock,
        contacts,
        imports,
        meetings,
        todos,
        interactions,
        mail,
        GraphService(db, clock=clock),
        followups,
        BackupService(db, paths.database, clock=clock),
        InterchangeService(db, contacts, imports, clock=clock),
    )


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
    window = MainWindow(
        services.contacts,
        services.imports,
        services.meetings,
        tasks,
        services.paths.data_dir,
        settings,
        todos=services.todos,
        mail=services.mail,
        graph=services.graph,
        followups=services.followups,
        backups=services.backups,
        interchange=services.interchange,
        clock=services.clock,
    )
    return window, tasks


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
        services = build_services(paths)
    except Exception as error:  # the one place a broken data folder is explained
        log.exception("cannot open %s", paths.database)
        QMessageBox.critical(
            None, f"{APP_NAME} cannot open its data", f"{paths.database}\n\n{error}"
        )
        errors.uninstall()
        return 1
    window, tasks = create_main_window(services, app)
    errors.parent = window
    instance.activated.connect(window.raise_window)
    if demo and services.contacts.counts().people == 0:
        window.load_sample_network()
    else:
        window.show_welcome_if_empty()
    window.show()
    window.back_up_if_due()  # daily, off the GUI thread
    window.notify_overdue_at_start()  # only if the user asked for it (Reminders…)
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
