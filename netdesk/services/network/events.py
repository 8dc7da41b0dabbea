"""The networking events on the map: who was met at each, and the introductions made
there as ties of the network (warm paths go through them)."""

from __future__ import annotations

from datetime import date

import peewee

from netdesk.db.models import Event, EventIntroduction, EventPerson
from netdesk.services.network.model import MapEvent, Tie


def read_events(
    db: peewee.SqliteDatabase,
) -> tuple[list[MapEvent], dict[int, set[int]], list[Tie]]:
    """Every event (the latest first), who was met at each (introducers too: they were
    there), and each introduction made at one as an "introduced" tie (introducer ->
    introduced) dated and named after the event."""
    # Bare cursors, as for the map's positions: no model rows while the map loads.
    query = Event.select(Event.id, Event.name, Event.held_on).order_by(
        Event.held_on.desc(), Event.id.desc()
    )
    events = [MapEvent(i, name, date.fromisoformat(day)) for i, name, day in db.execute(query)]
    by_id = {event.id: event for event in events}
    met_at: dict[int, set[int]] = {event.id: set() for event in events}
    query = EventPerson.select(EventPerson.event_id, EventPerson.contact_id)
    for event_id, contact_id in db.execute(query):
        met_at[event_id].add(contact_id)
    query = EventIntroduction.select(
        EventIntroduction.event_id,
        EventIntroduction.introducer_id,
        EventIntroduction.introduced_id,
    ).order_by(EventIntroduction.id)
    ties = []
    for event_id, introducer, introduced in db.execute(query):
        event = by_id[event_id]
        ties.append(Tie(introducer, introduced, "introduced", None, event.day, event.name))
        met_at[event_id].update((introducer, introduced))
    return events, met_at, ties
