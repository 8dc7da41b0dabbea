"""What to do today to keep relationships alive: everything the Today page shows, built in
a handful of indexed queries (the page must appear at once with 30,000 people)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import peewee

from netdesk.services.base import Service
from netdesk.services.calendar.questions import MeetPrompt, open_prompts
from netdesk.services.carddav.questions import CardConflict, DeletedCard, deleted_cards
from netdesk.services.carddav.questions import open_conflicts as open_card_conflicts
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock, first_of_month, local_day, week_of
from netdesk.services.contacts.records import NOT_ME_SQL
from netdesk.services.followups.event_followups import (
    EventConversions,
    EventGroup,
    EventName,
    event_conversions,
    events_with_open_todos,
    group_by_event,
)
from netdesk.services.followups.keep_in_touch import KeepInTouchService, LapsedPerson
from netdesk.services.followups.outreach import OutreachEntry, OutreachService
from netdesk.services.followups.outreach_rates import AcceptanceRates
from netdesk.services.followups.reciprocity import Balance, PersonBalance, ReciprocityService
from netdesk.services.followups.todos import Todo, TodoService
from netdesk.services.settings import TODAY_NOTIFY, SettingsStore
from netdesk.services.vocabulary import LINKEDIN_ONLY

LAPSED_SHOWN = 8  # a few people to call, not a wall of names
AWAITING_SHOWN = 8
CHART_MONTHS = 12
UPCOMING_DAYS = 7


@dataclass(frozen=True)
class WeekMeeting:
    id: int
    title: str
    status: str
    starts_at: datetime  # aware, in the user's zone
    people: str


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first day of the month
    count: int


@dataclass(frozen=True)
class TodayStats:
    meetings_per_month: list[MonthCount]
    referrals_per_month: list[MonthCount]
    referrals_total: int
    network_by_relation: list[tuple[str, int]]  # real relationships, largest first
    linkedin_only: int
    acceptance: AcceptanceRates
    reciprocity: Balance
    owing: list[PersonBalance]
    events: list[EventConversions]  # the latest events: people met -> conversations


@dataclass(frozen=True)
class TodayData:
    today: date
    todos: list[Todo]  # overdue, due today, then undated; snoozed ones left out
    upcoming_todos: int  # due within the next week, not shown yet
    meetings: list[WeekMeeting]
    lapsed: list[LapsedPerson]
    lapsed_total: int
    awaiting: list[OutreachEntry]
    awaiting_total: int
    no_answer_days: int
    stats: TodayStats
    events: dict[int, EventName]  # the events that open to-dos follow up, by id
    # The user's own calendar events with people NetDesk knows, ended without a meeting.
    meet_prompts: list[MeetPrompt] = field(default_factory=list)
    # From the address book: cards deleted there, fields both sides changed differently.
    deleted_cards: list[DeletedCard] = field(default_factory=list)
    card_conflicts: list[CardConflict] = field(default_factory=list)

    @property
    def entries(self) -> list[Todo | EventGroup]:
        """The to-dos as Today lists them: a capture's gathered under their event."""
        return group_by_event(self.todos, self.events, self.today)

    @property
    def overdue_todos(self) -> list[Todo]:
        return [t for t in self.todos if t.due_on is not None and t.due_on < self.today]

    def notification(self) -> str | None:
        """One line for a desktop notification when something is overdue, else None."""
        parts = []
        overdue = len(self.overdue_todos)
        if overdue:
            parts.append(f"{overdue} overdue follow-up" + ("s" if overdue != 1 else ""))
        if self.lapsed_total:
            people = "person" if self.lapsed_total == 1 else "people"
            parts.append(f"{self.lapsed_total} {people} to get back in touch with")
        return " · ".join(parts) if parts else None


