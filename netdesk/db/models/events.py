"""Networking events, the people met there, introductions and quick captures."""

from __future__ import annotations

import peewee

from netdesk.db.models.base import BaseModel
from netdesk.db.models.people import Contact


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
