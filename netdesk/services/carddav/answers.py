"""What the user answers about the CardDAV sync: a card deleted on the server (delete the
person too, or keep them) and a field both sides changed differently (keep mine, or use
theirs). The sync records the questions; answering them needs no server."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace

import peewee

from netdesk.db.models import Contact, ContactCard, SyncConflict
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.deletion import DeletedContacts
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups.keep_in_touch import KeepInTouchService

# A conflict's field is a person's own field, or their keep-in-touch interval.
_PERSON_FIELDS = {f.name for f in fields(ContactRecord)} - {"last_interaction"}


@dataclass(frozen=True)
class DeletedWithCard:
    """A person deleted because their card was: enough to put both back (undo)."""

    people: DeletedContacts
    cards: list[dict[str, object]]  # the card rows, by field name


class ContactAnswerService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        contacts: ContactService,
        keep_in_touch: KeepInTouchService,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._contacts = contacts
        self._keep_in_touch = keep_in_touch

    # --- cards deleted on the server ---------------------------------------------

    def deleted_on_server(self) -> list[tuple[int, str]]:
        """(person, name) whose card was deleted on the server: delete them here too?"""
        rows = (
            ContactCard.select(ContactCard.contact_id, Contact.display_name)
            .join(Contact, on=Contact.id == ContactCard.contact_id)
            .where(ContactCard.deleted_on_server.is_null(False))
            .bind(self._db)
            .tuples()
        )
        return list(rows)

    @announces(Change.PEOPLE)
    def keep_deleted(self, contact_id: int) -> None:
        """Keep the person: their card is written again at the next sync."""
        ContactCard.delete().where(*self._waiting(contact_id)).bind(self._db).execute()

    @announces(Change.PEOPLE)
    def delete_deleted(self, contact_id: int) -> DeletedWithCard:
        """The person goes too, with everything that hangs on them, and their card is
        forgotten; `restore_deleted` puts both back (the question is asked again)."""
        with self._db.atomic("IMMEDIATE"):
            cards = list(
                ContactCard.select().where(*self._waiting(contact_id)).dicts().bind(self._db)
            )
            ContactCard.delete().where(*self._waiting(contact_id)).bind(self._db).execute()
            people = self._contacts.delete([contact_id])
        return DeletedWithCard(people, cards)

    @announces(Change.PEOPLE)
    def restore_deleted(self, deleted: DeletedWithCard) -> None:
        with self._db.atomic("IMMEDIATE"):
            self._contacts.restore(deleted.people)
            for row in deleted.cards:
                ContactCard.insert(row).on_conflict_ignore().bind(self._db).execute()

    @staticmethod
    def _waiting(contact_id: int) -> tuple[peewee.Expression, ...]:
        return (ContactCard.contact_id == contact_id, ContactCard.deleted_on_server.is_null(False))

    # --- fields changed on both sides --------------------------------------------

    def open_conflicts(self) -> list[SyncConflict]:
        return list(
            SyncConflict.select()
            .where(SyncConflict.resolved_at.is_null())
            .order_by(SyncConflict.id)
            .bind(self._db)
        )

    @announces(Change.PEOPLE)
    def resolve_conflict(self, conflict_id: int, take_theirs: bool) -> None:
        """Theirs: the person's field takes the server's value (the next sync writes it
        back to the card, the same); mine: the person stays as they are (already pushed).
        Either way the question is answered. Raises KeyError for an unknown conflict."""
        conflict = (
            SyncConflict.select().where(SyncConflict.id == conflict_id).bind(self._db).first()
        )
        if conflict is None:
            raise KeyError(conflict_id)
        with self._db.atomic("IMMEDIATE"):
            if take_theirs:
                self._take(conflict.contact_id, conflict.field, json.loads(conflict.theirs))
            SyncConflict.update(resolved_at=self._clock.timestamp()).where(
                SyncConflict.id == conflict_id
            ).bind(self._db).execute()

    def _take(self, contact_id: int, name: str, value: object) -> None:
        if name == "keep_in_touch_days":
            self._keep_in_touch.set_interval(contact_id, value)  # type: ignore[arg-type]
        elif name in _PERSON_FIELDS:
            person = self._contacts.get(contact_id)
            if isinstance(value, (list, tuple)):
                value = list(value)
            self._contacts.save(replace(person, **{name: value}))
