"""Talking CalDAV: the python `caldav` library (imported when first needed), certificates
verified (by the system's authorities, or a CA bundle given for tests and private
servers), and every failure said as a CalendarError a person can act on."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from netdesk.errors import CalendarError
from netdesk.services.calendar.account import CalendarAccount
from netdesk.services.credentials import Secret
from netdesk.services.mail.security import (
    CertificateInfo,
    fingerprint_of,
    normal_fingerprint,
    unverified_context,
)

log = logging.getLogger(__name__)
TIMEOUT_S = 30


@dataclass(frozen=True)
class RemoteCalendar:
    name: str
    url: str


class CalendarTransport:
    """Opens the account's calendar. *ca_file*: trust the authorities in this file
    instead of the system's (a company's own CA; the tests' CA); by default, as for mail
    (OpenSSL's rule), the file SSL_CERT_FILE names, else the system's."""

    def __init__(self, ca_file: str | None = None, timeout: int = TIMEOUT_S) -> None:
        self.ca_file = ca_file
        self.timeout = timeout

    def client(self, account: CalendarAccount, secret: Secret | None) -> Any:
        """A client that verifies the server by an authority, or by exactly the
        certificate the user checked and trusts (its SHA-256, checked in the handshake,
        before a password is sent)."""
        import caldav

        pin = normal_fingerprint(account.cert_sha256) if account.cert_sha256 else None
        login_first = secret is not None and urlsplit(account.server_url).scheme == "https"
        client = (_login_first_client() if login_first else caldav.DAVClient)(
            url=account.server_url,
            username=account.username,
            password=secret.reveal() if secret else None,
            ssl_verify_cert=False if pin else self._trusted_authorities(),
            timeout=self.timeout,
        )
        if pin:
            client.session.mount("https://", _pinned_adapter(pin))
        return client

    def _trusted_authorities(self) -> str | bool:
        return self.ca_file or os.environ.get("SSL_CERT_FILE") or True

    def certificate(self, account: CalendarAccount) -> CertificateInfo:
        """The certificate the server shows, read with a handshake that verifies nothing
        and is closed straight after: nothing of the user's goes over it."""
        parts = urlsplit(account.server_url)
        host, port = parts.hostname or "", parts.port or 443
        with (
            socket.create_connection((host, port), timeout=self.timeout) as raw,
            unverified_context().wrap_socket(raw, server_hostname=host) as tls,
        ):
            der = tls.getpeercert(binary_form=True) or b""
        return CertificateInfo("calendar", host, port, fingerprint_of(der))

    def calendars(self, account: CalendarAccount, secret: Secret | None) -> list[RemoteCalendar]:
        """The calendars of the account that hold events (found from the server's address
        as RFC 6764 says: .well-known/caldav, the principal, its calendar home)."""
        with explained(account, secret):
            client = self.client(account, secret)
            found = []
            for calendar in client.principal().calendars():
                components = calendar.get_supported_components()
                if "VEVENT" in components:
                    name = (
                        calendar.get_display_name() or str(calendar.url).rstrip("/").split("/")[-1]
                    )
                    found.append(RemoteCalendar(name, str(calendar.url)))
            return found

    @contextmanager
    def calendar(self, account: CalendarAccount, secret: Secret | None) -> Iterator[Any]:
        """The chosen calendar (or the first one) as a caldav Calendar; failures inside
        the block are CalendarErrors too."""
        with explained(account, secret):
            client = self.client(account, secret)
            if account.calendar_url:
                yield client.calendar(url=account.calendar_url)
                return
            calendars = client.principal().calendars()
            if not calendars:
                raise CalendarError("not_found", f"{account.server_url} has no calendar to use.")
            yield calendars[0]


@contextmanager
def explained(account: CalendarAccount, secret: Secret | None) -> Iterator[None]:
    """Any CalDAV, HTTP or TLS failure inside, as a CalendarError without the password."""
    from caldav.lib import error as dav

    where = f"The calendar server {account.server_url}"
    try:
        yield
    except CalendarError:
        raise
    except dav.AuthorizationError as error:
        log.info("calendar login refused: %s", _scrub(error, secret))
        raise CalendarError(
            "auth",
            f"{where} refused the login {account.username!r}: check the login and password "
            "(an app password, for accounts with two-step verification).",
        ) from None
    except dav.NotFoundError:
        raise CalendarError(
            "not_found", f"{where} has no calendar at that address; choose it again."
        ) from None
    except dav.DAVError as error:
        raise CalendarError("protocol", f"{where} answered: {_scrub(error, secret)}") from None
    except Exception as error:
        text = _scrub(error, secret)
        if "Fingerprints did not match" in text:
            raise CalendarError(
                "tls",
                f"{where} showed another certificate than the one you trusted; NetDesk did "
                "not log in. If the server's certificate was renewed, check and trust the "
                "new one in Settings → Calendar.",
            ) from None
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text.lower():
            raise CalendarError(
                "tls",
                f"{where} showed a certificate that could not be verified; NetDesk did not "
                "log in. A server with a certificate of its own: check its fingerprint and "
                "trust it in Settings → Calendar.",
            ) from None
        if type(error).__module__.startswith(("niquests", "urllib3", "ssl", "socket")) or (
            isinstance(error, OSError)
        ):
            raise CalendarError(
                "unreachable", f"{where} could not be reached ({type(error).__name__})."
            ) from None
        raise


def _pinned_adapter(fingerprint: str) -> Any:
    """A niquests adapter whose connections accept exactly one certificate."""
    from niquests.adapters import HTTPAdapter

    class PinnedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **pool_kwargs: Any) -> None:
            pool_kwargs["assert_fingerprint"] = fingerprint.replace(":", "").lower()
            super().init_poolmanager(*args, **pool_kwargs)

    return PinnedAdapter()


def _scrub(error: BaseException, secret: Secret | None) -> str:
    text = " ".join(str(error).split())[:300]
    if secret is not None and secret.reveal():
        text = text.replace(secret.reveal(), "•••")
    return text


_LOGIN_FIRST: list[type] = []


def _login_first_client() -> type:
    """A caldav client that sends the login with its first request (Basic, which nearly
    every server takes, over TLS already verified): asking without it first costs a
    refused request each time, and servers answer refusals slowly on purpose (Radicale
    waits about a second). A server that wants another scheme is then asked as usual."""
    if _LOGIN_FIRST:
        return _LOGIN_FIRST[0]
    import caldav
    from caldav.lib import error as dav

    class LoginFirstClient(caldav.DAVClient):
        _asked_basic = False

        def _sync_request(self, url, method="GET", body="", headers=None):
            if self.auth is None and not self._asked_basic:
                self._asked_basic = True
                self.build_auth_object(["basic"])
                try:
                    return super()._sync_request(url, method, body, headers)
                except dav.AuthorizationError:
                    self.auth = None  # then as the server's refusal says
            return super()._sync_request(url, method, body, headers)

    _LOGIN_FIRST.append(LoginFirstClient)
    return LoginFirstClient
