"""The user's mail account: its settings in the mail_account table, its password only
through the credential store, and the résumé chosen once to attach."""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import peewee

from netdesk.db.models import MailAccount as MailAccountRow
from netdesk.errors import MailError, ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.service import ContactService
from netdesk.services.credentials import CredentialStore, KeyringStatus, Secret
from netdesk.services.mail.errors import plain_elsewhere
from netdesk.services.mail.messages import check_address, one_line
from netdesk.services.mail.security import (
    SECURITY,
    Server,
    is_loopback_host,
    is_pinned,
    normal_fingerprint,
    wire,
)
from netdesk.services.settings import MAIL_ATTACH_RESUME, MAIL_RESUME_PATH, SettingsStore


@dataclass(frozen=True)
class MailAccount:
    id: int | None = None
    display_name: str = ""
    address: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"
    imap_host: str = ""
    imap_port: int = 993
    imap_security: str = "tls"
    username: str = ""
    signature: str = ""
    keyring_service: str = ""
    # The SHA-256 fingerprint of the one certificate trusted for each server, with the
    # "trusting a certificate I checked" settings; public data, not a secret.
    smtp_cert_sha256: str | None = None
    imap_cert_sha256: str | None = None

    def server(self, kind: str) -> Server:
        """The SMTP ("smtp") or IMAP ("imap") server as the transport uses it."""
        return Server(
            kind,
            getattr(self, f"{kind}_host").strip(),
            getattr(self, f"{kind}_port"),
            getattr(self, f"{kind}_security"),
            getattr(self, f"{kind}_cert_sha256"),
        )

    @property
    def login(self) -> str:
        return self.username.strip() or self.address.strip()

    @property
    def can_send(self) -> bool:
        return bool(self.smtp_host.strip() and self.address.strip())

    @property
    def can_save_drafts(self) -> bool:
        return bool(self.imap_host.strip() and self.address.strip())


# --- the account, stored without its password ------------------------------

# The stored settings, named as MailAccount's fields. The table has no password column
# and none is ever written: the secret is only in the credential store.
_STORED = (
    "display_name",
    "address",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "imap_host",
    "imap_port",
    "imap_security",
    "username",
    "signature",
    "keyring_service",
    "smtp_cert_sha256",
    "imap_cert_sha256",
)


