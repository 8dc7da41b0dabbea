"""Keeping in touch: to-dos, interactions, keep-in-touch intervals and outreach."""

from __future__ import annotations

import peewee

from netdesk.db.models.base import BaseModel
from netdesk.db.models.events import Event
from netdesk.db.models.meetings import Meeting
from netdesk.db.models.people import Contact


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
    # The event it follows up (a capture's "nice to meet you"), else None.
    event = peewee.ForeignKeyField(Event, column_name="event_id", null=True, on_delete="SET NULL")


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
    message_id = peewee.TextField(null=True)  # an email's, without angle brackets
    direction = peewee.TextField(null=True)  # an email: sent or received


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
    message_id = peewee.TextField(null=True)  # the request's, when sent by email
    reply_at = peewee.TextField(null=True)  # a reply seen in the mailbox, not yet answered
