"""The user's own mail account: messages, sending over SMTP, drafts over IMAP.

Everything here is plain data and blocking network calls, meant to run off the GUI
thread. TLS is verified: by default through an injected factory that defaults to
ssl.create_default_context() (tests inject one that trusts their own CA, never one that
skips verification); or, when the user chose to trust a certificate they checked, by
an exact match of its SHA-256 fingerprint, compared right after the handshake and
before anything is sent. Unencrypted connections go only to this computer (see
mail_security). The password arrives as a Secret, is revealed only to login(), and is
scrubbed from any server text that is shown or logged.
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
from netdesk.services.contacts import ContactService, ValidationError
from netdesk.services.credentials import CredentialStore, KeyringStatus, Secret
from netdesk.services.mail_security import (
    SECURITY,
    CertificateInfo,
    Server,
    advice,
    fingerprint_of,
    is_loopback_address,
    is_loopback_host,
    is_pinned,
    normal_fingerprint,
    short_fingerprint,
    unverified_context,
    wire,
)
from netdesk.services.settings import MAIL_ATTACH_RESUME, MAIL_RESUME_PATH, SettingsStore

log = logging.getLogger(__name__)

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

    def __init__(self, kind: str, message: str, certificate: CertificateInfo | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        # The certificate the server showed, when it is not trusted: Settings offers it.
        self.certificate = certificate


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str
    certificate: CertificateInfo | None = None  # offered to trust, see MailError


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


# OpenSSL's words when a server answers a TLS hello with plain text (a STARTTLS port).
_PLAIN_ANSWER = ("WRONG_VERSION_NUMBER", "PACKET_LENGTH_TOO_LONG", "UNKNOWN_PROTOCOL",
                 "RECORD_LAYER_FAILURE", "HTTP_REQUEST")  # fmt: skip


class MailTransport:
    """Blocking SMTP/IMAP calls over verified TLS (by an authority or by a fingerprint
    the user trusted), or unencrypted to this computer only, with errors a person can
    act on."""

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

    def _tls_context(self, server: Server) -> ssl.SSLContext | None:
        """Made before connecting, so a context that would not verify stops everything."""
        if server.wire == "plain":
            if not server.loopback:
                raise MailError("invalid", plain_elsewhere(server))
            return None
        if is_pinned(server.security):
            return unverified_context()  # the fingerprint is checked by _check_pin
        return self._context()

    @staticmethod
    def _check_local(sock: socket.socket, server: Server) -> None:
        """Unencrypted only if the connection really ends on this computer (a hosts file
        could send "localhost" elsewhere); checked before a word is sent."""
        if not is_loopback_address(str(sock.getpeername()[0])):
            raise MailError("invalid", plain_elsewhere(server))

    @staticmethod
    def _check_pin(sock: ssl.SSLSocket, server: Server) -> None:
        """With a trusted certificate: exactly that one, or nothing more is said."""
        if not is_pinned(server.security):
            return
        seen = fingerprint_of(sock.getpeercert(binary_form=True) or b"")
        trusted = normal_fingerprint(server.certificate or "")
        if trusted == seen:
            return
        found = CertificateInfo(server.kind, server.host, server.port, seen, trusted)
        if trusted:
            message = (
                f"The certificate of {server.host}:{server.port} changed since you trusted it "
                f"(trusted {short_fingerprint(trusted)}, now {short_fingerprint(seen)}). "
                f"NetDesk did not log in to this {server.what} server. If you renewed or "
                "reinstalled it (or your bridge), check the new certificate with Test "
                "connection in Settings → Mail account and trust it; if not, someone may be "
                "intercepting the connection."
            )
        else:
            message = (
                f"No certificate is trusted yet for the {server.where} (it shows "
                f"{short_fingerprint(seen)}). NetDesk did not log in. In Settings → Mail "
                "account, press Test connection to check its fingerprint and trust it."
            )
        raise MailError("tls", message, certificate=found)

    def peer_certificate(self, server: Server) -> CertificateInfo:
        """The certificate a server shows, read with a handshake that verifies nothing and
        is closed straight after: no login, no mail, nothing of the user's goes over it."""
        context = unverified_context()
        host, port = server.host, server.port
        if server.wire == "tls":
            with (
                socket.create_connection((host, port), timeout=self.timeout) as raw,
                context.wrap_socket(raw, server_hostname=host) as tls,
            ):
                der = tls.getpeercert(binary_form=True)
        elif server.kind == "smtp":
            smtp = smtplib.SMTP(host, port, timeout=self.timeout)
            try:
                smtp.ehlo()
                smtp.starttls(context=context)
                der = smtp.sock.getpeercert(binary_form=True)
            finally:
                smtp.close()
        else:
            conn = imaplib.IMAP4(host, port, timeout=self.timeout)
            try:
                conn.starttls(ssl_context=context)
                der = conn.sock.getpeercert(binary_form=True)
            finally:
                _shutdown(conn)
        return CertificateInfo(server.kind, host, port, fingerprint_of(der or b""))

    def _untrusted(self, server: Server, error: ssl.SSLCertVerificationError) -> MailError:
        try:
            certificate: CertificateInfo | None = replace(
                self.peer_certificate(server), reason=error.verify_message or ""
            )
        except Exception as failure:  # showing it is a courtesy: the refusal stands
            log.info("could not read the certificate of %s: %s", server.where, failure)
            certificate = None
        shown = (
            f" It shows the certificate {short_fingerprint(certificate.fingerprint)} (SHA-256)."
            if certificate
            else ""
        )
        return MailError(
            "tls",
            f"The certificate of the {server.where} could not be verified "
            f"({error.verify_message}).{shown} NetDesk did not log in. "
            + advice("untrusted", server),
            certificate=certificate,
        )

    @contextmanager
    def _explained(self, server: Server, secret: Secret | None) -> Iterator[None]:
        where = server.where
        try:
            yield
        except MailError as error:
            raise MailError(
                error.kind, _scrub(str(error), secret), certificate=error.certificate
            ) from None
        except smtplib.SMTPAuthenticationError as error:
            raise MailError(
                "auth",
                f"The {where} rejected the username or password "
                f"({_scrub(_server_text(error), secret)}). " + advice("auth", server),
            ) from None
        except smtplib.SMTPRecipientsRefused as error:
            refused = "; ".join(
                f"{address}: {_scrub(_server_text(smtplib.SMTPResponseException(*reply)), secret)}"
                for address, reply in error.recipients.items()
            )
            raise MailError("refused", f"The {where} refused the recipient ({refused}).") from None
        except smtplib.SMTPSenderRefused as error:
            text = (
                f"The {where} refused the sender address {error.sender} "
                f"({_scrub(_server_text(error), secret)})."
            )
            if error.smtp_code == 530 and server.wire == "plain":
                if "starttls" not in str(error).lower() and not secret:
                    # Tried without a login (a relay that usually needs none): it wants one.
                    raise MailError(
                        "auth", f"The {where} wants a login before it takes mail."
                    ) from None
                text += " " + advice("starttls_required", server)  # wants STARTTLS first
            raise MailError("refused", text) from None
        except smtplib.SMTPNotSupportedError as error:
            # e.g. SMTPUTF8: no security setting changes that.
            raise MailError(
                "protocol",
                f"The {where} does not support what this needs "
                f"({_scrub(str(error), secret) or 'an extension'}).",
            ) from None
        except ssl.SSLCertVerificationError as error:
            raise self._untrusted(server, error) from None
        except ssl.SSLError as error:
            reason = getattr(error, "reason", None) or str(error)
            if server.wire == "tls" and any(word in str(error) for word in _PLAIN_ANSWER):
                raise MailError(
                    "tls",
                    f"The {where} did not start TLS ({reason}). " + advice("tls_got_plain", server),
                ) from None
            raise MailError(
                "tls",
                f"The secure (TLS) connection to the {where} failed ({reason}). "
                f"Check the port and security setting ({_ports(server)}).",
            ) from None
        except TimeoutError:
            raise MailError("timeout", self._silent(server)) from None
        except ConnectionRefusedError:
            raise MailError(
                "unreachable",
                f"Nothing answered at the {where} (connection refused). "
                + advice("refused", server),
            ) from None
        except socket.gaierror:
            raise MailError(
                "unreachable",
                f"The {server.what} server name “{server.host}” could not be found. Check the "
                "spelling and your internet connection.",
            ) from None
        except smtplib.SMTPServerDisconnected as error:
            if isinstance(error.__context__, TimeoutError):  # smtplib rewraps a read timeout
                raise MailError("timeout", self._silent(server)) from None
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

    def _silent(self, server: Server) -> str:
        return f"The {server.where} did not answer within {self.timeout:g} seconds. " + advice(
            "silent", server
        )

    # --- SMTP ------------------------------------------------------------

    def _smtp(self, account: MailAccount) -> smtplib.SMTP:
        server = account.server("smtp")
        context = self._tls_context(server)
        if server.wire == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=self.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=self.timeout)
        try:
            if server.wire == "tls":
                self._check_pin(smtp.sock, server)
            elif server.wire == "plain":
                self._check_local(smtp.sock, server)
                smtp.ehlo()
            else:
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    raise MailError(
                        "tls",
                        f"The {server.where} does not offer STARTTLS (encryption) on this "
                        "port. " + advice("no_starttls", server),
                    )
                smtp.starttls(context=context)
                self._check_pin(smtp.sock, server)
                smtp.ehlo()
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _smtp_login(self, account: MailAccount, secret: Secret | None) -> tuple[smtplib.SMTP, bool]:
        """The connection, and whether it logged in (a relay on this computer may need
        no login)."""
        if not account.can_send:
            raise MailError("not_configured", "No outgoing (SMTP) server is set up.")
        server = self._smtp(account)
        try:
            logged_in = bool(secret) and _smtp_authenticate(server, account, secret.reveal())
        except BaseException:
            server.close()
            raise
        return server, logged_in

    def check_smtp(self, account: MailAccount, secret: Secret | None) -> bool:
        """Connect and log in; True if it logged in (False: a relay that needs none)."""
        with self._explained(account.server("smtp"), secret):
            server, logged_in = self._smtp_login(account, secret)
            try:
                server.noop()
            finally:
                _quit(server)
        return logged_in

    def send(self, account: MailAccount, secret: Secret | None, message: EmailMessage) -> None:
        with self._explained(account.server("smtp"), secret):
            server, _ = self._smtp_login(account, secret)
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
        server = account.server("imap")
        context = self._tls_context(server)
        if server.wire == "tls":
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                server.host, server.port, ssl_context=context, timeout=self.timeout
            )
        else:
            conn = imaplib.IMAP4(server.host, server.port, timeout=self.timeout)
        try:
            if server.wire == "tls":
                self._check_pin(conn.sock, server)
            elif server.wire == "plain":
                self._check_local(conn.sock, server)
                if "LOGINDISABLED" in conn.capabilities:
                    raise MailError(
                        "tls",
                        f"The {server.where} does not allow logging in without encryption. "
                        + advice(
                            "plain_login_refused",
                            server,
                            starttls_offered="STARTTLS" in conn.capabilities,
                        ),
                    )
            else:
                if "STARTTLS" not in conn.capabilities:
                    raise MailError(
                        "tls",
                        f"The {server.where} does not offer STARTTLS (encryption) on this "
                        "port. " + advice("no_starttls", server),
                    )
                conn.starttls(ssl_context=context)
                self._check_pin(conn.sock, server)
            _imap_authenticate(conn, account, secret.reveal() if secret else "")
        except imaplib.IMAP4.abort:
            _shutdown(conn)
            raise
        except imaplib.IMAP4.error as error:
            _shutdown(conn)
            raise MailError(
                "auth",
                f"The {server.where} rejected the username or password "
                f"({_scrub(_server_text(error), secret)}). " + advice("auth", server),
            ) from None
        except BaseException:
            _shutdown(conn)
            raise
        return conn

    def check_imap(self, account: MailAccount, secret: Secret | None) -> str:
        """Log in and find the Drafts folder; returns its name as people read it."""
        with self._explained(account.server("imap"), secret):
            conn = self._imap_login(account, secret)
            try:
                return _drafts_mailbox(conn).name
            finally:
                _logout(conn)

    def save_draft(self, account: MailAccount, secret: Secret | None, message: EmailMessage) -> str:
        """APPEND to the mailbox marked \\Drafts, flagged \\Draft and dated now; returns
        the mailbox's name as people read it."""
        with self._explained(account.server("imap"), secret):
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
        """Log in to both servers; each result says exactly what worked or failed, and
        carries the certificate a server showed when it is not trusted."""
        try:
            logged_in = self.check_smtp(account, secret)
        except MailError as error:
            smtp = CheckResult(False, str(error), error.certificate)
        else:
            how = "logged in to" if logged_in else "connected to (without a login)"
            smtp = CheckResult(
                True, f"SMTP: {how} {account.smtp_host}{_how_secured(account.server('smtp'))}."
            )
        imap = None
        if account.imap_host.strip():
            try:
                mailbox = self.check_imap(account, secret)
            except MailError as error:
                imap = CheckResult(False, str(error), error.certificate)
            else:
                imap = CheckResult(
                    True,
                    f"IMAP: logged in to {account.imap_host}"
                    f"{_how_secured(account.server('imap'))}; drafts go to “{mailbox}”.",
                )
        return ConnectionReport(smtp, imap)