class MailAccountService(Service):
    """The account's settings in SQLite; its password only through the credential store."""

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        credentials: CredentialStore,
        clock: Clock = SYSTEM_CLOCK,
        contacts: ContactService | None = None,
        changes: Changes | None = None,
    ) -> None:
        """*contacts* holds the user's own person: the sender's name is theirs."""
        super().__init__(db, clock, changes)
        self._credentials = credentials
        self._contacts = contacts

    def get(self) -> MailAccount | None:
        columns = [MailAccountRow.id] + [getattr(MailAccountRow, name) for name in _STORED]
        row = (
            MailAccountRow.select(*columns)
            .order_by(MailAccountRow.id)
            .bind(self._db)
            .dicts()
            .first()
        )
        if not row:
            return None
        account = MailAccount(**row)
        me = self._my_name()
        return replace(account, display_name=me) if me else account

    def _my_name(self) -> str:
        """The welcome screen's "me", the one place the user's name is kept."""
        me_id = self._contacts.me_id() if self._contacts is not None else None
        return self._contacts.get(me_id).display_name if me_id is not None else ""

    def validate(self, account: MailAccount) -> dict[str, str]:
        errors: dict[str, str] = {}
        try:
            check_address(account.address)
        except MailError as error:
            errors["address"] = str(error)
        for kind in ("smtp", "imap"):
            host = getattr(account, f"{kind}_host").strip()
            port = getattr(account, f"{kind}_port")
            if host and not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", host):
                errors[f"{kind}_host"] = f"“{one_line(host)[:60]}” is not a server name."
            if not 0 < port < 65536:
                errors[f"{kind}_port"] = "A port is a number from 1 to 65535."
            security = getattr(account, f"{kind}_security")
            if security not in SECURITY:
                errors[f"{kind}_security"] = "Choose how the connection is secured."
            elif wire(security) == "plain" and host and not is_loopback_host(host):
                errors[f"{kind}_security"] = plain_elsewhere(account.server(kind))
            pin = getattr(account, f"{kind}_cert_sha256")
            if pin and normal_fingerprint(pin) is None:
                errors[f"{kind}_cert_sha256"] = (
                    f"The trusted certificate of the {kind.upper()} server is not a SHA-256 "
                    "fingerprint."
                )
        return errors

    @announces(Change.MAIL)
    def save(
        self, account: MailAccount, password: Secret | None = None
    ) -> tuple[MailAccount, KeyringStatus | None]:
        """Store the settings; a new password goes to the keyring. Raises ValidationError."""
        errors = self.validate(account)
        if errors:
            raise ValidationError(errors)
        before = self.get() if account.id is not None else None
        account = replace(
            account,
            display_name=one_line(account.display_name),
            address=account.address.strip(),
            smtp_host=account.smtp_host.strip(),
            imap_host=account.imap_host.strip(),
            username=account.username.strip(),
            keyring_service=account.keyring_service or f"NetDesk mail {uuid.uuid4().hex[:12]}",
            smtp_cert_sha256=_kept_pin(account, before, "smtp"),
            imap_cert_sha256=_kept_pin(account, before, "imap"),
        )
        settings = {name: value for name, value in asdict(account).items() if name in _STORED}
        now = self._clock.timestamp()
        with self._db.atomic("IMMEDIATE"):
            if account.id is None:
                account_id = (
                    MailAccountRow.insert(**settings, created_at=now, updated_at=now)
                    .bind(self._db)
                    .execute()
                )
                account = replace(account, id=account_id)
            else:
                MailAccountRow.update(**settings, updated_at=now).where(
                    MailAccountRow.id == account.id
                ).bind(self._db).execute()
        if self._contacts is not None and account.display_name:
            self._contacts.save_me(account.display_name)  # my name, kept in one place
        status = None
        if password:
            status = self._credentials.set(account.keyring_service, account.login, password)
            if before is not None and before.login != account.login:
                self._credentials.delete(before.keyring_service, before.login)
        elif before is not None and before.login != account.login:
            # Same password, new login name: move the secret along.
            old = self._credentials.get(before.keyring_service, before.login)
            if old:
                status = self._credentials.set(account.keyring_service, account.login, old)
                self._credentials.delete(before.keyring_service, before.login)
        return account, status

    def password(self, account: MailAccount) -> Secret | None:
        return self._credentials.get(account.keyring_service, account.login)

    @announces(Change.MAIL)
    def set_password(self, account: MailAccount, password: Secret) -> KeyringStatus:
        """A password typed when asked (e.g. after a login was refused)."""
        return self._credentials.set(account.keyring_service, account.login, password)

    def keyring_status(self) -> KeyringStatus:
        return self._credentials.status()

    @announces(Change.MAIL)
    def forget_password(self, account: MailAccount) -> None:
        self._credentials.delete(account.keyring_service, account.login)

    @announces(Change.MAIL)
    def delete(self, account: MailAccount) -> None:
        self.forget_password(account)
        with self._db.atomic("IMMEDIATE"):
            MailAccountRow.delete().where(MailAccountRow.id == account.id).bind(self._db).execute()

    # --- the résumé, chosen once -----------------------------------------

    def resume_path(self) -> Path | None:
        value = SettingsStore(self._db).get(MAIL_RESUME_PATH)
        return Path(value) if value else None

    def attach_resume_by_default(self) -> bool:
        return SettingsStore(self._db).get(MAIL_ATTACH_RESUME) == "1"

    @announces(Change.MAIL)
    def set_resume(self, path: Path | None, attach_by_default: bool = False) -> None:
        settings = SettingsStore(self._db)
        with self._db.atomic("IMMEDIATE"):
            settings.set(MAIL_RESUME_PATH, str(path) if path else None)
            settings.set(MAIL_ATTACH_RESUME, "1" if attach_by_default and path else "0")


def _kept_pin(account: MailAccount, before: MailAccount | None, kind: str) -> str | None:
    """The trusted certificate to store: only with a "trusting a certificate I checked"
    setting, and not one trusted for another host or port."""
    pin = normal_fingerprint(getattr(account, f"{kind}_cert_sha256") or "")
    if pin is None or not is_pinned(getattr(account, f"{kind}_security")):
        return None
    if before is not None and pin == getattr(before, f"{kind}_cert_sha256"):
        moved = (getattr(account, f"{kind}_host").strip(), getattr(account, f"{kind}_port")) != (
            getattr(before, f"{kind}_host"),
            getattr(before, f"{kind}_port"),
        )
        if moved:
            return None
    return pin
