"""Schema 3: meetings, their people and questions, referrals, and the question bank."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m003_meetings(db: peewee.SqliteDatabase) -> None:
    """Meetings (informational interviews and others), their people, the question bank,
    the questions prepared for each meeting with their answers, and referrals."""
    run_script(
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


# The default question bank as schema 3 shipped it (resources/question_bank.json), written
# out here so that editing that file never changes what this migration writes.
QUESTION_BANK: dict[str, tuple[str, ...]] = {
    "industry": (
        "What changes in your industry over the last two or three years surprised you most?",
        "Where do you think the field will be in five years, and what is driving that?",
        "Which companies or teams do you see as setting the pace right now, and why?",
        (
            "How does money actually flow here: who pays, for what, and where are "
            "margins under pressure?"
        ),
        "What do outsiders usually misunderstand about this industry?",
        "Which skills are becoming more valuable in this field, and which are fading?",
        "How is new technology or regulation changing the day-to-day work?",
        "Where would someone entering the field today find the most room to grow?",
        "Which publications, communities or events do people in this field actually follow?",
    ),
    "organisation": (
        (
            "How would you describe what your organisation does to someone who has "
            "never heard of it?"
        ),
        "What has changed in the organisation since you joined?",
        "What are the team's priorities for the coming year?",
        "What keeps the leadership up at night at the moment?",
        "How does your role fit with the teams around you; who depends on your work?",
        "What does a typical week look like for you?",
        "How do people usually join the organisation, and what makes someone stand out?",
        "What does success look like in your role after the first year?",
        "How are decisions made here: top down, by consensus, by data?",
    ),
    "person": (
        "How did you get to where you are now? Which steps mattered most?",
        "What part of your work do you enjoy the most?",
        "What is the hardest part of your job that nobody sees?",
        "Looking back, what do you wish you had known when you started?",
        "Who or what helped you most along the way?",
        "What are you learning or trying to get better at right now?",
        "If you were in my position today, what would you do first?",
        "Is there anything I could help you with, or something useful I could send you?",
    ),
    "closing": (
        "Who else do you think I should talk to?",
        "May I mention that you suggested I contact them?",
    ),
}


def _seed_question_bank(db: peewee.SqliteDatabase) -> None:
    rows = [
        (layer, text, position)
        for layer, questions in QUESTION_BANK.items()
        for position, text in enumerate(questions)
    ]
    db.connection().executemany(
        "INSERT INTO question (layer, text, position) VALUES (?, ?, ?)", rows
    )
