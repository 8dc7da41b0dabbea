"""The credential store: keyring when usable, this session's memory when not, never a file."""

from __future__ import annotations

import pickle
import traceback

import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

from netdesk.services.credentials import KeyringCredentialStore, MemoryCredentialStore, Secret

SECRET = "pa55-word-for-tests"


class DictKeyring(keyring.backend.KeyringBackend):
    """A well-behaved in-process backend."""

    priority = 5

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.items[(service, username)]


class LockedKeyring(DictKeyring):
    """Like a Secret Service whose collection is locked or missing."""

    def get_password(self, service, username):
        raise keyring.errors.InitError("Failed to unlock the collection!")

    def set_password(self, service, username, password):
        raise keyring.errors.InitError("Failed to unlock the collection!")


class PlaintextKeyring(DictKeyring):
    priority = 0.5  # keyrings.alt's file backends: not recommended, never used


def test_secret_never_shows_itself() -> None:
    secret = Secret(SECRET)
    assert SECRET not in repr(secret) and SECRET not in str(secret) and SECRET not in f"{secret}"
    assert secret.reveal() == SECRET and secret == Secret(SECRET) and bool(secret)
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    try:
        raise RuntimeError(f"login failed with {secret!r}")
    except RuntimeError:
        assert SECRET not in traceback.format_exc()


def test_usable_keyring_keeps_it_there() -> None:
    backend = DictKeyring()
    store = KeyringCredentialStore(backend)
    status = store.set("NetDesk mail x", "ada", Secret(SECRET))
    assert status.persistent and "never writes it" in status.message
    assert backend.items == {("NetDesk mail x", "ada"): SECRET}
    assert store.get("NetDesk mail x", "ada") == Secret(SECRET)
    store.delete("NetDesk mail x", "ada")
    store.delete("NetDesk mail x", "ada")  # deleting twice is fine
    assert store.get("NetDesk mail x", "ada") is None and backend.items == {}


def test_fail_backend_keeps_it_for_this_session_only(caplog) -> None:
    store = KeyringCredentialStore(fail.Keyring())
    status = store.set("NetDesk mail x", "ada", Secret(SECRET))
    assert not status.persistent
    assert "No system keyring is available" in status.message
    assert "in memory only until you quit" in status.message
    assert store.get("NetDesk mail x", "ada") == Secret(SECRET)
    assert SECRET not in caplog.text
    # A new session (a new store) does not have it: nothing was written anywhere.
    assert KeyringCredentialStore(fail.Keyring()).get("NetDesk mail x", "ada") is None


def test_locked_keyring_falls_back_to_memory_and_says_so(caplog) -> None:
    store = KeyringCredentialStore(LockedKeyring())
    assert store.status().persistent  # not known to be locked until it is used
    status = store.set("NetDesk mail x", "ada", Secret(SECRET))
    assert not status.persistent and "locked" in status.message
    assert store.get("NetDesk mail x", "ada") == Secret(SECRET)
    assert not store.status().persistent
    assert SECRET not in caplog.text


def test_plaintext_backend_is_never_used() -> None:
    backend = PlaintextKeyring()
    store = KeyringCredentialStore(backend)
    status = store.set("NetDesk mail x", "ada", Secret(SECRET))
    assert not status.persistent and "not secure" in status.message
    assert backend.items == {}


def test_memory_store() -> None:
    store = MemoryCredentialStore()
    store.set("s", "u", Secret(SECRET))
    assert store.get("s", "u") == Secret(SECRET)
    store.delete("s", "u")
    assert store.get("s", "u") is None and not store.status().persistent


def test_the_guard_fails_tests_that_touch_the_real_keychain(_no_real_keychain) -> None:
    store = KeyringCredentialStore()  # keyring.get_keyring(): the guard, in tests
    with pytest.raises(AssertionError, match="touched the real keychain"):
        store.get("NetDesk mail x", "ada")
    _no_real_keychain.touched.clear()  # this test touched it on purpose
