"""Schema 4: saved question sets, to-dos, map positions and settings."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m004_templates_todos_map(db: peewee.SqliteDatabase) -> None:
    """Saved question sets, follow-up to-dos, stored map positions and small settings."""
    run_script(
        db,
        """
        CREATE TABLE question_template (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE question_template_item (
            template_id INTEGER NOT NULL REFERENCES question_template(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            question_id INTEGER REFERENCES question(id) ON DELETE SET NULL,
            layer TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (template_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE todo (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'other',
            contact_id INTEGER REFERENCES contact(id) ON DELETE CASCADE,
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
            due_on TEXT,
            snoozed_until TEXT,
            done_at TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX todo_open ON todo(done_at, due_on);
        CREATE INDEX todo_contact ON todo(contact_id);
        CREATE INDEX todo_meeting ON todo(meeting_id);
        CREATE TABLE map_position (
            contact_id INTEGER PRIMARY KEY REFERENCES contact(id) ON DELETE CASCADE,
            x REAL NOT NULL,
            y REAL NOT NULL
        );
        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    )
