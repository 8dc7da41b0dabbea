"""Schema 6: keep-in-touch settings, the outreach pipeline, held meetings as interactions."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m006_keeping_in_touch(db: peewee.SqliteDatabase) -> None:
    """Keep-in-touch settings per person, the outreach pipeline, and last-interaction
    dates that count held meetings."""
    run_script(
        db,
        """
        CREATE TABLE keep_in_touch (
            contact_id INTEGER PRIMARY KEY REFERENCES contact(id) ON DELETE CASCADE,
            -- NULL: the default for how I know them (code, overridable in setting).
            interval_days INTEGER CHECK (interval_days IS NULL OR interval_days > 0),
            stopped INTEGER NOT NULL DEFAULT 0 CHECK (stopped IN (0, 1)),
            snoozed_until TEXT
        );
        CREATE TABLE outreach (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            sent_on TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT 'email'
                CHECK (channel IN ('email', 'linkedin', 'phone', 'in_person', 'other')),
            warm INTEGER NOT NULL DEFAULT 0 CHECK (warm IN (0, 1)),
            -- Who introduced me. No foreign key on purpose: deleting the introducer must
            -- neither delete the request nor forget it was warm, and ids are never
            -- reused, so undoing that delete brings the name back.
            via_contact_id INTEGER,
            response TEXT NOT NULL DEFAULT 'none'
                CHECK (response IN ('none', 'accepted', 'declined', 'no_answer')),
            responded_on TEXT,
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX outreach_contact ON outreach(contact_id);
        CREATE INDEX outreach_open ON outreach(response, sent_on);
        CREATE INDEX outreach_meeting ON outreach(meeting_id);
        CREATE INDEX interaction_give_ask ON interaction(contact_id, give_ask)
            WHERE give_ask IS NOT NULL;
        -- A held meeting is an interaction: earlier versions did not move the date.
        UPDATE contact SET last_interaction = (
                SELECT max(substr(m.starts_at, 1, 10)) FROM meeting m
                JOIN meeting_person mp ON mp.meeting_id = m.id
                WHERE mp.contact_id = contact.id AND m.status = 'held')
            WHERE coalesce(last_interaction, '') < (
                SELECT max(substr(m.starts_at, 1, 10)) FROM meeting m
                JOIN meeting_person mp ON mp.meeting_id = m.id
                WHERE mp.contact_id = contact.id AND m.status = 'held');
        """,
    )
