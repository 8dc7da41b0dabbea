"""People and the user's CardDAV address book in step, both ways, incrementally.

Pulled first: a card changed on the server (a phone, another laptop) is merged into its
person field by field against the fields both sides had at the last sync (`base`): a
field changed only there is taken, a field changed only here is kept (and pushed), a
field changed on both sides the same way is fine, and one changed differently keeps the
user's edit here and is recorded as a conflict to show. A new card becomes a person
(matched first by UID, then email, then LinkedIn profile, then name and organisation,
so nobody is doubled); a card deleted on the server waits for the user to say whether
the person goes too. Then pushed: every person in the chosen scope whose fields
changed since the last sync, as vCard 3.0, keeping whatever the card held that NetDesk
does not map (a photo, a phone's own fields). Every write is guarded by its ETag, and
each card's state commits on its own: a pass cut off anywhere is resumed by the next.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, fields, replace
from typing import Any

import peewee

from netdesk.db.models import Contact, ContactCard, SyncConflict
from netdesk.db.models import ContactsAccount as ContactsAccountRow
from netdesk.errors import CalendarError, ImportFormatError
from netdesk.services.base import Service
from netdesk.services.cancel import CancelToken
from netdesk.services.carddav.account import ContactsAccount, ContactsAccountService
from netdesk.services.carddav.answers import ContactAnswerService
from netdesk.services.carddav.client import CardDavSession, CardDavTransport
from netdesk.services.carddav.matching import CardMatcher
from netdesk.services.carddav.vcards import (
    PersonExtras,
    card_from_person,
    fields_of,
    person_from_card,
)
from netdesk.services.carddav.versions import person_versions
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ContactFilter, ContactRecord, me_id
from netdesk.services.contacts.service import ContactService
from netdesk.services.credentials import Secret
from netdesk.services.followups.keep_in_touch import KeepInTouchService
from netdesk.services.progress import Progress, no_progress
from netdesk.services.settings import (
    CONTACTS_SYNC_MINUTES,
    SettingsStore,
    clamped_minutes,
    interval_minutes,
)
from netdesk.services.vocabulary import LINKEDIN_ONLY

PERSON_FIELDS = {f.name for f in fields(ContactRecord)}
# Fields a card may leave out (another client's card): then the person keeps theirs.
UNSAID = {"relation", "closeness", "keep_in_touch_days", "last_interaction"}
# Worked out here from the timeline, never taken from a card.
NOT_TAKEN = {"last_interaction"}


@dataclass
class ContactSyncResult:
    pushed: int = 0  # cards written
    pulled: int = 0  # cards read that changed
    merged: int = 0  # people updated from their card
    conflicts: int = 0  # fields changed on both sides differently (the user's edit kept)
    deleted: int = 0  # cards deleted on the server, waiting for the user's answer

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


class ContactSyncService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        accounts: ContactsAccountService,
        transport: CardDavTransport,
        contacts: ContactService,
        keep_in_touch: KeepInTouchService,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._accounts = accounts
        self._transport = transport
        self._contacts = contacts
        self._keep_in_touch = keep_in_touch
        # What the user answers about what a pass found (deleted cards, conflicts).
        self.answers = ContactAnswerService(db, contacts, keep_in_touch, clock, self.changes)
        self._settings = SettingsStore(db)

    @property
    def minutes(self) -> int:
        """Minutes between background syncs (settings.MIN_MINUTES to MAX_MINUTES)."""
        return interval_minutes(self._settings, CONTACTS_SYNC_MINUTES)

    @announces(Change.SETTINGS)
    def set_minutes(self, minutes: int) -> None:
        self._settings.set(CONTACTS_SYNC_MINUTES, str(clamped_minutes(minutes)))

    def account(self) -> ContactsAccount:
        account = self._accounts.get()
        if account is None:
            raise CalendarError(
                "not_configured",
                "No address book is set up: `netdesk accounts set contacts --server URL "
                "--user USER`.",
            )
        return account

    @announces(Change.PEOPLE | Change.SETTINGS)
    def sync(
        self,
        secret: Secret | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ContactSyncResult:
        """One two-way pass. *secret*: the password, else the keyring's."""
        account = self.account()
        if secret is None:
            secret = self._accounts.password(account)
        result = ContactSyncResult()
        with self._transport.session(account, secret) as session:
            book = account.addressbook_url or self._first_book(session)
            progress(10, "Reading what changed in your address book…")
            token = self._pull(account, session, book, result, cancel)
            progress(60, "Writing people to your address book…")
            pushed = result.pushed
            self._push(account, session, book, result, cancel)
            if token and result.pushed > pushed:
                # The token predates our own writes, and a server may leave out of the
                # next report a card written and deleted since (Xandikos does, as RFC
                # 6578 allows): read past them now, our own cards found unchanged.
                token = self._pull(replace(account, sync_token=token), session, book, result,
                                   cancel)  # fmt: skip
        with self._db.atomic("IMMEDIATE"):
            ContactsAccountRow.update(sync_token=token, synced_at=self._clock.timestamp()).where(
                ContactsAccountRow.id == account.id
            ).bind(self._db).execute()
        progress(100, "Address book in step")
        return result

    def _first_book(self, session: CardDavSession) -> str:
        books = session.addressbooks()
        if not books:
            raise CalendarError("not_found", "The server has no address book to use.")
        return books[0].url

    # --- pulling ----------------------------------------------------------------

    def _pull(
        self,
        account: ContactsAccount,
        session: CardDavSession,
        book: str,
        result: ContactSyncResult,
        cancel: CancelToken | None,
    ) -> str | None:
        changes = session.changes(book, account.sync_token)
        cards = {row.href: row for row in self._cards(account)}
        gone = set(changes.deleted)
        if changes.full:
            gone |= {href for href in cards if href not in changes.changed}
        for href in gone & set(cards):
            self._deleted_there(cards[href], result)
        wanted = [
            href for href, etag in changes.changed.items()
            if href not in cards or not etag or cards[href].etag != etag
        ]  # fmt: skip
        index = CardMatcher.read(self._db)
        for href, (etag, text) in session.fetch(book, wanted).items():
            if cancel is not None:
                cancel.check()
            try:
                remote = person_from_card(text)
            except ImportFormatError:
                continue  # a card NetDesk cannot read is left as it is on the server
            result.pulled += 1
            with self._db.atomic("IMMEDIATE"):
                self._take(account, cards.get(href), href, etag, text, remote, index, result)
        return changes.token

    def _take(self, account, row, href, etag, text, remote, index, result) -> None:
        """A card read from the server: merged into its person, or a new person."""
        row = self._whole(row) if row is not None else self._card_by_uid(account, remote.uid)
        contact_id = row.contact_id if row is not None else None
        if contact_id is None:
            contact_id = index.match(remote)
        remote_fields = _synced(fields_of(remote))
        if contact_id is None:
            record = self._contacts.save(_record(ContactRecord(source="carddav"), remote_fields))
            contact_id = record.id
            index.add(record)
            base = remote_fields
        else:
            base = json.loads(row.base) if row is not None else {}
            base = self._merge(contact_id, base, remote_fields, result)
        base = self._in_step_here(contact_id, base)
        values = {
            ContactCard.contact: contact_id,
            ContactCard.uid: remote.uid or (row.uid if row else f"netdesk-{uuid.uuid4()}"),
            ContactCard.href: href,
            ContactCard.etag: etag,
            ContactCard.card: text,
            ContactCard.base: json.dumps(base, sort_keys=True, ensure_ascii=False),
            ContactCard.deleted_on_server: None,
        }
        if row is None:
            ContactCard.insert({**values, ContactCard.account: account.id}).bind(self._db).execute()
        else:
            ContactCard.update(values).where(ContactCard.id == row.id).bind(self._db).execute()

    def _in_step_here(self, contact_id: int, base: dict) -> dict:
        """Fields never taken from a card count as in step with this side's values: a
        card's other last interaction alone is no reason to write it back."""
        try:
            local = self._fields(self._contacts.get(contact_id))
        except KeyError:
            return base
        return {**base, **{name: local.get(name) for name in NOT_TAKEN if name in base}}

    def _merge(self, contact_id: int, base: dict, remote: dict, result: ContactSyncResult) -> dict:
        """Field by field against *base*; returns the new base (the server's fields as
        merged, so that a local edit kept over a conflict is still pushed)."""
        try:
            person = self._contacts.get(contact_id)
        except KeyError:
            return remote
        local = self._fields(person)
        if not base:  # a card met for the first time (matched, or after a new start)
            return self._join(person, local, remote, result)
        taken: dict[str, Any] = {}
        for name, theirs in remote.items():
            mine, before = local.get(name), base.get(name)
            if name in NOT_TAKEN or theirs in (before, mine) or (theirs is None and name in UNSAID):
                continue
            if mine == before or name not in base:
                taken[name] = theirs
            else:
                self._conflict(contact_id, name, mine, theirs)
                result.conflicts += 1
        if taken:
            self._contacts.save(_record(person, taken))
            if "keep_in_touch_days" in taken:
                self._keep_in_touch.set_interval(contact_id, taken["keep_in_touch_days"])
            result.merged += 1
        return remote

    def _join(
        self, person: ContactRecord, local: dict, remote: dict, result: ContactSyncResult
    ) -> dict:
        """No common ancestor: what only the card has is taken, lists are joined, and
        where both say something different the person's own stays (pushed next)."""
        taken: dict[str, Any] = {}
        for name, theirs in remote.items():
            mine = local.get(name)
            if isinstance(theirs, list) and isinstance(mine, list):
                joined = mine + [value for value in theirs if value not in mine]
                if joined != mine:
                    taken[name] = joined
            elif theirs not in (None, "", []) and mine in (None, "", []):
                taken[name] = theirs
        if taken:
            self._contacts.save(_record(person, taken))
            result.merged += 1
        return remote

    def _conflict(self, contact_id: int, name: str, mine: Any, theirs: Any) -> None:
        SyncConflict.insert(
            contact=contact_id,
            field=name,
            mine=json.dumps(mine, ensure_ascii=False),
            theirs=json.dumps(theirs, ensure_ascii=False),
            created_at=self._clock.timestamp(),
        ).bind(self._db).execute()

    def _deleted_there(self, row: ContactCard, result: ContactSyncResult) -> None:
        """Deleted on the server: the person stays until the user says (the card's row
        remembers it); a card of nobody is forgotten."""
        with self._db.atomic("IMMEDIATE"):
            if row.contact_id is None:
                ContactCard.delete().where(ContactCard.id == row.id).bind(self._db).execute()
                return
            ContactCard.update(deleted_on_server=self._clock.timestamp(), etag=None).where(
                ContactCard.id == row.id
            ).bind(self._db).execute()
        result.deleted += 1

    # --- pushing ------------------------------------------------------------------

    def _push(
        self,
        account: ContactsAccount,
        session: CardDavSession,
        book: str,
        result: ContactSyncResult,
        cancel: CancelToken | None,
    ) -> None:
        cards = self._cards(account)
        rows = {row.contact_id: row for row in cards if row.contact_id}
        for row in cards:  # the person was deleted here
            if row.contact_id is None and row.deleted_on_server is None:
                session.delete(row.href, row.etag)
                with self._db.atomic("IMMEDIATE"):
                    ContactCard.delete().where(ContactCard.id == row.id).bind(self._db).execute()
        versions = person_versions(self._db)
        changed = [
            contact_id for contact_id in self._in_scope(account)
            if contact_id not in rows or rows[contact_id].pushed_version != versions.get(contact_id)
        ]  # fmt: skip
        for person in self._contacts.records(changed):
            if cancel is not None:
                cancel.check()
            assert person.id is not None
            row, version = rows.get(person.id), versions.get(person.id)
            if row is not None and row.deleted_on_server is not None:
                continue  # waiting for the user's answer
            row = self._whole(row) if row is not None else None
            extras = self._extras(person)
            current = _synced(fields_of(person, extras))
            if row is not None and json.loads(row.base) == current:
                self._mark_pushed(row, version)  # touched, not changed: nothing to write
                continue
            uid = row.uid if row is not None else _card_uid(account, person.id)
            card = card_from_person(person, extras, uid, row.card if row is not None else None)
            href = row.href if row is not None else f"{book}{uid}.vcf"
            # A new card's UID is this account's and this person's alone: a pass killed
            # after the PUT and before its row was saved writes the same card again,
            # never a second one.
            etag = session.put(href, card, row.etag if row is not None else None,
                               overwrite=row is None)  # fmt: skip
            values = {
                ContactCard.href: href,
                ContactCard.etag: etag,
                ContactCard.card: card,
                ContactCard.base: json.dumps(current, sort_keys=True, ensure_ascii=False),
                ContactCard.pushed_version: version,
            }
            with self._db.atomic("IMMEDIATE"):
                if row is None:
                    ContactCard.insert(
                        {**values, ContactCard.account: account.id, ContactCard.uid: uid,
                         ContactCard.contact: person.id}
                    ).bind(self._db).execute()  # fmt: skip
                else:
                    ContactCard.update(values).where(ContactCard.id == row.id).bind(
                        self._db
                    ).execute()
            result.pushed += 1

    def _mark_pushed(self, row: ContactCard, version: str | None) -> None:
        with self._db.atomic("IMMEDIATE"):
            ContactCard.update(pushed_version=version).where(ContactCard.id == row.id).bind(
                self._db
            ).execute()

    def _in_scope(self, account: ContactsAccount) -> list[int]:
        query = Contact.select(Contact.id).order_by(Contact.id)
        if account.scope == "relationships":
            query = query.where(Contact.relation != LINKEDIN_ONLY)
        elif account.scope == "tag":
            tagged = self._contacts.query_ids(ContactFilter(tag=account.scope_tag))
            query = query.where(Contact.id.in_(tagged))
        me = me_id(self._db)
        ids = [contact_id for (contact_id,) in query.bind(self._db).tuples()]
        return [i for i in ids if i != me]

    def _extras(self, person: ContactRecord) -> PersonExtras:
        """What the card carries that the person's record does not: their own
        keep-in-touch interval (None: the default for how the user knows them)."""
        assert person.id is not None
        try:
            cadence = self._keep_in_touch.cadence(person.id)
        except KeyError:
            return PersonExtras()
        return PersonExtras(
            keep_in_touch_days=cadence.own_interval,
            keep_in_touch_stopped=cadence.stopped,
        )

    def _fields(self, person: ContactRecord) -> dict[str, Any]:
        return _synced(fields_of(person, self._extras(person)))

    # --- helpers --------------------------------------------------------------------

    def _cards(self, account: ContactsAccount) -> list[ContactCard]:
        """The account's cards without their text and base (read by _whole when needed:
        a pass with nothing changed reads thousands of rows and no card)."""
        light = (
            ContactCard.id, ContactCard.contact, ContactCard.uid, ContactCard.href,
            ContactCard.etag, ContactCard.pushed_version, ContactCard.deleted_on_server,
        )  # fmt: skip
        query = ContactCard.select(*light).where(ContactCard.account_id == account.id)
        return list(query.bind(self._db))

    def _whole(self, row: ContactCard) -> ContactCard:
        return ContactCard.select().where(ContactCard.id == row.id).bind(self._db).get()

    def _card_by_uid(self, account: ContactsAccount, uid: str) -> ContactCard | None:
        if not uid:
            return None
        return (
            ContactCard.select()
            .where(ContactCard.account_id == account.id, ContactCard.uid == uid)
            .bind(self._db)
            .first()
        )


def _record(person: ContactRecord, values: dict[str, Any]) -> ContactRecord:
    """*person* with the synced *values* that are a person's own fields (what a card
    does not say keeps the person's)."""
    taken = {
        name: list(value) if isinstance(value, (list, tuple)) else value
        for name, value in values.items()
        if name in PERSON_FIELDS and name not in NOT_TAKEN
        and not (value is None and name in UNSAID)
    }  # fmt: skip
    return replace(person, **taken)


def _card_uid(account: ContactsAccount, contact_id: int) -> str:
    """The UID of the card NetDesk makes for a person: the same at every attempt."""
    return f"netdesk-{uuid.uuid5(uuid.NAMESPACE_URL, f'{account.keyring_service}/{contact_id}')}"


def _synced(values: dict[str, Any]) -> dict[str, Any]:
    """The synced fields as they are stored in `base` (JSON: tuples become lists), so
    that a comparison with the stored base means what it says."""
    return json.loads(json.dumps(values, sort_keys=True, ensure_ascii=False, default=str))
