"""The CardDAV account and how often it is synced, as Settings → Contacts sync and the
window's background sync see them.

Reads are cheap (the account row, the settings store), so the window can tell at
start-up whether to sync at all without loading the sync (vobject, the CardDAV client).
The transport is looked up on each use: tests replace it on the services. Writes go
through the account service, which announces Change.SETTINGS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netdesk.services.settings import CONTACTS_SYNC_MINUTES, SettingsStore, interval_minutes

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.carddav.account import ContactsAccount, ContactsAccountService
    from netdesk.services.carddav.client import CardDavTransport
    from netdesk.services.credentials import KeyringStatus


class ContactsPreferences:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._store = SettingsStore(services.db)

    @property
    def accounts(self) -> ContactsAccountService:
        return self._services.contact_sync.accounts

    @property
    def transport(self) -> CardDavTransport:
        return self._services.contact_sync.transport

    def account(self) -> ContactsAccount | None:
        return self.accounts.get()

    def keyring_status(self) -> KeyringStatus:
        return self._services.mail.credentials.status()  # one store for every password

    @property
    def minutes(self) -> int:
        """Minutes between background syncs (no page sets them yet: the default, 30)."""
        return interval_minutes(self._store, CONTACTS_SYNC_MINUTES)
