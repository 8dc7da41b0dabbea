"""`netdesk encryption on|off|status` and the unlock options every command takes, in-process
through main() on real files. The OS keyring is the machine's edge: these runs keep the
key behind a passphrase (--no-keyring); tests/integration runs them against a real
Secret Service."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import pytest

from netdesk.__main__ import main
from netdesk.db.cipher import is_encrypted
from netdesk.services.encryption import keys
from tests.frozen_time import frozen_clock


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "d"


@pytest.fixture
def passphrase(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase"
    path.write_text("correct horse battery\n")
    return path


def run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--data-dir", str(data)], clock=frozen_clock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_on_status_unlock_and_off(capsys, data, passphrase, tmp_path) -> None:
    assert run(capsys, data, "people", "add", "Zephyrine Quillfeather")[0] == 0
    status, out, _ = run(capsys, data, "encryption", "status")
    assert (status, out.split(":")[0]) == (0, "Not encrypted")
    recovery = tmp_path / "recovery.txt"

    status, out, err = run(
        capsys, data, "encryption", "on", "--no-keyring", "--passphrase-file", str(passphrase),
        "--recovery-file", str(recovery),
    )  # fmt: skip

    assert status == 0, err
    database = data / "netdesk.sqlite3"
    assert is_encrypted(database) and "cannot be recovered" in out
    assert stat.S_IMODE(recovery.stat().st_mode) == 0o600
    assert len(keys.parse_recovery(recovery.read_text())) == 32
    facts = json.loads(run(capsys, data, "encryption", "status", "--json")[1])
    assert facts == {
        "encrypted": True,
        "database": str(database),
        "key_in_keyring": False,
        "passphrase": True,
    }
    digest = _digest(database)
    status, out, err = run(capsys, data, "contacts")
    assert status == 3 and "--passphrase-file" in err and err.count("\n") == 1
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n")
    status, _, err = run(capsys, data, "contacts", "--passphrase-file", str(wrong))
    assert status == 3 and "does not unlock" in err
    assert _digest(database) == digest
    status, out, _ = run(capsys, data, "contacts", "--passphrase-file", str(passphrase))
    assert status == 0 and "Zephyrine Quillfeather" in out
    status, out, _ = run(capsys, data, "--recovery-key-file", str(recovery), "contacts")
    assert status == 0 and "Zephyrine Quillfeather" in out

    status, out, err = run(capsys, data, "encryption", "off", "--passphrase-file", str(passphrase))

    assert status == 0, err
    assert out.startswith("Decrypted the database") and not is_encrypted(database)
    assert not keys.record_path(database).exists()


def test_refusals_change_nothing(capsys, data, passphrase, tmp_path) -> None:
    run(capsys, data, "people", "add", "Ada Lovelace")
    database = data / "netdesk.sqlite3"
    digest = _digest(database)
    status, _, err = run(capsys, data, "encryption", "on", "--no-keyring")
    assert status == 2 and "--passphrase-file" in err
    taken = tmp_path / "taken.txt"
    taken.write_text("mine")
    status, _, err = run(
        capsys, data, "encryption", "on", "--no-keyring", "--passphrase-file", str(passphrase),
        "--recovery-file", str(taken),
    )  # fmt: skip
    assert status == 2 and "already exists" in err and taken.read_text() == "mine"
    short = tmp_path / "short"
    short.write_text("short\n")
    status, _, err = run(
        capsys, data, "encryption", "on", "--no-keyring", "--passphrase-file", str(short)
    )
    assert status == 2 and "at least 8 characters" in err
    status, _, err = run(capsys, data, "encryption", "off")
    assert status == 2 and "not encrypted" in err
    assert _digest(database) == digest and not is_encrypted(database)
    assert not keys.record_path(database).exists()