class TodayService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        todos: TodoService,
        keep_in_touch: KeepInTouchService,
        outreach: OutreachService,
        reciprocity: ReciprocityService,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        """*clock* knows the user's time zone: "today" and "this week" are theirs."""
        super().__init__(db, clock, changes)
        self._todos = todos
        self._keep_in_touch = keep_in_touch
        self._outreach = outreach
        self._reciprocity = reciprocity
        self._tz = clock.tz

    def today(self, now: datetime | None = None) -> date:
        """The user's calendar day at *now* (default: now)."""
        return local_day(now or self._clock.now(), self._tz)

    def build(self, now: datetime | None = None) -> TodayData:
        today = self.today(now)
        lapsed = self._keep_in_touch.lapsed(today, limit=LAPSED_SHOWN)
        awaiting = self._outreach.awaiting()
        return TodayData(
            today=today,
            todos=self._todos.due(today),
            upcoming_todos=self._todos.count_due_between(
                today + timedelta(days=1), today + timedelta(days=UPCOMING_DAYS)
            ),
            meetings=self.meetings_this_week(today),
            lapsed=lapsed.people,
            lapsed_total=lapsed.total,
            awaiting=awaiting[:AWAITING_SHOWN],
            awaiting_total=len(awaiting),
            no_answer_days=self._outreach.no_answer_days(),
            stats=self.stats(today),
            events=events_with_open_todos(self._db),
            meet_prompts=open_prompts(self._db, self._tz),
            deleted_cards=deleted_cards(self._db),
            card_conflicts=open_card_conflicts(self._db),
        )

    def meetings_this_week(self, today: date) -> list[WeekMeeting]:
        """Meetings from Monday 00:00 to the next Monday 00:00 on the user's clock."""
        start, end = week_of(today, self._tz)
        # starts_at is ISO text with its own offset: text order is not time order across
        # offsets, so take a day's margin by text (index range) and decide by time.
        # SQL, not peewee: at every refresh of Today, and peewee's query building and
        # row wrapping made it nearly twice as slow (0.45 -> 0.8 ms, bench_today).
        cursor = self._db.execute_sql(
            "SELECT m.id, m.title, m.status, m.starts_at, "
            "coalesce((SELECT group_concat(c.display_name, ', ') FROM meeting_person mp "
            "JOIN contact c ON c.id = mp.contact_id WHERE mp.meeting_id = m.id), '') AS people "
            "FROM meeting m WHERE m.starts_at >= ? AND m.starts_at < ? "
            "AND m.status NOT IN ('cancelled', 'declined') ORDER BY m.starts_at",
            (
                (start.date() - timedelta(days=1)).isoformat(),
                (end.date() + timedelta(days=2)).isoformat(),
            ),
        )
        cursor.row_factory = _by_name  # 50 rows, no cost to speak of
        meetings = []
        for row in cursor:
            moment = datetime.fromisoformat(row["starts_at"])
            if moment.tzinfo is None:
                moment = moment.astimezone(self._tz)
            if start <= moment < end:
                when = moment.astimezone(self._tz)
                meetings.append(
                    WeekMeeting(row["id"], row["title"], row["status"], when, row["people"])
                )
        meetings.sort(key=lambda m: m.starts_at)
        return meetings

    def stats(self, today: date) -> TodayStats:
        # SQL, not peewee: at every refresh of Today; built with peewee these four counts
        # took 0.8 ms longer (17.0 vs 16.1 ms with reciprocity, bench_today at 30,000).
        conn = self._db.connection()
        first = first_of_month(today, CHART_MONTHS - 1)
        months = [first_of_month(today, back) for back in range(CHART_MONTHS - 1, -1, -1)]
        held = dict(
            conn.execute(
                "SELECT substr(starts_at, 1, 7), count(*) FROM meeting "
                "WHERE starts_at >= ? AND status = 'held' GROUP BY 1",
                (first.isoformat(),),
            ).fetchall()
        )
        referred = dict(
            conn.execute(
                "SELECT substr(created_at, 1, 7), count(*) FROM referral "
                "WHERE created_at >= ? GROUP BY 1",
                (first.isoformat(),),
            ).fetchall()
        )
        referrals_total = conn.execute("SELECT count(*) FROM referral").fetchone()[0]
        by_relation = conn.execute(  # me is the centre of the network, not part of it
            f"SELECT c.relation, count(*) FROM contact c WHERE {NOT_ME_SQL} "
            "GROUP BY c.relation ORDER BY 2 DESC, 1"
        ).fetchall()
        linkedin_only = sum(n for relation, n in by_relation if relation == LINKEDIN_ONLY)
        return TodayStats(
            meetings_per_month=[MonthCount(m, held.get(m.isoformat()[:7], 0)) for m in months],
            referrals_per_month=[MonthCount(m, referred.get(m.isoformat()[:7], 0)) for m in months],
            referrals_total=referrals_total,
            network_by_relation=[(r, n) for r, n in by_relation if r != LINKEDIN_ONLY],
            linkedin_only=linkedin_only,
            acceptance=self._outreach.rates(today),
            reciprocity=self._reciprocity.overall(),
            owing=self._reciprocity.owing(),
            events=event_conversions(self._db),
        )

    # --- the start-up notification -----------------------------------------

    def notify_at_start(self) -> bool:
        return SettingsStore(self._db).get(TODAY_NOTIFY) == "1"  # off unless turned on

    @announces(Change.SETTINGS)
    def set_notify_at_start(self, on: bool) -> None:
        SettingsStore(self._db).set(TODAY_NOTIFY, "1" if on else "0")


def _by_name(cursor, row: tuple) -> dict[str, object]:
    """A row by column name, from sqlite3 or SQLCipher alike (sqlite3.Row takes only
    sqlite3's own cursors)."""
    return dict(zip((column[0] for column in cursor.description), row, strict=True))
