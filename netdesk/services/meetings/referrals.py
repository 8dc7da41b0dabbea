"""Referrals, "who else should I talk to?": a mixin of MeetingService."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from netdesk.db.models import Contact
from netdesk.db.models import Referral as ReferralRow
from netdesk.errors import ValidationError
from netdesk.services.changes import Change, announces
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.meetings.records import OUTREACH_WITHIN_DAYS, PERMISSIONS

if TYPE_CHECKING:
    import peewee

    from netdesk.services.clock import Clock
    from netdesk.services.contacts.service import ContactService
    from netdesk.services.followups.todos import TodoService


@dataclass(frozen=True)
class Referral:
    id: int
    meeting_id: int | None
    from_contact_id: int
    from_name: str
    to_contact_id: int
    to_name: str
    permission: str
    note: str


class ReferralsMixin:
    """The referral methods of MeetingService (which provides these)."""

    _db: peewee.SqliteDatabase
    _clock: Clock
    _contacts: ContactService
    _todos: TodoService

    @announces(Change.REFERRALS | Change.PEOPLE | Change.TODOS | Change.OUTREACH)
    def record_referral(
        self,
        from_contact_id: int,
        *,
        meeting_id: int | None = None,
        to_contact_id: int | None = None,
        new_person: ContactRecord | None = None,
        permission: str = "ask",
        note: str = "",
    ) -> Referral:
        """'Who else should I talk to?': link (or create) the suggested person."""
        if permission not in PERMISSIONS:
            raise ValidationError({"permission": f"Unknown permission: {permission!r}."})
        if (to_contact_id is None) == (new_person is None):
            raise ValidationError({"person": "Choose an existing person or enter a new one."})
        with self._db.atomic("IMMEDIATE"):
            if new_person is not None:
                introducer = self._contacts.get(from_contact_id).display_name
                if not new_person.notes:
                    new_person.notes = f"Suggested by {introducer}."
                to_contact_id = self._contacts.save(new_person).id
            assert to_contact_id is not None
            if to_contact_id == from_contact_id:
                raise ValidationError({"person": "Someone cannot refer you to themselves."})
            self._contacts.add_link(
                from_contact_id, to_contact_id, "introduced", "suggested I talk to"
            )
            referral_id = (
                ReferralRow.insert(
                    meeting=meeting_id,
                    from_contact=from_contact_id,
                    to_contact=to_contact_id,
                    permission=permission,
                    note=note,
                    created_at=self._clock.timestamp(),
                )
                .bind(self._db)
                .execute()
            )
            self._add_outreach_todo(from_contact_id, to_contact_id, meeting_id, permission)
        return self.referrals(referral_id=referral_id)[0]

    def _add_outreach_todo(
        self, introducer_id: int, person_id: int, meeting_id: int | None, permission: str
    ) -> None:
        introducer = self._contacts.get(introducer_id).display_name
        person = self._contacts.get(person_id).display_name
        mention = {
            "yes": f"you may mention {introducer}",
            "no": f"don't mention {introducer}",
            "ask": f"ask {introducer} before mentioning them",
        }[permission]
        self._todos.add(
            f"Reach out to {person} ({mention})",
            kind="outreach",
            contact_id=person_id,
            meeting_id=meeting_id,
            due_on=self._clock.today() + timedelta(days=OUTREACH_WITHIN_DAYS),
        )

    def referrals(
        self,
        *,
        contact_id: int | None = None,
        meeting_id: int | None = None,
        referral_id: int | None = None,
    ) -> list[Referral]:
        introducer, person = Contact.alias("f"), Contact.alias("t")
        query = (
            ReferralRow.select(
                ReferralRow.id,
                ReferralRow.meeting.alias("meeting_id"),
                ReferralRow.from_contact.alias("from_contact_id"),
                introducer.display_name.alias("from_name"),
                ReferralRow.to_contact.alias("to_contact_id"),
                person.display_name.alias("to_name"),
                ReferralRow.permission,
                ReferralRow.note,
            )
            .join(introducer, on=(introducer.id == ReferralRow.from_contact))
            .switch(ReferralRow)
            .join(person, on=(person.id == ReferralRow.to_contact))
        )
        if contact_id is not None:
            query = query.where(
                (ReferralRow.from_contact == contact_id) | (ReferralRow.to_contact == contact_id)
            )
        if meeting_id is not None:
            query = query.where(ReferralRow.meeting == meeting_id)
        if referral_id is not None:
            query = query.where(ReferralRow.id == referral_id)
        rows = query.order_by(ReferralRow.id).bind(self._db).dicts()
        return [Referral(**row) for row in rows]

    def referral_chain(self, contact_id: int) -> list[tuple[int, str]]:
        """Who introduced this person, who introduced them, ... back to the first source."""
        chain: list[tuple[int, str]] = []
        seen = {contact_id}
        current = contact_id
        while True:
            row = (
                ReferralRow.select(ReferralRow.from_contact.alias("id"), Contact.display_name)
                .join(Contact, on=(Contact.id == ReferralRow.from_contact))
                .where(ReferralRow.to_contact == current)
                .order_by(ReferralRow.id)
                .bind(self._db)
                .namedtuples()
                .first()
            )
            if row is None or row.id in seen:  # the first source, or a loop
                return chain
            chain.append((row.id, row.display_name))
            seen.add(row.id)
            current = row.id
