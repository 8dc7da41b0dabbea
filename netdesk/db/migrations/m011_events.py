"""Schema 11: networking events, the people met there and who introduced whom."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m011_events(db: peewee.SqliteDatabase) -> None:
    """An event (a meetup, a conference, a career fair...), the people the user met
    there with a one-line note and a star for those worth a conversation, who
    introduced whom there, and each quick capture of the people met, with what it
    added, so that it can be undone as one step."""
    run_script(
        db,
        """
        CREATE TABLE event (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            held_on TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'meetup' CHECK (kind IN (
                'meetup', 'conference', 'career_fair', 'association', 'alumni', 'other')),
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX event_held_on ON event(held_on, id);
        CREATE TABLE event_person (
            event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            note TEXT NOT NULL DEFAULT '',
            starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
            PRIMARY KEY (event_id, contact_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_person_contact ON event_person(contact_id);
        CREATE TABLE event_introduction (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
            introducer_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            introduced_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            CHECK (introducer_id <> introduced_id)
        );
        CREATE INDEX event_introduction_event ON event_introduction(event_id);
        CREATE INDEX event_introduction_introducer ON event_introduction(introducer_id);
        CREATE INDEX event_introduction_introduced ON event_introduction(introduced_id);
        CREATE TABLE event_capture (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
            captured_at TEXT NOT NULL,
            added TEXT NOT NULL DEFAULT '{}',
            undone_at TEXT
        );
        CREATE INDEX event_capture_event ON event_capture(event_id);
        """,
    )
