"""The address book's questions waiting for the user, read in two small queries (Today
reads them at every refresh; nothing here talks to a server or builds a service)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import peewee

MAX_SHOWN = 8
# How a synced field is named in a sentence (the rest: its name with spaces).
_FIELD_NAMES = {
    "display_name": "name",
    "linkedin_url": "LinkedIn profile",
    "keep_in_touch_days": "keep-in-touch interval",
}


@dataclass(frozen=True)
class DeletedCard:
    """A card deleted on the server whose person NetDesk kept: delete them too?"""

    contact_id: int
    name: str

    def question(self) -> str:
        return f"{self.name}'s card was deleted in your address book. Delete {self.name} here too?"


@dataclass(frozen=True)
class CardConflict:
    """A field changed here and in the address book differently (mine was kept)."""

    id: int
    contact_id: int
    name: str
    field: str
    mine: object
    theirs: object

    def question(self) -> str:
        what = _FIELD_NAMES.get(self.field, self.field.replace("_", " "))
        return (
            f"{self.name}'s {what}: you have {_shown(self.mine)}, "
            f"your address book says {_shown(self.theirs)}"
        )


def deleted_cards(db: peewee.SqliteDatabase, limit: int = MAX_SHOWN) -> list[DeletedCard]:
    rows = db.execute_sql(
        "SELECT c.id, c.display_name FROM contact_card k JOIN contact c ON c.id = k.contact_id "
        "WHERE k.deleted_on_server IS NOT NULL ORDER BY k.deleted_on_server, c.id LIMIT ?",
        (limit,),
    ).fetchall()
    return [DeletedCard(contact_id, name) for contact_id, name in rows]


def open_conflicts(db: peewee.SqliteDatabase, limit: int = MAX_SHOWN) -> list[CardConflict]:
    rows = db.execute_sql(
        "SELECT s.id, s.contact_id, c.display_name, s.field, s.mine, s.theirs "
        "FROM sync_conflict s JOIN contact c ON c.id = s.contact_id "
        "WHERE s.resolved_at IS NULL ORDER BY s.id LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        CardConflict(id_, contact_id, name, field, _value(mine), _value(theirs))
        for id_, contact_id, name, field, mine, theirs in rows
    ]


def _value(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _shown(value: object) -> str:
    if value in (None, "", [], ()):
        return "nothing"
    if isinstance(value, (list, tuple)):
        value = ", ".join(map(str, value))
    return f"“{value}”"
