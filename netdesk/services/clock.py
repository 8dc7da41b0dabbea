"""One clock for the whole app, and the user's calendar: which day it is, where a week
starts and ends, in their time zone.

Nothing else reads the wall clock (tests/unit/test_clock.py checks): the composition
root builds one Clock and hands it to every service and page; tests hand a FrozenClock.

Reminders are about calendar days, not 24-hour periods: "due tomorrow" flips at the
user's midnight, and a week is Monday 00:00 to the next Monday 00:00 on their wall
clock, which is 167 or 169 hours long when summer time starts or ends. Every helper
takes *tz*; None means the machine's own zone (what the rest of the app writes).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


class Clock:
    """The one source of "now" for the whole app, built once in the composition root.

    *tz* is the user's zone; None means the machine's own. Tests pass a FrozenClock,
    so nothing depends on the day, hour or zone the suite happens to run in.
    """

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz = tz

    def _read(self) -> datetime:
        return datetime.now(UTC)

    def now(self) -> datetime:
        """An aware "now" in the user's zone."""
        return self._read().astimezone(self.tz)

    def today(self) -> date:
        """The user's calendar day."""
        return self.now().date()

    def timestamp(self) -> str:
        """Now on the local wall clock, to the second, as every table stores its times."""
        return self.wall(self.now())

    def wall(self, moment: datetime) -> str:
        """*moment* on the user's wall clock, to the second, as the tables store times.
        A naive *moment* is already wall-clock time."""
        if moment.tzinfo is not None:
            moment = moment.astimezone(self.tz).replace(tzinfo=None)
        return moment.isoformat(sep=" ", timespec="seconds")


class FrozenClock(Clock):
    """A clock that only moves when told to (tests, benchmarks)."""

    def __init__(self, moment: datetime, tz: tzinfo | None = None) -> None:
        super().__init__(tz)
        self.set(moment)

    def set(self, moment: datetime) -> None:
        """*moment*: aware, or naive meaning the wall clock of the clock's zone."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.tz) if self.tz else moment.astimezone()
        self._moment = moment.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        """Move on by timedelta(**delta): advance(hours=23), advance(days=1)."""
        self._moment += timedelta(**delta)

    def _read(self) -> datetime:
        return self._moment


SYSTEM_CLOCK = Clock()


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day an aware (or local naive) moment falls on in the user's zone."""
    if moment.tzinfo is None:
        return moment.date()  # already local wall-clock time, as the app stores it
    return moment.astimezone(tz).date()


def start_of_day(day: date, tz: tzinfo | None = None) -> datetime:
    """Midnight at the start of *day* on the user's wall clock, as an aware datetime.

    Built from the wall-clock date (not by adding hours to another midnight), so the
    offset is the one in force on that day.
    """
    if tz is None:
        return datetime.combine(day, time()).astimezone()
    return datetime.combine(day, time(), tzinfo=tz)


def week_of(day: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """[Monday 00:00, next Monday 00:00) of the week holding *day*, both aware."""
    monday = day - timedelta(days=day.weekday())
    return start_of_day(monday, tz), start_of_day(monday + timedelta(days=7), tz)


def add_days(day: date, days: int) -> date:
    """Calendar arithmetic: the same wall-clock day count whatever the clocks do."""
    return day + timedelta(days=days)


def add_months(day: date, months: int) -> date:
    """The same day *months* later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def first_of_month(day: date, back: int = 0) -> date:
    """The first day of the month *back* months before *day*'s month."""
    return add_months(day.replace(day=1), -back)
