"""`netdesk sync` against a real Radicale: one pass over the address book and the
calendar, from two data folders as two laptops, with the password from --password-file
(used, never written); the figures add up what both carried."""

from __future__ import annotations

import json
from pathlib import Path

import caldav
import pytest

from netdesk.__main__ import main
from tests.calendarservers import (
    CALENDAR_PASSWORD,
    CALENDAR_USER,
    make_addressbook,
    start_radicale,
    stop_radicale,
)
from tests.frozen_time import TEST_NOW, frozen_clock
from tests.integration.test_password_never_written import disguises


@pytest.fixture
def radicale(certificates, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.ca))
    server = start_radicale(certificates)
    make_addressbook(server, certificates.ca)
    client = caldav.DAVClient(
        url=server.url, username=CALENDAR_USER, password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificates.ca),
    )  # fmt: skip
    client.principal().make_calendar(name="Personal")
    yield server
    stop_radicale(server)


def run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--data-dir", str(data)], clock=frozen_clock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def set_up(capsys, data: Path, server: str, secret: Path) -> None:
    for kind in ("contacts", "calendar"):
        status, _, err = run(
            capsys, data, "accounts", "set", kind, "--server", server,
            "--user", CALENDAR_USER, "--password-file", str(secret),
        )  # fmt: skip
        assert status == 0, err


def test_one_pass_carries_people_meetings_and_to_dos_to_the_other_folder(
    capsys, tmp_path, radicale
) -> None:
    mine, other, secret = tmp_path / "mine", tmp_path / "other", tmp_path / "password"
    secret.write_text(CALENDAR_PASSWORD + "\n", encoding="utf-8")
    status, out, err = run(capsys, mine, "sync")
    assert status == 2 and "nothing to sync" in err
    run(capsys, mine, "people", "add", "Dana Cruz", "--email", "dana@x.example",
        "--relation", "mentor")  # fmt: skip
    at = TEST_NOW.replace(microsecond=0).isoformat()
    status, _, err = run(
        capsys, mine, "meeting", "plan", "--with", "1", "--title", "Coffee", "--at", at
    )
    assert status == 0, err
    assert run(capsys, mine, "meeting", "held", "1")[0] == 0  # a thank-you to-do follows
    for data in (mine, other):
        set_up(capsys, data, radicale.url, secret)

    status, out, err = run(capsys, mine, "sync", "--json", "--password-file", str(secret))
    assert status == 0, err
    figures = json.loads(out)
    assert figures["contacts"]["pushed"] == 1 and figures["calendar"]["pushed"] == 1
    assert figures["calendar"]["todos_pushed"] == 1
    assert figures["pushed"] == 3
    status, out, err = run(capsys, other, "sync", "--password-file", str(secret))
    assert status == 0, err
    assert out.startswith("pushed 0 · pulled ") and "conflicts 0 · deleted 0" in out
    status, out, err = run(capsys, other, "meeting", "show", "1", "--json")
    assert status == 0, err
    meeting = json.loads(out)
    assert (meeting["title"], meeting["status"]) == ("Coffee", "held")
    assert "Dana Cruz" in json.dumps(meeting["people"])

    written = b"".join(p.read_bytes() for d in (mine, other) for p in d.rglob("*") if p.is_file())
    assert not any(disguise in written for disguise in disguises(CALENDAR_PASSWORD))
