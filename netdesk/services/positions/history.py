"""A person's job history, the job changes Today asks about ("Priya Wei moved from
Northwind to Tidewater Bank → Congratulate"), and former colleagues (people who were at
an organisation of the user's at the same time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee

from netdesk.db.models import Contact, Organisation, Position
from netdesk.services.base import Service
from netdesk.services.changes import Change, announces
from netdesk.services.contacts.records import me_id

PROMPT_STATES = ("open", "done", "dismissed")


@dataclass(frozen=True)
class PositionRecord:
    id: int | None  # None: the person's own organisation and role, no row (yet)
    organisation: str
    role: str
    started_on: str | None
    ended_on: str | None  # None: current
    change: str | None  # moved, promoted or role: how a newer export showed it
    seen_on: str | None

    @property
    def current(self) -> bool:
        return self.ended_on is None

    def as_dict(self) -> dict[str, object]:
        return dict(vars(self))


@dataclass(frozen=True)
class JobChange:
    """A job change Today asks about."""

    position_id: int
    contact_id: int
    name: str
    change: str  # moved or promoted
    organisation: str
    role: str
    previous_organisation: str
    previous_role: str
    seen_on: str

    def sentence(self) -> str:
        if self.change == "moved":
            before = f" from {self.previous_organisation}" if self.previous_organisation else ""
            where = self.organisation or "a new organisation"
            return f"{self.name} moved{before} to {where}"
        return f"{self.name} was promoted to {self.role}"


_COLUMNS = (
    Position.id, Organisation.name, Position.role, Position.started_on, Position.ended_on,
    Position.change, Position.seen_on,
)  # fmt: skip


def positions_of(db: peewee.SqliteDatabase, contact_id: int) -> list[PositionRecord]:
    """Current first, then the newest ended."""
    rows = (
        Position.select(*_COLUMNS)
        .join(Organisation, peewee.JOIN.LEFT_OUTER, on=Organisation.id == Position.organisation)
        .where(Position.contact == contact_id)
        .order_by(Position.ended_on.is_null(False), Position.ended_on.desc(), Position.id.desc())
        .bind(db)
        .tuples()
    )
    found = [
        PositionRecord(pid, org or "", role, started, ended, change, seen)
        for pid, org, role, started, ended, change, seen in rows
    ]
    if not any(position.current for position in found):  # the person's own, as typed
        query = (
            Contact.select(Organisation.name, Contact.role)
            .join(Organisation, peewee.JOIN.LEFT_OUTER, on=Organisation.id == Contact.organisation)
            .where(Contact.id == contact_id)
        )
        own = query.bind(db).tuples().first()
        if own is not None and (own[0] or own[1]):
            found.insert(0, PositionRecord(None, own[0] or "", own[1], None, None, None, None))
    return found


def previous_organisation(db: peewee.SqliteDatabase, contact_id: int) -> str:
    """Where the person worked before their newest job change ("" if none is known)."""
    newest = (
        Position.select(Position.replaces_id)
        .where(Position.contact == contact_id, Position.replaces_id.is_null(False))
        .order_by(Position.id.desc())
        .bind(db)
        .scalar()
    )
    if newest is None:
        return ""
    query = (
        Organisation.select(Organisation.name)
        .join(Position, on=Position.organisation == Organisation.id)
        .where(Position.id == newest)
    )
    return query.bind(db).scalar() or ""


def has_open_job_change(db: peewee.SqliteDatabase, contact_id: int) -> bool:
    query = Position.select().where(Position.contact == contact_id, Position.prompt == "open")
    return query.bind(db).exists()


def congratulated(db: peewee.SqliteDatabase, contact_id: int) -> None:
    """A congratulation sent: the person's open job change is answered."""
    Position.update(prompt="done").where(
        Position.contact == contact_id, Position.prompt == "open"
    ).bind(db).execute()


class PositionService(Service):
    def positions(self, contact_id: int) -> list[PositionRecord]:
        return positions_of(self._db, contact_id)

    def job_changes(self) -> list[JobChange]:
        """Moves and promotions still to congratulate, newest first."""
        sql = (
            "SELECT p.id, p.contact_id, c.display_name, p.change, coalesce(o.name, ''), "
            "p.role, coalesce(po.name, ''), coalesce(old.role, ''), p.seen_on "
            "FROM position p JOIN contact c ON c.id = p.contact_id "
            "LEFT JOIN organisation o ON o.id = p.organisation_id "
            "LEFT JOIN position old ON old.id = p.replaces_id "
            "LEFT JOIN organisation po ON po.id = old.organisation_id "
            "WHERE p.prompt = 'open' ORDER BY p.seen_on DESC, p.id DESC"
        )
        return [JobChange(*row) for row in self._db.execute_sql(sql)]

    @announces(Change.PEOPLE)
    def answer(self, position_id: int, state: str) -> str:
        """Congratulated ("done"), not worth it ("dismissed") or asked again ("open");
        returns the state before, for undo."""
        if state not in PROMPT_STATES:
            raise ValueError(state)
        with self._db.atomic("IMMEDIATE"):
            before = (
                Position.select(Position.prompt)
                .where(Position.id == position_id)
                .bind(self._db)
                .scalar()
            )
            if before is None:
                raise KeyError(position_id)
            Position.update(prompt=state).where(Position.id == position_id).bind(self._db).execute()
        return str(before)

    def former_colleagues(self, contact_id: int) -> list[str]:
        """The organisations where the user and this person both worked, at the same time
        where both sides' dates are known: "Northwind (2019–2021)"."""
        me = me_id(self._db)
        if me is None or me == contact_id:
            return []
        mine, theirs = positions_of(self._db, me), positions_of(self._db, contact_id)
        found: list[str] = []
        for own in mine:
            for their in theirs:
                same = own.organisation.casefold() == their.organisation.casefold()
                if own.organisation and same:
                    span = _overlap(own, their)
                    if span is not False and own.organisation not in found:
                        found.append(f"{own.organisation}{f' ({span})' if span else ''}")
        return found


def _overlap(a: PositionRecord, b: PositionRecord) -> str | bool:
    """The years both were there ("2019–2021"), "" when a side's dates are unknown,
    False when the dates say they were not there together."""
    if not (a.started_on and b.started_on):
        return ""
    today = date.max.isoformat()
    start = max(a.started_on, b.started_on)
    end = min(a.ended_on or today, b.ended_on or today)
    if start > end:
        return False
    last = "now" if end == today else end[:4]
    return start[:4] if last == start[:4] else f"{start[:4]}–{last}"
