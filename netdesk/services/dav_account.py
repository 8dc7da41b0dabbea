"""What a CalDAV and a CardDAV account share: the server, login and trusted certificate in
SQLite, the password only in the keyring (through the credential store), never in the
database; the rules for addresses and certificates; saving, which starts the sync over
for another collection and forgets a certificate trusted for another server; removing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import ClassVar, Generic, TypeVar
from urllib.parse import urlsplit

import peewee

from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.credentials import CredentialStore, KeyringStatus, Secret
from netdesk.services.mail.security import is_loopback_host, normal_fingerprint


@dataclass(frozen=True)
class DavAccount:
    id: int | None = None
    server_url: str = ""  # as typed: https://cloud.example.org, or the collection's own URL
    username: str = ""
    keyring_service: str = ""
    cert_sha256: str | None = None  # a certificate the user checked and trusts
    sync_token: str | None = None
    synced_at: str | None = None


A = TypeVar("A", bound=DavAccount)
_SHARED = ("server_url", "username", "keyring_service", "cert_sha256")


class DavAccountService(Service, Generic[A]):
    """The one account of a kind. A subclass names its row, its dataclass, the fields it
    stores besides the shared ones, the chosen collection's URL field and the table of
    what NetDesk knew of that collection."""

    row: ClassVar[type[peewee.Model]]
    account_type: ClassVar[type]
    stored: ClassVar[tuple[str, ...]]  # besides the shared fields
    collection_field: ClassVar[str]  # another collection there starts the sync over
    items_table: ClassVar[str]  # rows by account_id, forgotten when it does
    keyring_prefix: ClassVar[str]  # "NetDesk calendar": the keyring entry's service name
    what: ClassVar[str]  # "calendar": said in the errors

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        credentials: CredentialStore,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._credentials = credentials

    def _fields(self) -> tuple[str, ...]:
        return _SHARED + self.stored

    def get(self) -> A | None:
        row = self.row
        found = (
            row.select(
                row.id,
                *(getattr(row, name) for name in self._fields()),
                row.sync_token,
                row.synced_at,
            )
            .order_by(row.id)
            .bind(self._db)
            .dicts()
            .first()
        )
        return self.account_type(**found) if found else None

    def validate(self, account: A) -> dict[str, str]:
        return validate_dav(account.server_url, account.username, account.cert_sha256, self.what)

    def _normalised(self, account: A) -> A:
        """The subclass's own fields as stored (trimmed)."""
        return account

    @announces(Change.SETTINGS)
    def save(self, account: A, password: Secret | None = None) -> tuple[A, KeyringStatus | None]:
        """Store the account; a new password goes to the keyring. Another server, login
        or collection starts the sync over. Raises ValidationError."""
        errors = self.validate(account)
        if errors:
            raise ValidationError(errors)
        before = self.get()
        if (
            before is not None
            and account.cert_sha256 == before.cert_sha256
            and _host(account.server_url) != _host(before.server_url)
        ):  # a certificate trusted for one server is not trusted for another
            account = replace(account, cert_sha256=None)
        account = replace(
            self._normalised(account),
            id=before.id if before else None,
            server_url=server_url(account.server_url),
            username=account.username.strip(),
            keyring_service=(before.keyring_service if before else "")
            or f"{self.keyring_prefix} {uuid.uuid4().hex[:12]}",
        )
        account = self._write(before, account)
        status = None
        if password:
            status = self._credentials.set(account.keyring_service, account.username, password)
            if before is not None and before.username != account.username:
                self._credentials.delete(before.keyring_service, before.username)
        return self.get() or account, status

    def _write(self, before: A | None, account: A) -> A:
        values = {name: getattr(account, name) for name in self._fields()}
        now = self._clock.timestamp()
        row = self.row
        with self._db.atomic("IMMEDIATE"):
            if before is None:
                query = row.insert(**values, created_at=now, updated_at=now).bind(self._db)
                return replace(account, id=query.execute())
            if self._where(before) != self._where(account):
                # another collection: what NetDesk knew of the old one goes
                values["sync_token"] = None
                self._db.execute_sql(
                    f"DELETE FROM {self.items_table} WHERE account_id = ?", (before.id,)
                )
            row.update(**values, updated_at=now).where(row.id == before.id).bind(self._db).execute()
        return account

    def _where(self, account: A) -> tuple[str, str, str]:
        return (account.server_url, account.username, getattr(account, self.collection_field))

    def password(self, account: A) -> Secret | None:
        return self._credentials.get(account.keyring_service, account.username)

    @announces(Change.SETTINGS)
    def delete(self, account: A) -> None:
        """Forget the account, its password and what NetDesk knew of its collection
        (cascaded); the meetings and people stay."""
        self._credentials.delete(account.keyring_service, account.username)
        with self._db.atomic("IMMEDIATE"):
            self.row.delete().where(self.row.id == account.id).bind(self._db).execute()


def validate_dav(
    address: str, username: str, cert_sha256: str | None, what: str = "calendar"
) -> dict[str, str]:
    """What is wrong with a CalDAV or CardDAV account's server, login and trusted
    certificate, by field."""
    errors: dict[str, str] = {}
    parts = urlsplit(server_url(address))
    if parts.scheme not in ("https", "http") or not parts.hostname:
        errors["server_url"] = f"The {what} server is an address such as https://cloud.example.org."
    elif parts.scheme == "http" and not is_loopback_host(parts.hostname):
        errors["server_url"] = (
            "Without encryption (http://) only a server on this computer is allowed: use https://."
        )
    if not username.strip():
        errors["username"] = f"The {what} login is missing."
    if cert_sha256 and normal_fingerprint(cert_sha256) is None:
        errors["cert_sha256"] = "The trusted certificate is not a SHA-256 fingerprint."
    return errors


def _host(url: str) -> tuple[str, int]:
    parts = urlsplit(server_url(url))
    return (parts.hostname or "", parts.port or 443)


def server_url(text: str) -> str:
    """A server as typed ("cloud.example.org") as a URL ("https://cloud.example.org/")."""
    text = text.strip()
    if text and "://" not in text:
        text = "https://" + text
    return text if not text or text.endswith("/") else text + "/"
