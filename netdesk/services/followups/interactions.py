"""The interaction log behind each person's timeline: meetings, emails, calls, notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee

from netdesk.db.models import Contact, Meeting, MeetingPerson
from netdesk.db.models import Interaction as InteractionRow
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, announces

KINDS = {
    "meeting": "Meeting",
    "email": "Email",
    "call": "Call",
    "message": "Message",
    "note": "Note",
}
GIVE_ASK = {"give": "I gave", "ask": "I asked"}
# How far past "now" an entry may be (a clock a little ahead, a dialog left open).
FUTURE_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class Interaction:
    id: int
    contact_id: int
    meeting_id: int | None
    kind: str
    occurred_at: str
    summary: str
    give_ask: str | None


class InteractionService(Service):
    def _select(self) -> peewee.ModelSelect:
        """Entries as dicts with the Interaction's fields, for Interaction(**row)."""
        return (
            InteractionRow.select(
                InteractionRow.id,
                InteractionRow.contact_id.alias("contact_id"),
                InteractionRow.meeting_id.alias("meeting_id"),
                InteractionRow.kind,
                InteractionRow.occurred_at,
                InteractionRow.summary,
                InteractionRow.give_ask,
            )
            .bind(self._db)
            .dicts()
        )

    @announces(Change.INTERACTIONS)
    def log(
        self,
        contact_id: int,
        kind: str,
        summary: str = "",
        *,
        meeting_id: int | None = None,
        give_ask: str | None = None,
        occurred_at: datetime | None = None,
        message_id: str | None = None,
        direction: str | None = None,
    ) -> Interaction:
        """Record one interaction and move the person's last-interaction date forward.
        An email with a *message_id* the timeline already has (the mail scan found it
        first) updates that entry instead of adding a second."""
        if kind not in KINDS:
            raise ValidationError({"kind": f"Unknown kind of interaction: {kind!r}."})
        if give_ask is not None and give_ask not in GIVE_ASK:
            raise ValidationError({"give_ask": f"Expected 'give', 'ask' or nothing: {give_ask!r}."})
        when = self._clock.wall(occurred_at or self._clock.now())
        if when > self._clock.wall(self._clock.now() + FUTURE_SLACK):
            moment = datetime.fromisoformat(when)
            shown = (
                f"{moment:%H:%M} today"
                if moment.date() == self._clock.today()
                else f"{moment:%a} {moment.day} {moment:%b %Y}"
            )
            raise ValidationError(
                {
                    "occurred_at": f"{shown} is in the future: log an interaction once it "
                    "has happened (plan what is ahead as a meeting or a to-do)."
                }
            )
        day = when[:10]
        values = {
            InteractionRow.contact: contact_id,
            InteractionRow.meeting: meeting_id,
            InteractionRow.kind: kind,
            InteractionRow.occurred_at: when,
            InteractionRow.summary: summary,
            InteractionRow.give_ask: give_ask,
            InteractionRow.created_at: self._clock.timestamp(),
            InteractionRow.message_id: message_id or None,
            InteractionRow.direction: direction,
        }
        with self._db.atomic("IMMEDIATE"):
            known = (
                InteractionRow.select(InteractionRow.id)
                .where(
                    InteractionRow.contact_id == contact_id,
                    InteractionRow.message_id == message_id,
                )
                .bind(self._db)
                .scalar()
                if message_id
                else None
            )
            if known is not None:
                InteractionRow.update(values).where(InteractionRow.id == known).bind(
                    self._db
                ).execute()
                interaction_id = known
            else:
                interaction_id = InteractionRow.insert(values).bind(self._db).execute()
            # An older entry added late must not move the date backwards.
            Contact.update(last_interaction=day).where(
                Contact.id == contact_id,
                Contact.last_interaction.is_null() | (Contact.last_interaction < day),
            ).bind(self._db).execute()
        return self.get(interaction_id)

    def get(self, interaction_id: int) -> Interaction:
        row = self._select().where(InteractionRow.id == interaction_id).first()
        if row is None:
            raise KeyError(interaction_id)
        return Interaction(**row)

    def for_contact(self, contact_id: int) -> list[Interaction]:
        """Newest first."""
        rows = (
            self._select()
            .where(InteractionRow.contact_id == contact_id)
            .order_by(InteractionRow.occurred_at.desc(), InteractionRow.id.desc())
        )
        return [Interaction(**row) for row in rows]

    @announces(Change.INTERACTIONS)
    def mark(self, interaction_id: int, give_ask: str | None) -> Interaction:
        """Mark an entry as something I gave, something I asked, or neither."""
        if give_ask is not None and give_ask not in GIVE_ASK:
            raise ValidationError({"give_ask": f"Expected 'give', 'ask' or nothing: {give_ask!r}."})
        with self._db.atomic("IMMEDIATE"):
            changed = (
                InteractionRow.update(give_ask=give_ask)
                .where(InteractionRow.id == interaction_id)
                .bind(self._db)
                .execute()
            )
        if not changed:
            raise KeyError(interaction_id)
        return self.get(interaction_id)

    @announces(Change.INTERACTIONS)
    def delete(self, interaction_id: int) -> Interaction:
        """Remove an entry logged by mistake; returns it so that it can be logged again.

        When it was the person's latest, their last-interaction date goes back to the
        latest entry or held meeting left (or to none), so a mistaken log does not
        silence a reminder.
        """
        entry = self.get(interaction_id)
        with self._db.atomic("IMMEDIATE"):
            InteractionRow.delete().where(InteractionRow.id == interaction_id).bind(
                self._db
            ).execute()
            Contact.update(last_interaction=self._latest_day(entry.contact_id)).where(
                Contact.id == entry.contact_id,
                Contact.last_interaction == entry.occurred_at[:10],
            ).bind(self._db).execute()
        return entry

    def _latest_day(self, contact_id: int) -> str | None:
        """The day of the person's latest entry or held meeting up to today, else None."""
        today = self._clock.today().isoformat()
        logged_day = peewee.fn.substr(InteractionRow.occurred_at, 1, 10)
        logged = (
            InteractionRow.select(peewee.fn.MAX(logged_day))
            .where(InteractionRow.contact_id == contact_id, logged_day <= today)
            .bind(self._db)
            .scalar()
        )
        held_day = peewee.fn.substr(Meeting.starts_at, 1, 10)
        held = (
            Meeting.select(peewee.fn.MAX(held_day))
            .join(MeetingPerson, on=MeetingPerson.meeting_id == Meeting.id)
            .where(
                MeetingPerson.contact_id == contact_id,
                Meeting.status == "held",
                held_day <= today,
            )
            .bind(self._db)
            .scalar()
        )
        return max(filter(None, (logged, held)), default=None)
