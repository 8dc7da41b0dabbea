"""peewee models: the one description of every table that code reads or writes.

The schema itself is created by the numbered migrations (plain SQL, frozen); these
models mirror it, and `tests/unit/test_models.py` checks that they agree column by
column. The FTS5 search indexes are not models: they are read and written with SQL
in the modules that search (services/search_index.py, services/meetings/).

Queries are bound to a database explicitly (`.bind(db)`): tests open many databases
in one process, so no model relies on a global binding. Dates and times are ISO text,
as the migrations store them; foreign keys are read as their ``*_id`` attributes.
"""

from __future__ import annotations

import peewee

from netdesk.db.connection import database


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


# --- people ----------------------------------------------------------------


class Organisation(BaseModel):
    name = peewee.TextField()
    name_key = peewee.TextField(unique=True)


class ImportBatch(BaseModel):
    """One import of a file (LinkedIn, vCard, Google CSV, the sample network)."""

    source = peewee.TextField()
    file_name = peewee.TextField()
    file_path = peewee.TextField()
    imported_at = peewee.TextField()
    added = peewee.IntegerField(default=0)
    updated = peewee.IntegerField(default=0)
    unchanged = peewee.IntegerField(default=0)
    skipped = peewee.IntegerField(default=0)
    problems = peewee.TextField(default="[]")
    undone_at = peewee.TextField(null=True)


class Contact(BaseModel):
    """A person. Emails and phones are newline-separated; user_edited names the fields
    the user changed by hand (a re-import leaves them alone)."""

    id = peewee.AutoField()
    given_name = peewee.TextField(default="")
    family_name = peewee.TextField(default="")
    display_name = peewee.TextField()
    sort_name = peewee.TextField()
    organisation = peewee.ForeignKeyField(
        Organisation, column_name="organisation_id", null=True, on_delete="SET NULL"
    )
    role = peewee.TextField(default="")
    emails = peewee.TextField(default="")
    phones = peewee.TextField(default="")
    linkedin_url = peewee.TextField(null=True)
    location = peewee.TextField(default="")
    relation = peewee.TextField(default="other")
    closeness = peewee.IntegerField(default=3)
    notes = peewee.TextField(default="")
    source = peewee.TextField(default="manual")
    connected_on = peewee.TextField(null=True)
    last_interaction = peewee.TextField(null=True)
    user_edited = peewee.TextField(default="")
    import_batch = peewee.ForeignKeyField(
        ImportBatch, column_name="import_batch_id", null=True, on_delete="SET NULL"
    )
    created_at = peewee.TextField()
    updated_at = peewee.TextField()


class ImportChange(BaseModel):
    """What one import added or updated (with the previous values), for its undo."""

    batch = peewee.ForeignKeyField(ImportBatch, column_name="batch_id", on_delete="CASCADE")
    entity = peewee.TextField()  # contact, organisation or tag
    entity_id = peewee.IntegerField()
    action = peewee.TextField()  # added or updated
    previous = peewee.TextField(null=True)

    class Meta:
        primary_key = False  # a rowid table without a key of its own


class Tag(BaseModel):
    name = peewee.TextField(unique=True)  # COLLATE NOCASE in the schema


class ContactTag(BaseModel):
    contact = peewee.ForeignKeyField(Contact, column_name="contact_id", on_delete="CASCADE")
    tag = peewee.ForeignKeyField(Tag, column_name="tag_id", on_delete="CASCADE")

    class Meta:
        primary_key = peewee.CompositeKey("contact", "tag")
        without_rowid = True


class Link(BaseModel):
    """Two people who know each other (the map's edges)."""

    from_contact = peewee.ForeignKeyField(
        Contact, column_name="from_contact_id", on_delete="CASCADE"
    )
    to_contact = peewee.ForeignKeyField(Contact, column_name="to_contact_id", on_delete="CASCADE")
    kind = peewee.TextField(default="knows")
    label = peewee.TextField(default="")
    created_at = peewee.TextField()


class MapPosition(BaseModel):
    """Where the user dragged someone on the map."""

    contact = peewee.ForeignKeyField(
        Contact, column_name="contact_id", primary_key=True, on_delete="CASCADE"
    )
    x = peewee.FloatField()
    y = peewee.FloatField()


# --- meetings --------------------------------------------------------------


