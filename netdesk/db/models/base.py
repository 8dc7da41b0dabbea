"""The base of every model: the proxied database, snake_case table names."""

from __future__ import annotations

import peewee

from netdesk.db.connection import database


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False
