"""Schema 17: follow-up to-dos travel through the CalDAV calendar as VTODOs."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m017_calendar_todos(db: peewee.SqliteDatabase) -> None:
    """A calendar item NetDesk knows may now stand for a to-do (a VTODO) as well as a
    meeting; its pushed_version is then a digest of the to-do's fields as pushed (a
    to-do has no updated_at of its own)."""
    run_script(
        db,
        """
        ALTER TABLE calendar_event ADD COLUMN todo_id INTEGER
            REFERENCES todo(id) ON DELETE SET NULL;
        CREATE INDEX calendar_event_todo ON calendar_event(todo_id) WHERE todo_id IS NOT NULL;
        """,
    )
