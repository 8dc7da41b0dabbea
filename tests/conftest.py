from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import keyring.backend
import keyring.core

from netdesk.app import Services, build_services
from netdesk.paths import Paths
from netdesk.services.clock import FrozenClock
from netdesk.services.credentials import MemoryCredentialStore
from tests.frozen_time import frozen_clock
from tests.helpers import release_held_keys
from tests.mailservers import (  # noqa: F401 (real mail servers, as fixtures for any test)
    certificates,
    dovecot_server,
    smtp_server,
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_keyring: may use the process's keyring backend (opts out of the guard)"
    )


class KeychainTouched(AssertionError):
    """Raised by the guard; deliberately not a KeyringError, so nothing swallows it."""


class _KeychainGuard(keyring.backend.KeyringBackend):
    """Stands in for the OS keyring: any use fails the test that made it."""

    priority = 1  # "recommended", so code under test really calls it

    def __init__(self) -> None:
        super().__init__()
        self.touched: list[str] = []

    def _touch(self, what: str, service: str) -> None:
        self.touched.append(f"{what}({service!r})")
        raise KeychainTouched(f"a test touched the real keychain: {what}({service!r})")

    def get_password(self, service, username):
        self._touch("get_password", service)

    def set_password(self, service, username, password):
        self._touch("set_password", service)

    def delete_password(self, service, username):
        self._touch("delete_password", service)


@pytest.fixture(autouse=True)
def _no_real_keychain(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Unit tests use an in-memory store; the real keyring is only for marked tests
    (and the Secret Service test, which runs its own keyring in a separate D-Bus session)."""
    if request.node.get_closest_marker("real_keyring"):
        yield None
        return
    guard = _KeychainGuard()
    monkeypatch.setattr(keyring.core, "_keyring_backend", guard)
    yield guard
    if guard.touched:  # even if the code under test caught the exception
        pytest.fail(f"test touched the real keychain: {', '.join(guard.touched)}")


@pytest.fixture(autouse=True)
def _no_key_held() -> None:
    """Every test starts with no modifier key held (see release_held_keys)."""
    if "PySide6.QtWidgets" in sys.modules:  # else a test without Qt: nothing is held
        release_held_keys()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the user's real data folder."""
    data_dir = tmp_path / "netdesk-data"
    monkeypatch.setenv("NETDESK_DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "data").ensure()


@pytest.fixture
def clock() -> FrozenClock:
    """The one clock of the services under test, stopped at TEST_NOW."""
    return frozen_clock()


@pytest.fixture
def services(paths: Paths, clock: FrozenClock):
    built: Services = build_services(paths, credentials=MemoryCredentialStore(), clock=clock)
    yield built
    built.close()
