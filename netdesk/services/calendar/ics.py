"""Meetings as iCalendar (.ics) events, with their time zone, for the user's calendar."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from netdesk import APP_NAME, __version__
from netdesk.errors import NotScheduled
from netdesk.services.meetings.records import MeetingRecord


def meeting_to_ics(
    record: MeetingRecord,
    people: list[str],
    organiser_domain: str = "netdesk.local",
    method: str | None = None,
    organizer: tuple[str, str] | None = None,
    *,
    now: datetime,
) -> bytes:
    """One VEVENT: start and end in the meeting's own UTC offset, summary, place, purpose.

    *method* (iTIP, RFC 5546) for a file sent by email: PUBLISH, "here is an event for your
    calendar", with *organizer* (name, address) when known. Not REQUEST: that asks the
    recipient to accept or decline, which suits neither a meeting already held nor an
    event without its attendees listed. *now* stamps the event."""
    if record.starts_at is None or record.ends_at is None:
        raise NotScheduled(f"“{record.title}” has no date yet: set one before exporting it.")
    import icalendar  # here: the window and the command line start without it

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{APP_NAME} {__version__}//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", f"meeting-{record.id}@{organiser_domain}")
    event.add("dtstamp", now.astimezone(UTC))
    start, end = record.starts_at, record.ends_at
    if not isinstance(start.tzinfo, ZoneInfo):
        # A bare UTC offset has no TZID a calendar could resolve: state the instant in UTC.
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", record.title)
    if record.place:
        event.add("location", record.place)
    description = [record.purpose.strip()]
    if people:
        description.append("With: " + ", ".join(people))
    event.add("description", "\n\n".join(part for part in description if part))
    status = {
        "scheduled": "CONFIRMED",
        "held": "CONFIRMED",  # it took place
        "cancelled": "CANCELLED",
        "declined": "CANCELLED",
    }.get(record.status, "TENTATIVE")
    event.add("status", status)
    if organizer is not None and organizer[1]:
        name, address = organizer
        event.add(
            "organizer",
            icalendar.vCalAddress(f"mailto:{address}"),
            parameters={"cn": name} if name else None,
        )
    calendar.add_component(event)
    calendar.add_missing_timezones()  # VTIMEZONE for a named zone such as Europe/Berlin
    return calendar.to_ical()
