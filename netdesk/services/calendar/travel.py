"""What a meeting or a to-do carries through the calendar so that another NetDesk (the
user's second laptop) can take it in whole: ``X-NETDESK-…`` properties, which calendar
servers and phones keep untouched, beside the standard ones a phone shows.

- A meeting's event gains its kind, status, people (their address-book card UIDs) and
  its texts (purpose, notes, takeaways…); the notes also go in the description.
- A follow-up to-do is a VTODO: summary, due date, done or not, its note, its kind, its
  person (card UID and email) and the meeting it follows up (that event's UID).

Reading never raises: anything unreadable is None, and every text is bounded."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from netdesk.services.calendar.items import read_item
from netdesk.services.followups.todos import KINDS as TODO_KINDS
from netdesk.services.meetings.records import KINDS, STATUSES, MeetingRecord

log = logging.getLogger(__name__)
PREFIX = "X-NETDESK-"
MEETING_TEXTS = ("purpose", "research", "notes", "takeaways", "promised", "offered")
MAX_TEXT = 100_000  # a meeting's notes can be long; a hostile server's cannot be endless
MAX_PEOPLE = 200
_ESCAPED = re.compile(r"\\([\\;,nN])")


@dataclass(frozen=True)
class TravellingMeeting:
    """A NetDesk meeting as read from its event (times are the event's)."""

    uid: str
    title: str
    kind: str
    status: str
    starts_at: datetime | None
    ends_at: datetime | None
    place: str
    texts: dict[str, str]
    people: tuple[str, ...]  # card UIDs
    attendees: tuple[str, ...]  # address keys, for people without a card


@dataclass(frozen=True)
class TravellingTodo:
    uid: str
    title: str
    kind: str
    due_on: date | None
    snoozed_until: date | None
    done_at: datetime | None
    note: str
    person: str  # card UID, or ""
    email: str  # the person's address, or ""
    meeting_uid: str  # the followed-up meeting's event UID, or ""


@dataclass(frozen=True)
class TodoFields:
    """A to-do's fields as they travel (compared by digest to see what changed)."""

    title: str
    kind: str
    due_on: str | None
    snoozed_until: str | None
    done_at: str | None
    note: str
    person: str = ""
    email: str = ""
    meeting_uid: str = ""

    def digest(self) -> str:
        parts = (self.title, self.kind, self.due_on, self.snoozed_until, self.done_at, self.note)
        return hashlib.sha256(repr((*parts, self.person, self.meeting_uid)).encode()).hexdigest()


def add_meeting_properties(event, record: MeetingRecord, people: list[str]) -> None:
    """The meeting's own fields on its *event* (an icalendar Event), with its people's
    card UIDs; the notes join the description a phone shows."""
    import icalendar

    event.add(PREFIX + "KIND", icalendar.vText(record.kind))
    event.add(PREFIX + "STATUS", icalendar.vText(record.status))
    for uid in people[:MAX_PEOPLE]:
        event.add(PREFIX + "PERSON", icalendar.vText(uid))
    for name in MEETING_TEXTS:
        value = getattr(record, name)
        if value:
            event.add(PREFIX + name.upper(), icalendar.vText(value[:MAX_TEXT]))
    if record.notes.strip():
        description = str(event.get("description", ""))
        event["description"] = "\n\n".join(
            part for part in (description, "Notes:\n" + record.notes.strip()) if part
        )


def read_meeting(data: str | bytes | None, zone: tzinfo | None) -> TravellingMeeting | None:
    """The NetDesk meeting an event stands for; None for any other event."""
    item = read_item(data, zone)
    if item is None:
        return None
    event = _first(data, "VEVENT")
    if event is None or event.get(PREFIX + "STATUS") is None:
        return None
    kind, status = _text(event, "KIND"), _text(event, "STATUS")
    return TravellingMeeting(
        uid=item.uid,
        title=item.summary or "Meeting",
        kind=kind if kind in KINDS else "other",
        status=status if status in STATUSES else "scheduled",
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        place=" ".join(str(event.get("location", "")).split())[:300],
        texts={name: _long_text(event, name.upper()) for name in MEETING_TEXTS},
        people=tuple(_texts(event, "PERSON"))[:MAX_PEOPLE],
        attendees=item.attendees,
    )


def todo_item(todo: TodoFields, uid: str, now: datetime) -> str:
    """The to-do as a VTODO calendar object under *uid*."""
    import icalendar

    from netdesk import APP_NAME, __version__

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{APP_NAME} {__version__}//EN")
    calendar.add("version", "2.0")
    item = icalendar.Todo()
    item.add("uid", uid)
    item.add("dtstamp", now.astimezone(UTC))
    item.add("summary", todo.title)
    if todo.note:
        item.add("description", todo.note[:MAX_TEXT])
    if todo.due_on:
        item.add("due", date.fromisoformat(todo.due_on))
    if todo.done_at:
        item.add("status", "COMPLETED")
        item.add("completed", _instant(todo.done_at, now))
    else:
        item.add("status", "NEEDS-ACTION")
    item.add(PREFIX + "KIND", icalendar.vText(todo.kind))
    for name, value in (
        ("PERSON", todo.person),
        ("EMAIL", todo.email),
        ("MEETING", todo.meeting_uid),
        ("SNOOZED-UNTIL", todo.snoozed_until or ""),
    ):
        if value:
            item.add(PREFIX + name, icalendar.vText(value))
    calendar.add_component(item)
    return calendar.to_ical().decode("utf-8")


def read_todo(data: str | bytes | None) -> TravellingTodo | None:
    """The NetDesk to-do a VTODO stands for; None for the user's own tasks."""
    item = _first(data, "VTODO")
    if item is None or item.get(PREFIX + "KIND") is None:
        return None
    try:
        uid = str(item.get("uid", "")).strip()[:500]
        done = str(item.get("status", "")).upper() == "COMPLETED"
        completed = getattr(item.get("completed"), "dt", None)
        if done and not isinstance(completed, datetime):
            completed = datetime(1970, 1, 1, tzinfo=UTC)  # done, at a time not told
        kind = _text(item, "KIND")
        return TravellingTodo(
            uid=uid,
            title=" ".join(str(item.get("summary", "")).split())[:300] or "To-do",
            kind=kind if kind in TODO_KINDS else "other",
            due_on=_day(getattr(item.get("due"), "dt", None)),
            snoozed_until=_day(_text(item, "SNOOZED-UNTIL")),
            done_at=completed if done else None,
            note=str(item.get("description", ""))[:MAX_TEXT],
            person=_text(item, "PERSON", 500),
            email=_text(item, "EMAIL", 500),
            meeting_uid=_text(item, "MEETING", 500),
        ) if uid else None  # fmt: skip
    except (ValueError, TypeError, AttributeError) as error:
        log.info("a calendar to-do could not be read: %s", type(error).__name__)
        return None


def _first(data: str | bytes | None, component: str):
    if not data:
        return None
    import icalendar

    try:
        return next(iter(icalendar.Calendar.from_ical(data).walk(component)), None)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None


def _texts(component, name: str, limit: int = 500) -> list[str]:
    values = component.get(PREFIX + name) or []
    values = values if isinstance(values, list) else [values]
    return [text for value in values if (text := _unescape(value)[:limit].strip())]


def _text(component, name: str, limit: int = 300) -> str:
    values = _texts(component, name, limit)
    return values[0] if values else ""


def _long_text(component, name: str) -> str:
    """A meeting's text as written, whitespace and all."""
    value = component.get(PREFIX + name)
    value = value[0] if isinstance(value, list) else value
    return _unescape(value)[:MAX_TEXT] if value is not None else ""


def _unescape(value) -> str:
    """An X- property's text as written (RFC 5545 §3.3.11): icalendar leaves the
    escapes of properties it does not know."""
    raw = value.to_ical() if hasattr(value, "to_ical") else value
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _instant(stamp: str, now: datetime) -> datetime:
    """A stored wall time (in the user's zone, the zone of *now*) as a UTC instant."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return now.astimezone(UTC)
    return (moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)).astimezone(UTC)
