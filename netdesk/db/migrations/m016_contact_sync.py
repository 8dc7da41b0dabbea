"""Schema 16: the CardDAV address book people are kept in step with."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m016_contact_sync(db: peewee.SqliteDatabase) -> None:
    """One CardDAV account (the password in the keyring under keyring_service, never
    here), its address book, which people sync (real relationships, everyone, or a
    tag) and where the last sync left off. Each card NetDesk keeps in step: its person,
    UID, place and ETag, the card as last read or written (so that what NetDesk does
    not map, a photo, a phone's own fields, is written back intact) and the synced
    fields then, the common ancestor of a field-by-field merge, and the person's version
    then (a pass with nothing changed compares versions, not cards). A card deleted on the
    server waits for the user to say whether the person goes too. Fields changed on
    both sides differently are kept as conflicts to show."""
    run_script(
        db,
        """
        CREATE TABLE contacts_account (
            id INTEGER PRIMARY KEY,
            server_url TEXT NOT NULL,
            username TEXT NOT NULL,
            addressbook_url TEXT NOT NULL DEFAULT '',
            addressbook_name TEXT NOT NULL DEFAULT '',
            keyring_service TEXT NOT NULL UNIQUE,
            cert_sha256 TEXT,
            scope TEXT NOT NULL DEFAULT 'relationships'
                CHECK (scope IN ('relationships', 'everyone', 'tag')),
            scope_tag TEXT NOT NULL DEFAULT '',
            sync_token TEXT,
            synced_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE contact_card (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES contacts_account(id) ON DELETE CASCADE,
            contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
            uid TEXT NOT NULL,
            href TEXT NOT NULL,
            etag TEXT,
            card TEXT NOT NULL DEFAULT '',
            base TEXT NOT NULL DEFAULT '{}',
            pushed_version TEXT,
            deleted_on_server TEXT,
            UNIQUE (account_id, uid),
            UNIQUE (account_id, href)
        );
        CREATE INDEX contact_card_contact ON contact_card(contact_id);
        CREATE INDEX contact_card_deleted ON contact_card(contact_id)
            WHERE deleted_on_server IS NOT NULL;
        CREATE TABLE sync_conflict (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            mine TEXT NOT NULL,
            theirs TEXT NOT NULL,
            created_at TEXT NOT NULL,
            resolved_at TEXT
        );
        CREATE INDEX sync_conflict_open ON sync_conflict(contact_id) WHERE resolved_at IS NULL;
        """,
    )
