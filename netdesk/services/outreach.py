"""The outreach pipeline: every request for a conversation and what came of it.

A request is warm when someone introduced me (or suggested the person), cold otherwise.
Its answer is accepted, declined, or nothing yet; after a number of days without an
answer it counts as "no answer" in the acceptance rate, and the user may also close it
as such. The rate the user sees is their own: accepted out of the requests decided.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import peewee

from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ValidationError
from netdesk.services.interactions import InteractionService
from netdesk.services.settings import OUTREACH_NO_ANSWER_DAYS, SettingsStore

CHANNELS = {
    "email": "Email",
    "linkedin": "LinkedIn message",
    "phone": "Phone call",
    "in_person": "In person",
    "other": "Other",
}
RESPONSES = {
    "none": "Awaiting an answer",
    "accepted": "Accepted",
    "declined": "Declined",
    "no_answer": "No answer",
}
DEFAULT_NO_ANSWER_DAYS = int(OUTREACH_NO_ANSWER_DAYS.default or 14)
_INTERACTION_KIND = {
    "email": "email",
    "linkedin": "message",
    "phone": "call",
    "in_person": "note",
    "other": "note",
}


@dataclass(frozen=True)
class OutreachEntry:
    id: int
    contact_id: int
    name: str
    sent_on: date
    channel: str
    warm: bool
    via_contact_id: int | None
    via_name: str | None  # None when the introducer has been deleted
    response: str
    responded_on: date | None
    meeting_id: int | None
    note: str

    @property
    def is_open(self) -> bool:
        return self.response == "none"

    def days_waiting(self, today: date) -> int:
        return max(0, (today - self.sent_on).days)

    def unanswered_too_long(self, today: date, no_answer_days: int) -> bool:
        return self.is_open and self.days_waiting(today) >= no_answer_days


@dataclass(frozen=True)
class Rate:
    """Counts for one kind of request (warm or cold)."""

    accepted: int = 0
    declined: int = 0
    no_answer: int = 0  # closed as such, or open past the no-answer limit
    pending: int = 0  # open and still within the limit: not decided yet

    @property
    def decided(self) -> int:
        return self.accepted + self.declined + self.no_answer

    @property
    def rate(self) -> float | None:
        """Accepted out of the decided requests; None before any is decided."""
        return self.accepted / self.decided if self.decided else None

    def __add__(self, other: Rate) -> Rate:
        return Rate(
            self.accepted + other.accepted,
            self.declined + other.declined,
            self.no_answer + other.no_answer,
            self.pending + other.pending,
        )


@dataclass(frozen=True)
class AcceptanceRates:
    warm: Rate
    cold: Rate
    no_answer_days: int

    @property
    def overall(self) -> Rate:
        return self.warm + self.cold


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


_SELECT = (
    "SELECT o.id, o.contact_id, c.display_name, o.sent_on, o.channel, o.warm, "
    "o.via_contact_id, v.display_name, o.response, o.responded_on, o.meeting_id, o.note "
    "FROM outreach o JOIN contact c ON c.id = o.contact_id "
    "LEFT JOIN contact v ON v.id = o.via_contact_id"
)


def _entry(row: tuple, today: date) -> OutreachEntry:
    return OutreachEntry(
        row[0], row[1], row[2], _day(row[3]) or today, row[4], bool(row[5]), row[6],
        row[7], row[8], _day(row[9]), row[10], row[11],
    )  # fmt: skip


class OutreachService:
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        interactions: InteractionService,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._clock = clock
        self._db = db
        self._interactions = interactions

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    # --- recording ---------------------------------------------------------

    def add(
        self,
        contact_id: int,
        *,
        sent_on: date | None = None,
        channel: str = "email",
        via_contact_id: int | None = None,
        warm: bool | None = None,
        note: str = "",
        meeting_id: int | None = None,
        log_interaction: bool = True,
    ) -> OutreachEntry:
        """Record a request for a conversation.

        *warm* None: warm when *via_contact_id* is given or someone referred this person
        (the referrer becomes the via). One open request per person: asking again while
        one is open updates that one instead of counting twice. *log_interaction* puts
        the request on the person's timeline as an ask (a sent email already is).
        """
        if channel not in CHANNELS:
            raise ValidationError({"channel": f"Unknown channel: {channel!r}."})
        today = self._clock.today()
        sent_on = sent_on or today
        if sent_on > today:
            raise ValidationError(
                {
                    "sent_on": f"{sent_on:%a} {sent_on.day} {sent_on:%b %Y} is in the future: "
                    "record a request once it is sent."
                }
            )
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            if not conn.execute("SELECT 1 FROM contact WHERE id = ?", (contact_id,)).fetchone():
                raise KeyError(contact_id)
            if via_contact_id == contact_id:
                raise ValidationError({"via": "Someone cannot introduce you to themselves."})
            if via_contact_id is None and warm is not False:
                row = conn.execute(
                    "SELECT from_contact_id FROM referral WHERE to_contact_id = ? "
                    "ORDER BY id DESC LIMIT 1",
                    (contact_id,),
                ).fetchone()
                via_contact_id = row[0] if row else None
            warm = bool(via_contact_id) if warm is None else warm
            open_row = conn.execute(
                "SELECT id, channel, meeting_id FROM outreach WHERE contact_id = ? "
                "AND response = 'none' ORDER BY id DESC LIMIT 1",
                (contact_id,),
            ).fetchone()
            if open_row is not None:
                outreach_id, old_channel, old_meeting = open_row
                conn.execute(
                    "UPDATE outreach SET channel = ?, meeting_id = ?, "
                    "warm = max(warm, ?), via_contact_id = coalesce(via_contact_id, ?), "
                    "note = CASE WHEN note = '' THEN ? ELSE note END WHERE id = ?",
                    (
                        channel if old_channel == "other" else old_channel,
                        old_meeting if old_meeting is not None else meeting_id,
                        int(warm),
                        via_contact_id,
                        note,
                        outreach_id,
                    ),
                )
            else:
                outreach_id = conn.execute(
                    "INSERT INTO outreach (contact_id, sent_on, channel, warm, via_contact_id, "
                    "meeting_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        contact_id,
                        sent_on.isoformat(),
                        channel,
                        int(warm),
                        via_contact_id,
                        meeting_id,
                        note,
                        self._clock.timestamp(),
                    ),
                ).lastrowid
            if log_interaction:
                via = self._name(via_contact_id) if warm and via_contact_id else None
                self._interactions.log(
                    contact_id,
                    _INTERACTION_KIND[channel],
                    "Asked for a conversation" + (f" (via {via})" if via else ""),
                    give_ask="ask",
                    # Today's request sits at the time it was recorded (never ahead of
                    # now); an earlier day's at midday.
                    occurred_at=(
                        self._clock.now()
                        if sent_on == today
                        else datetime.combine(sent_on, time(12))
                    ),
                    meeting_id=meeting_id,
                )
        return self.get(outreach_id)

    def respond(
        self,
        outreach_id: int,
        response: str,
        *,
        on: date | None = None,
        meeting_id: int | None = None,
    ) -> OutreachEntry:
        """Accepted, declined, no answer, or back to awaiting ('none')."""
        if response not in RESPONSES:
            raise ValidationError({"response": f"Unknown response: {response!r}."})
        responded = None if response == "none" else (on or self._clock.today()).isoformat()
        with self._db.atomic("IMMEDIATE"):
            changed = (
                self._conn()
                .execute(
                    "UPDATE outreach SET response = ?, responded_on = ?, "
                    "meeting_id = coalesce(?, meeting_id) WHERE id = ?",
                    (response, responded, meeting_id, outreach_id),
                )
                .rowcount
            )
        if not changed:
            raise KeyError(outreach_id)
        return self.get(outreach_id)

    def delete(self, outreach_id: int) -> None:
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute("DELETE FROM outreach WHERE id = ?", (outreach_id,))

    def sync_with_meeting(
        self, meeting_id: int, status: str, people: list[int], day: date | None
    ) -> None:
        """A meeting's status answers the open requests to its people: scheduled or held
        means accepted, declined means declined; a requested meeting is a request.

        Called by the meeting service inside its save transaction.
        """
        conn = self._conn()
        today = self._clock.today().isoformat()
        for contact_id in people:
            if status in ("scheduled", "held", "declined"):
                response = "declined" if status == "declined" else "accepted"
                conn.execute(
                    "UPDATE outreach SET response = ?, responded_on = ?, "
                    "meeting_id = coalesce(meeting_id, ?) WHERE contact_id = ? "
                    "AND (response = 'none' OR (meeting_id = ? AND response <> ?))",
                    (response, today, meeting_id, contact_id, meeting_id, response),
                )
                if response == "accepted":  # a yes recorded by hand: this is its meeting
                    conn.execute(
                        "UPDATE outreach SET meeting_id = ? WHERE contact_id = ? "
                        "AND response = 'accepted' AND meeting_id IS NULL",
                        (meeting_id, contact_id),
                    )
            elif (
                status == "requested"
                and not conn.execute(
                    "SELECT 1 FROM outreach WHERE contact_id = ? "
                    "AND (response = 'none' OR meeting_id = ?)",
                    (contact_id, meeting_id),
                ).fetchone()
            ):
                self.add(
                    contact_id,
                    sent_on=min(day, self._clock.today()) if day else None,
                    channel="other",
                    meeting_id=meeting_id,
                )

    # --- reading -----------------------------------------------------------

    def get(self, outreach_id: int) -> OutreachEntry:
        row = self._conn().execute(f"{_SELECT} WHERE o.id = ?", (outreach_id,)).fetchone()
        if row is None:
            raise KeyError(outreach_id)
        return _entry(row, self._clock.today())

    def list(
        self, *, contact_id: int | None = None, open_only: bool = False
    ) -> list[OutreachEntry]:
        """Newest first."""
        clauses, params = [], []
        if contact_id is not None:
            clauses.append("o.contact_id = ?")
            params.append(contact_id)
        if open_only:
            clauses.append("o.response = 'none'")
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self._conn().execute(f"{_SELECT} {where} ORDER BY o.sent_on DESC, o.id DESC", params)
        today = self._clock.today()
        return [_entry(row, today) for row in rows]

    def awaiting(self, limit: int | None = None) -> list[OutreachEntry]:
        """Requests without an answer, longest waiting first."""
        sql = f"{_SELECT} WHERE o.response = 'none' ORDER BY o.sent_on, o.id"
        params: list[object] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        today = self._clock.today()
        return [_entry(row, today) for row in self._conn().execute(sql, params)]

    def no_answer_days(self) -> int:
        value = SettingsStore(self._db).get(OUTREACH_NO_ANSWER_DAYS)
        try:
            return max(1, int(value or DEFAULT_NO_ANSWER_DAYS))
        except ValueError:
            return DEFAULT_NO_ANSWER_DAYS

    def set_no_answer_days(self, days: int) -> None:
        if not 1 <= days <= 365:
            raise ValidationError({"no_answer_days": "Choose between 1 and 365 days."})
        SettingsStore(self._db).set(OUTREACH_NO_ANSWER_DAYS, str(days))

    def rates(self, today: date, no_answer_days: int | None = None) -> AcceptanceRates:
        """My acceptance rate, warm and cold: an open request older than the no-answer
        limit counts as no answer; a younger one is still pending."""
        days = no_answer_days if no_answer_days is not None else self.no_answer_days()
        cutoff = (today - timedelta(days=days)).isoformat()
        rows = self._conn().execute(
            "SELECT warm, CASE WHEN response = 'none' AND sent_on <= ? THEN 'no_answer' "
            "ELSE response END AS outcome, count(*) FROM outreach GROUP BY warm, outcome",
            (cutoff,),
        )
        counts: dict[bool, dict[str, int]] = {True: {}, False: {}}
        for warm, outcome, count in rows:
            counts[bool(warm)][outcome] = count

        def rate(found: dict[str, int]) -> Rate:
            return Rate(
                found.get("accepted", 0),
                found.get("declined", 0),
                found.get("no_answer", 0),
                found.get("none", 0),
            )

        return AcceptanceRates(rate(counts[True]), rate(counts[False]), days)

    def _name(self, contact_id: int) -> str | None:
        row = (
            self._conn()
            .execute("SELECT display_name FROM contact WHERE id = ?", (contact_id,))
            .fetchone()
        )
        return row[0] if row else None
