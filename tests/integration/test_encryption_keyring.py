"""Encryption at rest with the key in a real Secret Service (gnome-keyring in its own
D-Bus session, fresh HOME): no passphrase is asked while the keyring has the key, the
key is nowhere on disk in the clear, and without the keyring the recovery key opens it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netdesk.db.cipher import is_encrypted
from netdesk.services.encryption import keys
from tests.integration.test_secret_service import private_session_environment
from tests.mailservers import require_binary

HELPER = Path(__file__).with_name("encryption_keyring_helper.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.real_keyring
def test_the_key_lives_in_the_secret_service_and_the_recovery_key_stands_in(tmp_path) -> None:
    dbus = require_binary("dbus-run-session")
    require_binary("gnome-keyring-daemon")
    home, runtime, data = tmp_path / "home", tmp_path / "run", tmp_path / "data"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    recovery = tmp_path / "recovery.txt"
    env = private_session_environment(home, runtime)

    done = subprocess.run(
        [dbus, "--", sys.executable, str(HELPER), str(data), str(recovery)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for step in ("add", "on", "status", "contacts"):
        assert result[step]["status"] == 0, (step, result[step])
    assert json.loads(result["status"]["out"])["key_in_keyring"] is True
    assert "Zephyrine Quillfeather" in result["contacts"]["out"]  # no passphrase asked
    database = data / "netdesk.sqlite3"
    assert is_encrypted(database)
    key_hex = keys.parse_recovery(recovery.read_text()).hex()
    on_disk = [p for p in [*home.rglob("*"), *data.rglob("*")] if p.is_file()]
    assert any(p.suffix == ".keyring" for p in on_disk), on_disk
    for path in on_disk:
        content = path.read_bytes()
        assert key_hex.encode() not in content and key_hex.upper().encode() not in content, path
        assert b"Quillfeather" not in content, path

    # Another session without that keyring: the key is not found; the recovery key opens.
    netdesk = [sys.executable, "-m", "netdesk", "--data-dir", str(data)]
    locked = subprocess.run(
        [*netdesk, "contacts"], capture_output=True, text=True, env=env, timeout=60
    )
    assert locked.returncode == 3 and "recovery" in locked.stderr
    opened = subprocess.run(
        [*netdesk, "--recovery-key-file", str(recovery), "contacts"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert opened.returncode == 0 and "Zephyrine Quillfeather" in opened.stdout
