"""The credential store against a real Secret Service: gnome-keyring in its own D-Bus
session, with a fresh HOME, so the user's own keyring is never near the test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.mailservers import require_binary

HELPER = Path(__file__).with_name("secret_service_helper.py")
ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cret-in-the-keyring-71"


def private_session_environment(home: Path, runtime: Path) -> dict[str, str]:
    """A fresh HOME and runtime folder: the user's own keyring is never near a test."""
    return {
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
    }


def run_helper(tmp_path: Path, mode: str) -> tuple[dict, Path]:
    dbus = require_binary("dbus-run-session")
    require_binary("gnome-keyring-daemon")
    home, runtime = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = private_session_environment(home, runtime)
    done = subprocess.run(
        [dbus, "--", sys.executable, str(HELPER), mode],
        input=SECRET + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), home


@pytest.mark.real_keyring
def test_set_get_delete_in_an_unlocked_gnome_keyring(tmp_path) -> None:
    result, home = run_helper(tmp_path, "unlocked")
    assert result == {
        "persistent": True,
        "message": result["message"],
        "got_back": True,
        "next_session": True,
        "after_delete": True,
    }
    assert "Secret Service" in result["message"]
    # gnome-keyring encrypts its file: the password is nowhere in plain text.
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".keyring" for p in files), files
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.real_keyring
def test_locked_keyring_keeps_the_password_for_the_session_only(tmp_path) -> None:
    result, home = run_helper(tmp_path, "locked")
    assert result["persistent"] is False
    assert "locked" in result["message"] and "until you quit" in result["message"]
    assert result["got_back"] is True  # usable for this session...
    assert result["next_session"] is False  # ...but stored nowhere
    for path in (p for p in home.rglob("*") if p.is_file()):
        assert SECRET.encode() not in path.read_bytes(), path
