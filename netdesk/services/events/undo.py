"""Undoing a capture as one step, keeping what the user has worked on since."""

from __future__ import annotations

import json
from collections.abc import Iterable

from peewee import fn

from netdesk.db.models import (
    Contact,
    ContactTag,
    EventCapture,
    EventIntroduction,
    EventPerson,
    Interaction,
    KeepInTouch,
    Link,
    MeetingPerson,
    Organisation,
    Outreach,
    Referral,
    Todo,
)
from netdesk.errors import NothingToUndo
from netdesk.services.changes import Change, announces
from netdesk.services.contacts.records import among
from netdesk.services.events.records import (
    UndoCaptureResult,
)


class CaptureUndoMixin:
    """For EventService: undo_capture and what it must keep."""

    @announces(Change.EVENTS | Change.PEOPLE | Change.TODOS)
    def undo_capture(self, capture_id: int) -> UndoCaptureResult:
        """Remove what a capture added: its new people, their links to the event and the
        to-dos it made; put back the notes and stars of people it linked again. What the
        user did since stays: people they have worked on (edited, tagged, met, linked,
        referred, written to, ...) are kept with their link, and a to-do done, snoozed
        or rescheduled is theirs."""
        db = self._db
        with db.atomic("IMMEDIATE"):
            row = (
                EventCapture.select()
                .where(EventCapture.id == capture_id, EventCapture.undone_at.is_null())
                .bind(db)
                .first()
            )
            if row is None:
                raise NothingToUndo("This capture was already undone, or its event deleted.")
            added = json.loads(row.added)
            removed_todos = self._remove_untouched_todos(added["todos"])
            kept = self._worked_on(added["people"], row.event_id, row.captured_at)
            removed_people = [i for i in added["people"] if i not in kept]
            unlinked = (
                EventPerson.delete()
                .where(
                    EventPerson.event_id == row.event_id,
                    among(EventPerson.contact_id, [i for i in added["links"] if i not in kept]),
                )
                .bind(db)
                .execute()
            )
            for previous in added["relinked"]:
                EventPerson.update(note=previous["note"], starred=previous["starred"]).where(
                    EventPerson.event_id == row.event_id,
                    EventPerson.contact_id == previous["contact_id"],
                ).bind(db).execute()
            Contact.delete().where(among(Contact.id, removed_people)).bind(db).execute()
            Organisation.delete().where(
                among(Organisation.id, added["organisations"]),
                Organisation.id.not_in(
                    Contact.select(Contact.organisation_id).where(
                        Contact.organisation_id.is_null(False)
                    )
                ),
            ).bind(db).execute()
            EventCapture.update(undone_at=self._clock.timestamp()).where(
                EventCapture.id == capture_id
            ).bind(db).execute()
        return UndoCaptureResult(len(removed_people), len(kept), unlinked, removed_todos)

    def _remove_untouched_todos(self, todos: list[list]) -> int:
        removed = 0
        for todo_id, due_on in todos:
            removed += (
                Todo.delete()
                .where(
                    Todo.id == todo_id,
                    Todo.done_at.is_null(),
                    Todo.snoozed_until.is_null(),
                    Todo.due_on == due_on,
                )
                .bind(self._db)
                .execute()
            )
        return removed

    def _worked_on(self, people: Iterable[int], event_id: int, captured_at: str) -> set[int]:
        """The people among *people* whom the user has worked on since the capture (of
        *event_id*): edited, tagged, met, referred, written to, met at another event..."""
        people = list(people)
        if not people:
            return set()
        other_event = (EventPerson.contact_id == Contact.id) & (EventPerson.event_id != event_id)
        about_them = [
            MeetingPerson.select().where(MeetingPerson.contact_id == Contact.id),
            Referral.select().where(Referral.from_contact == Contact.id),
            Referral.select().where(Referral.to_contact == Contact.id),
            Todo.select().where(Todo.contact == Contact.id),  # the capture's own are gone
            Interaction.select().where(Interaction.contact == Contact.id),
            Outreach.select().where(Outreach.contact == Contact.id),
            KeepInTouch.select().where(KeepInTouch.contact_id == Contact.id),
            ContactTag.select().where(ContactTag.contact_id == Contact.id),
            Link.select().where(Link.from_contact == Contact.id),
            Link.select().where(Link.to_contact == Contact.id),
            EventPerson.select().where(other_event),
            EventIntroduction.select().where(EventIntroduction.introducer == Contact.id),
            EventIntroduction.select().where(EventIntroduction.introduced == Contact.id),
        ]
        condition = (Contact.user_edited != "") | (Contact.updated_at > captured_at)
        for rows in about_them:
            condition |= fn.EXISTS(rows)
        return {
            contact_id
            for (contact_id,) in Contact.select(Contact.id)
            .where(among(Contact.id, people), condition)
            .bind(self._db)
            .tuples()
        }

    # --- what came of it ---------------------------------------------------
