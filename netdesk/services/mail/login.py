"""Logging in to an SMTP or IMAP server (UTF-8 credentials through AUTH PLAIN) and
closing a session without hiding the error that ended it."""

from __future__ import annotations

import base64
import imaplib
import smtplib
from contextlib import suppress
from typing import TYPE_CHECKING

from netdesk.errors import MailError
from netdesk.services.mail.security import advice

if TYPE_CHECKING:
    from netdesk.services.mail.account import MailAccount


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
