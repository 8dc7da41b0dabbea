"""The job search: target organisations, applications and their steps (schema 19)."""

from __future__ import annotations

import peewee

from netdesk.db.models.base import BaseModel
from netdesk.db.models.people import Contact, Organisation


class Target(BaseModel):
    """An organisation the user targets, and how far the search there has come."""

    organisation = peewee.ForeignKeyField(
        Organisation, column_name="organisation_id", unique=True, on_delete="CASCADE"
    )
    stage = peewee.TextField(default="exploring")
    notes = peewee.TextField(default="")
    source = peewee.TextField(default="manual")  # manual, or saved_jobs (an import)
    import_batch_id = peewee.IntegerField(null=True)  # the import that added it
    created_at = peewee.TextField()
    updated_at = peewee.TextField()


class Application(BaseModel):
    organisation = peewee.ForeignKeyField(
        Organisation, column_name="organisation_id", null=True, on_delete="SET NULL"
    )
    role = peewee.TextField(default="")
    link = peewee.TextField(default="")  # unique when given: a re-import adds it once
    applied_on = peewee.TextField(null=True)
    source = peewee.TextField(default="cold")  # cold, referral, recruiter or other
    referrer = peewee.ForeignKeyField(
        Contact, column_name="referrer_id", null=True, on_delete="SET NULL"
    )
    stage = peewee.TextField(default="applied")
    next_action = peewee.TextField(default="")
    due_on = peewee.TextField(null=True)
    resume_file = peewee.TextField(default="")
    cover_letter_file = peewee.TextField(default="")
    notes = peewee.TextField(default="")
    import_batch_id = peewee.IntegerField(null=True)
    created_at = peewee.TextField()
    updated_at = peewee.TextField()


class ApplicationStep(BaseModel):
    """A dated step of an application (applied, screen, interview round n, offer…)."""

    application = peewee.ForeignKeyField(
        Application, column_name="application_id", on_delete="CASCADE"
    )
    stage = peewee.TextField()
    round = peewee.IntegerField(default=0)
    on_day = peewee.TextField()
    note = peewee.TextField(default="")
