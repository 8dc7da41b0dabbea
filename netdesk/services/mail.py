"""The user's own mail account: messages, sending over SMTP, drafts over IMAP.

Everything here is plain data and blocking network calls, meant to run off the GUI
thread. TLS is always verified: the SSL context comes from an injected factory that
defaults to ssl.create_default_context() (tests inject one that trusts their own CA,
never one that skips verification). The password arrives as a Secret, is revealed only
to login(), and is scrubbed from any server text that is shown or logged.
"""

from __future__ import annotations

import base64
import binascii
import email.policy
import imaplib
import logging
import re
import smtplib
import socket
import sqlite3
import ssl
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import quote

import peewee

from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts import ValidationError
from netdesk.services.credentials import CredentialStore, KeyringStatus, Secret

log = logging.getLogger(__name__)

SECURITY = {"starttls": "STARTTLS", "tls": "TLS (SSL)"}
DEFAULT_PORTS = {("smtp", "starttls"): 587, ("smtp", "tls"): 465, ("imap", "tls"): 993,
                 ("imap", "starttls"): 143}  # fmt: skip
MAILTO_LIMIT = 1800  # longer mailto: links are cut off by some mail apps and browsers
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
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
    """A header value on one line: CR, LF and other line breaks become spaces, other
    control characters (NUL, ESC…) go."""
    return " ".join(_CONTROL.sub("", _LINE_BREAKS.sub(" ", text)).split())


def check_address(address: str, what: str = "address") -> str:
    """The address as it can go on the wire: one mailbox, an internationalised domain in
    its ASCII (punycode) form. A non-ASCII local part needs SMTPUTF8, which smtplib and
    most servers cannot be relied on for: refused with a clear reason, before sending."""
    address = address.strip()
    shown = one_line(address)[:80]
    if not _ADDRESS.fullmatch(address) or _CONTROL.search(address):
        raise MailError("invalid", f"“{shown}” is not a valid email {what}.")
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise MailError(
            "invalid",
            f"“{shown}” has accented or non-Latin letters before the @: most mail servers "
            "cannot deliver to such addresses yet. Ask for another address.",
        )
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise MailError("invalid", f"“{shown}” is not a valid email {what}.") from None
    return f"{local}@{domain}"


def _content_type(value: str) -> tuple[str, str, dict[str, str]]:
    """'text/calendar; method=PUBLISH' -> ('text', 'calendar', {'method': 'PUBLISH'})."""
    head, *rest = value.split(";")
    maintype, _, subtype = head.strip().lower().partition("/")
    params = {}
    for item in rest:
        key, _, param = item.partition("=")
        if key.strip() and param.strip():
            params[key.strip().lower()] = one_line(param).strip('"')
    return maintype or "application", subtype or "octet-stream", params


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
        maintype, subtype, params = _content_type(attachment.content_type)
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=one_line(attachment.filename),
            params=params,
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


_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/]{8,}={0,2}")


def _scrub(text: str, secret: Secret | None) -> str:
    """Server text without the password: as typed, as IMAP quotes it, and inside any
    base64 token (a server that echoes the AUTH PLAIN/LOGIN line it got sends it back
    base64-encoded, which no plain search would catch)."""
    value = secret.reveal() if secret else ""
    if not value:
        return text
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    for form in sorted({value, quoted}, key=len, reverse=True):
        text = text.replace(form, "••••")
    needle = value.encode("utf-8")

    def hide(match: re.Match[str]) -> str:
        token = match.group(0)
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
        except (binascii.Error, ValueError):
            return token
        return "••••" if needle in decoded else token

    return _BASE64_TOKEN.sub(hide, text)


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
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._clock = clock
        self._ssl_context = ssl_context
        self.timeout = timeout

    def _context(self) -> ssl.SSLContext:
        """The injected context, refused unless it checks the certificate and host name."""
        context = self._ssl_context()
        if context.verify_mode != ssl.CERT_REQUIRED or not context.check_hostname:
            raise MailError(
                "tls",
                "NetDesk only uses TLS connections that verify the server's certificate "
                "and name; this one would not.",
            )
        return context

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
        context = self._context()
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
                _smtp_authenticate(server, account, secret.reveal())
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
        context = self._context()
        if account.imap_security == "tls":
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                host, port, ssl_context=context, timeout=self.timeout
            )
        else:
            conn = imaplib.IMAP4(host, port, timeout=self.timeout)
        try:
            if account.imap_security != "tls":
                if "STARTTLS" not in conn.capabilities:
                    raise MailError(
                        "tls",
                        f"The IMAP server {host}:{port} does not offer STARTTLS: try TLS on 993.",
                    )
                conn.starttls(ssl_context=context)
            _imap_authenticate(conn, account, secret.reveal() if secret else "")
        except imaplib.IMAP4.abort:
            conn.shutdown()
            raise
        except imaplib.IMAP4.error as error:
            conn.shutdown()
            raise MailError(
                "auth",
                f"The IMAP server {host}:{port} rejected the username or password "
                f"({_scrub(_server_text(error), secret)}). Gmail and Outlook accounts with "
                "two-step verification need an app password here.",
            ) from None
        except BaseException:
            conn.shutdown()
            raise
        return conn

    def check_imap(self, account: MailAccount, secret: Secret | None) -> str:
        """Log in and find the Drafts folder; returns its name as people read it."""
        with self._explained("IMAP", account.imap_host, account.imap_port, secret):
            conn = self._imap_login(account, secret)
            try:
                return _drafts_mailbox(conn).name
            finally:
                _logout(conn)

    def save_draft(self, account: MailAccount, secret: Secret | None, message: EmailMessage) -> str:
        """APPEND to the mailbox marked \\Drafts, flagged \\Draft and dated now; returns
        the mailbox's name as people read it."""
        with self._explained("IMAP", account.imap_host, account.imap_port, secret):
            conn = self._imap_login(account, secret)
            try:
                mailbox = _drafts_mailbox(conn)
                status, data = conn.append(
                    _quoted(mailbox.wire),  # as the server spells it (modified UTF-7)
                    r"(\Draft \Seen)",
                    imaplib.Time2Internaldate(self._clock.now()),
                    message.as_bytes(policy=email.policy.SMTP),
                )
                if status != "OK":
                    raise imaplib.IMAP4.error(data[0] if data else b"APPEND failed")
            finally:
                _logout(conn)
        return mailbox.name

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


