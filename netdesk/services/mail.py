"""The user's own mail account: messages, sending over SMTP, drafts over IMAP.

Everything here is plain data and blocking network calls, meant to run off the GUI
thread. TLS is always verified: the SSL context comes from an injected factory that
defaults to ssl.create_default_context() (tests inject one that trusts their own CA,
never one that skips verification). The password arrives as a Secret, is revealed only
to login(), and is scrubbed from any server text that is shown or logged.
"""

from __future__ import annotations

import email.policy
import imaplib
import logging
import re
import smtplib
import socket
import sqlite3
import ssl
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import quote

import peewee

from netdesk.services.contacts import ValidationError
from netdesk.services.credentials import CredentialStore, KeyringStatus, Secret

log = logging.getLogger(__name__)

SECURITY = {"starttls": "STARTTLS", "tls": "TLS (SSL)"}
DEFAULT_PORTS = {("smtp", "starttls"): 587, ("smtp", "tls"): 465, ("imap", "tls"): 993,
                 ("imap", "starttls"): 143}  # fmt: skip
MAILTO_LIMIT = 1800  # longer mailto: links are cut off by some mail apps and browsers
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+")


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

    @property
    def login(self) -> str:
        return self.username.strip() or self.address.strip()

    @property
    def can_send(self) -> bool:
        return bool(self.smtp_host.strip() and self.address.strip())

    @property
    def can_save_drafts(self) -> bool:
        return bool(self.imap_host.strip() and self.address.strip())


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "application/pdf"
    data: bytes


@dataclass
class Draft:
    """An email being written: plain data, safe to hand to a worker thread."""

    to_name: str
    to_address: str
    subject: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)
    contact_id: int | None = None
    meeting_id: int | None = None
    purpose: str = "other"


class MailError(Exception):
    """A mail operation failed; `kind` is what went wrong, the text says it for the user."""

    KINDS = ("auth", "unreachable", "tls", "refused", "timeout", "protocol", "no_drafts",
             "not_configured", "invalid")  # fmt: skip

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str


@dataclass(frozen=True)
class ConnectionReport:
    smtp: CheckResult
    imap: CheckResult | None  # None when no IMAP server is configured

    @property
    def ok(self) -> bool:
        return self.smtp.ok and (self.imap is None or self.imap.ok)


# --- messages --------------------------------------------------------------


def one_line(text: str) -> str:
    """A header value on one line: CR, LF and other line breaks become spaces."""
    return " ".join(_LINE_BREAKS.sub(" ", text).split())


def check_address(address: str, what: str = "address") -> str:
    address = address.strip()
    if not _ADDRESS.fullmatch(address):
        raise MailError("invalid", f"“{one_line(address)[:80]}” is not a valid email {what}.")
    return address


def build_message(sender_name: str, sender_address: str, draft: Draft) -> EmailMessage:
    """A complete message; names and subjects cannot smuggle in headers. An empty
    sender address leaves out From (a draft for the user's mail app)."""
    message = EmailMessage()
    if sender_address.strip():  # without an account the mail app fills in the sender
        message["From"] = Address(one_line(sender_name), addr_spec=check_address(sender_address))
    message["To"] = Address(
        one_line(draft.to_name), addr_spec=check_address(draft.to_address, "recipient")
    )
    message["Subject"] = one_line(draft.subject)
    message["Date"] = formatdate(localtime=True)
    domain = sender_address.rpartition("@")[2] or "netdesk.local"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(draft.body)
    for attachment in draft.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=one_line(attachment.filename),
        )
    return message


def as_eml(message: EmailMessage) -> bytes:
    """An .eml a mail app opens as an unsent draft (X-Unsent is Outlook's marker)."""
    return b"X-Unsent: 1\r\n" + message.as_bytes(policy=email.policy.SMTP)


def mailto_url(draft: Draft) -> str | None:
    """A mailto: link for a short plain-text draft; None when only an .eml will do."""
    if draft.attachments:
        return None
    body = draft.body.replace("\r\n", "\n").replace("\n", "\r\n")  # RFC 6068: CRLF
    url = (
        f"mailto:{quote(check_address(draft.to_address, 'recipient'), safe='@')}"
        f"?subject={quote(one_line(draft.subject), safe='')}&body={quote(body, safe='')}"
    )
    return url if len(url) <= MAILTO_LIMIT else None


def content_type_of(path: Path) -> str:
    return {
        ".pdf": "application/pdf",
        ".doc": "application/msword",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".odt": "application/vnd.oasis.opendocument.text",
        ".txt": "text/plain",
        ".ics": "text/calendar",
    }.get(path.suffix.lower(), "application/octet-stream")


