"""Mail failures as a person reads them: each one a MailError, never showing the password.

Every smtplib, imaplib, socket and TLS failure becomes a MailError whose `kind` says what
went wrong and whose text says what to do (the advice comes from mail.security); the
password is scrubbed from any server text that is shown or logged.
"""

from __future__ import annotations

import base64
import binascii
import imaplib
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from netdesk.errors import MailError
from netdesk.services.mail.security import Server, advice

if TYPE_CHECKING:
    from netdesk.services.credentials import Secret


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


@contextmanager
def explained(
    server: Server,
    secret: Secret | None,
    timeout: float,
    untrusted: Callable[[Server, ssl.SSLCertVerificationError], MailError],
) -> Iterator[None]:
    """Any smtplib/imaplib/socket/TLS failure raised inside, as a MailError a person can
    act on, without the password; *untrusted* explains a certificate that failed to verify."""
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
        raise untrusted(server, error) from None
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
        raise MailError("timeout", _silent(server, timeout)) from None
    except ConnectionRefusedError:
        raise MailError(
            "unreachable",
            f"Nothing answered at the {where} (connection refused). " + advice("refused", server),
        ) from None
    except socket.gaierror:
        raise MailError(
            "unreachable",
            f"The {server.what} server name “{server.host}” could not be found. Check the "
            "spelling and your internet connection.",
        ) from None
    except smtplib.SMTPServerDisconnected as error:
        if isinstance(error.__context__, TimeoutError):  # smtplib rewraps a read timeout
            raise MailError("timeout", _silent(server, timeout)) from None
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


def _silent(server: Server, timeout: float) -> str:
    return f"The {server.where} did not answer within {timeout:g} seconds. " + advice(
        "silent", server
    )


def plain_elsewhere(server: Server) -> str:
    return (
        f"Without encryption NetDesk only talks to this computer (127.0.0.1, ::1 or "
        f"localhost), and “{server.host}” is not one of them: choose STARTTLS or TLS for "
        f"the {server.what} server."
    )


def _ports(server: Server) -> str:
    return "465 = TLS, 587 = STARTTLS" if server.kind == "smtp" else "993 = TLS, 143 = STARTTLS"
