"""The CardDAV account and how often it is synced, as Settings → Contacts sync and the
window's background sync see them (see dav_preferences)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netdesk.services.settings import CONTACTS_SYNC_MINUTES
from netdesk.views.settings.dav_preferences import MAX_MINUTES as MAX_MINUTES
from netdesk.views.settings.dav_preferences import MIN_MINUTES as MIN_MINUTES
from netdesk.views.settings.dav_preferences import DavPreferences

if TYPE_CHECKING:
    from netdesk.services.carddav.account import ContactsAccount
    from netdesk.services.carddav.client import RemoteBook
    from netdesk.services.credentials import Secret


class ContactsPreferences(DavPreferences):
    minutes_key = CONTACTS_SYNC_MINUTES

    def _dav(self) -> Any:
        return self._services.contact_sync

    def collections(self, account: ContactsAccount, secret: Secret) -> list[RemoteBook]:
        with self.transport.session(account, secret) as session:
            return session.addressbooks()
