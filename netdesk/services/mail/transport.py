"""Sending over SMTP and saving drafts over IMAP: blocking calls meant to run off the GUI
thread.

TLS is verified: by default through an injected factory that defaults to
ssl.create_default_context() (tests inject one that trusts their own CA, never one that
skips verification); or, when the user chose to trust a certificate they checked, by
an exact match of its SHA-256 fingerprint, compared right after the handshake and
before anything is sent. Unencrypted connections go only to this computer (see
mail.security). The password arrives as a Secret, is revealed only to login(), and is
scrubbed from any server text that is shown or logged.
"""

from __future__ import annotations

import imaplib
import logging
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from email.message import EmailMessage
from typing import TYPE_CHECKING

from netdesk.errors import MailError
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.mail.errors import _scrub, _server_text, explained, plain_elsewhere
from netdesk.services.mail.headers import wire_bytes
from netdesk.services.mail.imap import _drafts_mailbox, _quoted
from netdesk.services.mail.login import (
    _imap_authenticate,
    _logout,
    _quit,
    _shutdown,
    _smtp_authenticate,
)
from netdesk.services.mail.security import (
    CertificateInfo,
    Server,
    advice,
    fingerprint_of,
    is_loopback_address,
    is_pinned,
    normal_fingerprint,
    short_fingerprint,
    unverified_context,
)

if TYPE_CHECKING:
    from netdesk.services.credentials import Secret
    from netdesk.services.mail.account import MailAccount

log = logging.getLogger(__name__)


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

    def _explained(self, server: Server, secret: Secret | None) -> AbstractContextManager[None]:
        return explained(server, secret, self.timeout, self._untrusted)

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
        """Sends exactly the bytes checked for smuggled headers, to the addresses set."""
        data = wire_bytes(message)
        from_header = message["From"]
        sender = from_header.addresses[0].addr_spec if from_header is not None else account.address
        recipients = [address.addr_spec for address in message["To"].addresses]
        with self._explained(account.server("smtp"), secret):
            server, _ = self._smtp_login(account, secret)
            try:
                refused = server.sendmail(sender, recipients, data)
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

    @contextmanager
    def imap_session(self, account: MailAccount, secret: Secret | None) -> Iterator[imaplib.IMAP4]:
        """A logged-in IMAP connection for the mail scan, logged out afterwards; failures
        are MailErrors that say what to change."""
        with self._explained(account.server("imap"), secret):
            conn = self._imap_login(account, secret)
            try:
                yield conn
            finally:
                _logout(conn)

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
        data = wire_bytes(message)
        with self._explained(account.server("imap"), secret):
            conn = self._imap_login(account, secret)
            try:
                mailbox = _drafts_mailbox(conn)
                status, data = conn.append(
                    _quoted(mailbox.wire),  # as the server spells it (modified UTF-7)
                    r"(\Draft \Seen)",
                    imaplib.Time2Internaldate(self._clock.now()),
                    data,
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


def _how_secured(server: Server) -> str:
    if server.wire == "plain":
        return " (not encrypted: this computer only)"
    if is_pinned(server.security):
        return " (with the certificate you trusted)"
    return ""
