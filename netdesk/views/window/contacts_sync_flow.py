"""Keeping people and the address book in step in the background: shortly after start-up,
soon after the user changes someone (once they pause) and every N minutes once an
address book account is saved (Settings → Contacts sync),
File → Sync Contacts Now, and Stop Syncing Contacts while it runs (the sync stops at its
next card; what was stored stays, and the next sync goes on from there). The machine is
PeriodicFlow's: the keyring's password only, results and failures in the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Signal

from netdesk.errors import CalendarError
from netdesk.services.changes import Change
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.settings.contacts_preferences import ContactsPreferences
from netdesk.views.window.periodic_flow import DavSyncFlow, FlowWords

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.carddav.sync import ContactSyncResult
    from netdesk.views.main_window import MainWindow

START_DELAY_MS = 12_000  # after start-up, after the mail scan's and calendar's first turns
NO_PASSWORD = "Contacts not synced: no password saved (Settings → Contacts sync)"
NOT_SET_UP = "No address book is set up: add it in Settings → Contacts sync."


class ContactsSyncFlow(DavSyncFlow):
    words = FlowWords(
        now=("Sync C&ontacts Now", "syncContactsAction"),
        stop=("Stop Syncing C&ontacts", "stopSyncingContactsAction"),
        progress_name="contactsSyncProgress",
        running="Syncing your address book…",
        already="Already syncing your address book…",
        off=NOT_SET_UP,
        stopping="Stopping the contacts sync…",
        stopped="Stopped syncing your contacts; what was done is kept.",
        no_password=NO_PASSWORD,
        failed="Contacts not synced",
        what="contacts sync",
        error=CalendarError,  # the CardDAV transport's errors are the calendar's kind
    )
    follows = Change.PEOPLE  # synced soon after the user changes these
    preferences: ContactsPreferences
    synced = Signal(object)  # the ContactSyncResult of a sync that ran (duplicates follow)

    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window, services, tasks, ContactsPreferences(services))

    @property
    def start_delay_ms(self) -> int:
        return START_DELAY_MS  # read on each use: tests shorten it

    def _dav(self) -> tuple:
        return self._services.contact_sync.accounts, self._services.contact_sync.sync

    def _describe(self, result: ContactSyncResult) -> str:
        return describe(result)

    def _on_done(self, result: object) -> None:
        super()._on_done(result)
        alive = shiboken6.isValid(self) and not self._closing
        if alive and hasattr(result, "pulled"):  # not NoPassword
            self.synced.emit(result)


def describe(result: ContactSyncResult) -> str:
    """'Contacts: 3 written, 2 read, 1 conflict'."""
    parts = []
    if result.pushed:
        parts.append(f"{result.pushed:,} written")
    if result.pulled:
        parts.append(f"{result.pulled:,} read")
    if result.merged:
        parts.append(count_of(result.merged, "person", "people") + " updated")
    if result.conflicts:
        parts.append(count_of(result.conflicts, "conflict"))
    if result.deleted:
        parts.append(f"{result.deleted:,} deleted on the server")
    return "Contacts: " + ", ".join(parts) if parts else "Contacts in step"