def _smtp_authenticate(server: smtplib.SMTP, account: MailAccount, password: str) -> None:
    """Log in. smtplib encodes credentials as ASCII (a UnicodeEncodeError holding the
    whole password otherwise): a login or password beyond ASCII goes as UTF-8 in AUTH
    PLAIN (RFC 4616), which is what servers expect."""
    server.ehlo_or_helo_if_needed()
    where = f"The SMTP server {account.smtp_host}:{account.smtp_port}"
    if not server.esmtp_features.get("auth", "").split():  # no AUTH, or no mechanism in it
        raise MailError(
            "auth",
            f"{where} does not offer a login (no AUTH) on this port: use your provider's "
            "submission port (587 with STARTTLS or 465 with TLS).",
        )
    login = account.login
    if (login + password).isascii():
        server.login(login, password)
        return
    if "PLAIN" not in server.esmtp_features.get("auth", "").upper().split():
        raise MailError(
            "auth",
            f"{where} offers no way to log in with a password that has accented or "
            "non-Latin letters (no AUTH PLAIN). An app password avoids the problem.",
        )
    token = base64.b64encode(f"\0{login}\0{password}".encode()).decode("ascii")
    code, reply = server.docmd("AUTH", f"PLAIN {token}")
    if code == 334:  # the server wants the response on its own line
        code, reply = server.docmd(token)
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


def _imap_authenticate(conn: imaplib.IMAP4, account: MailAccount, password: str) -> None:
    """LOGIN, or for credentials beyond ASCII (which imaplib cannot put in a LOGIN
    command) AUTHENTICATE PLAIN with UTF-8."""
    login = account.login
    if (login + password).isascii():
        conn.login(login, password)
        return
    if "AUTH=PLAIN" not in conn.capabilities:
        raise MailError(
            "auth",
            f"The IMAP server {account.imap_host}:{account.imap_port} offers no way to log "
            "in with a password that has accented or non-Latin letters (no AUTH=PLAIN). "
            "An app password avoids the problem.",
        )
    response = f"\0{login}\0{password}".encode()
    conn.authenticate("PLAIN", lambda _challenge: response)


_LIST_LINE = re.compile(
    rb'^\((?P<flags>[^)]*)\) (?P<delimiter>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$', re.IGNORECASE
)
# What mail programs call their drafts folder when the server does not mark one \Drafts.
DRAFTS_NAMES = (
    "drafts", "draft", "entwürfe", "brouillons", "borradores", "bozze", "rascunhos",
    "concepten", "utkast", "kladder", "udkast", "luonnokset", "szkice", "koncepty",
    "piszkozatok", "ciorne", "taslaklar", "черновики", "草稿", "下書き", "임시 보관함",
)  # fmt: skip


@dataclass(frozen=True)
class Mailbox:
    wire: str  # the name as the server spells it (modified UTF-7), for commands
    name: str  # the same name for people: "Entwürfe", not "Entw&APw-rfe"
    flags: frozenset[str]  # lower case: "\\drafts", "\\noselect"…
    delimiter: str

    @property
    def leaf(self) -> str:
        return self.name.rsplit(self.delimiter, 1)[-1] if self.delimiter else self.name

    @property
    def selectable(self) -> bool:
        return not self.flags & {"\\noselect", "\\nonexistent"}


