"""Where the mail password lives: the OS keyring, or this session's memory. Nowhere else.

A tiny get/set/delete interface over python-keyring. When keyring has no usable backend
it silently picks its "fail" backend (every call raises), and a locked or absent
Secret Service collection raises on every call too: in both cases the password is kept
in memory until the app quits, and `status` says so in words the user can act on. A
plaintext backend (keyrings.alt) counts as unusable: the secret must never reach a file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail

log = logging.getLogger(__name__)


class Secret:
    """A password that does not print itself: repr, str and tracebacks show dots."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return "Secret('••••')"

    __str__ = __repr__

    def __reduce__(self):  # never pickled into a crash dump or a queue by accident
        raise TypeError("a Secret cannot be pickled")


@dataclass(frozen=True)
class KeyringStatus:
    persistent: bool  # True: saved in the OS keyring; False: kept for this session only
    backend: str  # a human name, e.g. "Secret Service (GNOME Keyring, KWallet…)"
    message: str  # one or two sentences for the settings page


class CredentialStore(Protocol):
    def get(self, service: str, username: str) -> Secret | None: ...

    def set(self, service: str, username: str, secret: Secret) -> KeyringStatus: ...

    def delete(self, service: str, username: str) -> None: ...

    def status(self) -> KeyringStatus: ...


_BACKEND_NAMES = {
    "SecretService": "the Secret Service (GNOME Keyring or KWallet)",
    "kwallet": "KWallet",
    "macOS": "the macOS Keychain",
    "Windows": "the Windows Credential Locker",
    "chainer": "the system keyring",
}


def _describe(backend: keyring.backend.KeyringBackend) -> str:
    module = type(backend).__module__.rsplit(".", 1)[-1]
    return _BACKEND_NAMES.get(module, f"the {type(backend).__module__} keyring")


class MemoryCredentialStore:
    """Secrets in a dict: the session fallback, and the store every unit test uses."""

    def __init__(self, reason: str = "") -> None:
        self._secrets: dict[tuple[str, str], Secret] = {}
        self.reason = reason  # why the keyring is not used, for the settings page

    def get(self, service: str, username: str) -> Secret | None:
        return self._secrets.get((service, username))

    def set(self, service: str, username: str, secret: Secret) -> KeyringStatus:
        self._secrets[(service, username)] = secret
        return self.status()

    def delete(self, service: str, username: str) -> None:
        self._secrets.pop((service, username), None)

    def status(self) -> KeyringStatus:
        return KeyringStatus(
            False,
            "memory",
            (self.reason + " " if self.reason else "")
            + "The password is kept in memory only until you quit NetDesk; it is never "
            "written to disk, so you will be asked for it again next time.",
        )


class KeyringCredentialStore:
    """python-keyring, with a session-only fallback when no usable keyring is there."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend  # None: ask keyring when first needed, not at start-up
        self._session = MemoryCredentialStore()
        self._problem: str | None = None

    def _keyring(self) -> keyring.backend.KeyringBackend | None:
        if self._problem is not None:
            return None
        backend = self._backend or keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            self._fall_back("No system keyring is available on this computer.")
            return None
        if not keyring.core.recommended(backend):
            # e.g. keyrings.alt's plaintext file: not a place for a password.
            self._fall_back(f"The only keyring found ({type(backend).__name__}) is not secure.")
            return None
        return backend

    def _fall_back(self, reason: str) -> None:
        if self._problem is None:
            log.warning("keyring unusable, secrets are kept for this session only: %s", reason)
        self._problem = reason
        self._session.reason = reason

    def _failed(self, action: str, error: Exception) -> None:
        # The error text comes from the keyring backend, never from the secret.
        locked = isinstance(error, keyring.errors.KeyringLocked | keyring.errors.InitError)
        reason = (
            "Your system keyring is locked or has no default collection"
            if locked
            else "Your system keyring could not be used"
        )
        log.warning("keyring %s failed (%s): %s", action, type(error).__name__, error)
        self._fall_back(f"{reason} ({type(error).__name__}).")

    def get(self, service: str, username: str) -> Secret | None:
        session = self._session.get(service, username)
        if session is not None:
            return session
        backend = self._keyring()
        if backend is None:
            return None
        try:
            value = backend.get_password(service, username)
        except keyring.errors.KeyringError as error:
            self._failed("read", error)
            return None
        return Secret(value) if value is not None else None

    def set(self, service: str, username: str, secret: Secret) -> KeyringStatus:
        backend = self._keyring()
        if backend is not None:
            try:
                backend.set_password(service, username, secret.reveal())
            except keyring.errors.KeyringError as error:
                self._failed("write", error)
            else:
                self._session.delete(service, username)
                return self.status()
        return self._session.set(service, username, secret)

    def delete(self, service: str, username: str) -> None:
        self._session.delete(service, username)
        backend = self._keyring()
        if backend is None:
            return
        try:
            backend.delete_password(service, username)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: already the state we want
        except keyring.errors.KeyringError as error:
            self._failed("delete", error)

    def status(self) -> KeyringStatus:
        backend = self._keyring()
        if backend is None:
            return self._session.status()
        where = _describe(backend)
        return KeyringStatus(
            True,
            where,
            f"The password is stored only in {where}, protected by your login; "
            "NetDesk never writes it to its database, settings or logs.",
        )