# --- transport -------------------------------------------------------------


def _scrub(text: str, secret: Secret | None) -> str:
    value = secret.reveal() if secret else ""
    return text.replace(value, "••••") if value else text


def _server_text(error: Exception) -> str:
    """The server's own words from an smtplib/imaplib error, decoded."""
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
        return f"{error.smtp_code} {text}"
    args = getattr(error, "args", ())
    if args and isinstance(args[0], bytes):
        return args[0].decode("utf-8", "replace")
    return str(error)


class MailTransport:
    """Blocking SMTP/IMAP calls with verified TLS and errors a person can act on."""

    def __init__(
        self,
        ssl_context: Callable[[], ssl.SSLContext] = ssl.create_default_context,
        timeout: float = 30.0,
    ) -> None:
        self._ssl_context = ssl_context
        self.timeout = timeout

    @contextmanager
    def _explained(self, what: str, host: str, port: int, secret: Secret | None) -> Iterator[None]:
        where = f"{what} server {host}:{port}"
        ports = "465 = TLS, 587 = STARTTLS" if what == "SMTP" else "993 = TLS, 143 = STARTTLS"
        try:
            yield
        except MailError as error:
            raise MailError(error.kind, _scrub(str(error), secret)) from None
        except smtplib.SMTPAuthenticationError as error:
            raise MailError(
                "auth",
                f"The {where} rejected the username or password "
                f"({_scrub(_server_text(error), secret)}). Gmail and Outlook accounts with "
                "two-step verification need an app password here.",
            ) from None
        except smtplib.SMTPRecipientsRefused as error:
            refused = "; ".join(
                f"{address}: {_scrub(_server_text(smtplib.SMTPResponseException(*reply)), secret)}"
                for address, reply in error.recipients.items()
            )
            raise MailError("refused", f"The {where} refused the recipient ({refused}).") from None
        except smtplib.SMTPSenderRefused as error:
            raise MailError(
                "refused",
                f"The {where} refused the sender address {error.sender} "
                f"({_scrub(_server_text(error), secret)}).",
            ) from None
        except smtplib.SMTPNotSupportedError as error:
            raise MailError(
                "tls",
                f"The {where} does not offer {_scrub(str(error), secret) or 'this'}: "
                f"try the other security setting ({ports}).",
            ) from None
        except ssl.SSLCertVerificationError as error:
            raise MailError(
                "tls",
                f"The certificate of the {where} could not be verified "
                f"({error.verify_message}). NetDesk only uses verified connections.",
            ) from None
        except ssl.SSLError as error:
            raise MailError(
                "tls",
                f"The secure (TLS) connection to the {where} failed ({error.reason or error}). "
                f"Check the port and security setting ({ports}).",
            ) from None
        except TimeoutError:
            raise MailError(
                "timeout",
                f"The {where} did not answer within {self.timeout:g} seconds. "
                f"Check the port and security setting ({ports}).",
            ) from None
        except ConnectionRefusedError:
            raise MailError(
                "unreachable", f"Nothing answered at the {where} (connection refused)."
            ) from None
        except socket.gaierror:
            raise MailError(
                "unreachable",
                f"The {what} server name “{host}” could not be found. Check the spelling "
                "and your internet connection.",
            ) from None
        except smtplib.SMTPServerDisconnected as error:
            if isinstance(error.__context__, TimeoutError):  # smtplib rewraps a read timeout
                raise MailError(
                    "timeout",
                    f"The {where} did not answer within {self.timeout:g} seconds. "
                    f"Check the port and security setting ({ports}).",
                ) from None
            raise MailError(
                "unreachable",
                f"The {where} closed the connection ({_scrub(str(error), secret)}).",
            ) from None
        except smtplib.SMTPResponseException as error:
            raise MailError(
                "protocol", f"The {where} answered {_scrub(_server_text(error), secret)}."
            ) from None
        except (smtplib.SMTPException, imaplib.IMAP4.error) as error:
            raise MailError(
                "protocol", f"The {where} said: {_scrub(_server_text(error), secret)}."
            ) from None
        except OSError as error:
            raise MailError(
                "unreachable",
                f"Could not reach the {where} ({error.strerror or type(error).__name__}).",
            ) from None

    # --- SMTP ------------------------------------------------------------

    def _smtp(self, account: MailAccount) -> smtplib.SMTP:
        host, port = account.smtp_host.strip(), account.smtp_port
        context = self._ssl_context()
        if account.smtp_security == "tls":
            return smtplib.SMTP_SSL(host, port, timeout=self.timeout, context=context)
        server = smtplib.SMTP(host, port, timeout=self.timeout)
        try:
            server.ehlo()
            if not server.has_extn("starttls"):
                raise smtplib.SMTPNotSupportedError("STARTTLS")
            server.starttls(context=context)
            server.ehlo()
        except BaseException:
            server.close()
            raise
        return server

    def _smtp_login(self, account: MailAccount, secret: Secret | None) -> smtplib.SMTP:
        if not account.can_send:
            raise MailError("not_configured", "No outgoing (SMTP) server is set up.")
        server = self._smtp(account)
        try:
            if secret:
                server.login(account.login, secret.reveal())
        except BaseException:
            server.close()
            raise
        return server

    def check_smtp(self, account: MailAccount, secret: Secret | None) -> None:
        with self._explained("SMTP", account.smtp_host, account.smtp_port, secret):
            server = self._smtp_login(account, secret)
            try:
                server.noop()
            finally:
                _quit(server)

    def send(self, account: MailAccount, secret: Secret | None, message: EmailMessage) -> None:
        with self._explained("SMTP", account.smtp_host, account.smtp_port, secret):
            server = self._smtp_login(account, secret)
            try:
                refused = server.send_message(message)
            finally:
                _quit(server)
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        log.info("sent a message to %d recipient(s)", len(message.get_all("To", [])))

    # --- IMAP ------------------------------------------------------------

    def _imap_login(self, account: MailAccount, secret: Secret | None) -> imaplib.IMAP4:
        if not account.can_save_drafts:
            raise MailError("not_configured", "No IMAP server is set up for drafts.")
        host, port = account.imap_host.strip(), account.imap_port
        context = self._ssl_context()
        if account.imap_security == "tls":
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                host, port, ssl_context=context, timeout=self.timeout
            )
        else:
            conn = imaplib.IMAP4(host, port, timeout=self.timeout)
            if "STARTTLS" not in conn.capabilities:
                conn.shutdown()
                raise MailError(
                    "tls",
                    f"The IMAP server {host}:{port} does not offer STARTTLS: try TLS on 993.",
                )
            conn.starttls(ssl_context=context)
        try:
            conn.login(account.login, secret.reveal() if secret else "")
        except imaplib.IMAP4.error as error:
            conn.shutdown()
            raise MailError(
                "auth",
                f"The IMAP server {host}:{port} rejected the username or password "
                f"({_scrub(_server_text(error), secret)}). Gmail and Outlook accounts with "
                "two-step verification need an app password here.",
            ) from None
        return conn

    def check_imap(self, account: MailAccount, secret: Secret | None) -> str:
        """Log in and find the Drafts folder; returns its name."""
        with self._explained("IMAP", account.imap_host, account.imap_port, secret):
            conn = self._imap_login(account, secret)
            try:
                return _drafts_mailbox(conn)
            finally:
                _logout(conn)

    def save_draft(self, account: MailAccount, secret: Secret | None, message: EmailMessage) -> str:
        """APPEND to the mailbox marked \\Drafts, flagged \\Draft; returns the mailbox name."""
        with self._explained("IMAP", account.imap_host, account.imap_port, secret):
            conn = self._imap_login(account, secret)
            try:
                mailbox = _drafts_mailbox(conn)
                status, data = conn.append(
                    _quoted(mailbox),
                    r"(\Draft \Seen)",
                    imaplib.Time2Internaldate(time.time()),
                    message.as_bytes(policy=email.policy.SMTP),
                )
                if status != "OK":
                    raise imaplib.IMAP4.error(data[0] if data else b"APPEND failed")
            finally:
                _logout(conn)
        return mailbox

    def test_connection(self, account: MailAccount, secret: Secret | None) -> ConnectionReport:
        """Log in to both servers; each result says exactly what worked or failed."""
        try:
            self.check_smtp(account, secret)
        except MailError as error:
            smtp = CheckResult(False, str(error))
        else:
            smtp = CheckResult(True, f"SMTP: logged in to {account.smtp_host}.")
        imap = None
        if account.imap_host.strip():
            try:
                mailbox = self.check_imap(account, secret)
            except MailError as error:
                imap = CheckResult(False, str(error))
            else:
                imap = CheckResult(
                    True, f"IMAP: logged in to {account.imap_host}; drafts go to “{mailbox}”."
                )
        return ConnectionReport(smtp, imap)


