"""Opening the one SQLite file: owner-only, WAL, foreign keys, migrated.

A new database is built beside its final name and moved into place once migrated, so
a crash during the first start leaves no empty file behind. An empty file at the
database's name is therefore damage (a disk or a copy that failed), and is reported
rather than silently becoming an empty database.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import peewee

from netdesk.db.cipher import Database, connect_file, is_encrypted
from netdesk.db.conversion import remove_leftovers, sync_path
from netdesk.db.migrations import LATEST_VERSION, migrate
from netdesk.errors import (
    DatabaseDamaged,
    DatabaseKeyNeeded,
    DatabaseNewerThanApp,
    SQLiteTooOld,
)

# peewee logs every query with its values (names, notes, addresses) at DEBUG: what
# people confided never goes to a log file, even with --debug.
logging.getLogger("peewee").setLevel(logging.INFO)

# Models bind to this proxy; nothing is opened at import time.
database = peewee.DatabaseProxy()

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
    "cache_size": -32_000,
}


# ALTER TABLE ... DROP COLUMN (migration 7) and UPDATE ... RETURNING.
MINIMUM_SQLITE = (3, 35, 0)


log = logging.getLogger(__name__)

# Building a new database: its own file, so nothing needs syncing until it is whole.
CREATION_PRAGMAS = {"foreign_keys": 1, "journal_mode": "memory", "synchronous": "off"}


def _create_owner_only(path: Path) -> None:
    """Create the migrated database at *path*, owner-only from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    building = path.with_name(path.name + ".creating")
    try:
        building.unlink(missing_ok=True)  # left by a crash during an earlier first start
        # SQLite gives the -wal and -shm files the permissions of the main file.
        fd = os.open(building, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
        os.close(fd)
        db = peewee.SqliteDatabase(str(building), pragmas=CREATION_PRAGMAS)
        db.connect()
        try:
            migrate(db, None)
        finally:
            db.close()
        sync_path(building)
        os.replace(building, path)
        sync_path(path.parent)
    except BaseException:
        building.unlink(missing_ok=True)
        raise


def _make_private(path: Path) -> None:
    """Tighten a data folder or database files others can read (0700 and 0600): an
    older NetDesk, a copy or an archive may have left them open."""
    related = [path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))]
    for candidate in [path.parent, *related]:
        try:
            mode = candidate.stat().st_mode & 0o777
            if mode & 0o077:
                candidate.chmod(mode & 0o700)
        except FileNotFoundError:
            continue
        except OSError as error:  # not ours to change (a shared folder): still usable
            log.warning("cannot make %s private: %s", candidate, error)


def open_database(path: Path, key: bytes | None = None) -> Database:
    """Open (creating if needed) and migrate the database at *path*; bind the models.
    *key* opens an encrypted file and is ignored for a plain one (the file says which)."""
    if sqlite3.sqlite_version_info < MINIMUM_SQLITE:
        needed = ".".join(map(str, MINIMUM_SQLITE))
        raise SQLiteTooOld(
            f"NetDesk needs SQLite {needed} or newer, and this Python has "
            f"{sqlite3.sqlite_version}; use a newer Python (3.11 from python.org or a "
            "current distribution has it). Nothing was changed."
        )
    path = Path(path)
    remove_leftovers(path)
    if not path.exists():
        _create_owner_only(path)
    elif path.is_file() and path.stat().st_size == 0:
        raise DatabaseDamaged(
            f"{path} is empty (0 bytes), so the data it held is lost; nothing was changed. "
            "Move the file aside and start NetDesk again, then restore a backup."
        )
    _make_private(path)
    if not is_encrypted(path):
        key = None
    elif key is None:
        raise DatabaseKeyNeeded(f"{path} is encrypted and needs its key to open.", False)
    # Check before setting any pragma: switching to WAL would already change the file.
    version = _stored_version(path, key)
    if version > LATEST_VERSION:
        raise DatabaseNewerThanApp(
            f"{path} was written by a newer NetDesk (schema {version}, this app knows "
            f"{LATEST_VERSION}); please update NetDesk."
        )
    db = Database(str(path), key, pragmas=PRAGMAS, timeout=10)
    try:
        db.connect(reuse_if_open=True)
        migrate(db, path)
    except peewee.DatabaseError as error:
        if not any(word in str(error) for word in DAMAGE_WORDS):
            raise
        db.close()  # the schema itself is unreadable: say so, change nothing
        raise DatabaseDamaged(
            f"{path} is damaged ({error}); nothing was changed. Move the file aside and "
            "start NetDesk again, then restore a backup."
        ) from None
    database.initialize(db)
    return db


DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted")


def _stored_version(path: Path, key: bytes | None) -> int:
    conn = connect_file(f"{path.resolve().as_uri()}?mode=ro", key, uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def close_database(db: peewee.Database) -> None:
    if not db.is_closed():
        db.close()
