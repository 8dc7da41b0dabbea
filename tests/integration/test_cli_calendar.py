"""`netdesk accounts set calendar` and `netdesk calendar sync` against a real Radicale,
as cron runs them: the password from --password-file (used, never written anywhere)."""

from __future__ import annotations

import json
from pathlib import Path

import caldav
import pytest

from netdesk.__main__ import main
from tests.calendarservers import CALENDAR_PASSWORD, CALENDAR_USER, start_radicale, stop_radicale
from tests.frozen_time import TEST_NOW, frozen_clock
from tests.integration.test_password_never_written import disguises


@pytest.fixture
def radicale(certificates, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.ca))
    server = start_radicale(certificates)
    client = caldav.DAVClient(
        url=server.url, username=CALENDAR_USER, password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificates.ca),
    )  # fmt: skip
    for name in ("Family", "Work"):
        client.principal().make_calendar(name=name)
    yield server
    stop_radicale(server)


def run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--data-dir", str(data)], clock=frozen_clock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_set_up_the_calendar_and_sync_from_the_command_line(capsys, tmp_path, radicale):
    data, secret = tmp_path / "d", tmp_path / "password"
    secret.write_text(CALENDAR_PASSWORD + "\n", encoding="utf-8")
    status, _, err = run(capsys, data, "people", "add", "Dana Cruz", "--email", "dana@x.example")
    assert status == 0, err
    at = TEST_NOW.replace(microsecond=0).isoformat()
    run(capsys, data, "meeting", "plan", "--with", "1", "--title", "Coffee", "--at", at)

    status, out, err = run(
        capsys, data, "accounts", "set", "calendar", "--server", radicale.url,
        "--user", CALENDAR_USER, "--calendar", "Nope", "--password-file", str(secret),
    )  # fmt: skip
    assert (status, out) == (2, "") and "Family" in err and "Work" in err
    status, out, err = run(
        capsys, data, "accounts", "set", "calendar", "--server", radicale.url,
        "--user", CALENDAR_USER, "--calendar", "Work", "--password-file", str(secret),
    )  # fmt: skip
    assert status == 0, err
    assert out.strip() == f"Calendar: {radicale.url} as {CALENDAR_USER} · calendar “Work”"

    status, out, err = run(
        capsys, data, "calendar", "sync", "--json", "--password-file", str(secret)
    )
    assert status == 0, err
    assert json.loads(out)["pushed"] == 1
    status, out, _ = run(capsys, data, "calendar", "sync", "--password-file", str(secret))
    assert out.strip().startswith("pushed 0 · events 0")

    secret.write_text("not it\n", encoding="utf-8")
    status, out, err = run(capsys, data, "calendar", "sync", "--password-file", str(secret))
    assert status == 2 and "refused the login" in err and "not it" not in err
    written = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    assert not any(disguise in written for disguise in disguises(CALENDAR_PASSWORD))
