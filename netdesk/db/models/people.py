"""People, organisations, tags, links between people, imports and map positions."""

from __future__ import annotations

import peewee

from netdesk.db.models.base import BaseModel


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
    track_mail = peewee.BooleanField(default=True)  # False: the mail scan leaves them out


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
