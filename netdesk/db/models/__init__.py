"""peewee models: the one description of every table that code reads or writes.

The schema itself is created by the numbered migrations (plain SQL, frozen); these
models mirror it, and `tests/unit/test_models.py` checks that they agree column by
column. The FTS5 search indexes are not models: they are read and written with SQL
in the modules that search (services/search_index.py, services/meetings/).

Queries are bound to a database explicitly (`.bind(db)`): tests open many databases
in one process, so no model relies on a global binding. Dates and times are ISO text,
as the migrations store them; foreign keys are read as their ``*_id`` attributes.
"""

from __future__ import annotations

from netdesk.db.models.base import BaseModel
from netdesk.db.models.calendar import CalendarAccount, CalendarEvent
from netdesk.db.models.contact_sync import ContactCard, ContactsAccount, SyncConflict
from netdesk.db.models.events import Event, EventCapture, EventIntroduction, EventPerson
from netdesk.db.models.followups import Interaction, KeepInTouch, Outreach, Todo
from netdesk.db.models.history import Merge, NotDuplicate, Position
from netdesk.db.models.job_search import Application, ApplicationStep, Target
from netdesk.db.models.mail import EmailTemplate, MailAccount, MailFolder, Setting
from netdesk.db.models.meetings import (
    Meeting,
    MeetingPerson,
    MeetingQuestion,
    Question,
    QuestionTemplate,
    QuestionTemplateItem,
    Referral,
)
from netdesk.db.models.people import (
    Contact,
    ContactTag,
    ImportBatch,
    ImportChange,
    Link,
    MapPosition,
    Organisation,
    Tag,
)

MODELS: tuple[type[BaseModel], ...] = (
    Organisation,
    ImportBatch,
    Contact,
    ImportChange,
    Tag,
    ContactTag,
    Link,
    MapPosition,
    Meeting,
    MeetingPerson,
    Question,
    MeetingQuestion,
    QuestionTemplate,
    QuestionTemplateItem,
    Referral,
    Todo,
    Interaction,
    KeepInTouch,
    Outreach,
    Event,
    EventPerson,
    EventIntroduction,
    EventCapture,
    EmailTemplate,
    MailAccount,
    MailFolder,
    Setting,
    CalendarAccount,
    CalendarEvent,
    ContactsAccount,
    ContactCard,
    SyncConflict,
    Position,
    NotDuplicate,
    Merge,
    Target,
    Application,
    ApplicationStep,
)

__all__ = [
    "MODELS",
    "Application",
    "ApplicationStep",
    "BaseModel",
    "Contact",
    "ContactTag",
    "EmailTemplate",
    "Event",
    "EventCapture",
    "EventIntroduction",
    "EventPerson",
    "ImportBatch",
    "ImportChange",
    "Interaction",
    "KeepInTouch",
    "Link",
    "MailAccount",
    "MapPosition",
    "Meeting",
    "MeetingPerson",
    "MeetingQuestion",
    "Merge",
    "NotDuplicate",
    "Organisation",
    "Outreach",
    "Position",
    "Question",
    "QuestionTemplate",
    "QuestionTemplateItem",
    "Referral",
    "Setting",
    "Tag",
    "Target",
    "Todo",
]
