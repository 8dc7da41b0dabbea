"""Schema 14: what a scan of the user's mailbox remembers, and emails known by Message-ID."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m014_mail_scan(db: peewee.SqliteDatabase) -> None:
    """Per mailbox folder scanned: its UIDVALIDITY, the last UID read and the highest
    MODSEQ, so that the next scan reads only what is new (and starts the folder over
    when UIDVALIDITY changes). An email on a timeline keeps its Message-ID and whether
    it was sent or received, so the same message seen twice (in Sent and in a copy to
    oneself, or sent by NetDesk and found in Sent) is one entry. An outreach request
    sent by email keeps its Message-ID, and a reply seen in the mailbox waits on Today
    for the user to say what it answered. A person can be left out of mail tracking."""
    run_script(
        db,
        """
        CREATE TABLE mail_folder (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES mail_account(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('sent', 'inbox', 'archive')),
            uidvalidity INTEGER,
            last_uid INTEGER NOT NULL DEFAULT 0,
            highest_modseq INTEGER,
            scanned_at TEXT,
            UNIQUE (account_id, name)
        );
        ALTER TABLE interaction ADD COLUMN message_id TEXT;
        ALTER TABLE interaction ADD COLUMN direction TEXT
            CHECK (direction IS NULL OR direction IN ('sent', 'received'));
        CREATE UNIQUE INDEX interaction_message ON interaction(contact_id, message_id)
            WHERE message_id IS NOT NULL;
        ALTER TABLE outreach ADD COLUMN message_id TEXT;
        ALTER TABLE outreach ADD COLUMN reply_at TEXT;
        CREATE INDEX outreach_message ON outreach(message_id) WHERE message_id IS NOT NULL;
        ALTER TABLE contact ADD COLUMN track_mail INTEGER NOT NULL DEFAULT 1
            CHECK (track_mail IN (0, 1));
        """,
    )
