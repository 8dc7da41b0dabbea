"""What a scanned batch of messages changes, in one transaction with the folder's state:
an email on the timeline of each known person in it (sent or received), their last
interaction moved forward, and an outreach request marked as answered when its reply
arrives. Mail with unknown addresses, lists and bulk mail leave no trace."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import peewee

from netdesk.db.models import Contact, MailFolder, Outreach
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import Clock
from netdesk.services.contacts.records import me_id
from netdesk.services.mailscan.addresses import address_key
from netdesk.services.mailscan.messages import ScannedMessage
from netdesk.services.text import split_lines

SENT_SUMMARY = "Email sent"
RECEIVED_SUMMARY = "Email received"
FUTURE_SLACK = timedelta(days=1)  # a sender's clock ahead; beyond, the date is a lie


@dataclass
class AddressBook:
    """Who an address is: every email of every person the scan may track, by key; and
    the user's own addresses (the account's and "me"'s), which make a message "sent"."""

    people: dict[str, set[int]] = field(default_factory=dict)
    mine: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, db: peewee.SqliteDatabase, account_address: str) -> AddressBook:
        book = cls()
        me = me_id(db)
        rows = (
            Contact.select(Contact.id, Contact.emails)
            .where(Contact.emails != "", Contact.track_mail == True)  # noqa: E712
            .bind(db)
            .tuples()
        )
        for contact_id, emails in rows:
            for email in split_lines(emails):
                key = address_key(email)
                if key is None:
                    continue
                if contact_id == me:
                    book.mine.add(key)
                else:
                    book.people.setdefault(key, set()).add(contact_id)
        own = address_key(account_address)
        if own:
            book.mine.add(own)
        for key in book.mine:  # never "a person" for one's own address
            book.people.pop(key, None)
        return book

    def who(self, keys: tuple[str, ...]) -> set[int]:
        found: set[int] = set()
        for key in keys:
            found |= self.people.get(key, set())
        return found


@dataclass
class BatchOutcome:
    matched: int = 0  # messages with someone known in them
    interactions: int = 0  # new timeline entries
    replies: int = 0  # outreach requests answered


class BatchRecorder:
    """Writes batches of one folder's messages; each batch and the folder's new last UID
    commit together, so an interrupted scan resumes after the last whole batch."""

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        clock: Clock,
        changes: Changes,
        book: AddressBook,
        folder_id: int,
    ) -> None:
        self._db = db
        self.changes = changes
        self._clock = clock
        self._book = book
        self._folder_id = folder_id
        self._latest = clock.now() + FUTURE_SLACK

    @announces(Change.INTERACTIONS | Change.OUTREACH)
    def record(
        self, messages: list[ScannedMessage], received: dict[int, datetime | None], last_uid: int
    ) -> BatchOutcome:
        outcome = BatchOutcome()
        rows: list[tuple] = []
        for message in messages:
            entries = self._entries(message, received.get(message.uid))
            if entries:
                outcome.matched += 1
                rows += entries
        with self._db.atomic("IMMEDIATE"):
            outcome.interactions = self._insert(rows)
            outcome.replies = self._mark_replies(rows)
            MailFolder.update(last_uid=last_uid).where(MailFolder.id == self._folder_id).bind(
                self._db
            ).execute()
        return outcome

    def _entries(self, message: ScannedMessage, received_at: datetime | None) -> list[tuple]:
        """(contact, wall time, message id, direction) for each known person in it."""
        if message.bulk:
            return []
        moment = message.sent_at
        if moment is None or moment > self._latest:
            moment = received_at
        if moment is None or moment > self._latest:
            return []
        when = self._clock.wall(moment)
        message_id = message.message_id or f"netdesk-uid-{self._folder_id}-{message.uid}"
        if message.sender in self._book.mine:
            people = self._book.who(message.recipients)
            return [(person, when, message_id, "sent") for person in sorted(people)]
        if message.sender is None:
            return []
        people = self._book.who((message.sender,))
        return [(person, when, message_id, "received", message.answers) for person in people]

    def _insert(self, rows: list[tuple]) -> int:
        """New timeline entries (one per person and message: seen again, it is skipped),
        and each person's last interaction moved forward, never back."""
        if not rows:
            return 0
        now = self._clock.timestamp()
        cursor = self._db.connection().executemany(
            "INSERT OR IGNORE INTO interaction (contact_id, kind, occurred_at, summary, "
            "created_at, message_id, direction) VALUES (?, 'email', ?, ?, ?, ?, ?)",
            [
                (row[0], row[1], SENT_SUMMARY if row[3] == "sent" else RECEIVED_SUMMARY, now,
                 row[2], row[3])
                for row in rows
            ],
        )  # fmt: skip
        added = cursor.rowcount  # the ignored (seen before) are not counted
        latest: dict[int, str] = defaultdict(str)
        for row in rows:
            latest[row[0]] = max(latest[row[0]], row[1][:10])
        self._db.connection().executemany(
            "UPDATE contact SET last_interaction = ? WHERE id = ? "
            "AND (last_interaction IS NULL OR last_interaction < ?)",
            [(day, contact_id, day) for contact_id, day in latest.items()],
        )
        return int(added)

    def _mark_replies(self, rows: list[tuple]) -> int:
        """A request still waiting for an answer is answered by a message from that
        person that replies to it (In-Reply-To/References), or by any message from them
        on or after the day it was sent."""
        received = [row for row in rows if row[3] == "received"]
        if not received:
            return 0
        waiting = (
            Outreach.select(Outreach.id, Outreach.contact_id, Outreach.sent_on, Outreach.message_id)
            .where(
                Outreach.response == "none",
                Outreach.reply_at.is_null(),
                Outreach.contact_id.in_({row[0] for row in received}),
            )
            .bind(self._db)
            .tuples()
        )
        replied = 0
        for outreach_id, contact_id, sent_on, message_id in list(waiting):
            answers = [
                row for row in received
                if row[0] == contact_id and (row[1][:10] >= sent_on or message_id in row[4])
            ]  # fmt: skip
            if answers:
                first = min(row[1] for row in answers)
                Outreach.update(reply_at=first).where(Outreach.id == outreach_id).bind(
                    self._db
                ).execute()
                replied += 1
        return replied