def plain_elsewhere(server: Server) -> str:
    return (
        f"Without encryption NetDesk only talks to this computer (127.0.0.1, ::1 or "
        f"localhost), and “{server.host}” is not one of them: choose STARTTLS or TLS for "
        f"the {server.what} server."
    )


def _ports(server: Server) -> str:
    return "465 = TLS, 587 = STARTTLS" if server.kind == "smtp" else "993 = TLS, 143 = STARTTLS"


def _how_secured(server: Server) -> str:
    if server.wire == "plain":
        return " (not encrypted: this computer only)"
    if is_pinned(server.security):
        return " (with the certificate you trusted)"
    return ""


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


def _quit(server: smtplib.SMTP) -> None:
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def _shutdown(conn: imaplib.IMAP4) -> None:
    """Close without a word. After a failed STARTTLS handshake the plain socket is already
    closed (its descriptor went to the TLS socket): shutdown() would raise EBADF and hide
    the real error."""
    with suppress(OSError):
        conn.shutdown()


def _logout(conn: imaplib.IMAP4) -> None:
    with suppress(imaplib.IMAP4.error, OSError):
        conn.logout()


def _smtp_authenticate(server: smtplib.SMTP, account: MailAccount, password: str) -> bool:
    """Log in; False when an unencrypted relay on this computer offers no login (it
    takes mail without one). smtplib encodes credentials as ASCII (a UnicodeEncodeError
    holding the whole password otherwise): a login or password beyond ASCII goes as
    UTF-8 in AUTH PLAIN (RFC 4616), which is what servers expect."""
    server.ehlo_or_helo_if_needed()
    settings = account.server("smtp")
    where = f"The {settings.where}"
    if not server.esmtp_features.get("auth", "").split():  # no AUTH, or no mechanism in it
        if settings.wire == "plain":
            return False
        raise MailError(
            "auth",
            f"{where} does not offer a login (no AUTH) on this port. "
            + advice("no_auth", settings),
        )
    login = account.login
    if (login + password).isascii():
        server.login(login, password)
        return True
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
    return True


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
    "imap_security, username, signature, keyring_service, smtp_cert_sha256, imap_cert_sha256"
)


