"""The CardDAV account: server, login, address book and which people sync in SQLite,
the password only in the keyring; saved and removed as every DAV account is
(services/dav_account.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from netdesk.db.models import ContactsAccount as ContactsAccountRow
from netdesk.services.dav_account import DavAccount, DavAccountService

SCOPES = {
    "relationships": "My real relationships (not LinkedIn-only connections)",
    "everyone": "Everyone",
    "tag": "People with a tag",
}


@dataclass(frozen=True)
class ContactsAccount(DavAccount):
    addressbook_url: str = ""  # the address book chosen (empty: the first one found)
    addressbook_name: str = ""
    scope: str = "relationships"  # which people sync: a key of SCOPES
    scope_tag: str = ""


class ContactsAccountService(DavAccountService[ContactsAccount]):
    row = ContactsAccountRow
    account_type = ContactsAccount
    stored = ("addressbook_url", "addressbook_name", "scope", "scope_tag")
    collection_field = "addressbook_url"
    items_table = "contact_card"
    keyring_prefix = "NetDesk contacts"
    what = "address book"

    def validate(self, account: ContactsAccount) -> dict[str, str]:
        errors = super().validate(account)
        if account.scope not in SCOPES:
            errors["scope"] = f"Unknown choice of people: {account.scope!r}."
        elif account.scope == "tag" and not account.scope_tag.strip():
            errors["scope_tag"] = "Name the tag of the people to sync."
        return errors

    def _normalised(self, account: ContactsAccount) -> ContactsAccount:
        return replace(account, scope_tag=account.scope_tag.strip())
