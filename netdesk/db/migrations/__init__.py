"""Numbered, append-only schema migrations tracked in PRAGMA user_version.

Each migration is a module of plain SQL, with any rows it seeds written out in it as
literal data, so that it never changes when the models or the files in resources/ do.
Never edit a released migration: append a new one.

The package re-exports each migration function under its module's name, so
``migrations.m009_mail_security`` is the function that ``MIGRATIONS`` holds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import peewee

from netdesk.db.cipher import connect_file
from netdesk.db.migrations._sql import run_script, split_statements
from netdesk.db.migrations.m001_core_tables import m001_core_tables
from netdesk.db.migrations.m002_search_index import m002_search_index
from netdesk.db.migrations.m003_meetings import m003_meetings
from netdesk.db.migrations.m004_templates_todos_map import m004_templates_todos_map
from netdesk.db.migrations.m005_mail import m005_mail
from netdesk.db.migrations.m006_keeping_in_touch import m006_keeping_in_touch
from netdesk.db.migrations.m007_name_key_derived import m007_name_key_derived
from netdesk.db.migrations.m008_introduction_requests import m008_introduction_requests
from netdesk.db.migrations.m009_mail_security import m009_mail_security
from netdesk.db.migrations.m010_meeting_search_as_you_type import (
    m010_meeting_search_as_you_type,
)
from netdesk.db.migrations.m011_events import m011_events
from netdesk.db.migrations.m012_todo_event import m012_todo_event
from netdesk.db.migrations.m013_nice_to_meet_you import m013_nice_to_meet_you
from netdesk.db.migrations.m014_mail_scan import m014_mail_scan
from netdesk.db.migrations.m015_calendar_sync import m015_calendar_sync
from netdesk.db.migrations.m016_contact_sync import m016_contact_sync
from netdesk.db.migrations.m017_calendar_todos import m017_calendar_todos
from netdesk.db.migrations.m018_positions_and_merges import m018_positions_and_merges
from netdesk.db.migrations.m019_job_search import m019_job_search

Migration = Callable[[peewee.SqliteDatabase], None]

MIGRATIONS: list[Migration] = [
    m001_core_tables,
    m002_search_index,
    m003_meetings,
    m004_templates_todos_map,
    m005_mail,
    m006_keeping_in_touch,
    m007_name_key_derived,
    m008_introduction_requests,
    m009_mail_security,
    m010_meeting_search_as_you_type,
    m011_events,
    m012_todo_event,
    m013_nice_to_meet_you,
    m014_mail_scan,
    m015_calendar_sync,
    m016_contact_sync,
    m017_calendar_todos,
    m018_positions_and_merges,
    m019_job_search,
]
LATEST_VERSION = len(MIGRATIONS)

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "Migration",
    "backup_copy",
    "migrate",
    "run_script",
    "split_statements",
    "user_version",
]


def user_version(db: peewee.SqliteDatabase) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def backup_copy(db: peewee.SqliteDatabase, path: Path, version: int) -> Path:
    """Copy the live database with SQLite's online backup API before an upgrade."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-v{version + 1}-{stamp}.bak")
    # Owner-only from its creation: the copy holds everything the database holds.
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    # Encrypted with the live file's key: a copy must not undo the encryption.
    destination = connect_file(target, getattr(db, "key", None))
    try:
        db.connection().backup(destination)
    finally:
        destination.close()
    return target


def migrate(
    db: peewee.SqliteDatabase, path: Path | None = None, target: int = LATEST_VERSION
) -> Path | None:
    """Apply pending migrations up to *target*, each atomically. Returns the backup made, if any."""
    version = user_version(db)
    if version >= target:
        return None
    backup = backup_copy(db, path, version) if path is not None and version > 0 else None
    for number in range(version + 1, target + 1):
        with db.atomic():
            MIGRATIONS[number - 1](db)
            # user_version lives in the file header and commits with the transaction.
            db.execute_sql(f"PRAGMA user_version = {number}")
    return backup
