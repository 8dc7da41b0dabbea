"""Schema 18: job history, pairs the user said are different people, and merges."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m018_positions_and_merges(db: peewee.SqliteDatabase) -> None:
    """A person's positions (organisation, role, from, to; the current one has no end),
    today's organisation and role becoming each person's current position. A position
    opened by a newer export tells what changed (moved or promoted), the export's day,
    and whether Today still asks to congratulate. The user's own history (LinkedIn's
    Positions.csv) is the "me" person's positions.

    Pairs of people the user said are not the same person (never proposed again), and
    each merge with a snapshot of everything it changed, so that it can be undone
    exactly, also after a restart."""
    run_script(
        db,
        """
        CREATE TABLE position (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            organisation_id INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
            role TEXT NOT NULL DEFAULT '',
            started_on TEXT,
            ended_on TEXT,
            source TEXT NOT NULL DEFAULT 'manual',
            change TEXT CHECK (change IN ('moved', 'promoted', 'role')),
            seen_on TEXT,
            prompt TEXT NOT NULL DEFAULT 'none'
                CHECK (prompt IN ('none', 'open', 'done', 'dismissed')),
            created_at TEXT NOT NULL
        );
        CREATE INDEX position_contact ON position(contact_id);
        CREATE INDEX position_current ON position(organisation_id) WHERE ended_on IS NULL;
        CREATE INDEX position_seen ON position(seen_on) WHERE seen_on IS NOT NULL;
        CREATE INDEX position_prompt ON position(prompt) WHERE prompt = 'open';
        INSERT INTO position (contact_id, organisation_id, role, source, created_at)
            SELECT id, organisation_id, role, 'earlier', created_at FROM contact
            WHERE organisation_id IS NOT NULL OR role != '';

        CREATE TABLE not_duplicate (
            first_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            second_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            decided_at TEXT NOT NULL,
            PRIMARY KEY (first_id, second_id),
            CHECK (first_id < second_id)
        ) WITHOUT ROWID;

        CREATE TABLE person_merge (
            id INTEGER PRIMARY KEY,
            kept_id INTEGER NOT NULL,
            merged_id INTEGER NOT NULL,
            merged_name TEXT NOT NULL,
            snapshot TEXT NOT NULL,
            merged_at TEXT NOT NULL,
            undone_at TEXT
        );
        """,
    )
