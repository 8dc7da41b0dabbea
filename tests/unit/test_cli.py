"""`netdesk import|contacts|undo-import`: what scripts and headless users rely on."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import zipfile
from pathlib import Path

from netdesk.__main__ import main
from netdesk.services.imports.service import ImportService
from netdesk.services.sample.people import write_connections_csv
from tests.helpers import HEADER_2023, PREAMBLE, png_bytes, write

EXPORT = (
    PREAMBLE + HEADER_2023 + "\n"
    "Mia,Chen,https://www.linkedin.com/in/mia-chen,mia@example.org,Northwind,Data Lead,"
    "07 Feb 2026\n"
    ",,,,,,07 Feb 2026\n"
    "Omar,Haddad,,,Cobalt,CTO,30 Jan 2026"
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_import_json_summary(tmp_path: Path, capsys) -> None:
    path = write(tmp_path / "Connections.csv", EXPORT)
    status, out, _ = run(capsys, "import", str(path), "--json", "--data-dir", str(tmp_path / "d"))
    assert status == 0
    summary = json.loads(out)
    assert {k: summary[k] for k in ("added", "updated", "unchanged", "skipped")} == {
        "added": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 1,
    }
    assert summary["problems"] == [
        {"line": 6, "reason": "blank row (hidden or deactivated member)", "kind": "skipped"}
    ]


def test_data_dir_option_before_the_command(tmp_path: Path, capsys) -> None:
    path = write(tmp_path / "Connections.csv", EXPORT)
    run(capsys, "--data-dir", str(tmp_path / "d"), "import", str(path))
    assert (tmp_path / "d" / "netdesk.sqlite3").exists()


def test_data_dir_from_environment(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("NETDESK_DATA_DIR", str(tmp_path / "env"))
    path = write(tmp_path / "Connections.csv", EXPORT)
    assert run(capsys, "import", str(path))[0] == 0
    assert (tmp_path / "env" / "netdesk.sqlite3").exists()


def test_import_text_summary_lists_skipped_rows(tmp_path: Path, capsys) -> None:
    path = write(tmp_path / "Connections.csv", EXPORT)
    status, out, _ = run(capsys, "import", str(path), "--data-dir", str(tmp_path / "d"))
    assert status == 0
    assert "2 added, 0 updated, 0 unchanged, 1 skipped" in out
    assert "line 6: skipped: blank row" in out


def test_bad_input_exits_non_zero_with_one_line_reason(tmp_path: Path, capsys) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(png_bytes())
    status, out, err = run(capsys, "import", str(path), "--data-dir", str(tmp_path / "d"))
    assert status != 0
    assert out == ""
    assert err.count("\n") == 1 and "PNG image" in err and "Connections.csv" in err


def test_contacts_json_and_search(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "d")
    run(capsys, "import", str(write(tmp_path / "Connections.csv", EXPORT)), "--data-dir", data)
    status, out, _ = run(capsys, "contacts", "--json", "--data-dir", data)
    people = json.loads(out)
    assert status == 0 and [p["name"] for p in people] == ["Mia Chen", "Omar Haddad"]
    assert people[0]["organisation"] == "Northwind"
    assert people[0]["role"] == "Data Lead"
    assert people[0]["linkedin_url"] == "https://www.linkedin.com/in/mia-chen"
    assert people[0]["emails"] == ["mia@example.org"]
    _, out, _ = run(capsys, "contacts", "--search", "cob", "--data-dir", data)
    assert out.strip() == "Omar Haddad — CTO · Cobalt"


def test_undo_import(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "d")
    run(capsys, "import", str(write(tmp_path / "Connections.csv", EXPORT)), "--data-dir", data)
    status, out, _ = run(capsys, "undo-import", "--data-dir", data)
    assert status == 0 and "2 removed" in out
    status, _, err = run(capsys, "undo-import", "--data-dir", data)
    assert status == 1 and "no import to undo" in err


def test_real_process_exit_status(tmp_path: Path) -> None:
    empty = write(tmp_path / "Connections.csv", "")
    result = subprocess.run(
        [sys.executable, "-m", "netdesk", "import", str(empty), "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "netdesk: Connections.csv is empty"


def test_damaged_zip_exits_non_zero_with_one_line_reason(tmp_path: Path, capsys) -> None:
    archive = tmp_path / "Basic_LinkedInDataExport_02-07-2026.zip"
    rows = "\n".join(
        f"P{i},F{i * 7919 % 10007},,,Org {i % 97},Role,07 Feb 2026" for i in range(2000)
    )
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("Connections.csv", PREAMBLE + HEADER_2023 + "\n" + rows)
    data = bytearray(archive.read_bytes())
    for i in range(60, 80):  # inside the deflate stream of the only member
        data[i] ^= 0xA5
    archive.write_bytes(bytes(data))
    status, out, err = run(capsys, "import", str(archive), "--data-dir", str(tmp_path / "d"))
    assert status != 0 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"netdesk: {archive.name}")
    assert "damaged zip" in err


def test_any_unexpected_failure_is_one_line_and_the_traceback_is_logged(
    tmp_path: Path, capsys, caplog, monkeypatch
) -> None:
    def broken(self, parsed, source, file_path, progress=None):
        raise KeyError("organisation_id")

    monkeypatch.setattr(ImportService, "apply", broken)
    path = write(tmp_path / "Connections.csv", EXPORT)
    with caplog.at_level(logging.DEBUG, logger="netdesk"):
        status, out, err = run(capsys, "import", str(path), "--data-dir", str(tmp_path / "d"))
    assert status != 0 and out == ""
    assert err == "netdesk: Connections.csv: KeyError: 'organisation_id'\n"
    assert "Traceback" not in err
    logged = [r for r in caplog.records if r.exc_info and r.levelno == logging.DEBUG]
    assert logged and logged[0].exc_info[0] is KeyError


def test_unexpected_failure_in_undo_names_the_database(tmp_path: Path, capsys, monkeypatch) -> None:
    def broken(self):
        raise ValueError("no such\nbatch")

    monkeypatch.setattr(ImportService, "undo_last_import", broken)
    status, _, err = run(capsys, "undo-import", "--data-dir", str(tmp_path / "d"))
    assert status != 0
    assert err == f"netdesk: {tmp_path / 'd' / 'netdesk.sqlite3'}: ValueError: no such batch\n"


def test_undo_import_says_how_many_are_kept_because_the_user_worked_on_them(
    tmp_path: Path, capsys
) -> None:
    from netdesk.app import build_services
    from netdesk.paths import Paths
    from netdesk.services.contacts.records import ContactFilter

    data = tmp_path / "d"
    run(capsys, "import", str(write(tmp_path / "Connections.csv", EXPORT)), "--data-dir", str(data))
    services = build_services(Paths(data).ensure())
    try:
        (omar,) = services.contacts.records(services.contacts.query_ids(ContactFilter("Omar")))
        omar.notes = "Introduced me to the Cobalt data team."
        services.contacts.save(omar)
    finally:
        services.close()
    status, out, _ = run(capsys, "undo-import", "--data-dir", str(data))
    assert status == 0
    assert out == (
        "Undid the import of Connections.csv: 1 removed, 1 kept because you worked on them, "
        "0 restored.\n"
    )
    _, out, _ = run(capsys, "contacts", "--data-dir", str(data))
    assert out == "Omar Haddad — CTO · Cobalt\n"


def test_a_reader_that_stops_early_is_not_reported_as_a_data_problem(tmp_path: Path) -> None:
    """`netdesk contacts --json | head -c 100`: the pipe closes long before the output ends."""
    data = ["--data-dir", str(tmp_path / "d")]
    export = write_connections_csv(tmp_path / "Connections.csv", 2_000)
    assert main(["import", str(export), *data]) == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "netdesk", "contacts", "--json", *data],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100).startswith(b"[{")
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert errors == ""


def test_draft_lists_the_notes_to_self_still_in_it(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "d")
    path = write(tmp_path / "Connections.csv", HEADER_2023 + "\nMia,Chen,,mia@example.org,,,")
    run(capsys, "import", str(path), "--data-dir", data)
    status, out, _ = run(capsys, "contacts", "--json", "--data-dir", data)
    (mia,) = json.loads(out)
    person = str(mia["id"])
    status, out, _ = run(
        capsys, "draft", "email", person, "--purpose", "outreach", "--json", "--data-dir", data
    )
    draft = json.loads(out)
    assert status == 0 and draft["to"] == "mia@example.org" and draft["purpose"] == "outreach"
    assert draft["unfilled"] == [  # in the text's order: my name is in it twice
        "[your name]",
        "[one sentence about what you are exploring]",
        "[your name]",
    ]
    assert draft["earlier_emails"] == []
    eml = tmp_path / "draft.eml"
    status, out, _ = run(capsys, "draft", "email", person, "--eml", str(eml), "--data-dir", data)
    assert out.startswith("To: Mia Chen <mia@example.org>\nSubject: ")
    assert "Before it goes:\n  " in out and "notes to yourself are still in the email" in out
    assert b"To: Mia Chen <mia@example.org>" in eml.read_bytes()
    assert run(capsys, "draft", "email", "999", "--data-dir", data)[0] == 2
    assert run(capsys, "draft", "thank-you", "999", "--data-dir", data)[0] == 2


def test_draft_thank_you_in_the_tone_asked_for(tmp_path: Path, capsys) -> None:
    from netdesk.app import build_services
    from netdesk.paths import Paths
    from netdesk.services.contacts.records import ContactRecord
    from netdesk.services.credentials import MemoryCredentialStore
    from netdesk.services.meetings.records import MeetingRecord
    from tests.frozen_time import TEST_NOW

    paths = Paths(tmp_path / "d").ensure()
    services = build_services(paths, MemoryCredentialStore())
    mia = services.contacts.save(ContactRecord(display_name="Mia Chen", given_name="Mia"))
    meeting = services.meetings.save(
        MeetingRecord(title="Coffee", status="held", starts_at=TEST_NOW, people=[mia.id])
    )
    services.close()
    status, out, _ = run(
        capsys, "draft", "thank-you", str(meeting.id), "--tone", "brief", "--json",
        "--data-dir", str(paths.data_dir),
    )  # fmt: skip
    draft = json.loads(out)
    assert status == 0 and draft["subject"] == "Thanks for your time, Mia"
    assert draft["purpose"] == "thank_you" and draft["meeting_id"] == meeting.id
