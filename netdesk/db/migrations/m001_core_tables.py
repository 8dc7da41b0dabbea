"""Schema 1: people, organisations, tags, links and import batches."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m001_core_tables(db: peewee.SqliteDatabase) -> None:
    run_script(
        db,
        """
        CREATE TABLE organisation (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE
        );
        CREATE TABLE import_batch (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            file_name TEXT NOT NULL,
            file_path TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            added INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            problems TEXT NOT NULL DEFAULT '[]',
            undone_at TEXT
        );
        CREATE TABLE contact (
            -- AUTOINCREMENT: a deleted person's id is never reused, so undo can restore it.
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            given_name TEXT NOT NULL DEFAULT '',
            family_name TEXT NOT NULL DEFAULT '',
            display_name TEXT NOT NULL,
            sort_name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            organisation_id INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
            role TEXT NOT NULL DEFAULT '',
            emails TEXT NOT NULL DEFAULT '',
            phones TEXT NOT NULL DEFAULT '',
            linkedin_url TEXT,
            location TEXT NOT NULL DEFAULT '',
            relation TEXT NOT NULL DEFAULT 'other',
            closeness INTEGER NOT NULL DEFAULT 3 CHECK (closeness BETWEEN 1 AND 5),
            notes TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'manual',
            connected_on TEXT,
            last_interaction TEXT,
            user_edited TEXT NOT NULL DEFAULT '',
            import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX contact_linkedin_url ON contact(linkedin_url)
            WHERE linkedin_url IS NOT NULL;
        CREATE INDEX contact_sort_name ON contact(sort_name, id);
        CREATE INDEX contact_organisation ON contact(organisation_id);
        CREATE TABLE tag (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE contact_tag (
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
            PRIMARY KEY (contact_id, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX contact_tag_tag ON contact_tag(tag_id);
        CREATE TABLE link (
            id INTEGER PRIMARY KEY,
            from_contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            to_contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'knows',
            label TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            CHECK (from_contact_id <> to_contact_id)
        );
        CREATE INDEX link_from ON link(from_contact_id);
        CREATE INDEX link_to ON link(to_contact_id);
        CREATE TABLE import_change (
            batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
            entity TEXT NOT NULL CHECK (entity IN ('contact', 'organisation', 'tag')),
            entity_id INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('added', 'updated')),
            previous TEXT
        );
        CREATE INDEX import_change_batch ON import_change(batch_id);
        """,
    )
