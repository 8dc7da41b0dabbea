"""How a person is known to every NetDesk of the user's: the UID of their card in the
synced address book (both laptops keep the same card), else their email address."""

from __future__ import annotations

import peewee

from netdesk.db.models import Contact, ContactCard
from netdesk.services.mailscan.recording import AddressBook
from netdesk.services.text import split_lines


class PeopleKeys:
    def __init__(self, db: peewee.SqliteDatabase, book: AddressBook) -> None:
        cards = (
            ContactCard.select(ContactCard.contact_id, ContactCard.uid)
            .where(ContactCard.contact_id.is_null(False))
            .bind(db)
            .tuples()
        )
        self._uids: dict[int, str] = dict(cards)
        self._people = {uid: contact_id for contact_id, uid in self._uids.items()}
        self._db = db
        self._book = book

    @property
    def book(self) -> AddressBook:
        return self._book

    def uid(self, contact_id: int) -> str:
        return self._uids.get(contact_id, "")

    def email(self, contact_id: int) -> str:
        emails = (
            Contact.select(Contact.emails).where(Contact.id == contact_id).bind(self._db).scalar()
        )
        return next(iter(split_lines(emails or "")), "")

    def people(self, uids: tuple[str, ...], addresses: tuple[str, ...]) -> list[int]:
        """The people named by card UIDs, else (for those without a card) by address."""
        found = [self._people[uid] for uid in uids if uid in self._people]
        for contact_id in sorted(self._book.who(addresses)):
            if contact_id not in found:
                found.append(contact_id)
        return found

    def person(self, uid: str, address: str) -> int | None:
        if uid in self._people:
            return self._people[uid]
        from netdesk.services.mailscan.addresses import address_key

        key = address_key(address) if address else None
        who = self._book.who((key,)) if key else set()
        return min(who) if who else None
