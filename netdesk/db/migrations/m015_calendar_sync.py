"""Schema 15: the CalDAV calendar NetDesk keeps in step with, and the events it knows."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m015_calendar_sync(db: peewee.SqliteDatabase) -> None:
    """One CalDAV account (the password is in the keyring under keyring_service, never
    here), the calendar chosen in it and where the last sync left off (the sync-token,
    else the ctag). Each calendar event NetDesk knows: the one a meeting was pushed as
    (its UID, where it lives, its ETag, the meeting's version pushed), or one of the
    user's own events with people NetDesk knows that ended without a meeting, which
    Today asks about ("Did you meet Priya Wei on 3 Dec?") until answered."""
    run_script(
        db,
        """
        CREATE TABLE calendar_account (
            id INTEGER PRIMARY KEY,
            server_url TEXT NOT NULL,
            username TEXT NOT NULL,
            calendar_url TEXT NOT NULL DEFAULT '',
            calendar_name TEXT NOT NULL DEFAULT '',
            keyring_service TEXT NOT NULL UNIQUE,
            cert_sha256 TEXT,
            sync_token TEXT,
            synced_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE calendar_event (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES calendar_account(id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            href TEXT NOT NULL,
            etag TEXT,
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
            pushed_version TEXT,
            summary TEXT NOT NULL DEFAULT '',
            starts_at TEXT,
            ends_at TEXT,
            people TEXT NOT NULL DEFAULT '',
            prompt TEXT NOT NULL DEFAULT 'none'
                CHECK (prompt IN ('none', 'open', 'recorded', 'dismissed')),
            UNIQUE (account_id, uid)
        );
        CREATE INDEX calendar_event_meeting ON calendar_event(meeting_id)
            WHERE meeting_id IS NOT NULL;
        CREATE INDEX calendar_event_prompt ON calendar_event(prompt) WHERE prompt = 'open';
        CREATE INDEX calendar_event_href ON calendar_event(account_id, href);
        """,
    )
