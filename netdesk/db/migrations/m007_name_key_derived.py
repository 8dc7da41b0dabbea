"""Schema 7: the name key is derived, no longer stored."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m007_name_key_derived(db: peewee.SqliteDatabase) -> None:
    """A person's name key (folded name and organisation) is derived where it is needed
    instead of stored: every import wrote it for every new person."""
    run_script(db, "ALTER TABLE contact DROP COLUMN name_key;")
