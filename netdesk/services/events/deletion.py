"""Deleting an event so that it can be put back: everything that hangs on it is read
before it goes (the people met, introductions, captures, the to-dos that pointed at it)."""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.db.models import (
    Contact,
    Event,
    EventCapture,
    EventIntroduction,
    EventPerson,
    Todo,
)
from netdesk.services.changes import Change, announces


@dataclass(frozen=True)
class DeletedEvent:
    """What deleting an event removed, as rows, for restore_event()."""

    name: str
    event: dict
    people: list[dict]
    introductions: list[dict]
    captures: list[dict]
    todos: list[int]  # to-dos that followed it up (they stay, without their event)


class EventDeletionMixin:
    """For EventService: delete() and restore_event()."""

    @announces(Change.EVENTS | Change.TODOS)
    def delete(self, event_id: int) -> DeletedEvent:
        """Delete an event and who was met there (the people themselves and their to-dos
        stay); returns what restore_event() needs to put it back."""
        db = self._db
        with db.atomic("IMMEDIATE"):
            row = Event.select().where(Event.id == event_id).bind(db).dicts().first()
            if row is None:
                raise KeyError(event_id)

            def rows(model, field) -> list[dict]:
                return list(model.select().where(field == event_id).bind(db).dicts())

            deleted = DeletedEvent(
                name=row["name"],
                event=row,
                people=rows(EventPerson, EventPerson.event_id),
                introductions=rows(EventIntroduction, EventIntroduction.event_id),
                captures=rows(EventCapture, EventCapture.event_id),
                todos=[t["id"] for t in Todo.select(Todo.id).where(Todo.event_id == event_id)
                       .bind(db).dicts()],
            )  # fmt: skip
            Event.delete().where(Event.id == event_id).bind(db).execute()
        return deleted

    @announces(Change.EVENTS | Change.TODOS)
    def restore_event(self, deleted: DeletedEvent) -> int:
        """Put a deleted event back as it was, with the people who still exist."""
        db = self._db
        with db.atomic("IMMEDIATE"):
            event_id = deleted.event["id"]
            if Event.select().where(Event.id == event_id).bind(db).exists():
                event_id = None  # its number was taken meanwhile: it gets a new one
            values = {**deleted.event, "id": event_id}
            event_id = Event.insert(values).bind(db).execute()
            alive = {
                contact_id
                for (contact_id,) in Contact.select(Contact.id)
                .where(Contact.id.in_(_people_of(deleted)))
                .bind(db)
                .tuples()
            }
            people = [{**p, "event": event_id} for p in deleted.people if p["contact"] in alive]
            introductions = [
                {**i, "id": None, "event": event_id}
                for i in deleted.introductions
                if i["introducer"] in alive and i["introduced"] in alive
            ]
            captures = [{**c, "id": None, "event": event_id} for c in deleted.captures]
            for model, chosen in (
                (EventPerson, people),
                (EventIntroduction, introductions),
                (EventCapture, captures),
            ):
                if chosen:
                    model.insert_many(chosen).bind(db).execute()
            if deleted.todos:
                Todo.update(event=event_id).where(
                    Todo.id.in_(deleted.todos), Todo.event_id.is_null()
                ).bind(db).execute()
        return int(event_id)


def _people_of(deleted: DeletedEvent) -> set[int]:
    people = {p["contact"] for p in deleted.people}
    for introduction in deleted.introductions:
        people |= {introduction["introducer"], introduction["introduced"]}
    return people
