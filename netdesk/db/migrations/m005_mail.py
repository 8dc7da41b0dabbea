"""Schema 5: mail accounts, email templates with our defaults, the interaction log."""

from __future__ import annotations

import time

import peewee

from netdesk.db.migrations._sql import run_script


def m005_mail(db: peewee.SqliteDatabase) -> None:
    """Mail accounts (never their passwords), editable email templates seeded with our
    defaults, and the interaction log that people's timelines are built from."""
    run_script(
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


# Our default templates, written out here (as resources/email_templates.json held them when
# the migrations stopped reading it) so that editing that file, which "Reset to default"
# reads, never changes what this migration writes. Position 4 is left for schema 8's
# introduction template.
EMAIL_TEMPLATES: tuple[dict[str, str | int], ...] = (
    {
        "key": "thank_you_warm",
        "purpose": "thank_you",
        "name": "Thank-you (warm)",
        "subject": "Thank you, {{ first_name }}",
        "body": (
            "Dear {{ first_name }},\n"
            "\n"
            "Thank you so much for taking the time to talk with me{% if meeting_date "
            "%} on {{ meeting_date }}{% endif %}. I really enjoyed our conversation{% "
            "if topics %}, especially hearing about {{ topics | join_and }}{% endif %}.\n"
            "{% if takeaways %}\n"
            "\n"
            "A few things I am taking away from it:\n"
            "{% for item in takeaways %}\n"
            "- {{ item }}\n"
            "{% endfor %}\n"
            "{% endif %}\n"
            "{% if suggested %}\n"
            "\n"
            "Thank you also for suggesting I talk to {{ suggested | join_and }}. I "
            "will reach out soon and let you know how it goes.\n"
            "{% endif %}\n"
            "{% if offered %}\n"
            "\n"
            "[They offered: {{ offered }}. Thank them for it in your own words.]\n"
            "{% endif %}\n"
            "{% if promised %}\n"
            "\n"
            "[You promised: {{ promised }}. Include it here, or say when it will follow.]\n"
            "{% endif %}\n"
            "\n"
            "I hope we can stay in touch, and please let me know if I can ever return "
            "the favour.\n"
            "\n"
            "Warm regards,\n"
            "{{ signature }}\n"
        ),
        "position": 0,
    },
    {
        "key": "thank_you_brief",
        "purpose": "thank_you",
        "name": "Thank-you (brief)",
        "subject": "Thanks for your time, {{ first_name }}",
        "body": (
            "Hi {{ first_name }},\n"
            "\n"
            "Thanks for taking the time to talk{% if meeting_date %} on {{ "
            "meeting_date }}{% endif %}. {% if takeaways %}The most useful point for "
            "me: {{ takeaways[0] | lower_first }}{% else %}It was genuinely useful{% "
            "endif %}.\n"
            "{% if suggested %}\n"
            "\n"
            "I'll get in touch with {{ suggested | join_and }}, as you suggested.\n"
            "{% endif %}\n"
            "{% if offered %}\n"
            "\n"
            "[They offered: {{ offered }}. Thank them for it in your own words.]\n"
            "{% endif %}\n"
            "{% if promised %}\n"
            "\n"
            "[You promised: {{ promised }}. Include it here, or say when it will follow.]\n"
            "{% endif %}\n"
            "\n"
            "Best,\n"
            "{{ signature }}\n"
        ),
        "position": 1,
    },
    {
        "key": "thank_you_formal",
        "purpose": "thank_you",
        "name": "Thank-you (formal)",
        "subject": (
            "Thank you for our conversation{% if meeting_date %} on {{ meeting_date }}{% endif %}"
        ),
        "body": (
            "Dear {{ full_name }},\n"
            "\n"
            "Thank you for taking the time to meet with me{% if meeting_date %} on {{ "
            "meeting_date }}{% endif %}. I greatly appreciated your insights{% if "
            "topics %} on {{ topics | join_and }}{% endif %}{% if organisation %}, and "
            "your perspective on the work at {{ organisation }}{% endif %}.\n"
            "{% if takeaways %}\n"
            "\n"
            "Our conversation gave me a great deal to consider, in particular:\n"
            "{% for item in takeaways %}\n"
            "- {{ item }}\n"
            "{% endfor %}\n"
            "{% endif %}\n"
            "{% if suggested %}\n"
            "\n"
            "I am also grateful for your suggestion to contact {{ suggested | join_and "
            "}}, and I will do so shortly.\n"
            "{% endif %}\n"
            "{% if offered %}\n"
            "\n"
            "[They offered: {{ offered }}. Thank them for it in your own words.]\n"
            "{% endif %}\n"
            "\n"
            "Thank you again for your generosity with your time. I would be glad to "
            "return the favour should the occasion arise.\n"
            "\n"
            "Kind regards,\n"
            "{{ signature }}\n"
        ),
        "position": 2,
    },
    {
        "key": "outreach",
        "purpose": "outreach",
        "name": "Outreach request (20–30 min)",
        "subject": (
            "{% if referrer %}{{ referrer }} suggested I contact you{% else %}A short "
            "conversation about your work{% endif %}"
        ),
        "body": (
            "Dear {{ first_name }},\n"
            "\n"
            "{% if referrer %}{{ referrer }} suggested I contact you. {% endif %}My "
            "name is {{ my_name }}{% if my_role %}, {{ my_role }}{% if my_organisation "
            "%} at {{ my_organisation }}{% endif %}{% endif %}, and [one sentence "
            "about what you are exploring].\n"
            "\n"
            "I would be grateful for 20–30 minutes of your time, in person or by "
            "video, to hear how you see {% if organisation %}your work at {{ "
            "organisation }} and {% endif %}the field. I am not asking for a job; I am "
            "trying to learn from people whose work I admire.\n"
            "\n"
            "Would a short conversation in the coming weeks suit you? I am happy to "
            "fit around your schedule.\n"
            "\n"
            "Thank you for considering it,\n"
            "{{ signature }}\n"
        ),
        "position": 3,
    },
    {
        "key": "share_value",
        "purpose": "share_value",
        "name": "Sharing something of value",
        "subject": "Thought you might find this useful",
        "body": (
            "Hi {{ first_name }},\n"
            "\n"
            "{% if meeting_date %}After our conversation on {{ meeting_date }}{% if "
            "topics %} about {{ topics[0] }}{% endif %}, I came{% else %}I came{% "
            "endif %} across something I thought you might find useful:\n"
            "\n"
            "[link or title]\n"
            "\n"
            "[One sentence on why it made me think of you.]\n"
            "\n"
            "No need to reply; I hope it helps.\n"
            "\n"
            "Best,\n"
            "{{ signature }}\n"
        ),
        "position": 5,
    },
    {
        "key": "keep_in_touch",
        "purpose": "keep_in_touch",
        "name": "Keeping in touch",
        "subject": "Catching up",
        "body": (
            "Hi {{ first_name }},\n"
            "\n"
            "It has been a while{% if last_contact %} since {{ last_contact }}{% endif "
            "%}, and you came to mind. [A short, genuine update: what you have been "
            "working on, or what made you think of them.]\n"
            "\n"
            "How are things {% if organisation %}at {{ organisation }}{% else %}with "
            "you{% endif %}? I would love to hear what you are working on these days.\n"
            "\n"
            "Best wishes,\n"
            "{{ signature }}\n"
        ),
        "position": 6,
    },
)


def _seed_email_templates(db: peewee.SqliteDatabase) -> None:
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    db.connection().executemany(
        "INSERT INTO email_template (builtin_key, purpose, name, subject, body, position, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (t["key"], t["purpose"], t["name"], t["subject"], t["body"], t["position"], now)
            for t in EMAIL_TEMPLATES
        ],
    )
