"""Moving every row that names the merged person to the kept one, and moving it back.

Each table that names a person has a planner here (REFERENCES); a plan is a list of
row changes (the row before, the row after, or None when the merge deletes it), so
that the same list applies the merge and, read backwards, undoes it. Rows that would
collide with the kept person's (a composite key, a unique index, a duplicate link)
are dropped in favour of the kept person's own.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass

import peewee

from netdesk.db.models import (
    MODELS,
    Application,
    BaseModel,
    CalendarEvent,
    ContactCard,
    ContactTag,
    EventIntroduction,
    EventPerson,
    Interaction,
    KeepInTouch,
    Link,
    MapPosition,
    MeetingPerson,
    NotDuplicate,
    Outreach,
    Position,
    Referral,
    Setting,
    SyncConflict,
    Todo,
)
from netdesk.services.contacts.deletion import column_rows, insert_columns
from netdesk.services.settings import ME
from netdesk.services.text import join_lines, split_lines

Row = dict[str, object]
MODEL_OF: dict[str, type[BaseModel]] = {model._meta.table_name: model for model in MODELS}


@dataclass(frozen=True)
class RowChange:
    table: str
    before: Row
    after: Row | None  # None: the merge deletes the row

    def as_json(self) -> list[object]:
        return [self.table, self.before, self.after]

    @classmethod
    def from_json(cls, item: list) -> RowChange:
        return cls(item[0], item[1], item[2])


@dataclass(frozen=True)
class Pair:
    """The merge being planned: who stays, who goes, and the user's choices."""

    kept: int
    other: int
    keep_in_touch_from_other: bool = False
    job_from_other: bool = False  # the organisation chosen is the other's
    day: str = ""  # the merge's day: a second current job ends on it


Planner = Callable[[peewee.SqliteDatabase, Pair], list[RowChange]]


def _key_where(model: type[BaseModel], row: Row) -> peewee.Expression:
    """The row's primary key as a condition (composite keys too)."""
    key = model._meta.primary_key
    fields = (
        [model._meta.fields[name] for name in key.field_names]
        if isinstance(key, peewee.CompositeKey)
        else [key]
    )
    return functools.reduce(operator.and_, (f == row[f.column_name] for f in fields))


def _moving(
    model: type[BaseModel],
    *columns: str,
    identity: Callable[[Row], object] | None = None,
    no_self: bool = False,
    normalise: Callable[[Row], Row] = lambda row: row,
    absorb: Callable[[Row, Row], Row | None] | None = None,
) -> Planner:
    """A planner for *model*'s rows naming the other person in *columns*: each is
    moved to the kept person, unless it then names them twice (*no_self*) or has the
    same *identity* as a row they already have (the kept person's stays; *absorb*
    may take what the dropped row adds to it)."""

    table = model._meta.table_name
    fields = [model._meta.columns[name] for name in columns]

    def plan(db: peewee.SqliteDatabase, pair: Pair) -> list[RowChange]:
        theirs = functools.reduce(operator.or_, (f == pair.other for f in fields))
        mine = functools.reduce(operator.or_, (f == pair.kept for f in fields))
        seen: dict[object, Row] = {}
        kept_rows = list(column_rows(model, mine & ~theirs).bind(db))
        for row in kept_rows if identity else ():
            seen.setdefault(identity(row), row)
        changes: list[RowChange] = []
        for row in column_rows(model, theirs).bind(db):
            after = normalise({c: pair.kept if c in columns and v == pair.other else v
                               for c, v in row.items()})  # fmt: skip
            if no_self and len({after[c] for c in columns}) < len(columns):
                changes.append(RowChange(table, row, None))
                continue
            key = identity(after) if identity else None
            winner = seen.get(key) if key is not None else None
            if winner is None:
                if key is not None:
                    seen[key] = after
                changes.append(RowChange(table, row, after))
                continue
            changes.append(RowChange(table, row, None))
            taken = absorb(winner, row) if absorb and winner in kept_rows else None
            if taken is not None:
                changes.append(RowChange(table, dict(winner), taken))
                winner.update(taken)
        return changes

    return plan


def _ordered_pair(row: Row) -> Row:
    first, second = sorted((row["first_id"], row["second_id"]))  # type: ignore[type-var]
    return {**row, "first_id": first, "second_id": second}


def _with_note(kept: Row, other: Row) -> Row | None:
    """A person met at an event twice: the kept row takes the other's note and star."""
    note = join_notes(str(kept["note"]), str(other["note"]))
    starred = max(int(kept["starred"]), int(other["starred"]))  # type: ignore[call-overload]
    if note == kept["note"] and starred == kept["starred"]:
        return None
    return {**kept, "note": note, "starred": starred}