class MailAccountService:
    """The account's settings in SQLite; its password only through the credential store."""

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        credentials: CredentialStore,
        clock: Clock = SYSTEM_CLOCK,
        contacts: ContactService | None = None,
    ) -> None:
        """*contacts* holds the user's own person: the sender's name is theirs."""
        self._clock = clock
        self._db = db
        self._credentials = credentials
        self._contacts = contacts

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def get(self) -> MailAccount | None:
        row = (
            self._conn()
            .execute(f"SELECT {_ACCOUNT_COLUMNS} FROM mail_account ORDER BY id LIMIT 1")
            .fetchone()
        )
        if not row:
            return None
        account = MailAccount(*row)
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
            account.smtp_cert_sha256,
            account.imap_cert_sha256,
        )
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            if account.id is None:
                account_id = conn.execute(
                    "INSERT INTO mail_account (display_name, address, smtp_host, smtp_port, "
                    "smtp_security, imap_host, imap_port, imap_security, username, signature, "
                    "keyring_service, smtp_cert_sha256, imap_cert_sha256, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, self._clock.timestamp(), self._clock.timestamp()),
                ).lastrowid
                account = replace(account, id=account_id)
            else:
                conn.execute(
                    "UPDATE mail_account SET display_name = ?, address = ?, smtp_host = ?, "
                    "smtp_port = ?, smtp_security = ?, imap_host = ?, imap_port = ?, "
                    "imap_security = ?, username = ?, signature = ?, keyring_service = ?, "
                    "smtp_cert_sha256 = ?, imap_cert_sha256 = ?, updated_at = ? WHERE id = ?",
                    (*values, self._clock.timestamp(), account.id),
                )
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

    def resume_path(self) -> Path | None:
        value = SettingsStore(self._db).get(MAIL_RESUME_PATH)
        return Path(value) if value else None

    def attach_resume_by_default(self) -> bool:
        return SettingsStore(self._db).get(MAIL_ATTACH_RESUME) == "1"

    def set_resume(self, path: Path | None, attach_by_default: bool = False) -> None:
        settings = SettingsStore(self._db)
        with self._db.atomic("IMMEDIATE"):
            settings.set(MAIL_RESUME_PATH, str(path) if path else None)
            settings.set(MAIL_ATTACH_RESUME, "1" if attach_by_default and path else "0")
