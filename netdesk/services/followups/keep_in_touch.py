"""Keeping in touch: how often to hear from each person, and who is overdue for it.

Every person has an interval: their own if the user set one, else the default for how
the user knows them. Any logged interaction moves their last-interaction date, which
restarts the interval. People the user only knows from LinkedIn have no interval by
default: 29,000 imported connections are not 29,000 relationships to maintain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import peewee

from netdesk.db.models import Contact, KeepInTouch
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, announces
from netdesk.services.contacts.records import ME_SETTING
from netdesk.services.settings import KEEP_IN_TOUCH, ME, SettingsStore
from netdesk.services.vocabulary import LINKEDIN_ONLY, RELATIONS

# Days between touches, by how the user knows someone; None: no reminders.
DEFAULT_INTERVALS: dict[str, int | None] = {
    "family": 30,
    "friend": 30,
    "mentor": 60,
    "client": 60,
    "manager": 90,
    "colleague": 90,
    "group": 90,
    "classmate": 120,
    "teacher": 120,
    "vendor": 180,
    "service": 180,
    "other": 180,
    LINKEDIN_ONLY: None,
}
# What the menus offer; any positive number of days is stored as given.
INTERVAL_CHOICES = (14, 30, 60, 90, 180, 365)
MAX_INTERVAL_DAYS = 5 * 365
_NEVER = "never"
# ME_SETTING (from contacts): the user's own person (the map's centre) needs no reminders.


def describe_interval(days: int | None) -> str:
    """'every 2 weeks', 'every 3 months', 'every year'; 'no reminders' for None."""
    if days is None:
        return "no reminders"
    if days % 365 == 0:
        years = days // 365
        return "every year" if years == 1 else f"every {years} years"
    if days % 30 == 0:
        months = days // 30
        return "every month" if months == 1 else f"every {months} months"
    if days % 7 == 0:
        weeks = days // 7
        return "every week" if weeks == 1 else f"every {weeks} weeks"
    return "every day" if days == 1 else f"every {days} days"


@dataclass(frozen=True)
class Cadence:
    """One person's keep-in-touch state."""

    contact_id: int
    relation: str
    own_interval: int | None  # set on this person; None: the relation's default
    relation_default: int | None
    stopped: bool  # "stop reminding me"
    snoozed_until: date | None
    last_touch: date | None  # what the interval counts from: last interaction, else added
    last_interaction: date | None = None  # a real one; None: nothing logged yet

    @property
    def interval_days(self) -> int | None:
        """The interval in force, None when there are no reminders for this person."""
        if self.stopped:
            return None
        return self.own_interval if self.own_interval is not None else self.relation_default

    @property
    def due_on(self) -> date | None:
        """The day the next touch is due (before any snooze)."""
        interval = self.interval_days
        if interval is None or self.last_touch is None:
            return None
        return self.last_touch + timedelta(days=interval)

    def is_lapsed(self, today: date) -> bool:
        due = self.due_on
        if due is None or due > today:
            return False
        return self.snoozed_until is None or self.snoozed_until <= today


@dataclass(frozen=True)
class LapsedPerson:
    """Someone whose keep-in-touch interval has passed."""

    contact_id: int
    name: str
    organisation: str
    relation: str
    closeness: int
    last_touch: date
    interval_days: int
    due_on: date
    touched: bool  # False: nothing logged yet, last_touch is when they were added

    def days_overdue(self, today: date) -> int:
        return (today - self.due_on).days


@dataclass(frozen=True)
class LapsedList:
    people: list[LapsedPerson]  # strongest ties first, at most the limit asked for
    total: int


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


# What a person's interval counts from: their last real interaction, else the day they
# were added. LinkedIn's "Connected On" is not an interaction: someone connected in 2015
# and marked a colleague today is due in 90 days, not at once.
LAST_TOUCH_SQL = "coalesce(c.last_interaction, substr(c.created_at, 1, 10))"
_LAST_TOUCH = peewee.fn.COALESCE(
    Contact.last_interaction, peewee.fn.substr(Contact.created_at, 1, 10)
)


