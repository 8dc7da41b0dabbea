"""Opening the one SQLite file: owner-only, WAL, foreign keys, migrated."""

from __future__ import annotations

import os
from pathlib import Path

import peewee

from netdesk.db.migrations import LATEST_VERSION, migrate

# Models bind to this proxy; nothing is opened at import time.
database = peewee.DatabaseProxy()

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
    "cache_size": -32_000,
}


class DatabaseNewerThanApp(RuntimeError):
    """The file was written by a newer NetDesk; opening it could damage it."""


def _create_owner_only(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # SQLite gives the -wal and -shm files the permissions of the main file.
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


def open_database(path: Path) -> peewee.SqliteDatabase:
    """Open (creating if needed) and migrate the database at *path*; bind the models."""
    path = Path(path)
    if not path.exists():
        _create_owner_only(path)
    db = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=10)
    db.connect(reuse_if_open=True)
    version = db.execute_sql("PRAGMA user_version").fetchone()[0]
    if version > LATEST_VERSION:
        db.close()
        raise DatabaseNewerThanApp(
            f"{path} was written by a newer NetDesk (schema {version}, this app knows "
            f"{LATEST_VERSION}); please update NetDesk."
        )
    migrate(db, path)
    database.initialize(db)
    return db


def close_database(db: peewee.Database) -> None:
    if not db.is_closed():
        db.close()
