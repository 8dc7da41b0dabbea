"""Schema 19: the job search — target organisations, applications and their steps."""

from __future__ import annotations

import time

import peewee

from netdesk.db.migrations._sql import run_script

# Our default, written out here (never read from resources/) so that it cannot drift.
REFERRAL_TEMPLATE: dict[str, str] = {
    "key": "referral_request",
    "purpose": "referral_request",
    "name": "Asking for a referral",
    "subject": "{% if job_title %}{{ job_title }} at {{ job_organisation }}{% else %}"
    "A question about {{ job_organisation }}{% endif %}",
    "body": (
        "Hi {{ first_name }},\n"
        "\n"
        "I hope you are well. I am applying for {% if job_title %}the {{ job_title }} role"
        "{% else %}a role{% endif %} at {{ job_organisation }}{% if job_link %} "
        "({{ job_link }}){% endif %}, and it fits what I have been working towards.\n"
        "\n"
        "Would you be comfortable referring me, or telling me who I should speak to? I "
        "am happy to send my CV and a few lines you could forward, and no worries at all "
        "if it is not a good moment.\n"
        "\n"
        "Thank you,\n"
        "{{ signature }}\n"
    ),
}


def m019_job_search(db: peewee.SqliteDatabase) -> None:
    """Organisations the user targets (one row each: its stage in the search and notes),
    applications (organisation, role, link, day applied, where it came from — a
    referral by whom, or cold —, stage, next action and its day, the résumé and cover
    letter file names) with their dated steps (interview rounds numbered), and the
    "asking for a referral" template. What an import of LinkedIn's job files added
    carries its batch, so that undoing the import removes it."""
    run_script(
        db,
        """
        CREATE TABLE target (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL UNIQUE
                REFERENCES organisation(id) ON DELETE CASCADE,
            stage TEXT NOT NULL DEFAULT 'exploring' CHECK (stage IN (
                'exploring', 'talking', 'referred', 'applied', 'interviewing', 'offer',
                'closed')),
            notes TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'manual',
            import_batch_id INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX target_batch ON target(import_batch_id) WHERE import_batch_id IS NOT NULL;

        CREATE TABLE application (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
            role TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            applied_on TEXT,
            source TEXT NOT NULL DEFAULT 'cold'
                CHECK (source IN ('cold', 'referral', 'recruiter', 'other')),
            referrer_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
            stage TEXT NOT NULL DEFAULT 'applied' CHECK (stage IN (
                'applied', 'screen', 'interview', 'offer', 'rejected', 'withdrawn')),
            next_action TEXT NOT NULL DEFAULT '',
            due_on TEXT,
            resume_file TEXT NOT NULL DEFAULT '',
            cover_letter_file TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            import_batch_id INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX application_organisation ON application(organisation_id);
        CREATE INDEX application_referrer ON application(referrer_id);
        CREATE UNIQUE INDEX application_link ON application(link) WHERE link <> '';
        CREATE INDEX application_due ON application(due_on) WHERE due_on IS NOT NULL;
        CREATE INDEX application_batch ON application(import_batch_id)
            WHERE import_batch_id IS NOT NULL;

        CREATE TABLE application_step (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            round INTEGER NOT NULL DEFAULT 0,
            on_day TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX application_step_application ON application_step(application_id);
        """,
    )
    _referral_purpose(db)


def _referral_purpose(db: peewee.SqliteDatabase) -> None:
    """SQLite cannot change a CHECK constraint: the templates' table is rebuilt."""
    run_script(
        db,
        """
        CREATE TABLE email_template_new (
            id INTEGER PRIMARY KEY,
            builtin_key TEXT UNIQUE,
            purpose TEXT NOT NULL DEFAULT 'other' CHECK (purpose IN (
                'thank_you', 'outreach', 'introduction', 'share_value', 'keep_in_touch',
                'nice_to_meet_you', 'congratulate', 'referral_request', 'other')),
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
    name = REFERRAL_TEMPLATE["name"]
    if conn.execute("SELECT 1 FROM email_template WHERE name = ?", (name,)).fetchone():
        name += " (NetDesk)"  # the user already named one of theirs so: keep both
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM email_template")
    conn.execute(
        "INSERT OR IGNORE INTO email_template (builtin_key, purpose, name, subject, body, "
        "position, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            REFERRAL_TEMPLATE["key"],
            REFERRAL_TEMPLATE["purpose"],
            name,
            REFERRAL_TEMPLATE["subject"],
            REFERRAL_TEMPLATE["body"],
            position.fetchone()[0],
            time.strftime("%Y-%m-%d %H:%M:%S"),
        ),
    )