class KeepInTouchService(Service):
    # --- defaults by how I know them ---------------------------------------

    def relation_defaults(self) -> dict[str, int | None]:
        """Relation -> days (None: no reminders): ours, with the user's changes."""
        defaults = dict(DEFAULT_INTERVALS)
        for relation in RELATIONS:
            defaults.setdefault(relation, None)
        for relation, value in SettingsStore(self._db).family(KEEP_IN_TOUCH).items():
            if relation in defaults:
                defaults[relation] = None if value == _NEVER else int(value)
        return defaults

    @announces(Change.SETTINGS)
    def set_relation_default(self, relation: str, days: int | None) -> None:
        if relation not in RELATIONS:
            raise ValidationError({"relation": f"Unknown kind of relationship: {relation!r}."})
        _check_days(days)
        ours = days == DEFAULT_INTERVALS.get(relation)
        SettingsStore(self._db).set(
            KEEP_IN_TOUCH.of(relation=relation),
            None if ours else _NEVER if days is None else str(days),
        )

    # --- one person --------------------------------------------------------

    def cadence(self, contact_id: int) -> Cadence:
        row = (
            Contact.select(
                Contact.relation,
                KeepInTouch.interval_days,
                KeepInTouch.stopped,
                KeepInTouch.snoozed_until,
                _LAST_TOUCH.alias("last_touch"),
                Contact.last_interaction,
            )
            .join(KeepInTouch, peewee.JOIN.LEFT_OUTER, on=KeepInTouch.contact_id == Contact.id)
            .where(Contact.id == contact_id)
            .bind(self._db)
            .dicts()
            .first()
        )
        if row is None:
            raise KeyError(contact_id)
        return Cadence(
            contact_id,
            row["relation"],
            row["interval_days"],
            self.relation_defaults().get(row["relation"]),
            # me: no reminders, whatever is stored
            bool(row["stopped"]) or contact_id == self._me_id(),
            _day(row["snoozed_until"]),
            _day(row["last_touch"]),
            _day(row["last_interaction"]),
        )

    def _me_id(self) -> int | None:
        me = SettingsStore(self._db).get(ME)
        return int(me) if me and me.isdigit() else None

    @announces(Change.SETTINGS)
    def set_interval(self, contact_id: int, days: int | None) -> Cadence:
        """This person's own interval (None: back to the relation's default); reminders on."""
        _check_days(days)
        self._upsert(contact_id, {KeepInTouch.interval_days: days, KeepInTouch.stopped: False})
        return self.cadence(contact_id)

    @announces(Change.SETTINGS)
    def stop_reminding(self, contact_id: int, stopped: bool = True) -> Cadence:
        self._upsert(contact_id, {KeepInTouch.stopped: stopped})
        return self.cadence(contact_id)

    @announces(Change.SETTINGS)
    def snooze(self, contact_id: int, until: date | None) -> Cadence:
        """Leave this person off the lapsed list until *until* (None: show again now)."""
        self._upsert(contact_id, {KeepInTouch.snoozed_until: until.isoformat() if until else None})
        return self.cadence(contact_id)

    def _upsert(self, contact_id: int, values: dict[peewee.Field, object]) -> None:
        """Set *values* on the person's row, created with the defaults if missing."""
        with self._db.atomic("IMMEDIATE"):
            if not Contact.select().where(Contact.id == contact_id).bind(self._db).exists():
                raise KeyError(contact_id)
            KeepInTouch.insert({KeepInTouch.contact: contact_id, **values}).on_conflict(
                conflict_target=[KeepInTouch.contact], update=values
            ).bind(self._db).execute()

    # --- everyone ----------------------------------------------------------

    def lapsed(self, today: date, limit: int | None = None) -> LapsedList:
        """People whose interval has passed by *today* (and who are not snoozed), closest
        ties first, then the longest overdue. Quality over quantity: a mentor overdue by
        a week comes before an acquaintance overdue by a year."""
        defaults = {k: v for k, v in self.relation_defaults().items() if v is not None}
        case = " ".join("WHEN ? THEN ?" for _ in defaults)
        default_sql = f"CASE c.relation {case} END" if defaults else "NULL"
        relations = ",".join("?" * len(defaults)) or "NULL"
        params: list[object] = [v for pair in defaults.items() for v in pair]
        params += list(defaults)
        params += [ME_SETTING, today.isoformat(), today.isoformat()]
        # SQL, not peewee: the Today page's hot path at 30,000 people, one indexed pass with
        # a window count (bench_today). Only people with a default or their own setting are
        # looked at, which skips the LinkedIn-only crowd without computing a date for each.
        sql = f"""
            WITH candidate AS (
                SELECT c.id, c.display_name, c.sort_name, c.organisation_id, c.relation,
                       c.closeness, c.last_interaction IS NOT NULL AS touched,
                       {LAST_TOUCH_SQL} AS last_touch,
                       coalesce(k.interval_days, {default_sql}) AS interval_days,
                       k.snoozed_until
                FROM contact c LEFT JOIN keep_in_touch k ON k.contact_id = c.id
                WHERE (c.relation IN ({relations}) OR k.interval_days IS NOT NULL)
                  AND coalesce(k.stopped, 0) = 0
                  AND c.id IS NOT (SELECT CAST(value AS INTEGER) FROM setting WHERE key = ?)
            ), due AS (
                SELECT *, date(last_touch, '+' || interval_days || ' days') AS due_on
                FROM candidate WHERE interval_days IS NOT NULL AND last_touch IS NOT NULL
            )
            SELECT d.id, d.display_name, coalesce(o.name, ''), d.relation, d.closeness,
                   d.last_touch, d.interval_days, d.due_on, d.touched, count(*) OVER ()
            FROM due d LEFT JOIN organisation o ON o.id = d.organisation_id
            WHERE d.due_on <= ? AND (d.snoozed_until IS NULL OR d.snoozed_until <= ?)
            ORDER BY d.closeness DESC, d.due_on, d.sort_name, d.id
        """
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._db.execute_sql(sql, params).fetchall()
        people = [
            LapsedPerson(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                _day(r[5]) or today,
                r[6],
                _day(r[7]) or today,
                bool(r[8]),
            )
            for r in rows
        ]
        return LapsedList(people, rows[0][9] if rows else 0)


def _check_days(days: int | None) -> None:
    if days is not None and not 0 < days <= MAX_INTERVAL_DAYS:
        raise ValidationError(
            {"interval": f"Choose between 1 day and {MAX_INTERVAL_DAYS // 365} years."}
        )
