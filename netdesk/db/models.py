"""peewee models. The schema itself is owned by migrations.py; these mirror it."""

from __future__ import annotations

import peewee

from netdesk.db.connection import database


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Organisation(BaseModel):
    name = peewee.TextField()
    name_key = peewee.TextField(unique=True)


class ImportBatch(BaseModel):
    source = peewee.TextField()
    file_name = peewee.TextField()
    file_path = peewee.TextField()
    imported_at = peewee.DateTimeField()
    added = peewee.IntegerField(default=0)
    updated = peewee.IntegerField(default=0)
    unchanged = peewee.IntegerField(default=0)
    skipped = peewee.IntegerField(default=0)
    problems = peewee.TextField(default="[]")
    undone_at = peewee.DateTimeField(null=True)


class Contact(BaseModel):
    given_name = peewee.TextField(default="")
    family_name = peewee.TextField(default="")
    display_name = peewee.TextField()
    sort_name = peewee.TextField()
    organisation = peewee.ForeignKeyField(Organisation, null=True, on_delete="SET NULL")
    role = peewee.TextField(default="")
    emails = peewee.TextField(default="")  # one address per line
    phones = peewee.TextField(default="")  # one number per line
    linkedin_url = peewee.TextField(null=True)
    location = peewee.TextField(default="")
    relation = peewee.TextField(default="other")
    closeness = peewee.IntegerField(default=3)
    notes = peewee.TextField(default="")
    source = peewee.TextField(default="manual")
    connected_on = peewee.DateField(null=True)
    last_interaction = peewee.DateField(null=True)
    user_edited = peewee.TextField(default="")  # comma-separated field names
    import_batch = peewee.ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()


class Tag(BaseModel):
    name = peewee.TextField(unique=True)


class ContactTag(BaseModel):
    contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
    tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE")

    class Meta:
        primary_key = peewee.CompositeKey("contact", "tag")


class Link(BaseModel):
    from_contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
    to_contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
    kind = peewee.TextField(default="knows")
    label = peewee.TextField(default="")
    created_at = peewee.DateTimeField()


class ImportChange(BaseModel):
    batch = peewee.ForeignKeyField(ImportBatch, on_delete="CASCADE")
    entity = peewee.TextField()
    entity_id = peewee.IntegerField()
    action = peewee.TextField()
    previous = peewee.TextField(null=True)

    class Meta:
        primary_key = False


class Setting(BaseModel):
    """One preference: its key and its value as text (netdesk.services.settings declares
    every key and its default)."""

    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()
