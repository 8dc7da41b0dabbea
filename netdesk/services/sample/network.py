"""What the sample network has been doing: who knows whom, informational interviews held
and planned (notes, answers, referrals), months of interactions, follow-ups due and
outreach awaiting an answer. Everything is dated relative to the user's today, so the
sample looks current whenever it is loaded.

It is written through the services' public methods, inside the sample import's
transaction and at the import's own instant (the clock passed in is frozen there; only
referrals are dated back, to the day they were made): undoing the import tells the
sample's own rows from the user's, as nothing about its people can be older.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import peewee

from netdesk.db.models import Contact, Referral
from netdesk.services.clock import Clock
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups.interactions import InteractionService
from netdesk.services.followups.outreach import OutreachService
from netdesk.services.followups.todos import SHARE_VALUE_NOTE, TodoService
from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion
from netdesk.services.meetings.service import MeetingService
from netdesk.services.sample.people import sample_names
from netdesk.services.sample.stories import (
    HANA,
    INES,
    INTERACTIONS,
    LINKS,
    OLDER_MEETINGS,
    OMAR,
    Interview,
)

LINKED_LINKEDIN = 60  # LinkedIn-only connections someone the user knows also knows


@dataclass
class _Services:
    contacts: ContactService
    todos: TodoService
    interactions: InteractionService
    outreach: OutreachService
    meetings: MeetingService


def add_sample_activity(db: peewee.SqliteDatabase, clock: Clock, batch_id: int) -> bool:
    """Links, meetings, referrals, interactions, to-dos and outreach among the people
    sample import *batch_id* added. *clock* is frozen at the import's time.

    Returns False (and adds nothing) when the batch did not add the sample's people, as
    when the sample is loaded a second time.
    """
    by_name = {
        name: contact_id
        for contact_id, name in Contact.select(Contact.id, Contact.display_name)
        .where(Contact.import_batch_id == batch_id)
        .bind(db)
        .tuples()
    }
    ids = {key: by_name.get(name) for key, name in sample_names().items()}
    if None in ids.values():
        return False
    contacts = ContactService(db, clock)
    todos = TodoService(db, clock)
    interactions = InteractionService(db, clock)
    outreach = OutreachService(db, interactions, clock)
    meetings = MeetingService(db, contacts, todos, outreach, clock=clock)
    story = _Story(
        _Services(contacts, todos, interactions, outreach, meetings),
        clock,
        {key: value for key, value in ids.items() if value is not None},
        db,
    )
    with db.atomic("IMMEDIATE"):
        story.link(batch_id)
        story.tell()
    return True


class _Story:
    def __init__(
        self, services: _Services, clock: Clock, ids: dict[str, int], db: peewee.SqliteDatabase
    ) -> None:
        self.s = services
        self.db = db
        self.clock = clock
        self.today = clock.today()
        self.ids = ids
        self.bank = {q.text: q.id for q in services.meetings.bank()}

    # --- dates ---------------------------------------------------------------

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """*day* at *hour*:*minute* on the user's wall clock, aware."""
        moment = datetime.combine(day, time(hour, minute))
        return (
            moment.astimezone() if self.clock.tz is None else moment.replace(tzinfo=self.clock.tz)
        )

    # --- who knows whom ------------------------------------------------------

    def link(self, batch_id: int) -> None:
        """The hand-written ties, and each of the first LinkedIn-only connections known
        by someone the user knows (at the same organisation when there is one)."""
        for a, b in LINKS:
            self.s.contacts.add_link(self.ids[a], self.ids[b], "knows")
        of_batch = Contact.import_batch_id == batch_id
        known = list(
            Contact.select(Contact.id, Contact.organisation_id)
            .where(of_batch, Contact.relation != "linkedin", Contact.closeness >= 2)
            .order_by(Contact.id)
            .bind(self.db)
            .tuples()
        )
        by_organisation: dict[int, list[int]] = {}
        for contact_id, organisation_id in known:
            by_organisation.setdefault(organisation_id, []).append(contact_id)
        linkedin = (
            Contact.select(Contact.id, Contact.organisation_id)
            .where(of_batch, Contact.relation == "linkedin", Contact.id != self.ids["arjun"])
            .order_by(Contact.id)
            .limit(LINKED_LINKEDIN)
            .bind(self.db)
            .tuples()
        )
        for index, (contact_id, organisation_id) in enumerate(linkedin):
            colleagues = by_organisation.get(organisation_id)
            if colleagues:
                friend = colleagues[index % len(colleagues)]
            else:
                friend = known[index % len(known)][0]
            self.s.contacts.add_link(friend, contact_id, "knows")

    # --- the story -----------------------------------------------------------

    def tell(self) -> None:
        for meeting in OLDER_MEETINGS:
            self.hold(meeting, thanked_after=1)
        for key, days_ago, hour, kind, summary, give_ask in INTERACTIONS:
            self.log(key, days_ago, hour, kind, summary, give_ask)
        self.hana()
        self.omar()
        self.ines()
        self.coffee_tomorrow()
        self.s.outreach.add(
            self.ids["arjun"],
            sent_on=self.day(-8),
            channel="linkedin",
            warm=False,
            note="Liked his talk on player analytics; asked for 20 minutes about "
            "analytics at Halcyon Games.",
        )

    def hana(self) -> None:
        """Three weeks ago, through my aunt: held, thanked, a referral followed up."""
        self.refer("aunt", "hana", 27, "yes", "They play tennis; Ingrid asked her first.")
        meeting = self.hold(HANA, thanked_after=1)
        self.refer("hana", "mei", 21, "yes", "Built Meridian's forecasting platform.", meeting)
        self.s.outreach.add(
            self.ids["mei"],
            sent_on=self.day(-4),
            note="Mentioned Hana; asked for 20 minutes about forecasting platforms.",
        )
        self.s.todos.add(
            "Send Hana Lindqvist the data-quality checklist",
            kind="share_value",
            contact_id=self.ids["hana"],
            meeting_id=meeting,
            due_on=self.today,
            note=f"What I promised at our coffee. {SHARE_VALUE_NOTE}",
        )

    def omar(self) -> None:
        """Last week, introduced by my mentor: held, the thank-you still to write."""
        self.refer("mentor", "omar", 16, "yes", "Former colleagues; Priya introduced us by email.")
        meeting = self.hold(OMAR, thanked_after=None)
        self.refer(
            "omar",
            "felix",
            5,
            "ask",
            "Ask Omar first: Felix is busy until their next release.",
            meeting,
            done=False,
        )
        self.s.todos.add(  # no date: something to get to
            "Start the end-to-end project Omar suggested",
            kind="other",
            contact_id=self.ids["omar"],
            meeting_id=meeting,
        )

    def ines(self) -> None:
        """Next week: Aiko's suggestion, asked nine days ago, accepted; prepared."""
        self.refer("cto", "ines", 11, "yes", "Aiko introduced us by email.")
        request = self.s.outreach.add(
            self.ids["ines"],
            sent_on=self.day(-9),
            note="Aiko's introduction; asked for half an hour about Bluefjord's data team.",
        )
        monday = self.day(7 - self.today.weekday())
        tuesday = monday + timedelta(days=1)
        meeting = self.save(INES, self.at(tuesday, 10))
        self.s.outreach.respond(request.id, "accepted", on=self.day(-7), meeting_id=meeting)
        self.s.todos.add(
            "Read Bluefjord's latest annual report before meeting Inés",
            kind="other",
            contact_id=self.ids["ines"],
            meeting_id=meeting,
            due_on=monday,
        )

    def coffee_tomorrow(self) -> None:
        self.s.meetings.save(
            MeetingRecord(
                title="Monthly coffee with Priya Rao",
                kind="coffee",
                status="scheduled",
                starts_at=self.at(self.day(1), 8, 30),
                duration_minutes=45,
                place="Bean There, Market Square",
                purpose="Our monthly coffee: tell Priya how the talk with Omar went and "
                "ask how to shape the end-to-end project he suggested.",
                people=[self.ids["mentor"]],
            )
        )

    # --- helpers -------------------------------------------------------------

    def save(self, interview: Interview, starts_at: datetime) -> int:
        record = MeetingRecord(
            title=interview.title,
            kind=interview.kind,
            status=interview.status,
            starts_at=starts_at,
            duration_minutes=interview.minutes,
            place=interview.place,
            purpose=interview.purpose,
            research=interview.research,
            notes=interview.notes,
            takeaways=interview.takeaways,
            promised=interview.promised,
            offered=interview.offered,
            people=[self.ids[interview.person]],
            questions=[
                PreparedQuestion(layer, text, answer, question_id=self.bank.get(text))
                for layer, text, answer in interview.questions
            ],
        )
        saved = self.s.meetings.save(record)
        assert saved.id is not None
        return saved.id

    def hold(self, interview: Interview, thanked_after: int | None) -> int:
        """A meeting held *interview.days_ago*; thanked by email *thanked_after* days
        later (None: the thank-you to-do is still open)."""
        held_on = self.day(-interview.days_ago)
        meeting = self.save(interview, self.at(held_on, *interview.at))
        if thanked_after is not None:
            contact_id = self.ids[interview.person]
            for todo in self.s.todos.list(contact_id=contact_id, meeting_id=meeting):
                if todo.kind == "thank_you":
                    self.s.todos.complete(todo.id)
            self.s.interactions.log(
                contact_id,
                "email",
                interview.thanks,
                meeting_id=meeting,
                occurred_at=datetime.combine(held_on + timedelta(days=thanked_after), time(9)),
            )
        return meeting

    def refer(
        self,
        introducer: str,
        person: str,
        days_ago: int,
        permission: str,
        note: str,
        meeting: int | None = None,
        done: bool = True,
    ) -> None:
        """A referral made *days_ago*; its "reach out" to-do done already unless *done*
        is False."""
        referral = self.s.meetings.record_referral(
            self.ids[introducer],
            meeting_id=meeting,
            to_contact_id=self.ids[person],
            permission=permission,
            note=note,
        )
        # Dated the day it was made, for the chart of referrals received (earlier than the
        # import, so undoing the import still knows it for the sample's own).
        made = self.clock.wall(self.at(self.day(-days_ago), 12))
        Referral.update(created_at=made).where(Referral.id == referral.id).bind(self.db).execute()
        if done:
            for todo in self.s.todos.list(contact_id=self.ids[person]):
                if todo.kind == "outreach":
                    self.s.todos.complete(todo.id)

    def log(
        self, key: str, days_ago: int, hour: int, kind: str, summary: str, give_ask: str | None
    ) -> None:
        self.s.interactions.log(
            self.ids[key],
            kind,
            summary,
            give_ask=give_ask,
            occurred_at=datetime.combine(self.day(-days_ago), time(hour)),
        )
