"""Schema 12: a to-do remembers the event it follows up."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m012_todo_event(db: peewee.SqliteDatabase) -> None:
    """The "nice to meet you" and "propose a conversation" to-dos of a quick capture
    point at their event, so that Today can group them under it and the event's page
    can tell who has been followed up. To-dos made by captures before this schema are
    linked from what each capture recorded."""
    run_script(
        db,
        """
        ALTER TABLE todo ADD COLUMN event_id INTEGER REFERENCES event(id) ON DELETE SET NULL;
        CREATE INDEX todo_event ON todo(event_id) WHERE event_id IS NOT NULL;
        UPDATE todo SET event_id = (
            SELECT c.event_id FROM event_capture c, json_each(c.added, '$.todos') AS made
            WHERE c.undone_at IS NULL AND json_extract(made.value, '$[0]') = todo.id
        )
        WHERE id IN (
            SELECT json_extract(made.value, '$[0]')
            FROM event_capture c, json_each(c.added, '$.todos') AS made
            WHERE c.undone_at IS NULL
        );
        """,
    )