class Meeting(BaseModel):
    id = peewee.AutoField()
    title = peewee.TextField()
    kind = peewee.TextField(default="informational")
    status = peewee.TextField(default="idea")
    starts_at = peewee.TextField(null=True)
    duration_minutes = peewee.IntegerField(default=30)
    place = peewee.TextField(default="")
    purpose = peewee.TextField(default="")
    research = peewee.TextField(default="")
    notes = peewee.TextField(default="")
    takeaways = peewee.TextField(default="")
    promised = peewee.TextField(default="")
    offered = peewee.TextField(default="")
    created_at = peewee.TextField()
    updated_at = peewee.TextField()


class MeetingPerson(BaseModel):
    meeting = peewee.ForeignKeyField(Meeting, column_name="meeting_id", on_delete="CASCADE")
    contact = peewee.ForeignKeyField(Contact, column_name="contact_id", on_delete="CASCADE")

    class Meta:
        primary_key = peewee.CompositeKey("meeting", "contact")
        without_rowid = True


class Question(BaseModel):
    """One question of the bank, in one of its layers."""

    layer = peewee.TextField()  # industry, organisation, person or closing
    text = peewee.TextField()
    position = peewee.IntegerField(default=0)
    archived = peewee.BooleanField(default=False)


class MeetingQuestion(BaseModel):
    """A question prepared for one meeting (copied, so rewording the bank keeps it)."""

    meeting = peewee.ForeignKeyField(Meeting, column_name="meeting_id", on_delete="CASCADE")
    question = peewee.ForeignKeyField(
        Question, column_name="question_id", null=True, on_delete="SET NULL"
    )
    layer = peewee.TextField()
    text = peewee.TextField()
    position = peewee.IntegerField()
    answer = peewee.TextField(default="")


class QuestionTemplate(BaseModel):
    name = peewee.TextField(unique=True)  # COLLATE NOCASE in the schema
    created_at = peewee.TextField()


class QuestionTemplateItem(BaseModel):
    template = peewee.ForeignKeyField(
        QuestionTemplate, column_name="template_id", on_delete="CASCADE"
    )
    position = peewee.IntegerField()
    question = peewee.ForeignKeyField(
        Question, column_name="question_id", null=True, on_delete="SET NULL"
    )
    layer = peewee.TextField()
    text = peewee.TextField()

    class Meta:
        primary_key = peewee.CompositeKey("template", "position")
        without_rowid = True


class Referral(BaseModel):
    """Someone (from) suggested the user talk to someone else (to)."""

    meeting = peewee.ForeignKeyField(
        Meeting, column_name="meeting_id", null=True, on_delete="SET NULL"
    )
    from_contact = peewee.ForeignKeyField(
        Contact, column_name="from_contact_id", on_delete="CASCADE"
    )
    to_contact = peewee.ForeignKeyField(Contact, column_name="to_contact_id", on_delete="CASCADE")
    permission = peewee.TextField(default="ask")  # may I mention them: yes, no, ask
    note = peewee.TextField(default="")
    created_at = peewee.TextField()


# --- follow-ups ------------------------------------------------------------


class Todo(BaseModel):
    id = peewee.AutoField()
    title = peewee.TextField()
    kind = peewee.TextField(default="other")
    contact = peewee.ForeignKeyField(
        Contact, column_name="contact_id", null=True, on_delete="CASCADE"
    )
    meeting = peewee.ForeignKeyField(
        Meeting, column_name="meeting_id", null=True, on_delete="SET NULL"
    )
    due_on = peewee.TextField(null=True)
    snoozed_until = peewee.TextField(null=True)
    done_at = peewee.TextField(null=True)
    note = peewee.TextField(default="")
    created_at = peewee.TextField()


class Interaction(BaseModel):
    """A call, an email, a message, a meeting or a note with one person."""

    id = peewee.AutoField()
    contact = peewee.ForeignKeyField(Contact, column_name="contact_id", on_delete="CASCADE")
    meeting = peewee.ForeignKeyField(
        Meeting, column_name="meeting_id", null=True, on_delete="SET NULL"
    )
    kind = peewee.TextField()
    occurred_at = peewee.TextField()
    summary = peewee.TextField(default="")
    give_ask = peewee.TextField(null=True)  # give, ask or neither
    created_at = peewee.TextField()


class KeepInTouch(BaseModel):
    """Someone's own keep-in-touch cadence (no row: the default for the relation)."""

    contact = peewee.ForeignKeyField(
        Contact, column_name="contact_id", primary_key=True, on_delete="CASCADE"
    )
    interval_days = peewee.IntegerField(null=True)
    stopped = peewee.BooleanField(default=False)
    snoozed_until = peewee.TextField(null=True)


