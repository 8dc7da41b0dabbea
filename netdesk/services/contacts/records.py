"""People's records and the list's filter, sort and rows; the errors contact services raise."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

import peewee
from peewee import fn

from netdesk.db.models import Contact, Organisation, Setting
from netdesk.services.settings import ME
from netdesk.services.text import split_lines

# The user's own person (set on the welcome screen, the map's centre). They are listed
# like anyone else, so that they can edit their own role, but they are not a
# relationship: never counted, charted, reminded of, or filtered as one.
ME_SETTING = ME.name
IS_ME_SQL = f"(c.id IS (SELECT CAST(value AS INTEGER) FROM setting WHERE key = '{ME_SETTING}'))"
NOT_ME_SQL = f"NOT {IS_ME_SQL}"


def me_id(db: peewee.SqliteDatabase) -> int | None:
    """The user's own person, or None (also when that person has been deleted)."""
    row = (
        Contact.select(Contact.id)
        .join(Setting, on=Contact.id == Setting.value.cast("INTEGER"))
        .where(Setting.key == ME_SETTING)
        .bind(db)
        .tuples()
        .first()
    )
    return int(row[0]) if row else None


class Scope(Enum):
    EVERYONE = "everyone"  # me included
    REAL = "real"  # people the user knows some way other than "LinkedIn only"
    LINKEDIN_ONLY = "linkedin"


class SortKey(Enum):
    NAME = "c.sort_name"
    ORGANISATION = "o.name_key"
    ROLE = "lower(c.role)"
    RELATION = "c.relation"
    CLOSENESS = "c.closeness"
    # Real interactions by date, then people never in touch by when they connected on
    # LinkedIn (see query_ids), then nobody-knows-when.
    LAST_INTERACTION = "c.last_interaction"


@dataclass(frozen=True)
class ContactFilter:
    text: str = ""
    relation: str | None = None
    tag: str | None = None
    min_closeness: int | None = None
    scope: Scope = Scope.EVERYONE
    changed_job_since: str | None = None  # ISO day: moved or promoted since, by an export


@dataclass(frozen=True)
class ContactRow:
    """What one line of the contact list shows."""

    id: int
    name: str
    organisation: str
    role: str
    relation: str
    closeness: int
    last_interaction: str | None
    connected_on: str | None
    linkedin_url: str | None
    is_me: bool = False


@dataclass
class ContactRecord:
    """Everything the editor shows and edits for one person."""

    id: int | None = None
    given_name: str = ""
    family_name: str = ""
    display_name: str = ""
    organisation: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin_url: str = ""
    location: str = ""
    relation: str = "other"
    closeness: int = 3
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    # False: the mail scan leaves them out; emails already on their timeline stay.
    track_mail: bool = True
    source: str = "manual"
    connected_on: str | None = None
    last_interaction: str | None = None
    created_at: str = ""
    updated_at: str = ""


# Fields compared to decide what the user edited (so imports leave them alone).
EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "display_name",
    "organisation",
    "role",
    "emails",
    "phones",
    "linkedin_url",
    "location",
    "relation",
    "closeness",
    "tags",
    "notes",
    "track_mail",
)


@dataclass(frozen=True)
class Counts:
    people: int  # everyone but me
    real: int  # real relationships: neither me nor LinkedIn-only connections
    listed: int = 0  # every row of the contact list, me included (0: nobody at all)


EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}$")
PHONE = re.compile(r"^[+()\d][\d\s().\-/]*(?:\s*(?:x|ext\.?)\s*\d+)?$", re.IGNORECASE)


def among(field: peewee.Field, ids: Sequence[int]) -> peewee.Expression:
    """*field* IN *ids*, the ids passed as one JSON parameter: peewee renders a list
    value by value, which takes longer than the query itself with hundreds of ids."""
    return field.in_(peewee.SQL("(SELECT value FROM json_each(?))", [json.dumps(list(ids))]))


def record_query(ids: Sequence[int]) -> peewee.ModelSelect:
    """The full records of *ids* (without tags), one dict per person, keyed as
    ContactRecord's fields; bind it to a database to run it."""
    return (
        Contact.select(
            Contact.id,
            Contact.given_name,
            Contact.family_name,
            Contact.display_name,
            fn.COALESCE(Organisation.name, "").alias("organisation"),
            Contact.role,
            Contact.emails,
            Contact.phones,
            fn.COALESCE(Contact.linkedin_url, "").alias("linkedin_url"),
            Contact.location,
            Contact.relation,
            Contact.closeness,
            Contact.notes,
            Contact.track_mail,
            Contact.source,
            Contact.connected_on,
            Contact.last_interaction,
            Contact.created_at,
            Contact.updated_at,
        )
        .join(Organisation, peewee.JOIN.LEFT_OUTER, on=Organisation.id == Contact.organisation_id)
        .where(among(Contact.id, ids))
        .dicts()
    )


def record_from_row(row: dict[str, object]) -> ContactRecord:
    """A record from one row of record_query; tags are added by the caller."""
    emails, phones = split_lines(row.pop("emails")), split_lines(row.pop("phones"))
    track_mail = bool(row.pop("track_mail"))  # .dicts() leaves the stored 0 or 1
    return ContactRecord(**row, emails=emails, phones=phones, track_mail=track_mail)
