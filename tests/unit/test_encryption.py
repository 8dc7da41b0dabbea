"""Encryption at rest on real SQLCipher files: nothing readable on disk, every row kept,
wrong keys refused without a byte changed, and upgrades of encrypted databases."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netdesk.app import Unlock, build_services
from netdesk.db import LATEST_VERSION, close_database, open_database
from netdesk.db.cipher import connect_file, is_encrypted
from netdesk.db.conversion import convert, converting_name
from netdesk.errors import (
    BackupError,
    DatabaseKeyNeeded,
    EncryptionError,
    WrongDatabaseKey,
)
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.services.contacts.service import ContactService
from netdesk.services.credentials import MemoryCredentialStore
from netdesk.services.encryption import keys
from tests.helpers import KeyringInMemory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NAME = "Zephyrine Quillfeather"
NOTE = "confided: unhappy with the reorganisation at Vantablack Labs"
PASSPHRASE = "correct horse battery"


def _add_secret_person(services) -> int:
    record = ContactRecord(display_name=NAME, relation="friend", notes=NOTE)
    return services.contacts.save(record).id


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def _leaks(folder: Path) -> list[str]:
    needles = [NAME.encode(), b"Vantablack", NAME.encode("utf-16-le")]
    return [
        path.name for path in _files_under(folder) if any(n in path.read_bytes() for n in needles)
    ]


def _every_row(path: Path, key: bytes | None) -> dict[str, list[tuple]]:
    conn = connect_file(path, key)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
            )
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def keyring_store() -> KeyringInMemory:
    return KeyringInMemory()


@pytest.fixture
def built(paths, clock, keyring_store):
    services = build_services(paths, credentials=keyring_store, clock=clock)
    yield services
    services.close()


def test_nothing_readable_in_the_database_its_wal_backups_copies_or_temp_files(
    built, paths, tmp_path, monkeypatch
) -> None:
    scratch = tmp_path / "sqlite-temp"
    scratch.mkdir()
    monkeypatch.setenv("SQLITE_TMPDIR", str(scratch))
    person = _add_secret_person(built)
    built.backups.back_up()
    built.db.close()
    assert _leaks(paths.data_dir), "the scan must see the plain text before encryption"

    result = built.encryption.turn_on(passphrase=PASSPHRASE)

    assert result.encrypted and result.copies == 1 and result.left == []
    # Written after encryption, with the connection open: the WAL holds these pages.
    record = built.contacts.get(person)
    built.contacts.save(ContactRecord(**{**record.__dict__, "notes": NOTE + " (again)"}))
    built.contacts.save(ContactRecord(display_name=NAME + " Junior", relation="friend"))
    assert built.contacts.query_ids(ContactFilter(text="quillfea"))  # FTS5, encrypted
    built.backups.back_up()
    wal = paths.database.with_name(paths.database.name + "-wal")
    assert wal.stat().st_size > 0
    assert _leaks(paths.data_dir) == [] and _leaks(scratch) == []
    assert all(is_encrypted(b.path) for b in built.backups.backups())


def test_on_then_off_keeps_every_row(built, paths) -> None:
    _add_secret_person(built)
    built.db.close()
    before = _every_row(paths.database, None)

    built.encryption.turn_on(passphrase=PASSPHRASE)
    key = built.db.key
    assert is_encrypted(paths.database) and _every_row(paths.database, key) == before
    built.encryption.turn_off()

    assert not is_encrypted(paths.database) and _every_row(paths.database, None) == before
    assert not keys.record_path(paths.database).exists()
    assert [built.contacts.get(i).display_name for i in built.contacts.query_ids(ContactFilter())]


def test_a_linkedin_import_into_an_encrypted_database_is_found_and_undone(built) -> None:
    from tests.helpers import HEADER_2018, write

    built.encryption.turn_on()
    rows = "\n".join(f"Ada{i},Lovelace{i},,Analytical {i},Engineer,07 Feb 2026" for i in range(40))
    path = write(built.paths.data_dir.parent / "Connections.csv", HEADER_2018 + "\n" + rows)
    summary = built.imports.import_linkedin(path)
    assert summary.added == 40
    assert len(built.contacts.query_ids(ContactFilter(text="analytical 3"))) >= 1
    built.imports.undo_last_import()
    assert built.contacts.counts().people == 0


def test_meeting_answers_are_saved_and_searched_encrypted(built) -> None:
    from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion

    built.encryption.turn_on()
    person = _add_secret_person(built)
    meetings = built.meetings
    saved = meetings.save(
        MeetingRecord(
            title="Coffee",
            people=[person],
            questions=[PreparedQuestion("person", "What would you do in my place?")],
        )
    )
    meetings.save_answer(saved.questions[0].id, "Consolidation everywhere")  # UPDATE … RETURNING
    assert meetings.get(saved.id).questions[0].answer == "Consolidation everywhere"
    assert [row.title for row in meetings.list("consolidation")] == ["Coffee"]  # FTS5


def test_the_key_is_found_in_the_keyring_at_the_next_start(built, paths, keyring_store) -> None:
    _add_secret_person(built)
    built.encryption.turn_on()
    built.close()
    again = build_services(paths, credentials=keyring_store)
    try:
        assert again.db.encrypted and again.contacts.counts().people == 1
    finally:
        again.close()
    record = keys.load_record(paths.database)
    assert record is not None and record.in_keyring and record.passphrase is None
    text = keys.record_path(paths.database).read_text()
    assert keyring_store.get(keys.KEYRING_SERVICE, record.keyring_user).reveal() not in text


def test_a_wrong_passphrase_or_recovery_key_changes_nothing(built, paths) -> None:
    _add_secret_person(built)
    built.encryption.turn_on(passphrase=PASSPHRASE, keep_in_keyring=False)
    built.close()
    digest = _digest(paths.database)
    no_keyring = MemoryCredentialStore()
    with pytest.raises(DatabaseKeyNeeded) as needed:
        build_services(paths, credentials=no_keyring)
    assert needed.value.passphrase
    with pytest.raises(WrongDatabaseKey, match="passphrase does not unlock"):
        build_services(paths, credentials=no_keyring, unlock=Unlock(passphrase="not it at all"))
    with pytest.raises(WrongDatabaseKey, match="does not open"):
        build_services(paths, credentials=no_keyring, unlock=Unlock(recovery="AB" * 32))
    with pytest.raises(WrongDatabaseKey, match="64 hexadecimal digits"):
        build_services(paths, credentials=no_keyring, unlock=Unlock(recovery="1234"))
    assert _digest(paths.database) == digest
    assert sorted(p.name for p in paths.data_dir.iterdir()) == [
        "netdesk.sqlite3",
        "netdesk.sqlite3.encryption.json",
    ]
    opened = build_services(paths, credentials=no_keyring, unlock=Unlock(passphrase=PASSPHRASE))
    opened.close()


def test_a_lost_keyring_entry_asks_for_the_recovery_key_which_opens_it(
    built, paths, keyring_store
) -> None:
    _add_secret_person(built)
    recovery = built.encryption.turn_on().recovery_key
    built.close()
    digest = _digest(paths.database)
    with pytest.raises(DatabaseKeyNeeded, match="recovery key") as needed:
        build_services(paths, credentials=MemoryCredentialStore())
    assert not needed.value.passphrase and _digest(paths.database) == digest
    # Unlocked by the recovery key, the key goes back into the (new) keyring.
    fresh = KeyringInMemory()
    opened = build_services(paths, credentials=fresh, unlock=Unlock(recovery=recovery))
    opened.close()
    build_services(paths, credentials=fresh).close()


def test_without_a_secure_keyring_a_passphrase_is_required(paths, clock) -> None:
    services = build_services(paths, credentials=MemoryCredentialStore(), clock=clock)
    try:
        with pytest.raises(EncryptionError, match="choose a passphrase"):
            services.encryption.turn_on()
        assert not is_encrypted(paths.database)
        assert not keys.record_path(paths.database).exists()
    finally:
        services.close()


READER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM contact").fetchone()
print("reading", flush=True)
sys.stdin.read()
"""


