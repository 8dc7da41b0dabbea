"""`netdesk accounts set mail` and `netdesk mail on|off|scan` against a real dovecot, as
cron runs them: the password from --password-file (used, never written anywhere), TLS
verified against the test's CA (through SSL_CERT_FILE, as the system's CAs are)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netdesk.__main__ import main
from tests.frozen_time import frozen_clock
from tests.integration.test_password_never_written import disguises
from tests.mailboxes import ME, append, message
from tests.mailservers import HOST, PASSWORD, USER, start_dovecot, stop_dovecot


@pytest.fixture
def dovecot(certificates, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.ca))
    server = start_dovecot(certificates)
    yield server
    stop_dovecot(server)


def run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--data-dir", str(data)], clock=frozen_clock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_set_up_turn_on_and_scan_from_the_command_line(
    capsys, tmp_path, dovecot, certificates
) -> None:
    data = tmp_path / "d"
    secret_file = tmp_path / "password.txt"
    secret_file.write_text(PASSWORD + "\n", encoding="utf-8")
    status, out, err = run(capsys, data, "people", "add", "Dana Cruz", "--email", "dana@x.example")
    assert status == 0, err

    status, out, err = run(
        capsys, data, "accounts", "set", "mail", "--server", HOST,
        "--port", str(dovecot.imaps_port), "--user", USER, "--password-file", str(secret_file),
    )  # fmt: skip
    assert status == 0, err
    assert out.splitlines() == [
        "Logged in; drafts go to “Drafts”.",
        f"IMAP: {HOST}:{dovecot.imaps_port} (tls) as {USER}",
    ]
    status, out, err = run(capsys, data, "mail", "scan", "--password-file", str(secret_file))
    assert (status, out) == (2, "") and "reading your mailbox is off" in err

    assert run(capsys, data, "mail", "on")[0] == 0
    when = datetime(2026, 11, 5, 10, tzinfo=UTC)
    append(dovecot, certificates, "INBOX", [message("Dana <dana@x.example>", ME, when, "a@x")])
    args = ("mail", "scan", "--json", "--password-file", str(secret_file))
    status, out, err = run(capsys, data, *args)
    assert status == 0, err
    assert json.loads(out) == {
        "scanned": 1, "matched": 1, "interactions": 1, "replies": 0,
        "folders": ["Sent", "INBOX"],
    }  # fmt: skip
    status, out, _ = run(capsys, data, "mail", "scan", "--password-file", str(secret_file))
    assert out.strip() == "scanned 0 · matched 0 · interactions 0 · replies 0 (Sent, INBOX)"
    status, out, _ = run(capsys, data, "people", "show", "1", "--json")
    assert json.loads(out)["last_interaction"] == "2026-11-05"

    # A wrong password: one line, nothing written.
    secret_file.write_text("not it\n", encoding="utf-8")
    status, out, err = run(capsys, data, "mail", "scan", "--password-file", str(secret_file))
    assert status == 2 and "rejected the username or password" in err and "not it" not in err

    written = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    assert not any(disguise in written for disguise in disguises(PASSWORD))


def test_a_scan_killed_mid_way_keeps_whole_batches_and_the_next_completes(
    capsys, tmp_path, dovecot, certificates
) -> None:
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from tests.mailboxes import fill_maildir

    data, secret = tmp_path / "d", tmp_path / "password"
    secret.write_text(PASSWORD, encoding="utf-8")
    run(capsys, data, "people", "add", "Dana Cruz", "--email", "dana@x.example")
    run(capsys, data, "accounts", "set", "mail", "--server", HOST, "--port",
        str(dovecot.imaps_port), "--user", USER)  # fmt: skip
    run(capsys, data, "mail", "on")
    count = 12_000
    when = datetime(2026, 11, 5, 10, tzinfo=UTC)
    fill_maildir(dovecot, "INBOX", (
        message("dana@x.example" if n % 2 else f"s{n}@else.example", ME, when, f"m{n}@x")
        for n in range(count)
    ))  # fmt: skip
    scan = subprocess.Popen(
        [sys.executable, "-m", "netdesk", "mail", "scan", "--password-file", str(secret),
         "--data-dir", str(data)],
        env={**os.environ, "SSL_CERT_FILE": str(certificates.ca)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    database = data / "netdesk.sqlite3"

    def last_uid() -> int:
        try:
            with sqlite3.connect(database, timeout=5) as conn:
                row = conn.execute("SELECT max(last_uid) FROM mail_folder").fetchone()
        except sqlite3.OperationalError:
            return 0
        return row[0] or 0

    deadline = time.monotonic() + 60
    while last_uid() == 0 and scan.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    scan.send_signal(signal.SIGKILL)
    scan.wait(10)
    read = last_uid()
    assert 0 < read < count, "the kill must land mid-scan"
    with sqlite3.connect(database) as conn:
        (entries,) = conn.execute("SELECT count(*) FROM interaction").fetchone()
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert entries == read // 2  # every other message is Dana's: whole batches only
    status, out, err = run(capsys, data, "mail", "scan", "--json",
                           "--password-file", str(secret))  # fmt: skip
    assert status == 0, err
    assert json.loads(out)["scanned"] == count - read
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM interaction").fetchone() == (count // 2,)
