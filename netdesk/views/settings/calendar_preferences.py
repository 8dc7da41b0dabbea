"""The calendar account and how often it is synced, as Settings → Calendar and the
window's background sync see them.

Reads are cheap (the account row, the settings store), so the window can tell at
start-up whether to sync at all without loading the sync (icalendar, caldav). The
transport is looked up on each use: tests replace it on the services. Writes go
through the services, which announce Change.SETTINGS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netdesk.services.settings import CALENDAR_SYNC_MINUTES, SettingsStore, interval_minutes

# The sync service's bounds, from the settings module so that reading them loads no
# calendar code; named here for the page.
from netdesk.services.settings import MAX_MINUTES as MAX_MINUTES
from netdesk.services.settings import MIN_MINUTES as MIN_MINUTES

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.calendar.account import CalendarAccount, CalendarAccountService
    from netdesk.services.calendar.client import CalendarTransport
    from netdesk.services.credentials import KeyringStatus


class CalendarPreferences:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._store = SettingsStore(services.db)

    @property
    def accounts(self) -> CalendarAccountService:
        return self._services.calendar.accounts

    @property
    def transport(self) -> CalendarTransport:
        return self._services.calendar.transport

    def account(self) -> CalendarAccount | None:
        return self.accounts.get()

    def keyring_status(self) -> KeyringStatus:
        return self._services.mail.credentials.status()  # one store for every password

    @property
    def minutes(self) -> int:
        """Minutes between background syncs, as CalendarSyncService.minutes reads them."""
        return interval_minutes(self._store, CALENDAR_SYNC_MINUTES)

    def set_minutes(self, minutes: int) -> None:
        if minutes != self.minutes:
            self._services.calendar.sync.set_minutes(minutes)
