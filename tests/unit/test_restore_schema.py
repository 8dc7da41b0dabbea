"""Restore compares the whole schema with what its version must be, in one-line messages."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from netdesk.__main__ import main
from netdesk.db.migrations import LATEST_VERSION
from netdesk.errors import BackupError
from netdesk.services.backup import BackupService
from netdesk.services.clock import FrozenClock
from netdesk.services.contacts.records import ContactRecord

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE = 4096


@pytest.fixture
def backups(services) -> BackupService:
    clock = FrozenClock(datetime(2026, 3, 1, 9, 0, 0))
    return BackupService(services.db, services.paths.database, clock=clock)


def add(services, name: str) -> int:
    return services.contacts.save(ContactRecord(display_name=name, relation="friend")).id


def dump(services) -> str:
    return "\n".join(services.db.connection().iterdump())


def _edited_copy(source: Path, target: Path, *statements: str) -> Path:
    shutil.copy(source, target)
    conn = sqlite3.connect(target)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return target


def _assert_refused(services, backups, path: Path, *words: str) -> str:
    before = dump(services)
    made_before = {b.path for b in backups.backups()}
    with pytest.raises(BackupError) as raised:
        backups.restore(path)
    message = str(raised.value)
    assert "\n" not in message, message
    for word in words:
        assert word in message, message
    assert dump(services) == before
    assert {b.path for b in backups.backups()} == made_before  # no safety copy either
    return message


def test_a_foreign_contact_table_with_the_right_version_is_refused(
    services, backups, tmp_path
) -> None:
    add(services, "Still here")
    path = tmp_path / "impostor.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contact(x)")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")
    conn.commit()
    conn.close()
    _assert_refused(services, backups, path, "impostor.sqlite3", "schema")
    backups.restore(backups.back_up().path)  # everything still works


def test_a_backup_with_a_hostile_trigger_is_refused(services, backups, tmp_path) -> None:
    add(services, "Ada Lovelace")
    hostile = _edited_copy(
        backups.back_up().path,
        tmp_path / "hostile.sqlite3",
        "CREATE TRIGGER wipe AFTER INSERT ON contact BEGIN DELETE FROM contact; END",
    )
    _assert_refused(services, backups, hostile, "hostile.sqlite3", "wipe")


@pytest.mark.parametrize(
    "statement, word",
    [
        ("CREATE INDEX contact_sneaky ON contact(notes)", "contact_sneaky"),
        ("CREATE VIEW everyone AS SELECT * FROM contact", "everyone"),
        ("CREATE TABLE extra (id INTEGER)", "extra"),
        ("ALTER TABLE contact ADD COLUMN shadow TEXT", "contact"),
        ("DROP TRIGGER contact_fts_delete", "contact_fts_delete"),
    ],
    ids=["index", "view", "table", "column", "missing-trigger"],
)
def test_any_schema_difference_is_refused(services, backups, tmp_path, statement, word) -> None:
    changed = _edited_copy(backups.back_up().path, tmp_path / "changed.sqlite3", statement)
    _assert_refused(services, backups, changed, "changed.sqlite3", word)


def test_an_older_backup_is_checked_against_its_own_version(services, backups, tmp_path) -> None:
    old = _edited_copy(
        FIXTURES / "schema_v1.sqlite3",
        tmp_path / "old.sqlite3",
        "CREATE TRIGGER wipe AFTER INSERT ON contact BEGIN DELETE FROM contact; END",
    )
    _assert_refused(services, backups, old, "old.sqlite3", "wipe", "schema 1")
    clean = shutil.copy(FIXTURES / "schema_v1.sqlite3", tmp_path / "clean.sqlite3")
    assert backups.restore(Path(clean)).upgraded_from == 1


def test_the_safety_copy_made_before_a_restore_restores(services, backups, tmp_path) -> None:
    add(services, "Before")
    first = backups.back_up().path
    add(services, "Later")
    result = backups.restore(first)
    assert backups.check(result.safety_copy.path).people == 2
    backups.restore(result.safety_copy.path)
    names = {r[0] for r in services.db.execute_sql("SELECT display_name FROM contact")}
    assert names == {"Before", "Later"}


def _damaged_pages(tmp_path: Path, services, backups) -> Path:
    """Garbage over its second half: integrity_check answers with a 21-line report."""
    for index in range(300):
        add(services, f"Person {index} " + "x" * 200)
    data = backups.back_up().path.read_bytes()
    half = len(data) // 2
    garbage = random.Random(0).randbytes(len(data) - half)
    return _write(tmp_path / "damaged.sqlite3", data[:half] + garbage)


def _random_after_header(tmp_path: Path, services, backups) -> Path:
    noise = bytes((i * 131 + 17) % 256 for i in range(8192))
    return _write(tmp_path / "random.sqlite3", b"SQLite format 3\x00" + noise)


def _undecodable_name(tmp_path: Path, services, backups) -> Path:
    name = os.fsdecode(b"caf\xe9-\xff.sqlite3")
    return _write(tmp_path / name, b"SQLite format 3\x00" + b"\xff" * 5000)


def _undecodable_schema_text(tmp_path: Path, services, backups) -> Path:
    data = (
        backups.back_up()
        .path.read_bytes()
        .replace(b"contact_fts_delete", b"contact\xff\xfe_delete")
    )
    return _write(tmp_path / "bad-text.sqlite3", data)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "make",
    [_damaged_pages, _random_after_header, _undecodable_name, _undecodable_schema_text],
    ids=["damaged", "random", "undecodable-name", "undecodable-text"],
)
def test_restore_messages_are_one_line(services, backups, tmp_path, capsys, make) -> None:
    path = make(tmp_path, services, backups)
    _assert_refused(services, backups, path)
    status = main(["restore", str(path), "--yes", "--data-dir", str(services.paths.data_dir)])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert "your data is unchanged" in captured.err
    assert "Error:" not in captured.err  # a sentence, not an exception's name
