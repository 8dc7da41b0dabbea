"""peewee models, one per table that code reads or writes through peewee. The schema
itself is owned by migrations.py; these mirror it. A model nothing uses is deleted."""

from __future__ import annotations

import peewee

from netdesk.db.connection import database


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Setting(BaseModel):
    """One preference: its key and its value as text (netdesk.services.settings declares
    every key and its default)."""

    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()