def _quit(server: smtplib.SMTP) -> None:
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def _logout(conn: imaplib.IMAP4) -> None:
    with suppress(imaplib.IMAP4.error, OSError):
        conn.logout()


_LIST_LINE = re.compile(rb'^\((?P<flags>[^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$')


def _unquote(name: str) -> str:
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _drafts_mailbox(conn: imaplib.IMAP4) -> str:
    """The mailbox with the \\Drafts special-use attribute (RFC 6154), else one called Drafts."""
    status, lines = conn.list()
    if status != "OK":
        raise imaplib.IMAP4.error(b"LIST failed")
    by_name: list[tuple[set[str], str]] = []
    for item in lines:
        if item is None:
            continue
        if isinstance(item, tuple):  # the name came as a literal
            head, literal = item
            match = _LIST_LINE.match(head.rstrip() + b" x")
            name = literal.decode("utf-8", "replace")
        else:
            match = _LIST_LINE.match(item)
            name = _unquote(match.group("name").decode("utf-8", "replace")) if match else ""
        if not match:
            continue
        flags = {flag.lower() for flag in match.group("flags").decode().split()}
        by_name.append((flags, name))
    for flags, name in by_name:
        if "\\drafts" in flags:
            return name
    for _flags, name in by_name:
        if name.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower() == "drafts":
            return name
    raise MailError(
        "no_drafts",
        "Your IMAP server has no Drafts folder (no mailbox is marked \\Drafts). "
        "Use “Open in my mail app” instead.",
    )