class Outreach(BaseModel):
    """A request for a conversation and its answer."""

    id = peewee.AutoField()
    contact = peewee.ForeignKeyField(Contact, column_name="contact_id", on_delete="CASCADE")
    sent_on = peewee.TextField()
    channel = peewee.TextField(default="email")
    warm = peewee.BooleanField(default=False)
    via_contact_id = peewee.IntegerField(null=True)  # no foreign key: see migration 6
    response = peewee.TextField(default="none")
    responded_on = peewee.TextField(null=True)
    meeting = peewee.ForeignKeyField(
        Meeting, column_name="meeting_id", null=True, on_delete="SET NULL"
    )
    note = peewee.TextField(default="")
    created_at = peewee.TextField()


# --- events ----------------------------------------------------------------


class Event(BaseModel):
    """A networking event: a meetup, a conference, a career fair..."""

    id = peewee.AutoField()
    name = peewee.TextField()
    held_on = peewee.TextField()  # ISO date
    place = peewee.TextField(default="")
    kind = peewee.TextField(default="meetup")
    notes = peewee.TextField(default="")
    created_at = peewee.TextField()
    updated_at = peewee.TextField()


class EventPerson(BaseModel):
    """Someone the user met at an event, with a one-line note; starred: worth a conversation."""

    event = peewee.ForeignKeyField(Event, column_name="event_id", on_delete="CASCADE")
    contact = peewee.ForeignKeyField(Contact, column_name="contact_id", on_delete="CASCADE")
    note = peewee.TextField(default="")
    starred = peewee.BooleanField(default=False)

    class Meta:
        primary_key = peewee.CompositeKey("event", "contact")
        without_rowid = True


class EventIntroduction(BaseModel):
    """At an event, one person introduced the user to another."""

    event = peewee.ForeignKeyField(Event, column_name="event_id", on_delete="CASCADE")
    introducer = peewee.ForeignKeyField(Contact, column_name="introducer_id", on_delete="CASCADE")
    introduced = peewee.ForeignKeyField(Contact, column_name="introduced_id", on_delete="CASCADE")
    created_at = peewee.TextField()


class EventCapture(BaseModel):
    """One quick capture of the people met: what it added (JSON), for its undo."""

    event = peewee.ForeignKeyField(Event, column_name="event_id", on_delete="CASCADE")
    captured_at = peewee.TextField()
    added = peewee.TextField(default="{}")
    undone_at = peewee.TextField(null=True)


# --- mail and settings -----------------------------------------------------


class EmailTemplate(BaseModel):
    builtin_key = peewee.TextField(null=True, unique=True)
    purpose = peewee.TextField(default="other")
    name = peewee.TextField(unique=True)  # COLLATE NOCASE in the schema
    subject = peewee.TextField()
    body = peewee.TextField()
    position = peewee.IntegerField(default=0)
    updated_at = peewee.TextField()


class MailAccount(BaseModel):
    """The sending account. No password column, ever: the secret is in the keyring
    under keyring_service."""

    display_name = peewee.TextField(default="")
    address = peewee.TextField()
    smtp_host = peewee.TextField(default="")
    smtp_port = peewee.IntegerField(default=587)
    smtp_security = peewee.TextField(default="starttls")
    imap_host = peewee.TextField(default="")
    imap_port = peewee.IntegerField(default=993)
    imap_security = peewee.TextField(default="tls")
    username = peewee.TextField(default="")
    signature = peewee.TextField(default="")
    keyring_service = peewee.TextField(unique=True)
    created_at = peewee.TextField()
    updated_at = peewee.TextField()
    smtp_cert_sha256 = peewee.TextField(null=True)
    imap_cert_sha256 = peewee.TextField(null=True)


class Setting(BaseModel):
    """One preference: its key and its value as text (netdesk.services.settings declares
    every key and its default)."""

    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()

    class Meta:
        without_rowid = True


MODELS: tuple[type[BaseModel], ...] = (
    Organisation,
    ImportBatch,
    Contact,
    ImportChange,
    Tag,
    ContactTag,
    Link,
    MapPosition,
    Meeting,
    MeetingPerson,
    Question,
    MeetingQuestion,
    QuestionTemplate,
    QuestionTemplateItem,
    Referral,
    Todo,
    Interaction,
    KeepInTouch,
    Outreach,
    Event,
    EventPerson,
    EventIntroduction,
    EventCapture,
    EmailTemplate,
    MailAccount,
    Setting,
)
