"""The outreach pipeline: every request for a conversation and what came of it.

A request is warm when someone introduced me (or suggested the person), cold otherwise.
Its answer is accepted, declined, or nothing yet; after a number of days without an
answer it counts as "no answer" in the acceptance rate (outreach_rates), and the user
may also close it as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import peewee

from netdesk.db.models import Contact, Outreach, Referral
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.followups.interactions import InteractionService
from netdesk.services.followups.outreach_rates import (
    AcceptanceRates,
    acceptance_rates,
    no_answer_limit,
)
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
    reply_at: str | None = None  # a reply seen in the mailbox (wall time), not yet answered

    @property
    def is_open(self) -> bool:
        return self.response == "none"

    @property
    def replied_on(self) -> date | None:
        """The day a reply was seen in the mailbox, while the user has not said what it
        answered."""
        return _day(self.reply_at[:10]) if self.reply_at and self.is_open else None

    def reply_prompt(self) -> str:
        """'Dana Cruz replied to your request: accepted?'"""
        return f"{self.name} replied to your request: accepted?"

    def days_waiting(self, today: date) -> int:
        return max(0, (today - self.sent_on).days)

    def unanswered_too_long(self, today: date, no_answer_days: int) -> bool:
        return self.is_open and self.days_waiting(today) >= no_answer_days


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _entry(
    today: date,
    id: int,
    contact_id: int,
    name: str,
    sent_on: str | None,
    channel: str,
    warm: int,
    via_contact_id: int | None,
    via_name: str | None,
    response: str,
    responded_on: str | None,
    meeting_id: int | None,
    note: str,
    reply_at: str | None = None,
) -> OutreachEntry:
    """One request from its columns: by name (**row) or in select order (*row, the
    fast path that the Today page takes)."""
    return OutreachEntry(
        id, contact_id, name, _day(sent_on) or today, channel, bool(warm), via_contact_id,
        via_name, response, _day(responded_on), meeting_id, note, reply_at,
    )  # fmt: skip


def _is_open() -> peewee.Expression:
    return Outreach.response == "none"


class OutreachService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        interactions: InteractionService,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._interactions = interactions

    def _select(self) -> peewee.ModelSelect:
        """Requests as dicts for _entry: with the person's name and the introducer's."""
        via = Contact.alias()
        return (
            Outreach.select(
                Outreach.id,
                Outreach.contact_id.alias("contact_id"),
                Contact.display_name.alias("name"),
                Outreach.sent_on,
                Outreach.channel,
                Outreach.warm,
                Outreach.via_contact_id,
                via.display_name.alias("via_name"),
                Outreach.response,
                Outreach.responded_on,
                Outreach.meeting_id.alias("meeting_id"),
                Outreach.note,
                Outreach.reply_at,
            )
            .join(Contact, on=Contact.id == Outreach.contact_id)
            .join_from(Outreach, via, peewee.JOIN.LEFT_OUTER, on=via.id == Outreach.via_contact_id)
            .bind(self._db)
            .dicts()
        )

    # --- recording ---------------------------------------------------------

    @announces(Change.OUTREACH | Change.TODOS)
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
        message_id: str | None = None,
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
        with self._db.atomic("IMMEDIATE"):
            if not Contact.select().where(Contact.id == contact_id).bind(self._db).exists():
                raise KeyError(contact_id)
            if via_contact_id == contact_id:
                raise ValidationError({"via": "Someone cannot introduce you to themselves."})
            if via_contact_id is None and warm is not False:
                via_contact_id = self._latest_referrer(contact_id)
            warm = bool(via_contact_id) if warm is None else warm
            open_row = (
                Outreach.select(Outreach.id, Outreach.channel, Outreach.meeting_id.alias("meeting"))
                .where(Outreach.contact_id == contact_id, _is_open())
                .order_by(Outreach.id.desc())
                .bind(self._db)
                .dicts()
                .first()
            )
            if open_row is not None:
                outreach_id = open_row["id"]
                self._update_open(open_row, channel, meeting_id, warm, via_contact_id, note)
                if message_id:  # asked again by email: the reply answers this one
                    Outreach.update(message_id=message_id).where(Outreach.id == outreach_id).bind(
                        self._db
                    ).execute()
            else:
                outreach_id = (
                    Outreach.insert(
                        contact=contact_id,
                        sent_on=sent_on.isoformat(),
                        channel=channel,
                        warm=warm,
                        via_contact_id=via_contact_id,
                        meeting=meeting_id,
                        note=note,
                        created_at=self._clock.timestamp(),
                        message_id=message_id or None,
                    )
                    .bind(self._db)
                    .execute()
                )
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

    def _update_open(
        self,
        open_row: dict,
        channel: str,
        meeting_id: int | None,
        warm: bool,
        via_id: int | None,
        note: str,
    ) -> None:
        """Asked again while a request is open: fill in what the open one lacks."""
        old_channel, old_meeting = open_row["channel"], open_row["meeting"]
        Outreach.update(
            {
                Outreach.channel: channel if old_channel == "other" else old_channel,
                Outreach.meeting: old_meeting if old_meeting is not None else meeting_id,
                Outreach.warm: peewee.fn.MAX(Outreach.warm, int(warm)),
                Outreach.via_contact_id: peewee.fn.COALESCE(Outreach.via_contact_id, via_id),
                Outreach.note: peewee.Case(None, [(Outreach.note == "", note)], Outreach.note),
            }
        ).where(Outreach.id == open_row["id"]).bind(self._db).execute()

    @announces(Change.OUTREACH | Change.TODOS | Change.MEETINGS)
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
                Outreach.update(
                    response=response,
                    responded_on=responded,
                    meeting=peewee.fn.COALESCE(meeting_id, Outreach.meeting),
                )
                .where(Outreach.id == outreach_id)
                .bind(self._db)
                .execute()
            )
        if not changed:
            raise KeyError(outreach_id)
        return self.get(outreach_id)

    @announces(Change.OUTREACH)
    def delete(self, outreach_id: int) -> None:
        with self._db.atomic("IMMEDIATE"):
            Outreach.delete().where(Outreach.id == outreach_id).bind(self._db).execute()

    @announces(Change.OUTREACH)
    def sync_with_meeting(
        self, meeting_id: int, status: str, people: list[int], day: date | None
    ) -> None:
        """A meeting's status answers the open requests to its people: scheduled or held
        means accepted, declined means declined; a requested meeting is a request.

        Called by the meeting service inside its save transaction.
        """
        today = self._clock.today().isoformat()
        for contact_id in people:
            if status in ("scheduled", "held", "declined"):
                response = "declined" if status == "declined" else "accepted"
                Outreach.update(
                    response=response,
                    responded_on=today,
                    meeting=peewee.fn.COALESCE(Outreach.meeting, meeting_id),
                ).where(
                    Outreach.contact_id == contact_id,
                    _is_open()
                    | ((Outreach.meeting_id == meeting_id) & (Outreach.response != response)),
                ).bind(self._db).execute()
                if response == "accepted":  # a yes recorded by hand: this is its meeting
                    Outreach.update(meeting=meeting_id).where(
                        Outreach.contact_id == contact_id,
                        Outreach.response == "accepted",
                        Outreach.meeting_id.is_null(),
                    ).bind(self._db).execute()
            elif (
                status == "requested"
                and not Outreach.select()
                .where(
                    Outreach.contact_id == contact_id,
                    _is_open() | (Outreach.meeting_id == meeting_id),
                )
                .bind(self._db)
                .exists()
            ):
                self.add(
                    contact_id,
                    sent_on=min(day, self._clock.today()) if day else None,
                    channel="other",
                    meeting_id=meeting_id,
                )

    # --- reading -----------------------------------------------------------

    def get(self, outreach_id: int) -> OutreachEntry:
        row = self._select().where(Outreach.id == outreach_id).first()
        if row is None:
            raise KeyError(outreach_id)
        return _entry(self._clock.today(), **row)

    def list(
        self, *, contact_id: int | None = None, open_only: bool = False
    ) -> list[OutreachEntry]:
        """Newest first."""
        query = self._select().order_by(Outreach.sent_on.desc(), Outreach.id.desc())
        if contact_id is not None:
            query = query.where(Outreach.contact_id == contact_id)
        if open_only:
            query = query.where(_is_open())
        today = self._clock.today()
        return [_entry(today, **row) for row in query]

    def awaiting(self, limit: int | None = None) -> list[OutreachEntry]:
        """Requests without an answer: those with a reply seen in the mailbox first, then
        the longest waiting."""
        # SQL, not peewee: Today's build reads every open request at each refresh, and
        # peewee's query building and row wrapping doubled its time (1.7 -> 3.4 ms with
        # 430 open, bench_today).
        sql = (
            "SELECT o.id, o.contact_id, c.display_name AS name, o.sent_on, o.channel, o.warm, "
            "o.via_contact_id, v.display_name AS via_name, o.response, o.responded_on, "
            "o.meeting_id, o.note, o.reply_at FROM outreach o "
            "JOIN contact c ON c.id = o.contact_id "
            "LEFT JOIN contact v ON v.id = o.via_contact_id "
            "WHERE o.response = 'none' ORDER BY o.reply_at IS NULL, o.sent_on, o.id"
        )
        params: list[object] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        cursor = self._db.execute_sql(sql, params)
        today = self._clock.today()
        return [_entry(today, *row) for row in cursor]

    def no_answer_days(self) -> int:
        return no_answer_limit(self._db)

    @announces(Change.SETTINGS)
    def set_no_answer_days(self, days: int) -> None:
        if not 1 <= days <= 365:
            raise ValidationError({"no_answer_days": "Choose between 1 and 365 days."})
        SettingsStore(self._db).set(OUTREACH_NO_ANSWER_DAYS, str(days))

    def rates(self, today: date, no_answer_days: int | None = None) -> AcceptanceRates:
        """My acceptance rate, warm and cold (outreach_rates), by the user's no-answer limit."""
        days = no_answer_days if no_answer_days is not None else self.no_answer_days()
        return acceptance_rates(self._db, today, days)

    def _name(self, contact_id: int) -> str | None:
        return (
            Contact.select(Contact.display_name)
            .where(Contact.id == contact_id)
            .bind(self._db)
            .scalar()
        )

    def _latest_referrer(self, contact_id: int) -> int | None:
        """Who last suggested the user talk to this person, if anyone."""
        return (
            Referral.select(Referral.from_contact_id)
            .where(Referral.to_contact_id == contact_id)
            .order_by(Referral.id.desc())
            .limit(1)
            .bind(self._db)
            .scalar()
        )
