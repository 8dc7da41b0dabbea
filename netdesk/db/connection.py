"""Opening the one SQLite file: owner-only, WAL, foreign keys, migrated."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import peewee

from netdesk.db.migrations import LATEST_VERSION, migrate
from netdesk.errors import DatabaseNewerThanApp, SQLiteTooOld

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


def _create_owner_only(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # SQLite gives the -wal and -shm files the permissions of the main file.
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


def open_database(path: Path) -> peewee.SqliteDatabase:
    """Open (creating if needed) and migrate the database at *path*; bind the models."""
    if sqlite3.sqlite_version_info < MINIMUM_SQLITE:
        needed = ".".join(map(str, MINIMUM_SQLITE))
        raise SQLiteTooOld(
            f"NetDesk needs SQLite {needed} or newer, and this Python has "
            f"{sqlite3.sqlite_version}; use a newer Python (3.11 from python.org or a "
            "current distribution has it). Nothing was changed."
        )
    path = Path(path)
    if not path.exists():
        _create_owner_only(path)
    # Check before setting any pragma: switching to WAL would already change the file.
    version = _stored_version(path)
    if version > LATEST_VERSION:
        raise DatabaseNewerThanApp(
            f"{path} was written by a newer NetDesk (schema {version}, this app knows "
            f"{LATEST_VERSION}); please update NetDesk."
        )
    db = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=10)
    db.connect(reuse_if_open=True)
    migrate(db, path)
    database.initialize(db)
    return db


def _stored_version(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def close_database(db: peewee.Database) -> None:
    if not db.is_closed():
        db.close()