def join_notes(mine: str, theirs: str) -> str:
    """Both notes, each once: a note the other already contains is not repeated."""
    if not theirs.strip() or theirs.strip() in mine:
        return mine
    if not mine.strip() or mine.strip() in theirs:
        return theirs
    return f"{mine.rstrip()}\n\n{theirs.lstrip()}"


def _keep_in_touch(db: peewee.SqliteDatabase, pair: Pair) -> list[RowChange]:
    """One interval per person: the kept person's, or the other's if chosen (or the
    kept person has none)."""
    table = KeepInTouch._meta.table_name
    mine = list(column_rows(KeepInTouch, KeepInTouch.contact == pair.kept).bind(db))
    theirs = list(column_rows(KeepInTouch, KeepInTouch.contact == pair.other).bind(db))
    if not theirs:
        return []
    if mine and not pair.keep_in_touch_from_other:
        return [RowChange(table, theirs[0], None)]
    changes = [RowChange(table, row, None) for row in mine]
    return [*changes, RowChange(table, theirs[0], {**theirs[0], "contact_id": pair.kept})]


def _cards(db: peewee.SqliteDatabase, pair: Pair) -> list[RowChange]:
    """The other's card becomes nobody's, which the next contacts sync deletes from
    the server (the kept person's card stays); a card already deleted there goes."""
    table = ContactCard._meta.table_name
    changes = []
    for row in column_rows(ContactCard, ContactCard.contact == pair.other).bind(db):
        gone = row["deleted_on_server"] is not None
        changes.append(RowChange(table, row, None if gone else {**row, "contact_id": None}))
    return changes


def _calendar_people(db: peewee.SqliteDatabase, pair: Pair) -> list[RowChange]:
    """Calendar events list the people they are with as ids, one a line."""
    table = CalendarEvent._meta.table_name
    named = CalendarEvent.people.contains(str(pair.other))
    changes = []
    for row in column_rows(CalendarEvent, named).bind(db):
        ids = split_lines(str(row["people"]))
        if str(pair.other) not in ids:
            continue
        moved = [str(pair.kept) if each == str(pair.other) else each for each in ids]
        changes.append(
            RowChange(table, row, {**row, "people": join_lines(list(dict.fromkeys(moved)))})
        )
    return changes


def _me(db: peewee.SqliteDatabase, pair: Pair) -> list[RowChange]:
    """If the other person was "me", the kept one is."""
    table = Setting._meta.table_name
    rows = column_rows(Setting, (Setting.key == ME.name) & (Setting.value == str(pair.other)))
    return [RowChange(table, row, {**row, "value": str(pair.kept)}) for row in rows.bind(db)]


def _same_job(row: Row) -> object:
    return (row["contact_id"], row["organisation_id"], row["role"], row["started_on"],
            row["ended_on"])  # fmt: skip


def _positions(db: peewee.SqliteDatabase, pair: Pair) -> list[RowChange]:
    """Jobs both had (the same organisation, role and dates) are kept once; a later
    position that replaced a dropped one then replaces the kept person's."""
    changes = _moving(Position, "contact_id", identity=_same_job)(db, pair)
    _one_current_job(db, pair, changes)
    dropped = {c.before["id"]: c.before for c in changes if c.after is None}
    if not dropped:
        return changes
    kept = column_rows(Position, Position.contact == pair.kept).bind(db)
    winner = {_same_job(row): row["id"] for row in kept}
    for change in changes:
        if change.after is not None:
            winner.setdefault(_same_job(change.after), change.after["id"])
    instead = {i: winner[_same_job({**row, "contact_id": pair.kept})] for i, row in dropped.items()}
    for change in changes:
        if change.after is not None and change.after["replaces_id"] in instead:
            change.after["replaces_id"] = instead[change.after["replaces_id"]]
    pointing = column_rows(Position, Position.replaces_id.in_(list(instead)))
    for row in pointing.bind(db):
        if row["contact_id"] != pair.other:
            after = {**row, "replaces_id": instead[row["replaces_id"]]}
            changes.append(RowChange("position", row, after))
    return changes


def _one_current_job(db: peewee.SqliteDatabase, pair: Pair, changes: list[RowChange]) -> None:
    """Both had a current job: the one whose organisation was not chosen ends today (a
    job that was only the kept person's own fields simply takes the chosen values)."""
    moved = [c for c in changes if c.after is not None and c.after["ended_on"] is None]
    current = column_rows(
        Position, (Position.contact == pair.kept) & Position.ended_on.is_null()
    ).bind(db)
    kept = list(current)
    if not (moved and pair.day):
        return
    if pair.job_from_other:
        changes += [RowChange("position", row, {**row, "ended_on": pair.day}) for row in kept]
    else:
        for change in moved:
            change.after["ended_on"] = pair.day  # type: ignore[index]


def _not_blank(*columns: str) -> Callable[[Row], object]:
    def identity(row: Row) -> object:
        values = tuple(row[c] for c in columns)
        return None if any(v is None for v in values) else values

    return identity


