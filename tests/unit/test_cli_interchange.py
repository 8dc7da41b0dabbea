"""`netdesk export|backup|restore`, vCard/Google through `netdesk import`, `--self-check`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from netdesk.__main__ import main
from netdesk.selfcheck import run_self_check
from tests.helpers import HEADER_2023, png_bytes, write

EXPORT = (
    HEADER_2023 + "\nMia,Chen,https://www.linkedin.com/in/mia-chen,,Northwind,Lead,07 Feb 2026\n"
)
VCARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@example.org\nEND:VCARD\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_import_reads_vcards_too(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "d")
    path = write(tmp_path / "people.vcf", VCARD)
    status, out, _ = run(capsys, "import", str(path), "--json", "--data-dir", data)
    assert status == 0 and json.loads(out)["added"] == 1


def test_export_by_extension(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "d")
    run(capsys, "import", str(write(tmp_path / "Connections.csv", EXPORT)), "--data-dir", data)
    for name in ("people.csv", "people.vcf", "all.json"):
        status, _out, _ = run(capsys, "export", str(tmp_path / name), "--data-dir", data)
        assert status == 0, name
        assert (tmp_path / name).stat().st_size > 0
    assert "Mia Chen" in (tmp_path / "people.csv").read_text("utf-8-sig")
    assert "FN:Mia Chen" in (tmp_path / "people.vcf").read_text("utf-8")
    assert json.loads((tmp_path / "all.json").read_text("utf-8"))["tables"]["contact"]
    status, _, err = run(capsys, "export", str(tmp_path / "people.txt"), "--data-dir", data)
    assert status == 2 and "--format" in err
    status, _, _ = run(
        capsys, "export", str(tmp_path / "p.txt"), "--format", "vcard", "--data-dir", data
    )
    assert status == 0 and "BEGIN:VCARD" in (tmp_path / "p.txt").read_text()


def test_backup_then_restore(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "d")
    run(capsys, "import", str(write(tmp_path / "Connections.csv", EXPORT)), "--data-dir", data)
    status, out, _ = run(capsys, "backup", "--data-dir", data)
    backup = Path(out.strip())
    assert status == 0 and backup.is_file() and backup.parent.name == "backups"
    run(capsys, "undo-import", "--data-dir", data)
    status, out, _ = run(capsys, "restore", str(backup), "--data-dir", data)
    assert status == 0 and "add --yes" in out
    assert run(capsys, "contacts", "--json", "--data-dir", data)[1].strip() == "[]"
    status, out, _ = run(capsys, "restore", str(backup), "--yes", "--data-dir", data)
    assert status == 0 and "Restored" in out
    people = json.loads(run(capsys, "contacts", "--json", "--data-dir", data)[1])
    assert [p["name"] for p in people] == ["Mia Chen"]


def test_restore_refuses_a_bad_file_in_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "photo.sqlite3"
    path.write_bytes(png_bytes())
    status, out, err = run(capsys, "restore", str(path), "--yes", "--data-dir", str(tmp_path))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "photo.sqlite3" in err and "not an SQLite" in err


def test_self_check_without_the_window() -> None:
    out = io.StringIO()
    assert run_self_check(out, gui=False) == 0
    assert out.getvalue().rstrip().endswith("OK")
    assert "3 added" in out.getvalue()
    assert "encryption: SQLCipher: on, searched, backed up and checked, off" in out.getvalue()


def test_self_check_as_a_program(tmp_path: Path) -> None:
    """The whole check, window included, in a fresh process as an installed copy runs it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "netdesk", "--self-check"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "OK"
    assert any("main window painted" in line for line in lines)
    assert not (tmp_path / ".local").exists()  # nothing written to the user's data folder
