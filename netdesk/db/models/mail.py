"""Email templates, the sending account and the settings."""

from __future__ import annotations

import peewee

from netdesk.db.models.base import BaseModel


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


class MailFolder(BaseModel):
    """A mailbox folder the mail scan reads, and how far it has read it."""

    account = peewee.ForeignKeyField(MailAccount, column_name="account_id", on_delete="CASCADE")
    name = peewee.TextField()  # as the server spells it (modified UTF-7)
    role = peewee.TextField()  # sent, inbox or archive
    uidvalidity = peewee.IntegerField(null=True)
    last_uid = peewee.IntegerField(default=0)
    highest_modseq = peewee.IntegerField(null=True)
    scanned_at = peewee.TextField(null=True)


class Setting(BaseModel):
    """One preference: its key and its value as text (netdesk.services.settings declares
    every key and its default)."""

    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()

    class Meta:
        without_rowid = True
