"""Job history, pairs that are not the same person, and merges (schema 18)."""

from __future__ import annotations

import peewee

from netdesk.db.models.base import BaseModel
from netdesk.db.models.people import Contact, Organisation


class Position(BaseModel):
    """A person's job: organisation and role from a day to a day (no end: current; the
    person's own organisation and role are their current job until a row says more).
    One opened by a newer export says what changed and when it was seen, and whether
    Today asks to congratulate."""

    contact = peewee.ForeignKeyField(Contact, column_name="contact_id", on_delete="CASCADE")
    organisation = peewee.ForeignKeyField(
        Organisation, column_name="organisation_id", null=True, on_delete="SET NULL"
    )
    role = peewee.TextField(default="")
    started_on = peewee.TextField(null=True)  # ISO date, or a year-month
    ended_on = peewee.TextField(null=True)
    source = peewee.TextField(default="manual")  # manual, earlier, linkedin, positions_csv…
    change = peewee.TextField(null=True)  # moved, promoted or role (a new title)
    seen_on = peewee.TextField(null=True)  # the day of the export that showed it
    prompt = peewee.TextField(default="none")  # none, open, done or dismissed
    replaces_id = peewee.IntegerField(null=True)  # the position this one followed
    import_batch_id = peewee.IntegerField(null=True)  # the import that opened it
    created_at = peewee.TextField()


class NotDuplicate(BaseModel):
    """Two people the user said are not the same person (first_id < second_id)."""

    first = peewee.ForeignKeyField(Contact, column_name="first_id", on_delete="CASCADE")
    second = peewee.ForeignKeyField(Contact, column_name="second_id", on_delete="CASCADE")
    decided_at = peewee.TextField()

    class Meta:
        primary_key = peewee.CompositeKey("first", "second")
        without_rowid = True


class Merge(BaseModel):
    """One merge: the person kept, the one merged into them (gone), and a snapshot of
    every row the merge changed or deleted, to undo it exactly."""

    kept_id = peewee.IntegerField()
    merged_id = peewee.IntegerField()
    merged_name = peewee.TextField()
    snapshot = peewee.TextField()  # JSON
    merged_at = peewee.TextField()
    undone_at = peewee.TextField(null=True)

    class Meta:
        table_name = "person_merge"
