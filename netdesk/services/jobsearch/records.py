"""The job search's words (stages, sources) and the records its services return."""

from __future__ import annotations

from dataclasses import dataclass, field

import peewee

from netdesk.db.models import Organisation
from netdesk.errors import ValidationError
from netdesk.services.text import fold

# In order: a target only ever follows its applications forward along this line.
TARGET_STAGES = ("exploring", "talking", "referred", "applied", "interviewing", "offer", "closed")
APPLICATION_STAGES = ("applied", "screen", "interview", "offer", "rejected", "withdrawn")
OPEN_STAGES = ("applied", "screen", "interview")  # waiting for an answer
SOURCES = ("cold", "referral", "recruiter", "other")
# Where an application at this stage puts its organisation's target (at least).
TARGET_FOR_APPLICATION = {"applied": "applied", "screen": "applied",
                          "interview": "interviewing", "offer": "offer"}  # fmt: skip


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True)
class TargetRecord:
    id: int
    organisation_id: int
    organisation: str
    stage: str
    notes: str
    source: str
    people_now: tuple[Person, ...] = ()  # whose organisation it is
    people_before: tuple[Person, ...] = ()  # whose positions there have ended
    applications: int = 0
    conversations: int = 0  # held meetings with people who work or worked there


@dataclass(frozen=True)
class StepRecord:
    id: int
    application_id: int
    stage: str
    round: int  # interview rounds 1, 2, …; 0 for every other step
    on_day: str
    note: str

    def label(self) -> str:
        return f"interview {self.round}" if self.round else self.stage


@dataclass(frozen=True)
class ApplicationRecord:
    id: int
    organisation_id: int | None
    organisation: str
    role: str
    link: str
    applied_on: str | None
    source: str
    referrer_id: int | None
    referrer: str
    stage: str
    next_action: str
    due_on: str | None
    resume_file: str
    cover_letter_file: str
    notes: str
    last_step_on: str | None = None


@dataclass(frozen=True)
class Deleted:
    """What undoing a removal needs: the rows as they were."""

    kind: str  # target or application
    row: dict[str, object]
    steps: tuple[dict[str, object], ...] = field(default=())


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValidationError({name: f"“{value}” is not a {name} ({', '.join(allowed)})."})


def organisation_id(db: peewee.SqliteDatabase, name: str, *, create: bool = True) -> int | None:
    """The organisation of this name in any case or accents (as people's are kept),
    made when missing (unless *create* is False)."""
    name = " ".join(name.split())
    if not name:
        return None
    key = fold(name)
    found = Organisation.select(Organisation.id).where(Organisation.name_key == key)
    found_id = found.bind(db).scalar()
    if found_id is not None or not create:
        return found_id
    return int(Organisation.insert(name=name, name_key=key).bind(db).execute())
