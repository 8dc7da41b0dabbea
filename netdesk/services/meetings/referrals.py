"""Referrals, "who else should I talk to?": a mixin of MeetingService."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from netdesk.services.contacts.records import ContactRecord, ValidationError
from netdesk.services.meetings.records import OUTREACH_WITHIN_DAYS, PERMISSIONS

if TYPE_CHECKING:
    import sqlite3

    import peewee

    from netdesk.services.clock import Clock
    from netdesk.services.contacts.service import ContactService
    from netdesk.services.todos import TodoService


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

    if TYPE_CHECKING:

        def _conn(self) -> sqlite3.Connection: ...

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
                self._conn()
                .execute(
                    "INSERT INTO referral (meeting_id, from_contact_id, to_contact_id, permission, "
                    "note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        meeting_id,
                        from_contact_id,
                        to_contact_id,
                        permission,
                        note,
                        self._clock.timestamp(),
                    ),
                )
                .lastrowid
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
        clauses, params = [], []
        if contact_id is not None:
            clauses.append("(r.from_contact_id = ? OR r.to_contact_id = ?)")
            params += [contact_id, contact_id]
        if meeting_id is not None:
            clauses.append("r.meeting_id = ?")
            params.append(meeting_id)
        if referral_id is not None:
            clauses.append("r.id = ?")
            params.append(referral_id)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self._conn().execute(
            "SELECT r.id, r.meeting_id, r.from_contact_id, f.display_name, r.to_contact_id, "
            "t.display_name, r.permission, r.note FROM referral r "
            "JOIN contact f ON f.id = r.from_contact_id JOIN contact t ON t.id = r.to_contact_id "
            f"{where} ORDER BY r.id",
            params,
        )
        return [Referral(*row) for row in rows]

    def referral_chain(self, contact_id: int) -> list[tuple[int, str]]:
        """Who introduced this person, who introduced them, ... back to the first source."""
        chain: list[tuple[int, str]] = []
        seen = {contact_id}
        current = contact_id
        while True:
            row = (
                self._conn()
                .execute(
                    "SELECT r.from_contact_id, c.display_name FROM referral r "
                    "JOIN contact c ON c.id = r.from_contact_id WHERE r.to_contact_id = ? "
                    "ORDER BY r.id LIMIT 1",
                    (current,),
                )
                .fetchone()
            )
            if row is None or row[0] in seen:  # the first source, or a loop
                return chain
            chain.append((row[0], row[1]))
            seen.add(row[0])
            current = row[0]