def decode_mailbox_name(wire: str) -> str:
    """Modified UTF-7 (RFC 3501 5.1.3), the form IMAP gives non-ASCII names in."""

    def expand(match: re.Match[str]) -> str:
        chunk = match.group(1)
        if not chunk:
            return "&"
        data = chunk.replace(",", "/")
        return base64.b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be")

    try:
        return re.sub(r"&([A-Za-z0-9+,]*)-", expand, wire)
    except (binascii.Error, ValueError):
        return wire  # not valid modified UTF-7: show it as it came


def _unquote(name: str) -> str:
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _parse_list(lines: list) -> list[Mailbox]:
    """LIST/XLIST responses: (flags) "delimiter" name, the name possibly a literal."""
    found = []
    for item in lines:
        if item is None or item == b")":
            continue
        if isinstance(item, tuple):  # the name came as a literal
            head, literal = item
            match = _LIST_LINE.match(head.rstrip() + b" x")
            wire = literal.decode("utf-8", "replace")
        else:
            match = _LIST_LINE.match(item)
            wire = _unquote(match.group("name").decode("utf-8", "replace")) if match else ""
        if not match or not wire:
            continue
        delimiter = match.group("delimiter").decode("utf-8", "replace")
        delimiter = "" if delimiter.upper() == "NIL" else _unquote(delimiter)
        flags = frozenset(flag.lower() for flag in match.group("flags").decode().split())
        found.append(Mailbox(wire, decode_mailbox_name(wire), flags, delimiter))
    return found


def _listed(conn: imaplib.IMAP4, command: str = "LIST", extra: str = "") -> list[Mailbox]:
    """Every mailbox; an extension the server turns down gives an empty list."""
    pattern = '"*"' + (f" {extra}" if extra else "")
    try:
        if command == "LIST":
            status, lines = conn.list('""', pattern)
        else:
            status, data = conn.xatom(command, '""', pattern)
            status, lines = conn._untagged_response(status, data, command)
    except imaplib.IMAP4.abort:
        raise
    except imaplib.IMAP4.error:
        if command == "LIST" and not extra:
            raise
        return []
    if status != "OK":
        if command == "LIST" and not extra:
            raise imaplib.IMAP4.error(b"LIST failed")
        return []
    return _parse_list(lines)


def _capabilities(conn: imaplib.IMAP4) -> set[str]:
    """What the server offers now: many say more after login than in their greeting."""
    known = {str(name).upper() for name in conn.capabilities}
    with suppress(imaplib.IMAP4.error):
        status, data = conn.capability()
        if status == "OK" and data and data[-1]:
            known |= set(data[-1].decode("ascii", "replace").upper().split())
    return known


def _marked_drafts(mailboxes: list[Mailbox]) -> Mailbox | None:
    return next((m for m in mailboxes if "\\drafts" in m.flags and m.selectable), None)


def _drafts_mailbox(conn: imaplib.IMAP4) -> Mailbox:
    """The mailbox marked \\Drafts: in a plain LIST (most servers say it there), else in
    LIST … RETURN (SPECIAL-USE) (RFC 6154), else in XLIST (older Gmail); failing those, a
    folder with a usual drafts name in any of the common languages."""
    mailboxes = _listed(conn)
    found = _marked_drafts(mailboxes)
    if found is None:
        capabilities = _capabilities(conn)
        if "SPECIAL-USE" in capabilities:
            found = _marked_drafts(_listed(conn, extra="RETURN (SPECIAL-USE)"))
        if found is None and "XLIST" in capabilities:
            found = _marked_drafts(_listed(conn, "XLIST"))
    if found is None:
        by_leaf = {}
        for mailbox in mailboxes:
            if mailbox.selectable:
                by_leaf.setdefault(mailbox.leaf.casefold(), mailbox)
        found = next((by_leaf[name] for name in DRAFTS_NAMES if name in by_leaf), None)
    if found is None:
        raise MailError(
            "no_drafts",
            "Your IMAP server has no Drafts folder (no mailbox is marked \\Drafts). "
            "Use “Open in my mail app” instead.",
        )
    return found


# --- the account, stored without its password ------------------------------

_ACCOUNT_COLUMNS = (
    "id, display_name, address, smtp_host, smtp_port, smtp_security, imap_host, imap_port, "
    "imap_security, username, signature, keyring_service"
)
RESUME_PATH_KEY = "mail.resume_path"
ATTACH_RESUME_KEY = "mail.attach_resume"


class MailAccountService:
    """The account's settings in SQLite; its password only through the credential store."""

    def __init__(
        self, db: peewee.SqliteDatabase, credentials: CredentialStore, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        self._clock = clock
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
                    (*values, self._clock.timestamp(), self._clock.timestamp()),
                ).lastrowid
                account = replace(account, id=account_id)
            else:
                conn.execute(
                    "UPDATE mail_account SET display_name = ?, address = ?, smtp_host = ?, "
                    "smtp_port = ?, smtp_security = ?, imap_host = ?, imap_port = ?, "
                    "imap_security = ?, username = ?, signature = ?, keyring_service = ?, "
                    "updated_at = ? WHERE id = ?",
                    (*values, self._clock.timestamp(), account.id),
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
