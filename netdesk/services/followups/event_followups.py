"""The follow-ups of networking events on the Today page: a quick capture's to-dos gathered
under their event ("3 people from Tuesday's Data Guild evening still waiting for a note"),
and per event how many of the people met became conversations.

The event table is read here directly (peewee model and one SQL count), not through the
events service: that service builds on the follow-ups, so asking it would make a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee

from netdesk.db.models import Event as EventRow
from netdesk.db.models import Todo as TodoRow
from netdesk.services.followups.todos import Todo
from netdesk.services.text import count_of

RECENT_DAYS = 6  # within the last six days a weekday names the day ("Tuesday's")
EVENTS_IN_NUMBERS = 8  # the latest events on the Numbers: enough to compare evenings
# What each kind of a capture's to-do still waits for, after "N people from <event>".
WAITING_FOR = {
    "check_in": "still waiting for a note",
    "outreach": "to propose a conversation to",
}
OTHER_WAITING = "with a follow-up to do"
# Meetings that count as a conversation: agreed or held (not ideas, requests, cancelled).
CONVERSATION_STATUSES = ("scheduled", "held")


def conversation_sql(contact: str, day: str) -> str:
    """SQL: a meeting with the person *contact* (an SQL expression), agreed or held on or
    after *day* (an SQL expression): what counts as a conversation after an event, for
    Today's numbers and the event's own page alike."""
    statuses = ", ".join(f"'{status}'" for status in CONVERSATION_STATUSES)
    return f"""EXISTS (SELECT 1 FROM meeting_person mp JOIN meeting m
        ON m.id = mp.meeting_id WHERE mp.contact_id = {contact} AND m.status IN ({statuses})
        AND substr(coalesce(m.starts_at, m.updated_at), 1, 10) >= {day})"""


@dataclass(frozen=True)
class EventName:
    id: int
    name: str
    held_on: date


@dataclass(frozen=True)
class EventConversions:
    """One event on the Numbers: the people met there and how many became conversations."""

    event_id: int
    name: str
    held_on: date
    met: int
    conversations: int


def event_phrase(event: EventName, today: date) -> str:
    """ "Tuesday's Data Guild evening" within the last six days, else "the Data Guild
    evening on 3 Nov" (with the year when it is not this year's)."""
    days = (today - event.held_on).days
    if days == 0:
        return f"today's {event.name}"
    if 0 < days <= RECENT_DAYS:
        return f"{event.held_on:%A}'s {event.name}"
    day = f"{event.held_on.day} {event.held_on:%b}"
    if event.held_on.year != today.year:
        day += f" {event.held_on.year}"
    article = "" if event.name.casefold().startswith("the ") else "the "
    return f"{article}{event.name} on {day}"


@dataclass(frozen=True)
class EventGroup:
    """The to-dos of one event gathered into one line of Today's follow-ups."""

    event: EventName
    todos: tuple[Todo, ...]
    due_now: bool = True  # False: the coming week's to-dos of the event, not due yet

    @property
    def key(self) -> tuple[int, bool]:
        """Which line it is from one refresh to the next."""
        return (self.event.id, self.due_now)

    def waiting(self) -> list[tuple[str, int]]:
        """(what they wait for, how many people) for each kind with open to-dos, in the
        order a capture makes them: the note first, then the conversation."""
        people: dict[str, set] = {}
        for todo in self.todos:
            if not todo.is_done:
                who = todo.contact_id if todo.contact_id is not None else ("todo", todo.id)
                people.setdefault(WAITING_FOR.get(todo.kind, OTHER_WAITING), set()).add(who)
        order = [*WAITING_FOR.values(), OTHER_WAITING]
        return sorted(((what, len(who)) for what, who in people.items()), key=_order(order))

    def describe(self, today: date) -> str:
        """ "3 people from Tuesday's Data Guild evening still waiting for a note, and 2 to
        propose a conversation to"; "— due Tue 8 Dec" when none is due yet."""
        source = event_phrase(self.event, today)
        waiting = self.waiting()
        if not waiting:
            return f"Everyone from {source} followed up"
        (first, count), *rest = waiting
        text = f"{count_of(count, 'person', 'people')} from {source} {first}"
        for what, count in rest:
            text += f", and {count} {what}"
        due = [t.due_on for t in self.todos if not t.is_done]
        if due and all(d is not None and d > today for d in due):
            soonest = min(d for d in due if d is not None)
            text += f" — due {soonest:%a} {soonest.day} {soonest:%b}"
        return text


def _order(order: list[str]):
    return lambda item: order.index(item[0])


def group_by_event(todos: list[Todo], events: dict[int, EventName], today: date) -> list:
    """*todos* in their order, those of a known event gathered into one EventGroup where
    the first of them stood. The due and the not yet due ones of an event are two groups
    (the page lists the coming week after what is due)."""
    entries: list = []
    groups: dict[tuple[int, bool], list[Todo]] = {}
    for todo in todos:
        event = events.get(todo.event_id) if todo.event_id is not None else None
        if event is None:
            entries.append(todo)
            continue
        key = (event.id, todo.due_on is None or todo.due_on <= today)
        if key not in groups:
            groups[key] = []
            entries.append(key)
        groups[key].append(todo)
    return [
        EventGroup(events[entry[0]], tuple(groups[entry]), entry[1])
        if isinstance(entry, tuple)
        else entry
        for entry in entries
    ]


def events_with_open_todos(db: peewee.Database) -> dict[int, EventName]:
    """The events that open to-dos follow up, by id: the names of Today's groups.
    (Through todo's partial index on event_id: a few rows, whatever the network's size.)"""
    open_ones = TodoRow.select(TodoRow.event_id).where(
        TodoRow.event_id.is_null(False), TodoRow.done_at.is_null()
    )
    query = (
        EventRow.select(EventRow.id, EventRow.name, EventRow.held_on)
        .where(EventRow.id.in_(open_ones))
        .bind(db)
        .tuples()
    )
    return {id: EventName(id, name, date.fromisoformat(day)) for id, name, day in query}


def event_conversions(
    db: peewee.Database, limit: int = EVENTS_IN_NUMBERS
) -> list[EventConversions]:
    """The latest *limit* events (latest first; -1: all): people met, and how many of them
    have a meeting agreed or held since the event."""
    # SQL: a correlated count per person met, as the events service's report has it.
    cursor = db.execute_sql(
        f"""SELECT e.id, e.name, e.held_on, count(ep.contact_id),
            coalesce(sum({conversation_sql("ep.contact_id", "e.held_on")}), 0)
        FROM (SELECT id, name, held_on FROM event ORDER BY held_on DESC, id DESC LIMIT ?) e
        LEFT JOIN event_person ep ON ep.event_id = e.id
        GROUP BY e.id
        ORDER BY e.held_on DESC, e.id DESC""",
        (limit,),
    )
    return [
        EventConversions(id, name, date.fromisoformat(day), met, conversations)
        for id, name, day, met, conversations in cursor
    ]
