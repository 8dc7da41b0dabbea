"""The words of a "nice to meet you" after a networking event: which event, its day and
the one-line note the user wrote about the person there."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import peewee

from netdesk.db.models import Event, EventPerson
from netdesk.services.drafts.context import format_day
from netdesk.services.events.writing import NICE_TO_MEET_YOU_KIND
from netdesk.services.followups.todos import Todo

MAX_NOTE = 200  # the placeholder "[Your note: …]" is recognised up to 300 characters
NO_EVENT = {"event_name": "", "event_date": "", "event_note": ""}


def nice_to_meet_you_todos(todos: Iterable[Todo]) -> list[Todo]:
    """The open "nice to meet you" to-dos among *todos*: those a capture made for an event."""
    return [t for t in todos if t.kind == NICE_TO_MEET_YOU_KIND and t.event_id and not t.is_done]


def event_to_follow_up(todos: Iterable[Todo]) -> int | None:
    """The event of the newest open "nice to meet you" to-do among *todos*, if any."""
    nice = nice_to_meet_you_todos(todos)
    return max(nice, key=lambda todo: todo.id).event_id if nice else None


def latest_event_met(db: peewee.SqliteDatabase, contact_id: int) -> int | None:
    """The most recent event this person was met at (once their to-do is done)."""
    query = (
        EventPerson.select(EventPerson.event)
        .join(Event)
        .where(EventPerson.contact == contact_id)
        .order_by(Event.held_on.desc(), Event.id.desc())
    )
    return query.bind(db).scalar()


def event_words(
    db: peewee.SqliteDatabase, event_id: int, contact_id: int, today: date
) -> dict[str, str]:
    """event_name, event_date and event_note for this person met at this event."""
    row = (
        Event.select(Event.name, Event.held_on, EventPerson.note)
        .join(
            EventPerson,
            peewee.JOIN.LEFT_OUTER,
            on=(EventPerson.event == Event.id) & (EventPerson.contact == contact_id),
        )
        .where(Event.id == event_id)
        .dicts()
        .bind(db)
        .first()
    )
    if row is None:  # deleted meanwhile
        return dict(NO_EVENT)
    return {
        "event_name": row["name"],
        "event_date": format_day(date.fromisoformat(row["held_on"]), today),
        "event_note": _one_line(row["note"] or ""),
    }


def _one_line(note: str) -> str:
    """The note as the template's bracketed note to self can hold it: one line, its own
    brackets softened and short enough (so that it stays one placeholder, which the draft
    asks about before it leaves), no closing full stop."""
    note = " ".join(note.split()).replace("[", "(").replace("]", ")").rstrip(".;:, ")
    return note if len(note) <= MAX_NOTE else note[: MAX_NOTE - 1].rstrip() + "…"