def test_another_program_with_the_file_open_stops_the_swap_and_nothing_changes(
    built, paths
) -> None:
    _add_secret_person(built)
    digest_rows = _every_row(paths.database, None)
    # Another process: two SQLite libraries in one process cannot see each other's locks.
    other = subprocess.Popen(
        [sys.executable, "-c", READER, str(paths.database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout.readline().strip() == "reading"
        with pytest.raises(EncryptionError, match="in use"):
            built.encryption.turn_on(passphrase=PASSPHRASE)
    finally:
        other.communicate("", timeout=10)
    assert not is_encrypted(paths.database)
    assert not converting_name(paths.database).exists()
    assert not keys.record_path(paths.database).exists()
    assert _every_row(paths.database, None) == digest_rows


def test_an_unfinished_conversion_is_removed_at_the_next_open(tmp_path) -> None:
    path = tmp_path / "netdesk.sqlite3"
    close_database(open_database(path))
    converting_name(path).write_bytes(b"half a copy")
    close_database(open_database(path))
    assert not converting_name(path).exists()


def test_converting_a_file_of_the_other_kind_is_refused(tmp_path) -> None:
    path = tmp_path / "netdesk.sqlite3"
    close_database(open_database(path))
    with pytest.raises(EncryptionError, match="not encrypted"):
        convert(path, os.urandom(32), None)


def test_backups_restore_across_plain_and_encrypted(built, paths) -> None:
    _add_secret_person(built)
    plain_backup = built.backups.back_up().path
    built.encryption.turn_on(passphrase=PASSPHRASE)
    # turn_on encrypted that backup in place; an older plain one from elsewhere:
    outside = paths.data_dir.parent / "from-another-stick.sqlite3"
    built.encryption.turn_off()
    shutil.copy(plain_backup, outside)
    built.encryption.turn_on(passphrase=PASSPHRASE)
    built.contacts.save(ContactRecord(display_name="Added Later", relation="friend"))

    restored = built.backups.restore(outside)  # plain into encrypted: encrypted first

    assert restored.people == 1 and is_encrypted(paths.database)
    assert built.contacts.counts().people == 1
    foreign = paths.data_dir.parent / "foreign.sqlite3"
    close_database(open_database(foreign))
    convert(foreign, None, os.urandom(32))
    with pytest.raises(BackupError, match="another key"):
        built.backups.check(foreign)


def test_an_encrypted_backup_cannot_be_restored_into_a_plain_database(built, paths) -> None:
    _add_secret_person(built)
    built.encryption.turn_on(passphrase=PASSPHRASE)
    made = built.backups.back_up().path
    kept = paths.data_dir.parent / "kept.sqlite3"
    shutil.copy(made, kept)
    built.encryption.turn_off()
    with pytest.raises(BackupError, match="an encrypted one while your data is not"):
        built.backups.check(kept)


@pytest.mark.parametrize(
    "fixture", sorted(FIXTURES.glob("schema_v*.sqlite3")), ids=lambda p: p.stem
)
def test_upgrade_from_every_released_schema_while_encrypted(tmp_path, fixture) -> None:
    path = tmp_path / "netdesk.sqlite3"
    shutil.copy(fixture, path)
    key = os.urandom(32)
    convert(path, None, key)

    db = open_database(path, key)
    try:
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        contacts = ContactService(db)
        found = contacts.query_ids(ContactFilter(text="northw"))  # the FTS5 index
        assert [contacts.get(i).display_name for i in found] == ["Mia Chen"]
    finally:
        close_database(db)
    (copy,) = tmp_path.glob("*.bak")
    assert is_encrypted(copy) and is_encrypted(path)
    needles = (b"Mia Chen", b"Northwind")
    assert not any(n in p.read_bytes() for p in tmp_path.iterdir() for n in needles)


def test_a_passphrase_can_be_changed_and_removed(built, paths, keyring_store) -> None:
    built.encryption.turn_on(passphrase=PASSPHRASE)
    built.encryption.set_passphrase("a new passphrase here")
    built.close()
    no_keyring = MemoryCredentialStore()
    with pytest.raises(WrongDatabaseKey):
        build_services(paths, credentials=no_keyring, unlock=Unlock(passphrase=PASSPHRASE))
    again = build_services(
        paths, credentials=no_keyring, unlock=Unlock(passphrase="a new passphrase here")
    )
    again.close()
    opened = build_services(paths, credentials=keyring_store)
    try:
        opened.encryption.set_passphrase(None)
        assert not opened.encryption.status().has_passphrase
    finally:
        opened.close()


def test_another_thread_holding_a_connection_stops_the_conversion(built, paths) -> None:
    import threading

    _add_secret_person(built)
    opened, finish = threading.Event(), threading.Event()

    def background_task() -> None:
        built.contacts.counts()  # opens this thread's connection and keeps it
        opened.set()
        finish.wait(10)
        built.db.close()

    worker = threading.Thread(target=background_task)
    worker.start()
    try:
        assert opened.wait(10)
        with pytest.raises(EncryptionError, match="still using your data"):
            built.encryption.turn_on(passphrase=PASSPHRASE)
    finally:
        finish.set()
        worker.join(10)
    assert not is_encrypted(paths.database)
    built.encryption.turn_on(passphrase=PASSPHRASE)  # once it has finished
    assert is_encrypted(paths.database)


def test_a_thread_reading_during_the_conversion_waits_and_reads_the_new_file(built) -> None:
    import threading

    _add_secret_person(built)
    seen: list[int] = []
    readers: list[threading.Thread] = []

    def read_in_the_background() -> None:
        seen.append(built.contacts.counts().people)
        built.db.close()

    def progress(percent: int, _message: str) -> None:
        if not readers:  # mid-conversion: a timer's read on another thread
            reader = threading.Thread(target=read_in_the_background)
            readers.append(reader)
            reader.start()
            reader.join(0.2)
            assert reader.is_alive(), "the read must wait for the conversion"

    built.encryption.turn_on(passphrase=PASSPHRASE, progress=progress)
    readers[0].join(10)
    assert seen == [1]


def test_a_keyring_entry_that_does_not_open_the_file_asks_and_is_repaired(
    built, paths, keyring_store
) -> None:
    built.encryption.turn_on(passphrase=PASSPHRASE)
    built.close()
    record = keys.load_record(paths.database)
    keys.store_in_keyring(keyring_store, record, os.urandom(32))  # another copy's key
    with pytest.raises(DatabaseKeyNeeded, match="does not open") as needed:
        build_services(paths, credentials=keyring_store)
    assert needed.value.passphrase
    build_services(paths, credentials=keyring_store, unlock=Unlock(passphrase=PASSPHRASE)).close()
    build_services(paths, credentials=keyring_store).close()  # the right key is back


def test_a_lost_key_record_is_made_again_by_choosing_a_passphrase(built, paths) -> None:
    recovery = built.encryption.turn_on(passphrase=PASSPHRASE).recovery_key
    built.close()
    keys.remove_record(paths.database)
    opened = build_services(
        paths, credentials=MemoryCredentialStore(), unlock=Unlock(recovery=recovery)
    )
    try:
        with pytest.raises(EncryptionError, match="passphrase"):
            opened.encryption.set_passphrase(None)
        opened.encryption.set_passphrase("a brand new passphrase")
    finally:
        opened.close()
    again = build_services(
        paths,
        credentials=MemoryCredentialStore(),
        unlock=Unlock(passphrase="a brand new passphrase"),
    )
    again.close()
