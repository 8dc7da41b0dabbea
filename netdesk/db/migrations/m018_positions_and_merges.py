"""Schema 18: job history, pairs the user said are different people, and merges."""

from __future__ import annotations

import time

import peewee

from netdesk.db.migrations._sql import run_script

# Our default, written out here (never read from resources/) so that it cannot drift.
CONGRATULATE_TEMPLATE: dict[str, str] = {
    "key": "congratulate",
    "purpose": "congratulate",
    "name": "Congratulations on the new role",
    "subject": "Congratulations on the new role!",
    "body": (
        "Hi {{ first_name }},\n"
        "\n"
        "I saw that you {% if organisation %}started at {{ organisation }}"
        "{% else %}took on a new role{% endif %}{% if role %} as {{ role }}{% endif %}: "
        "congratulations! {% if previous_organisation %}After your time at "
        "{{ previous_organisation }}, it{% else %}It{% endif %} sounds like a great next "
        "step.\n"
        "\n"
        "I would love to hear how the first weeks are going, whenever suits you.\n"
        "\n"
        "Best wishes,\n"
        "{{ signature }}\n"
    ),
}


def m018_positions_and_merges(db: peewee.SqliteDatabase) -> None:
    """A person's positions (organisation, role, from, to; the current one has no end).
    Each person's organisation and role stay their current position: a row holds it only
    once something more is known (a start, a job change), so that an import of 30,000
    people writes none; every earlier job is a row. A position opened by a newer export
    tells what changed (moved or promoted), the export's day, the position it replaced
    and the import that opened it (undoing the import reopens the old one; plain
    numbers, not foreign keys: a key without an index of its own would make deleting
    many people scan this table once per row), and whether Today still asks to
    congratulate. The user's own history (LinkedIn's Positions.csv) is the "me"
    person's positions. Email templates gain the "congratulate" purpose and our default.

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
            replaces_id INTEGER,
            import_batch_id INTEGER,
            created_at TEXT NOT NULL
        );
        CREATE INDEX position_contact ON position(contact_id);
        CREATE INDEX position_seen ON position(seen_on) WHERE seen_on IS NOT NULL;
        CREATE INDEX position_prompt ON position(prompt) WHERE prompt = 'open';
        CREATE INDEX position_batch ON position(import_batch_id)
            WHERE import_batch_id IS NOT NULL;

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
    _congratulate_purpose(db)


def _congratulate_purpose(db: peewee.SqliteDatabase) -> None:
    """SQLite cannot change a CHECK constraint: the templates' table is rebuilt."""
    run_script(
        db,
        """
        CREATE TABLE email_template_new (
            id INTEGER PRIMARY KEY,
            builtin_key TEXT UNIQUE,
            purpose TEXT NOT NULL DEFAULT 'other' CHECK (purpose IN (
                'thank_you', 'outreach', 'introduction', 'share_value', 'keep_in_touch',
                'nice_to_meet_you', 'congratulate', 'other')),
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
    name = CONGRATULATE_TEMPLATE["name"]
    if conn.execute("SELECT 1 FROM email_template WHERE name = ?", (name,)).fetchone():
        name += " (NetDesk)"  # the user already named one of theirs so: keep both
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM email_template")
    conn.execute(
        "INSERT OR IGNORE INTO email_template (builtin_key, purpose, name, subject, body, "
        "position, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            CONGRATULATE_TEMPLATE["key"],
            CONGRATULATE_TEMPLATE["purpose"],
            name,
            CONGRATULATE_TEMPLATE["subject"],
            CONGRATULATE_TEMPLATE["body"],
            position.fetchone()[0],
            time.strftime("%Y-%m-%d %H:%M:%S"),
        ),
    )