# --- the account, stored without its password ------------------------------

_ACCOUNT_COLUMNS = (
    "id, display_name, address, smtp_host, smtp_port, smtp_security, imap_host, imap_port, "
    "imap_security, username, signature, keyring_service"
)
RESUME_PATH_KEY = "mail.resume_path"
ATTACH_RESUME_KEY = "mail.attach_resume"


def _now() -> str:
    return datetime.now().isoformat(sep=" ", timespec="seconds")


class MailAccountService:
    """The account's settings in SQLite; its password only through the credential store."""

    def __init__(self, db: peewee.SqliteDatabase, credentials: CredentialStore) -> None:
        self._db = db
        self._credentials = credentials

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def get(self) -> MailAccount | None:
        row = (
            self._conn()
            .execute(f"SELECT {_ACCOUNT_COLUMNS} FROM mail_account ORDER BY id LIMIT 1")
            .fetchone()
        )
        return MailAccount(*row) if row else None

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
            if getattr(account, f"{kind}_security") not in SECURITY:
                errors[f"{kind}_security"] = "Choose TLS or STARTTLS."
        return errors

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
        )
        values = (
            account.display_name,
            account.address,
            account.smtp_host,
            account.smtp_port,
            account.smtp_security,
            account.imap_host,
            account.imap_port,
            account.imap_security,
            account.username,
            account.signature,
            account.keyring_service,
        )
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            if account.id is None:
                account_id = conn.execute(
                    "INSERT INTO mail_account (display_name, address, smtp_host, smtp_port, "
                    "smtp_security, imap_host, imap_port, imap_security, username, signature, "
                    "keyring_service, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, _now(), _now()),
                ).lastrowid
                account = replace(account, id=account_id)
            else:
                conn.execute(
                    "UPDATE mail_account SET display_name = ?, address = ?, smtp_host = ?, "
                    "smtp_port = ?, smtp_security = ?, imap_host = ?, imap_port = ?, "
                    "imap_security = ?, username = ?, signature = ?, keyring_service = ?, "
                    "updated_at = ? WHERE id = ?",
                    (*values, _now(), account.id),
                )
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

    def set_password(self, account: MailAccount, password: Secret) -> KeyringStatus:
        """A password typed when asked (e.g. after a login was refused)."""
        return self._credentials.set(account.keyring_service, account.login, password)

    def keyring_status(self) -> KeyringStatus:
        return self._credentials.status()

    def forget_password(self, account: MailAccount) -> None:
        self._credentials.delete(account.keyring_service, account.login)

    def delete(self, account: MailAccount) -> None:
        self.forget_password(account)
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute("DELETE FROM mail_account WHERE id = ?", (account.id,))

    # --- the résumé, chosen once -----------------------------------------

    def setting(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str | None) -> None:
        with self._db.atomic("IMMEDIATE"):
            if value is None:
                self._conn().execute("DELETE FROM setting WHERE key = ?", (key,))
            else:
                self._conn().execute(
                    "INSERT INTO setting (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    def resume_path(self) -> Path | None:
        value = self.setting(RESUME_PATH_KEY)
        return Path(value) if value else None

    def attach_resume_by_default(self) -> bool:
        return self.setting(ATTACH_RESUME_KEY) == "1"

    def set_resume(self, path: Path | None, attach_by_default: bool = False) -> None:
        self.set_setting(RESUME_PATH_KEY, str(path) if path else None)
        self.set_setting(ATTACH_RESUME_KEY, "1" if attach_by_default and path else "0")
