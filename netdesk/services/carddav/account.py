"""The CardDAV account: server, login, address book and which people sync in SQLite,
the password only in the keyring. Built on the calendar account's rules (addresses,
certificates), which it shares."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

import peewee

from netdesk.db.models import ContactsAccount as ContactsAccountRow
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.calendar.account import server_url, validate_dav
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.credentials import CredentialStore, KeyringStatus, Secret

SCOPES = {
    "relationships": "My real relationships (not LinkedIn-only connections)",
    "everyone": "Everyone",
    "tag": "People with a tag",
}


@dataclass(frozen=True)
class ContactsAccount:
    id: int | None = None
    server_url: str = ""
    username: str = ""
    addressbook_url: str = ""
    addressbook_name: str = ""
    keyring_service: str = ""
    cert_sha256: str | None = None
    scope: str = "relationships"
    scope_tag: str = ""
    sync_token: str | None = None
    synced_at: str | None = None


_STORED = (
    "server_url", "username", "addressbook_url", "addressbook_name", "keyring_service",
    "cert_sha256", "scope", "scope_tag",
)  # fmt: skip


class ContactsAccountService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        credentials: CredentialStore,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._credentials = credentials

    def get(self) -> ContactsAccount | None:
        row = (
            ContactsAccountRow.select(
                ContactsAccountRow.id,
                *(getattr(ContactsAccountRow, name) for name in _STORED),
                ContactsAccountRow.sync_token,
                ContactsAccountRow.synced_at,
            )
            .order_by(ContactsAccountRow.id)
            .bind(self._db)
            .dicts()
            .first()
        )
        return ContactsAccount(**row) if row else None

    def validate(self, account: ContactsAccount) -> dict[str, str]:
        errors = validate_dav(
            account.server_url, account.username, account.cert_sha256, what="address book"
        )
        if account.scope not in SCOPES:
            errors["scope"] = f"Unknown choice of people: {account.scope!r}."
        elif account.scope == "tag" and not account.scope_tag.strip():
            errors["scope_tag"] = "Name the tag of the people to sync."
        return errors

    @announces(Change.SETTINGS)
    def save(
        self, account: ContactsAccount, password: Secret | None = None
    ) -> tuple[ContactsAccount, KeyringStatus | None]:
        """Store the account; a new password goes to the keyring. Another server, login
        or address book starts the sync over. Raises ValidationError."""
        errors = self.validate(account)
        if errors:
            raise ValidationError(errors)
        before = self.get()
        account = replace(
            account,
            server_url=server_url(account.server_url),
            username=account.username.strip(),
            scope_tag=account.scope_tag.strip(),
            keyring_service=(before.keyring_service if before else "")
            or f"NetDesk contacts {uuid.uuid4().hex[:12]}",
        )
        values = {name: getattr(account, name) for name in _STORED}
        now = self._clock.timestamp()
        with self._db.atomic("IMMEDIATE"):
            if before is None:
                ContactsAccountRow.insert(**values, created_at=now, updated_at=now).bind(
                    self._db
                ).execute()
            else:
                moved = (before.server_url, before.username, before.addressbook_url) != (
                    account.server_url, account.username, account.addressbook_url
                )  # fmt: skip
                if moved:  # another address book: what NetDesk knew of the old one goes
                    values["sync_token"] = None
                    self._db.execute_sql(
                        "DELETE FROM contact_card WHERE account_id = ?", (before.id,)
                    )
                ContactsAccountRow.update(**values, updated_at=now).where(
                    ContactsAccountRow.id == before.id
                ).bind(self._db).execute()
        status = None
        if password:
            status = self._credentials.set(account.keyring_service, account.username, password)
        saved = self.get()
        assert saved is not None
        return saved, status

    def password(self, account: ContactsAccount) -> Secret | None:
        return self._credentials.get(account.keyring_service, account.username)
