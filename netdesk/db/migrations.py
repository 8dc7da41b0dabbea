"""Numbered, append-only schema migrations tracked in PRAGMA user_version.

Each migration is plain SQL so that it never changes when the models do.
Never edit a released migration: append a new one.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import peewee

Migration = Callable[[peewee.SqliteDatabase], None]


def _run(db: peewee.SqliteDatabase, script: str) -> None:
    for statement in _split_statements(script):
        db.execute_sql(statement)


def _split_statements(script: str) -> list[str]:
    """Split on ';' at statement ends, keeping trigger bodies (BEGIN ... END;) whole."""
    statements, current = [], []
    for line in script.splitlines():
        current.append(line)
        candidate = "\n".join(current).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            current = []
    rest = "\n".join(current).strip()
    if rest:
        statements.append(rest)
    return statements


def m001_core_tables(db: peewee.SqliteDatabase) -> None:
    _run(
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


# The search index is derived data. Inserts and updates refresh it explicitly
# (services/search_index.py) so that bulk imports can index 30,000 rows in one
# statement; deletes, including cascades, go through a trigger.
# Search matches every word as a prefix in any field, so each person is one row of
# words and the index keeps neither columns nor positions (detail = none): the
# cheapest layout to write.
def m002_search_index(db: peewee.SqliteDatabase) -> None:
    _run(
        db,
        """
        CREATE VIRTUAL TABLE contact_fts USING fts5(
            words,
            tokenize = 'unicode61 remove_diacritics 2',
            detail = none,
            columnsize = 0
        );
        INSERT INTO contact_fts(rowid, words)
            SELECT c.id, c.display_name || ' ' || coalesce(o.name, '') || ' ' || c.role
                   || ' ' || c.notes || ' ' || c.location
                   || coalesce(' ' || (SELECT group_concat(t.name, ' ') FROM contact_tag ct
                                       JOIN tag t ON t.id = ct.tag_id
                                       WHERE ct.contact_id = c.id), '')
            FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id;
        CREATE TRIGGER contact_fts_delete AFTER DELETE ON contact BEGIN
            DELETE FROM contact_fts WHERE rowid = old.id;
        END;
        """,
    )


def m003_meetings(db: peewee.SqliteDatabase) -> None:
    """Meetings (informational interviews and others), their people, the question bank,
    the questions prepared for each meeting with their answers, and referrals."""
    _run(
        db,
        """
        CREATE TABLE meeting (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'informational',
            status TEXT NOT NULL DEFAULT 'idea',
            starts_at TEXT,
            duration_minutes INTEGER NOT NULL DEFAULT 30 CHECK (duration_minutes > 0),
            place TEXT NOT NULL DEFAULT '',
            purpose TEXT NOT NULL DEFAULT '',
            research TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            takeaways TEXT NOT NULL DEFAULT '',
            promised TEXT NOT NULL DEFAULT '',
            offered TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX meeting_starts_at ON meeting(starts_at);
        CREATE TABLE meeting_person (
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            PRIMARY KEY (meeting_id, contact_id)
        ) WITHOUT ROWID;
        CREATE INDEX meeting_person_contact ON meeting_person(contact_id);
        CREATE TABLE question (
            id INTEGER PRIMARY KEY,
            layer TEXT NOT NULL CHECK (layer IN ('industry', 'organisation', 'person', 'closing')),
            text TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE meeting_question (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            question_id INTEGER REFERENCES question(id) ON DELETE SET NULL,
            layer TEXT NOT NULL,
            text TEXT NOT NULL,
            position INTEGER NOT NULL,
            answer TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX meeting_question_meeting ON meeting_question(meeting_id, position);
        CREATE INDEX meeting_question_question ON meeting_question(question_id);
        CREATE TABLE referral (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
            from_contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            to_contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            permission TEXT NOT NULL DEFAULT 'ask' CHECK (permission IN ('yes', 'no', 'ask')),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            CHECK (from_contact_id <> to_contact_id)
        );
        CREATE INDEX referral_to ON referral(to_contact_id);
        CREATE INDEX referral_from ON referral(from_contact_id);
        CREATE VIRTUAL TABLE meeting_fts USING fts5(
            title, people, purpose, notes, answers,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER meeting_fts_delete AFTER DELETE ON meeting BEGIN
            DELETE FROM meeting_fts WHERE rowid = old.id;
        END;
        """,
    )
    _seed_question_bank(db)


def _seed_question_bank(db: peewee.SqliteDatabase) -> None:
    bank = json.loads(
        (Path(__file__).resolve().parent.parent / "resources" / "question_bank.json").read_text(
            encoding="utf-8"
        )
    )
    rows = [
        (layer, text, position)
        for layer in ("industry", "organisation", "person", "closing")
        for position, text in enumerate(bank[layer])
    ]
    db.connection().executemany(
        "INSERT INTO question (layer, text, position) VALUES (?, ?, ?)", rows
    )


def m004_templates_todos_map(db: peewee.SqliteDatabase) -> None:
    """Saved question sets, follow-up to-dos, stored map positions and small settings."""
    _run(
        db,
        """
        CREATE TABLE question_template (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE question_template_item (
            template_id INTEGER NOT NULL REFERENCES question_template(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            question_id INTEGER REFERENCES question(id) ON DELETE SET NULL,
            layer TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (template_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE todo (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'other',
            contact_id INTEGER REFERENCES contact(id) ON DELETE CASCADE,
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
            due_on TEXT,
            snoozed_until TEXT,
            done_at TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX todo_open ON todo(done_at, due_on);
        CREATE INDEX todo_contact ON todo(contact_id);
        CREATE INDEX todo_meeting ON todo(meeting_id);
        CREATE TABLE map_position (
            contact_id INTEGER PRIMARY KEY REFERENCES contact(id) ON DELETE CASCADE,
            x REAL NOT NULL,
            y REAL NOT NULL
        );
        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    )


def m005_mail(db: peewee.SqliteDatabase) -> None:
    """Mail accounts (never their passwords), editable email templates seeded with our
    defaults, and the interaction log that people's timelines are built from."""
    _run(
        db,
        """
        CREATE TABLE mail_account (
            id INTEGER PRIMARY KEY,
            display_name TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL,
            smtp_host TEXT NOT NULL DEFAULT '',
            smtp_port INTEGER NOT NULL DEFAULT 587 CHECK (smtp_port BETWEEN 1 AND 65535),
            smtp_security TEXT NOT NULL DEFAULT 'starttls'
                CHECK (smtp_security IN ('starttls', 'tls')),
            imap_host TEXT NOT NULL DEFAULT '',
            imap_port INTEGER NOT NULL DEFAULT 993 CHECK (imap_port BETWEEN 1 AND 65535),
            imap_security TEXT NOT NULL DEFAULT 'tls' CHECK (imap_security IN ('starttls', 'tls')),
            username TEXT NOT NULL DEFAULT '',
            signature TEXT NOT NULL DEFAULT '',
            -- No password column, ever: the secret lives in the OS keyring under this name.
            keyring_service TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE email_template (
            id INTEGER PRIMARY KEY,
            builtin_key TEXT UNIQUE,  -- the default it started as; NULL for the user's own
            purpose TEXT NOT NULL DEFAULT 'other' CHECK (
                purpose IN ('thank_you', 'outreach', 'share_value', 'keep_in_touch', 'other')),
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE interaction (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
            kind TEXT NOT NULL CHECK (kind IN ('meeting', 'email', 'call', 'message', 'note')),
            occurred_at TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            give_ask TEXT CHECK (give_ask IN ('give', 'ask')),
            created_at TEXT NOT NULL
        );
        CREATE INDEX interaction_contact ON interaction(contact_id, occurred_at);
        CREATE INDEX interaction_meeting ON interaction(meeting_id);
        """,
    )
    _seed_email_templates(db)


def default_email_templates() -> list[dict[str, str]]:
    """Our own default templates (resources/email_templates.json), also used to reset one."""
    path = Path(__file__).resolve().parent.parent / "resources" / "email_templates.json"
    return json.loads(path.read_text(encoding="utf-8"))


# Default templates a later migration adds, with the purpose it allows.
ADDED_LATER = {"introduction"}


def _seed_email_templates(db: peewee.SqliteDatabase) -> None:
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    db.connection().executemany(
        "INSERT INTO email_template (builtin_key, purpose, name, subject, body, position, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (t["key"], t["purpose"], t["name"], t["subject"], t["body"], position, now)
            for position, t in enumerate(default_email_templates())
            if t["key"] not in ADDED_LATER  # their purpose is not allowed yet
        ],
    )


def m006_keeping_in_touch(db: peewee.SqliteDatabase) -> None:
    """Keep-in-touch settings per person, the outreach pipeline, and last-interaction
    dates that count held meetings."""
    _run(
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


def m007_name_key_derived(db: peewee.SqliteDatabase) -> None:
    """A person's name key (folded name and organisation) is derived where it is needed
    instead of stored: every import wrote it for every new person."""
    _run(db, "ALTER TABLE contact DROP COLUMN name_key;")


def m008_introduction_requests(db: peewee.SqliteDatabase) -> None:
    """Email templates gain a purpose, asking someone for an introduction, and our
    default one. SQLite cannot change a CHECK constraint: the table is rebuilt."""
    _run(
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
    (template,) = [t for t in default_email_templates() if t["key"] == "introduction"]
    conn = db.connection()
    name = template["name"]
    if conn.execute("SELECT 1 FROM email_template WHERE name = ?", (name,)).fetchone():
        name += " (NetDesk)"  # the user already named one of theirs so: keep both
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM email_template")
    conn.execute(
        "INSERT OR IGNORE INTO email_template (builtin_key, purpose, name, subject, body, "
        "position, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            template["key"],
            template["purpose"],
            name,
            template["subject"],
            template["body"],
            position.fetchone()[0],
            time.strftime("%Y-%m-%d %H:%M:%S"),
        ),
    )


def m009_mail_security(db: peewee.SqliteDatabase) -> None:
    """More ways to secure each mail server: a certificate the user checked and trusts
    (its SHA-256 fingerprint, public data, pinned per server), and no encryption for a
    relay on this computer. SQLite cannot widen a CHECK in place: the table is rebuilt."""
    _run(
        db,
        """
        CREATE TABLE mail_account_v9 (
            id INTEGER PRIMARY KEY,
            display_name TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL,
            smtp_host TEXT NOT NULL DEFAULT '',
            smtp_port INTEGER NOT NULL DEFAULT 587 CHECK (smtp_port BETWEEN 1 AND 65535),
            smtp_security TEXT NOT NULL DEFAULT 'starttls' CHECK (smtp_security IN
                ('starttls', 'tls', 'starttls_pinned', 'tls_pinned', 'plain')),
            imap_host TEXT NOT NULL DEFAULT '',
            imap_port INTEGER NOT NULL DEFAULT 993 CHECK (imap_port BETWEEN 1 AND 65535),
            imap_security TEXT NOT NULL DEFAULT 'tls' CHECK (imap_security IN
                ('starttls', 'tls', 'starttls_pinned', 'tls_pinned', 'plain')),
            username TEXT NOT NULL DEFAULT '',
            signature TEXT NOT NULL DEFAULT '',
            -- No password column, ever: the secret lives in the OS keyring under this name.
            keyring_service TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            -- "AB:CD:…", the SHA-256 of the one certificate trusted for the server.
            smtp_cert_sha256 TEXT CHECK (length(smtp_cert_sha256) = 95),
            imap_cert_sha256 TEXT CHECK (length(imap_cert_sha256) = 95)
        );
        INSERT INTO mail_account_v9 (id, display_name, address, smtp_host, smtp_port,
                smtp_security, imap_host, imap_port, imap_security, username, signature,
                keyring_service, created_at, updated_at)
            SELECT id, display_name, address, smtp_host, smtp_port, smtp_security, imap_host,
                imap_port, imap_security, username, signature, keyring_service, created_at,
                updated_at
            FROM mail_account;
        DROP TABLE mail_account;
        ALTER TABLE mail_account_v9 RENAME TO mail_account;
        """,
    )


def m010_meeting_search_as_you_type(db: peewee.SqliteDatabase) -> None:
    """The meeting list searches as the user types, so its first keystrokes ("r", "re",
    "reg") are prefix queries over every word of every meeting: the index keeps ready
    doclists for 1-, 2- and 3-letter prefixes (at 10,000 meetings the list's query for "r"
    and "re" took 15 and 19 ms without them, about 4 ms with). The list's order (undated
    ideas first, then newest first) gets a covering index, so that a search walks it once
    in order and keeps the FTS matches instead of looking each one up and sorting them."""
    _run(
        db,
        """
        DROP TABLE meeting_fts;
        CREATE VIRTUAL TABLE meeting_fts USING fts5(
            title, people, purpose, notes, answers,
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '1 2 3'
        );
        INSERT INTO meeting_fts (rowid, title, people, purpose, notes, answers)
            SELECT m.id, m.title,
                coalesce((SELECT group_concat(c.display_name, ' ') FROM meeting_person mp
                          JOIN contact c ON c.id = mp.contact_id WHERE mp.meeting_id = m.id), ''),
                m.purpose || ' ' || m.research || ' ' || m.place,
                m.notes || ' ' || m.takeaways || ' ' || m.promised || ' ' || m.offered,
                coalesce((SELECT group_concat(q.text || ' ' || q.answer, ' ')
                          FROM meeting_question q WHERE q.meeting_id = m.id), '')
            FROM meeting m;
        CREATE INDEX meeting_list_order ON meeting(starts_at IS NULL, starts_at);
        """,
    )


MIGRATIONS: list[Migration] = [
    m001_core_tables,
    m002_search_index,
    m003_meetings,
    m004_templates_todos_map,
    m005_mail,
    m006_keeping_in_touch,
    m007_name_key_derived,
    m008_introduction_requests,
    m009_mail_security,
    m010_meeting_search_as_you_type,
]
LATEST_VERSION = len(MIGRATIONS)


def user_version(db: peewee.SqliteDatabase) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def backup_copy(db: peewee.SqliteDatabase, path: Path, version: int) -> Path:
    """Copy the live database with SQLite's online backup API before an upgrade."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-v{version + 1}-{stamp}.bak")
    destination = sqlite3.connect(target)
    try:
        db.connection().backup(destination)
    finally:
        destination.close()
    target.chmod(0o600)
    return target


def migrate(
    db: peewee.SqliteDatabase, path: Path | None = None, target: int = LATEST_VERSION
) -> Path | None:
    """Apply pending migrations up to *target*, each atomically. Returns the backup made, if any."""
    version = user_version(db)
    if version >= target:
        return None
    backup = backup_copy(db, path, version) if path is not None and version > 0 else None
    for number in range(version + 1, target + 1):
        with db.atomic():
            MIGRATIONS[number - 1](db)
            # user_version lives in the file header and commits with the transaction.
            db.execute_sql(f"PRAGMA user_version = {number}")
    return backup
