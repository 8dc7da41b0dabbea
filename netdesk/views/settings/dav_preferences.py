"""A DAV account (calendar or address book) and how often it is synced, as its Settings
page and the window's background sync see them.

Reads are cheap (the account row, the settings store), so the window can tell at
start-up whether to sync at all without loading the sync (icalendar, vobject, caldav).
The transport is looked up on each use: tests replace it on the services. Writes go
through the services, which announce Change.SETTINGS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

# The sync services' bounds, from the settings module so that reading them loads no sync
# code; named here for the pages.
from netdesk.services.settings import MAX_MINUTES as MAX_MINUTES
from netdesk.services.settings import MIN_MINUTES as MIN_MINUTES
from netdesk.services.settings import Key, SettingsStore, interval_minutes

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.credentials import KeyringStatus, Secret
    from netdesk.services.dav_account import DavAccount, DavAccountService
    from netdesk.services.mail.security import CertificateInfo


class DavPreferences:
    """A subclass names its minutes key and its services (`accounts`, `transport` and
    `sync` on Services), and how its collections and the server's certificate are read."""

    minutes_key: ClassVar[Key]

    def __init__(self, services: Services) -> None:
        self._services = services
        self._store = SettingsStore(services.db)

    def _dav(self) -> Any:
        """services.calendar or services.contact_sync."""
        raise NotImplementedError

    @property
    def accounts(self) -> DavAccountService:
        return self._dav().accounts

    @property
    def transport(self) -> Any:
        return self._dav().transport

    def account(self) -> DavAccount | None:
        return self.accounts.get()

    def keyring_status(self) -> KeyringStatus:
        return self._services.mail.credentials.status()  # one store for every password

    @property
    def minutes(self) -> int:
        """Minutes between background syncs, as the sync service's `minutes` reads them."""
        return interval_minutes(self._store, self.minutes_key)

    def set_minutes(self, minutes: int) -> None:
        if minutes != self.minutes:
            self._dav().sync.set_minutes(minutes)

    def collections(self, account: Any, secret: Secret) -> list[Any]:
        """The calendars or address books of *account* (each with name and url); on a
        worker thread."""
        raise NotImplementedError

    def certificate(self, account: Any) -> CertificateInfo:
        """The certificate the account's server shows; on a worker thread."""
        return self._services.calendar.transport.certificate(account)
