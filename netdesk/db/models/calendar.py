"""The CalDAV account and the calendar events NetDesk knows."""

from __future__ import annotations

import peewee

from netdesk.db.models.base import BaseModel
from netdesk.db.models.followups import Todo
from netdesk.db.models.meetings import Meeting


class CalendarAccount(BaseModel):
    """The CalDAV account: no password column, ever (the keyring holds it)."""

    server_url = peewee.TextField()
    username = peewee.TextField()
    calendar_url = peewee.TextField(default="")
    calendar_name = peewee.TextField(default="")
    keyring_service = peewee.TextField(unique=True)
    cert_sha256 = peewee.TextField(null=True)
    sync_token = peewee.TextField(null=True)
    synced_at = peewee.TextField(null=True)
    created_at = peewee.TextField()
    updated_at = peewee.TextField()


class CalendarEvent(BaseModel):
    """A calendar item NetDesk knows: a meeting or to-do it keeps in step, or a "did you
    meet" prompt."""

    account = peewee.ForeignKeyField(CalendarAccount, column_name="account_id", on_delete="CASCADE")
    uid = peewee.TextField()
    href = peewee.TextField()
    etag = peewee.TextField(null=True)
    meeting = peewee.ForeignKeyField(
        Meeting, column_name="meeting_id", null=True, on_delete="SET NULL"
    )
    pushed_version = peewee.TextField(null=True)  # the meeting's updated_at when pushed
    summary = peewee.TextField(default="")
    starts_at = peewee.TextField(null=True)  # wall time in the user's zone
    ends_at = peewee.TextField(null=True)
    people = peewee.TextField(default="")  # contact ids, one per line
    prompt = peewee.TextField(default="none")  # none, open, recorded or dismissed
    # A follow-up to-do travelling as a VTODO; pushed_version is then its fields' digest.
    todo = peewee.ForeignKeyField(Todo, column_name="todo_id", null=True, on_delete="SET NULL")
