"""The user's calendar: which day it is, where a week starts and ends, in their time zone.

Reminders are about calendar days, not 24-hour periods: "due tomorrow" flips at the
user's midnight, and a week is Monday 00:00 to the next Monday 00:00 on their wall
clock, which is 167 or 169 hours long when summer time starts or ends. Every helper
takes *tz*; None means the machine's own zone (what the rest of the app writes).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo


def timestamp() -> str:
    """Now on the local wall clock, to the second, as every table stores its times."""
    return datetime.now().isoformat(sep=" ", timespec="seconds")


def now_local(tz: tzinfo | None = None) -> datetime:
    """An aware 'now' in the user's zone."""
    return datetime.now(tz).astimezone(tz)


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
