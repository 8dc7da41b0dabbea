"""The CalDAV account: its server, login and chosen calendar in SQLite, its password only
in the keyring (through the credential store), never in the database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import peewee

from netdesk.db.models import CalendarAccount as CalendarAccountRow
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.credentials import CredentialStore, KeyringStatus, Secret
from netdesk.services.mail.security import is_loopback_host, normal_fingerprint


@dataclass(frozen=True)
class CalendarAccount:
    id: int | None = None
    server_url: str = ""  # as typed: https://cloud.example.org, or the calendar's own URL
    username: str = ""
    calendar_url: str = ""  # the calendar chosen (empty: the first one found)
    calendar_name: str = ""
    keyring_service: str = ""
    cert_sha256: str | None = None  # a certificate the user checked and trusts
    sync_token: str | None = None
    synced_at: str | None = None


_STORED = (
    "server_url", "username", "calendar_url", "calendar_name", "keyring_service",
    "cert_sha256",
)  # fmt: skip


class CalendarAccountService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        credentials: CredentialStore,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._credentials = credentials

    def get(self) -> CalendarAccount | None:
        row = (
            CalendarAccountRow.select(
                CalendarAccountRow.id,
                *(getattr(CalendarAccountRow, name) for name in _STORED),
                CalendarAccountRow.sync_token,
                CalendarAccountRow.synced_at,
            )
            .order_by(CalendarAccountRow.id)
            .bind(self._db)
            .dicts()
            .first()
        )
        return CalendarAccount(**row) if row else None

    def validate(self, account: CalendarAccount) -> dict[str, str]:
        return validate_dav(account.server_url, account.username, account.cert_sha256)

    @announces(Change.SETTINGS)
    def save(
        self, account: CalendarAccount, password: Secret | None = None
    ) -> tuple[CalendarAccount, KeyringStatus | None]:
        """Store the account; a new password goes to the keyring. A new server or login
        starts the sync over. Raises ValidationError."""
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
            account,
            id=before.id if before else None,
            server_url=server_url(account.server_url),
            username=account.username.strip(),
            keyring_service=(before.keyring_service if before else "")
            or f"NetDesk calendar {uuid.uuid4().hex[:12]}",
        )
        values = {name: getattr(account, name) for name in _STORED}
        now = self._clock.timestamp()
        moved = before is not None and (
            before.server_url,
            before.username,
            before.calendar_url,
        ) != (account.server_url, account.username, account.calendar_url)
        with self._db.atomic("IMMEDIATE"):
            if before is None:
                account_id = (
                    CalendarAccountRow.insert(**values, created_at=now, updated_at=now)
                    .bind(self._db)
                    .execute()
                )
                account = replace(account, id=account_id)
            else:
                if moved:  # another calendar: what NetDesk knew of the old one goes
                    values["sync_token"] = None
                    self._db.execute_sql(
                        "DELETE FROM calendar_event WHERE account_id = ?", (before.id,)
                    )
                CalendarAccountRow.update(**values, updated_at=now).where(
                    CalendarAccountRow.id == before.id
                ).bind(self._db).execute()
        status = None
        if password:
            status = self._credentials.set(account.keyring_service, account.username, password)
            if before is not None and before.username != account.username:
                self._credentials.delete(before.keyring_service, before.username)
        return self.get() or account, status

    def password(self, account: CalendarAccount) -> Secret | None:
        return self._credentials.get(account.keyring_service, account.username)

    @announces(Change.SETTINGS)
    def delete(self, account: CalendarAccount) -> None:
        """Forget the account, its password and what NetDesk knew of its events (the
        meetings stay)."""
        self._credentials.delete(account.keyring_service, account.username)
        with self._db.atomic("IMMEDIATE"):
            CalendarAccountRow.delete().where(CalendarAccountRow.id == account.id).bind(
                self._db
            ).execute()


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
