"""Schema 13: email templates gain the "nice to meet you" purpose (after a networking
event) and our default for it."""

from __future__ import annotations

import time

import peewee

from netdesk.db.migrations._sql import run_script

# Our default, written out here (never read from resources/) so that it cannot drift.
# The note from the event is the user's own shorthand ("wants intros to fintech"): it
# goes in as a bracketed note to self, which the draft asks about before it leaves.
NICE_TO_MEET_YOU_TEMPLATE: dict[str, str] = {
    "key": "nice_to_meet_you",
    "purpose": "nice_to_meet_you",
    "name": "Nice to meet you (after an event)",
    "subject": "Nice to meet you{% if event_name %} at {{ event_name }}{% endif %}",
    "body": (
        "Hi {{ first_name }},\n"
        "\n"
        "It was good to meet you{% if event_name %} at {{ event_name }}{% endif %}"
        "{% if event_date %} on {{ event_date }}{% endif %}, and I enjoyed our "
        "conversation.{% if event_note %} [Your note: {{ event_note }}. One sentence that "
        "picks it up, or delete this.]{% endif %}\n"
        "\n"
        "It would be good to stay in touch.\n"
        "\n"
        "Best wishes,\n"
        "{{ signature }}\n"
    ),
}


def m013_nice_to_meet_you(db: peewee.SqliteDatabase) -> None:
    """Email templates gain a purpose, the short "nice to meet you" after an event, and
    our default one. SQLite cannot change a CHECK constraint: the table is rebuilt."""
    run_script(
        db,
        """
        CREATE TABLE email_template_new (
            id INTEGER PRIMARY KEY,
            builtin_key TEXT UNIQUE,
            purpose TEXT NOT NULL DEFAULT 'other' CHECK (purpose IN (
                'thank_you', 'outreach', 'introduction', 'share_value', 'keep_in_touch',
                'nice_to_meet_you', 'other')),
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        INSERT INTO email_template_new
            SELECT id, builtin_key, purpose, name, subject, body, position, updated_at
            FROM email_template;
        DROP TABLE email_template;
        ALTER TABLE email_template_new RENAME TO email_template;
        """,
    )
    conn = db.connection()
    name = NICE_TO_MEET_YOU_TEMPLATE["name"]
    if conn.execute("SELECT 1 FROM email_template WHERE name = ?", (name,)).fetchone():
        name += " (NetDesk)"  # the user already named one of theirs so: keep both
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM email_template")
    conn.execute(
        "INSERT OR IGNORE INTO email_template (builtin_key, purpose, name, subject, body, "
        "position, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            NICE_TO_MEET_YOU_TEMPLATE["key"],
            NICE_TO_MEET_YOU_TEMPLATE["purpose"],
            name,
            NICE_TO_MEET_YOU_TEMPLATE["subject"],
            NICE_TO_MEET_YOU_TEMPLATE["body"],
            position.fetchone()[0],
            time.strftime("%Y-%m-%d %H:%M:%S"),
        ),
    )
