"""Calendar events as the sync sees them: a meeting written as an event (its people as
attendees, the prepared questions in the description), and any event read back (start,
end, cancelled or not, attendees' addresses). Reading never raises on a bad event."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from netdesk.services.calendar.ics import meeting_to_ics
from netdesk.services.mailscan.addresses import address_key
from netdesk.services.meetings.records import MeetingRecord

log = logging.getLogger(__name__)
MAX_ATTENDEES = 200


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    summary: str
    starts_at: datetime | None  # aware
    ends_at: datetime | None
    cancelled: bool
    attendees: tuple[str, ...]  # address keys (organizer and attendees)
    all_day: bool = False


def meeting_event(
    record: MeetingRecord,
    uid: str,
    emails: list[str],
    names: list[str],
    now: datetime,
    cards: Sequence[str] = (),
) -> str:
    """The meeting as the calendar keeps it, under *uid*: title, time, place, status, its
    people's emails as attendees, the prepared questions and notes in the description,
    and NetDesk's own fields with its people's card UIDs (*cards*) for another NetDesk."""
    import icalendar

    from netdesk.services.calendar.travel import add_meeting_properties

    calendar = icalendar.Calendar.from_ical(meeting_to_ics(record, names, now=now))
    event = next(iter(calendar.walk("VEVENT")))
    event["uid"] = uid
    for email in emails:
        event.add("attendee", icalendar.vCalAddress(f"mailto:{email}"))
    questions = [f"- {q.text}" for q in record.questions if q.text.strip()]
    if questions:
        description = str(event.get("description", ""))
        event["description"] = "\n\n".join(
            part for part in (description, "Questions:\n" + "\n".join(questions)) if part
        )
    add_meeting_properties(event, record, list(cards))
    return calendar.to_ical().decode("utf-8")


def read_item(data: str | bytes | None, zone: tzinfo | None) -> CalendarItem | None:
    """The first event of a calendar object; None when it holds none or cannot be read.
    An all-day event starts and ends at midnight in *zone*."""
    if not data:
        return None
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
        event = next(iter(calendar.walk("VEVENT")), None)
        if event is None:
            return None
        start = _moment(event.get("dtstart"), zone)
        end = _moment(event.get("dtend"), zone) or start
        people = []
        for prop in ("organizer", "attendee"):
            values = event.get(prop) or []
            for value in values if isinstance(values, list) else [values]:
                key = address_key(str(value).removeprefix("mailto:").removeprefix("MAILTO:"))
                if key and key not in people:
                    people.append(key)
        return CalendarItem(
            uid=str(event.get("uid", "")).strip()[:500],
            summary=" ".join(str(event.get("summary", "")).split())[:300],
            starts_at=start,
            ends_at=end,
            cancelled=str(event.get("status", "")).upper() == "CANCELLED",
            attendees=tuple(people[:MAX_ATTENDEES]),
            all_day=isinstance(getattr(event.get("dtstart"), "dt", None), date)
            and not isinstance(event.get("dtstart").dt, datetime),
        )
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        log.info("a calendar event could not be read: %s", type(error).__name__)
        return None


def _moment(prop, zone: tzinfo | None) -> datetime | None:
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone or UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=zone or UTC)
    return None
