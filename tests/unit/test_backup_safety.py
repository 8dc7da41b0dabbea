"""Backups never copy damage, never leave half files, and the data folder stays private."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from netdesk.__main__ import main
from netdesk.app import build_services
from netdesk.db.connection import open_database
from netdesk.errors import BackupError, DatabaseDamaged
from netdesk.paths import Paths
from netdesk.services import backup as backup_module
from netdesk.services.backup import DAILY, BackupService
from netdesk.services.clock import FrozenClock
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import MemoryCredentialStore

PAGE = 4096


def _fill(services, count: int = 300) -> None:
    for index in range(count):
        record = ContactRecord(display_name=f"Person {index} " + "x" * 200, relation="friend")
        services.contacts.save(record)


def _damage(database: Path) -> None:
    """Garbage over the root page of the people's table, as a failing disk leaves it
    (the schema's own pages intact: the file still opens, its data is what is damaged)."""
    conn = sqlite3.connect(database)
    query = "SELECT rootpage FROM sqlite_master WHERE name = 'contact'"
    (root,) = conn.execute(query).fetchone()
    conn.close()
    data = bytearray(database.read_bytes())
    start = (root - 1) * PAGE  # page numbers count from 1
    data[start : start + PAGE] = bytes(range(256)) * (PAGE // 256)
    database.write_bytes(bytes(data))


def _folder_listing(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()} if folder.is_dir() else set()


@pytest.fixture
def damaged_data(tmp_path: Path) -> Paths:
    """A data folder whose database is damaged, with two good daily backups."""
    paths = Paths(tmp_path / "data").ensure()
    clock = FrozenClock(datetime(2026, 3, 1, 9, 0, 0))
    services = build_services(paths, credentials=MemoryCredentialStore(), clock=clock)
    _fill(services)
    backups = BackupService(services.db, paths.database, clock=clock)
    backups.set_keep(2)
    for _ in range(2):
        backups.back_up(DAILY)
        clock.advance(days=1)
    services.close()
    _damage(paths.database)
    return paths


def test_a_damaged_database_is_not_backed_up_and_older_backups_stay(damaged_data) -> None:
    clock = FrozenClock(datetime(2026, 3, 9, 9, 0, 0))
    services = build_services(damaged_data, credentials=MemoryCredentialStore(), clock=clock)
    try:
        backups = BackupService(services.db, damaged_data.database, clock=clock)
        folder = backups.folder()
        before = _folder_listing(folder)
        assert len(before) == 2
        for attempt in (backups.back_up_if_due, lambda: backups.back_up(DAILY), backups.back_up):
            with pytest.raises(BackupError, match="damaged") as raised:
                attempt()
            message = str(raised.value)
            assert "\n" not in message and "older backups are kept" in message
            assert _folder_listing(folder) == before  # none rotated away, no .partial
    finally:
        services.close()


def test_a_damaged_database_can_still_be_replaced_by_a_good_backup(damaged_data) -> None:
    clock = FrozenClock(datetime(2026, 3, 9, 9, 0, 0))
    services = build_services(damaged_data, credentials=MemoryCredentialStore(), clock=clock)
    try:
        backups = BackupService(services.db, damaged_data.database, clock=clock)
        good = backups.backups()
        result = backups.restore(good[0].path)
        assert services.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert result.people == 300
        # The damaged copy is kept for whatever it still holds, and pushes no good one out.
        assert {b.path for b in backups.backups()} == {result.safety_copy.path} | {
            b.path for b in good
        }
    finally:
        services.close()


def test_netdesk_backup_of_a_damaged_database_fails_in_one_line(damaged_data, capsys) -> None:
    folder = damaged_data.data_dir / "backups"
    before = _folder_listing(folder)
    status = main(["backup", "--data-dir", str(damaged_data.data_dir)])
    captured = capsys.readouterr()
    assert status != 0 and captured.out == ""
    assert captured.err.count("\n") == 1 and "damaged" in captured.err
    assert _folder_listing(folder) == before


def test_a_failed_copy_leaves_no_partial_file_and_it_was_private_from_the_start(
    services, monkeypatch
) -> None:
    seen_modes = []

    def copy_that_fails_midway(source: Path, target: Path, key: bytes | None) -> None:
        seen_modes.append(target.stat().st_mode & 0o777 if target.exists() else None)
        with target.open("ab") as handle:
            handle.write(b"SQLite format 3\x00" + b"\x00" * 100)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(backup_module, "_copy_database", copy_that_fails_midway)
    backups = BackupService(services.db, services.paths.database, clock=services.clock)
    old_umask = os.umask(0o022)  # the usual umask: a plain create would make it 0644
    try:
        with pytest.raises(BackupError, match="disk I/O error") as raised:
            backups.back_up()
    finally:
        os.umask(old_umask)
    assert "\n" not in str(raised.value)
    assert seen_modes == [0o600]
    assert _folder_listing(backups.folder()) == set()


def test_a_zero_length_database_is_reported_not_made_empty(tmp_path: Path, capsys) -> None:
    paths = Paths(tmp_path / "data").ensure()
    paths.database.write_bytes(b"")
    with pytest.raises(DatabaseDamaged, match="empty") as raised:
        open_database(paths.database)
    assert "\n" not in str(raised.value)
    assert paths.database.stat().st_size == 0  # left exactly as it was
    status = main(["contacts", "--data-dir", str(paths.data_dir)])
    err = capsys.readouterr().err
    assert status != 0 and err.count("\n") == 1 and "empty" in err
    assert paths.database.stat().st_size == 0


def test_an_interrupted_first_start_leaves_no_zero_length_database(
    tmp_path: Path, monkeypatch
) -> None:
    from netdesk.db import connection

    database = tmp_path / "data" / "netdesk.sqlite3"

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # the power going off mid-creation

    monkeypatch.setattr(connection, "migrate", crash)
    with pytest.raises(KeyboardInterrupt):
        open_database(database)
    monkeypatch.undo()
    assert not database.exists()
    db = open_database(database)
    try:
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute_sql("SELECT count(*) FROM contact").fetchone()[0] == 0
    finally:
        db.close()
    assert database.stat().st_mode & 0o777 == 0o600
    assert {p.name for p in database.parent.iterdir()} <= {
        "netdesk.sqlite3",
        "netdesk.sqlite3-shm",
        "netdesk.sqlite3-wal",
    }


def test_loose_permissions_are_tightened_at_start(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data").ensure()
    build_services(paths, credentials=MemoryCredentialStore()).close()
    paths.data_dir.chmod(0o755)
    paths.database.chmod(0o644)
    services = build_services(paths, credentials=MemoryCredentialStore())
    try:
        assert paths.data_dir.stat().st_mode & 0o777 == 0o700
        for path in paths.data_dir.glob(paths.database.name + "*"):
            assert path.stat().st_mode & 0o777 == 0o600, path.name
    finally:
        services.close()
