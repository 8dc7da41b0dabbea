"""The CardDAV account people are kept in step with, their cards and the conflicts."""

from __future__ import annotations

import peewee

from netdesk.db.models.base import BaseModel
from netdesk.db.models.people import Contact


class ContactsAccount(BaseModel):
    """The CardDAV account: no password column, ever (the keyring holds it)."""

    server_url = peewee.TextField()
    username = peewee.TextField()
    addressbook_url = peewee.TextField(default="")
    addressbook_name = peewee.TextField(default="")
    keyring_service = peewee.TextField(unique=True)
    cert_sha256 = peewee.TextField(null=True)
    scope = peewee.TextField(default="relationships")  # relationships, everyone or tag
    scope_tag = peewee.TextField(default="")
    sync_token = peewee.TextField(null=True)
    synced_at = peewee.TextField(null=True)
    created_at = peewee.TextField()
    updated_at = peewee.TextField()


class ContactCard(BaseModel):
    """A card kept in step with a person."""

    account = peewee.ForeignKeyField(ContactsAccount, column_name="account_id", on_delete="CASCADE")
    contact = peewee.ForeignKeyField(
        Contact, column_name="contact_id", null=True, on_delete="SET NULL"
    )
    uid = peewee.TextField()
    href = peewee.TextField()
    etag = peewee.TextField(null=True)
    card = peewee.TextField(default="")  # as last read or written
    base = peewee.TextField(default="{}")  # the synced fields then (JSON)
    pushed_version = peewee.TextField(null=True)  # the person's version then (see sync)
    deleted_on_server = peewee.TextField(null=True)


class SyncConflict(BaseModel):
    """A field changed in NetDesk and on the server differently since the last sync."""

    contact = peewee.ForeignKeyField(Contact, column_name="contact_id", on_delete="CASCADE")
    field = peewee.TextField()
    mine = peewee.TextField()
    theirs = peewee.TextField()
    created_at = peewee.TextField()
    resolved_at = peewee.TextField(null=True)
