"""Rolling backups with SQLite's backup API; restore checks first and keeps a safety copy."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from netdesk.db.migrations import LATEST_VERSION
from netdesk.errors import BackupError
from netdesk.services.backup import BEFORE_RESTORE, DAILY, MANUAL, BackupService
from netdesk.services.clock import FrozenClock
from netdesk.services.contacts.records import ContactRecord
from tests.helpers import png_bytes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 1, 9, 0, 0))


@pytest.fixture
def backups(services, clock) -> BackupService:
    return BackupService(services.db, services.paths.database, clock=clock)


def add(services, name: str) -> int:
    return services.contacts.save(ContactRecord(display_name=name, relation="friend")).id


def names(services) -> set[str]:
    return {r[0] for r in services.db.execute_sql("SELECT display_name FROM contact")}


def test_a_backup_is_a_complete_self_contained_copy(services, backups) -> None:
    add(services, "Ada Lovelace")
    backup = backups.back_up()
    assert backup.kind == MANUAL
    assert backup.path.parent == services.paths.data_dir / "backups"
    assert backup.path.name == "netdesk-2026-03-01_090000-manual.sqlite3"
    assert not backup.path.with_name(backup.path.name + "-wal").exists()
    conn = sqlite3.connect(backup.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT display_name FROM contact").fetchall() == [("Ada Lovelace",)]
    finally:
        conn.close()
    assert backup.path.stat().st_mode & 0o777 == 0o600
    assert backups.backups() == [backup]


def test_a_backup_taken_during_a_write_transaction_holds_the_committed_state(
    services, backups
) -> None:
    add(services, "Committed")
    with services.db.atomic("IMMEDIATE"):
        add(services, "Not yet committed")
        backup = backups.back_up()
    conn = sqlite3.connect(backup.path)
    try:
        assert conn.execute("SELECT display_name FROM contact").fetchall() == [("Committed",)]
    finally:
        conn.close()


def test_daily_backups_are_due_once_a_day_and_roll(services, backups, clock) -> None:
    backups.set_keep(3)
    made = []
    for _ in range(5):
        assert backups.due()
        made.append(backups.back_up_if_due())
        assert backups.back_up_if_due() is None  # the same day: not again
        clock.advance(hours=23)
        assert not backups.due()
        clock.advance(hours=1)
    kept = backups.backups()
    assert [b.path for b in kept] == [b.path for b in reversed(made[-3:])]
    assert all(b.kind == DAILY for b in kept)


def test_the_users_own_backups_are_never_pruned(services, backups, clock) -> None:
    backups.set_keep(1)
    mine = backups.back_up(MANUAL)
    for _ in range(3):
        clock.advance(days=1)
        backups.back_up(DAILY)
    kinds = [b.kind for b in backups.backups()]
    assert kinds == [DAILY, MANUAL]
    assert mine.path.exists()


def test_two_backups_in_the_same_second_both_exist(backups) -> None:
    first, second = backups.back_up(), backups.back_up()
    assert first.path != second.path
    assert len(backups.backups()) == 2


def test_preferences_are_remembered_in_the_database(services, tmp_path) -> None:
    service = BackupService(services.db, services.paths.database, clock=services.clock)
    assert (service.keep(), service.daily()) == (10, True)
    service.set_keep(30)
    service.set_daily(False)
    elsewhere = tmp_path / "usb" / "netdesk"
    service.set_folder(elsewhere)
    again = BackupService(services.db, services.paths.database, clock=services.clock)
    assert (again.keep(), again.daily(), again.folder()) == (30, False, elsewhere.resolve())
    assert not again.due()  # daily backups are off
    assert again.back_up().path.parent == elsewhere.resolve()
    again.set_folder(None)
    assert again.folder() == services.paths.data_dir / "backups"
    with pytest.raises(ValueError):
        service.set_keep(0)


def test_restore_brings_back_the_old_state_and_keeps_a_copy_of_the_current(
    services, backups, clock
) -> None:
    add(services, "Before")
    backup = backups.back_up()
    clock.advance(minutes=5)
    add(services, "After")
    result = backups.restore(backup.path)
    assert names(services) == {"Before"}
    assert result.people == 1
    assert result.safety_copy.kind == BEFORE_RESTORE
    conn = sqlite3.connect(result.safety_copy.path)
    try:
        saved = {r[0] for r in conn.execute("SELECT display_name FROM contact")}
    finally:
        conn.close()
    assert saved == {"Before", "After"}
    # The app goes on with the same connection: writes, searches and the WAL still work.
    add(services, "Later")
    assert names(services) == {"Before", "Later"}
    assert services.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert services.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restoring_an_older_schema_upgrades_it(services, backups, tmp_path) -> None:
    old = shutil.copy(FIXTURES / "schema_v1.sqlite3", tmp_path / "old.sqlite3")
    check = backups.check(Path(old))
    assert check.schema_version == 1
    result = backups.restore(Path(old))
    assert result.upgraded_from == 1
    assert services.db.execute_sql("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert names(services) == {"Mia Chen", "Omar Haddad", "Lena Fischer"}


def _damaged(tmp_path: Path, services, backups) -> Path:
    for index in range(300):
        add(services, f"Person {index} " + "x" * 200)
    path = backups.back_up().path
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, page):
        data[offset + 8 : offset + 40] = b"\xff" * 32  # scribble over b-tree page headers
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(bytes(data))
    return damaged


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda tmp, s, b: tmp / "missing.sqlite3", "file not found"),
        (lambda tmp, s, b: _write(tmp / "empty.sqlite3", b""), "not an SQLite database"),
        (lambda tmp, s, b: _write(tmp / "photo.sqlite3", png_bytes()), "not an SQLite database"),
        (lambda tmp, s, b: _write(tmp / "notes.txt", b"hello"), "not an SQLite database"),
        (lambda tmp, s, b: _other_database(tmp), "not NetDesk's"),
        (lambda tmp, s, b: _newer_database(tmp, b), "newer NetDesk"),
        (_damaged, "damaged"),
    ],
    ids=["missing", "empty", "image", "text", "other-app", "newer", "damaged"],
)
def test_a_bad_backup_is_refused_and_nothing_changes(
    services, backups, tmp_path, make, message
) -> None:
    add(services, "Still here")
    path = make(tmp_path, services, backups)
    before = names(services)
    made_before = {b.path for b in backups.backups()}
    with pytest.raises(BackupError, match=message) as raised:
        backups.restore(path)
    assert path.name in str(raised.value)
    assert names(services) == before
    assert {b.path for b in backups.backups()} == made_before  # no safety copy either


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _other_database(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    return path


def _newer_database(tmp_path: Path, backups: BackupService) -> Path:
    path = backups.back_up().path
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(path, newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    path.unlink()
    return newer


def test_restore_reads_a_copy_with_its_wal_and_leaves_the_picked_file_alone(
    services, backups, tmp_path
) -> None:
    """A database copied while another NetDesk had it open keeps recent writes in -wal."""
    source = tmp_path / "copied.sqlite3"
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    backups_db = backups.back_up().path
    disk = sqlite3.connect(backups_db)
    disk.backup(conn)
    disk.close()
    conn.execute(
        "INSERT INTO contact (display_name, sort_name, created_at, updated_at) "
        "VALUES ('Only in the WAL', 'only', '2026-01-01', '2026-01-01')"
    )
    conn.commit()
    shutil.copy(source, tmp_path / "picked.sqlite3")
    shutil.copy(Path(str(source) + "-wal"), tmp_path / "picked.sqlite3-wal")
    conn.close()
    picked = tmp_path / "picked.sqlite3"
    before = picked.read_bytes()
    backups.restore(picked)
    assert "Only in the WAL" in names(services)
    assert picked.read_bytes() == before


def test_restore_of_a_database_with_another_page_size(services, backups, tmp_path) -> None:
    path = backups.back_up().path
    other = tmp_path / "small-pages.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"VACUUM INTO '{other}'")
    conn.close()
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA page_size = 1024")
    conn.execute("VACUUM")
    conn.close()
    backups.restore(other)
    assert services.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_folder_that_cannot_be_written_is_a_clear_error(services, tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    service = BackupService(
        services.db, services.paths.database, default_folder=blocker / "b", clock=services.clock
    )
    with pytest.raises(BackupError, match="cannot back up"):
        service.back_up()
