"""Meetings, the questions asked there and the referrals made."""

from __future__ import annotations

import peewee

from netdesk.db.models.base import BaseModel
from netdesk.db.models.people import Contact


class Meeting(BaseModel):
    id = peewee.AutoField()
    title = peewee.TextField()
    kind = peewee.TextField(default="informational")
    status = peewee.TextField(default="idea")
    starts_at = peewee.TextField(null=True)
    duration_minutes = peewee.IntegerField(default=30)
    place = peewee.TextField(default="")
    purpose = peewee.TextField(default="")
    research = peewee.TextField(default="")
    notes = peewee.TextField(default="")
    takeaways = peewee.TextField(default="")
    promised = peewee.TextField(default="")
    offered = peewee.TextField(default="")
    created_at = peewee.TextField()
    updated_at = peewee.TextField()


class MeetingPerson(BaseModel):
    meeting = peewee.ForeignKeyField(Meeting, column_name="meeting_id", on_delete="CASCADE")
    contact = peewee.ForeignKeyField(Contact, column_name="contact_id", on_delete="CASCADE")

    class Meta:
        primary_key = peewee.CompositeKey("meeting", "contact")
        without_rowid = True


class Question(BaseModel):
    """One question of the bank, in one of its layers."""

    layer = peewee.TextField()  # industry, organisation, person or closing
    text = peewee.TextField()
    position = peewee.IntegerField(default=0)
    archived = peewee.BooleanField(default=False)


class MeetingQuestion(BaseModel):
    """A question prepared for one meeting (copied, so rewording the bank keeps it)."""

    meeting = peewee.ForeignKeyField(Meeting, column_name="meeting_id", on_delete="CASCADE")
    question = peewee.ForeignKeyField(
        Question, column_name="question_id", null=True, on_delete="SET NULL"
    )
    layer = peewee.TextField()
    text = peewee.TextField()
    position = peewee.IntegerField()
    answer = peewee.TextField(default="")


class QuestionTemplate(BaseModel):
    name = peewee.TextField(unique=True)  # COLLATE NOCASE in the schema
    created_at = peewee.TextField()


class QuestionTemplateItem(BaseModel):
    template = peewee.ForeignKeyField(
        QuestionTemplate, column_name="template_id", on_delete="CASCADE"
    )
    position = peewee.IntegerField()
    question = peewee.ForeignKeyField(
        Question, column_name="question_id", null=True, on_delete="SET NULL"
    )
    layer = peewee.TextField()
    text = peewee.TextField()

    class Meta:
        primary_key = peewee.CompositeKey("template", "position")
        without_rowid = True


class Referral(BaseModel):
    """Someone (from) suggested the user talk to someone else (to)."""

    meeting = peewee.ForeignKeyField(
        Meeting, column_name="meeting_id", null=True, on_delete="SET NULL"
    )
    from_contact = peewee.ForeignKeyField(
        Contact, column_name="from_contact_id", on_delete="CASCADE"
    )
    to_contact = peewee.ForeignKeyField(Contact, column_name="to_contact_id", on_delete="CASCADE")
    permission = peewee.TextField(default="ask")  # may I mention them: yes, no, ask
    note = peewee.TextField(default="")
    created_at = peewee.TextField()