# Every table naming a person, by (table, column), with its planner. Foreign keys to
# contact(id) must all be here (test_merge checks the schema); outreach.via_contact_id,
# calendar_event.people and the "me" setting name people without one.
REFERENCES: dict[str, tuple[tuple[str, ...], Planner]] = {
    "meeting_person": (("contact_id",), _moving(MeetingPerson, "contact_id",
                                                identity=_not_blank("meeting_id", "contact_id"))),
    "event_person": (("contact_id",), _moving(EventPerson, "contact_id",
                                              identity=_not_blank("event_id", "contact_id"),
                                              absorb=_with_note)),
    "contact_tag": (("contact_id",), _moving(ContactTag, "contact_id",
                                             identity=_not_blank("contact_id", "tag_id"))),
    "referral": (("from_contact_id", "to_contact_id"),
                 _moving(Referral, "from_contact_id", "to_contact_id", no_self=True)),
    "link": (("from_contact_id", "to_contact_id"),
             _moving(Link, "from_contact_id", "to_contact_id", no_self=True,
                     identity=lambda r: (frozenset((r["from_contact_id"], r["to_contact_id"])),
                                         r["kind"]))),
    "event_introduction": (("introducer_id", "introduced_id"),
                           _moving(EventIntroduction, "introducer_id", "introduced_id",
                                   no_self=True, identity=_not_blank(
                                       "event_id", "introducer_id", "introduced_id"))),
    "not_duplicate": (("first_id", "second_id"),
                      _moving(NotDuplicate, "first_id", "second_id", no_self=True,
                              normalise=_ordered_pair,
                              identity=_not_blank("first_id", "second_id"))),
    "interaction": (("contact_id",), _moving(Interaction, "contact_id",
                                             identity=_not_blank("contact_id", "message_id"))),
    "todo": (("contact_id",), _moving(Todo, "contact_id")),
    "outreach": (("contact_id", "via_contact_id"),
                 _moving(Outreach, "contact_id", "via_contact_id")),
    "position": (("contact_id",), _positions),
    "application": (("referrer_id",), _moving(Application, "referrer_id")),
    "sync_conflict": (("contact_id",), _moving(SyncConflict, "contact_id")),
    "map_position": (("contact_id",), _moving(MapPosition, "contact_id",
                                              identity=_not_blank("contact_id"))),
    "keep_in_touch": (("contact_id",), _keep_in_touch),
    "contact_card": (("contact_id",), _cards),
    "calendar_event": (("people",), _calendar_people),
    "setting": (("value",), _me),
}  # fmt: skip


def plan(db: peewee.SqliteDatabase, pair: Pair) -> list[RowChange]:
    return [change for _, planner in REFERENCES.values() for change in planner(db, pair)]


def apply(db: peewee.SqliteDatabase, changes: list[RowChange]) -> None:
    """Deletes first (a moved row may take a deleted one's key), then moves."""
    for change in changes:
        if change.after is None:
            model = MODEL_OF[change.table]
            model.delete().where(_key_where(model, change.before)).bind(db).execute()
    for change in changes:
        if change.after is not None:
            _update(db, change.table, change.before, change.after)


def revert(db: peewee.SqliteDatabase, changes: list[RowChange]) -> None:
    """Move back what the merge moved (what was deleted since stays deleted, what was
    edited since keeps those edits), then put back what it deleted. A moved row may
    point at a deleted one (a position replacing another): keys are checked at commit."""
    db.execute_sql("PRAGMA defer_foreign_keys = ON")  # ends with the transaction
    for change in reversed(changes):
        if change.after is not None:
            _update(db, change.table, change.after, change.before)
    for change in changes:
        if change.after is None:
            reinsert(db, MODEL_OF[change.table], change.before)


def _update(db: peewee.SqliteDatabase, table: str, now: Row, wanted: Row) -> int:
    """Set the columns where *wanted* differs from *now*, on the row *now* names."""
    model = MODEL_OF[table]
    values = {model._meta.columns[c]: v for c, v in wanted.items() if now.get(c) != v}
    if not values:
        return 0
    return int(model.update(values).where(_key_where(model, now)).bind(db).execute())


def reinsert(db: peewee.SqliteDatabase, model: type[BaseModel], row: Row) -> bool:
    """Insert a row read before; what it points to that is gone since is dealt with as
    its foreign key says (SET NULL, else the row stays out)."""
    row = dict(row)
    for field in model._meta.sorted_fields:
        value = row.get(field.column_name)
        if not isinstance(field, peewee.ForeignKeyField) or value is None:
            continue
        parent = field.rel_model
        if parent.select().where(field.rel_field == value).bind(db).exists():
            continue
        if field.on_delete != "SET NULL":
            return False
        row[field.column_name] = None
    insert_columns(model, row).bind(db).execute()
    return True
