"""Schema 8: email templates gain the introduction purpose and our default for it."""

from __future__ import annotations

import time

import peewee

from netdesk.db.migrations._sql import run_script

# Our default, written out here (never read from resources/) so that it cannot drift.
INTRODUCTION_TEMPLATE: dict[str, str] = {
    "key": "introduction",
    "purpose": "introduction",
    "name": "Asking for an introduction",
    "subject": "Could you introduce me to {{ target_first_name or target_name }}?",
    "body": (
        "Hi {{ first_name }},\n"
        "\n"
        "I hope you are well. I am exploring [one sentence about what you are "
        "exploring], and I would love to learn from {{ target_name }}{% if target_role "
        "%}, {{ target_role }}{% endif %}{% if target_organisation %} at {{ "
        "target_organisation }}{% endif %}.\n"
        "\n"
        "Would you be comfortable introducing us, or letting me mention your name when "
        "I write to {{ target_first_name or target_name }}? I would ask for 20–30 "
        "minutes of their time to hear how they see their work; I am not asking for a job.\n"
        "\n"
        "If it is not a good moment, no problem at all.\n"
        "\n"
        "Thank you,\n"
        "{{ signature }}\n"
    ),
}


def m008_introduction_requests(db: peewee.SqliteDatabase) -> None:
    """Email templates gain a purpose, asking someone for an introduction, and our
    default one. SQLite cannot change a CHECK constraint: the table is rebuilt."""
    run_script(
        db,
        """
        CREATE TABLE email_template_new (
            id INTEGER PRIMARY KEY,
            builtin_key TEXT UNIQUE,
            purpose TEXT NOT NULL DEFAULT 'other' CHECK (purpose IN (
                'thank_you', 'outreach', 'introduction', 'share_value', 'keep_in_touch',
                'other')),
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
    name = INTRODUCTION_TEMPLATE["name"]
    if conn.execute("SELECT 1 FROM email_template WHERE name = ?", (name,)).fetchone():
        name += " (NetDesk)"  # the user already named one of theirs so: keep both
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM email_template")
    conn.execute(
        "INSERT OR IGNORE INTO email_template (builtin_key, purpose, name, subject, body, "
        "position, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            INTRODUCTION_TEMPLATE["key"],
            INTRODUCTION_TEMPLATE["purpose"],
            name,
            INTRODUCTION_TEMPLATE["subject"],
            INTRODUCTION_TEMPLATE["body"],
            position.fetchone()[0],
            time.strftime("%Y-%m-%d %H:%M:%S"),
        ),
    )
