"""The variables a draft's template is filled with: the person, me, the meeting, the
person to be introduced to, the event we met at and the job asked about."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import peewee

from netdesk.services.clock import Clock
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.contacts.service import ContactService
from netdesk.services.drafts.context import (
    MAX_TAKEAWAYS,
    first_name_of,
    format_day,
    lines_of,
    topics_from_notes,
)
from netdesk.services.drafts.events import (
    NO_EVENT,
    event_to_follow_up,
    event_words,
    latest_event_met,
)
from netdesk.services.drafts.jobsearch import job_words
from netdesk.services.followups.todos import TodoService
from netdesk.services.mail.account import MailAccount, MailAccountService
from netdesk.services.mail.headers import header_text
from netdesk.services.meetings.service import MeetingService
from netdesk.services.positions.history import previous_organisation


class TemplateVariables:
    """Reads what `DraftService` fills its templates with (it writes nothing)."""

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        contacts: ContactService,
        meetings: MeetingService,
        todos: TodoService,
        accounts: MailAccountService,
        clock: Clock,
    ) -> None:
        self._db = db
        self._contacts = contacts
        self._meetings = meetings
        self._todos = todos
        self._accounts = accounts
        self._clock = clock

    def context(
        self,
        contact_id: int,
        meeting_id: int | None = None,
        target_id: int | None = None,
        application_id: int | None = None,
        organisation: str = "",
    ) -> dict[str, Any]:
        """Every template variable, for this person and (optionally) this meeting, the
        person whose introduction is asked for (*target_id*), and the application (or
        *organisation*) a referral or informational interview is about."""
        person = self._contacts.get(contact_id)
        account = self._accounts.get() or MailAccount()
        me = self._me()
        my_name = account.display_name.strip() or (me.display_name.strip() if me else "")
        context: dict[str, Any] = {
            "first_name": first_name_of(person),
            "full_name": header_text(person.display_name),
            "organisation": person.organisation,
            "role": person.role,
            "my_name": my_name or "[your name]",
            "my_first_name": (my_name.split() or ["[your name]"])[0],
            "signature": account.signature.strip() or my_name or "[your name]",
            "my_role": me.role if me else "",
            "my_organisation": me.organisation if me else "",
            "referrer": self._referrer(contact_id),
            "last_contact": self._last_contact(contact_id, person),
            "topics": [],
            "takeaways": [],
            "suggested": [],
            "promised": "",
            "offered": "",
            "answers": [],
            "meeting_title": "",
            "meeting_date": "",
            "target_name": "",
            "target_first_name": "",
            "target_role": "",
            "target_organisation": "",
            "previous_organisation": previous_organisation(self._db, contact_id),
            "job_title": "",  # a referral request names its application (the job search)
            "job_organisation": person.organisation,
            "job_link": "",
            **self._event_words(contact_id),
            **job_words(self._db, application_id, organisation),
        }
        if target_id is not None:
            target = self._contacts.get(target_id)
            context |= {
                "target_name": header_text(target.display_name),
                "target_first_name": first_name_of(target),
                "target_role": target.role,
                "target_organisation": target.organisation,
            }
        if meeting_id is not None:
            meeting = self._meetings.get(meeting_id)
            context |= {
                "meeting_title": header_text(meeting.title),
                "meeting_date": format_day(meeting.starts_at.date(), self._clock.today())
                if meeting.starts_at
                else "",
                "topics": topics_from_notes(meeting.notes),
                "takeaways": lines_of(meeting.takeaways),
                "suggested": [
                    r.to_name
                    for r in self._meetings.referrals(meeting_id=meeting_id)
                    if r.from_contact_id == contact_id
                ],
                "promised": "; ".join(lines_of(meeting.promised)),
                "offered": "; ".join(lines_of(meeting.offered)),
                "answers": [
                    {"question": q.text, "answer": q.answer.strip()}
                    for q in meeting.questions
                    if q.answer.strip()
                ],
            }
            if not context["takeaways"]:  # what they answered is what I took away
                answers = (lines_of(item["answer"], 1) for item in context["answers"])
                context["takeaways"] = [first[0] for first in answers if first][:MAX_TAKEAWAYS]
        return context

    def _event_words(self, contact_id: int) -> dict[str, str]:
        """The event of their open "nice to meet you", else the last event we met at."""
        event_id = event_to_follow_up(self._todos.list(contact_id=contact_id))
        if event_id is None:
            event_id = latest_event_met(self._db, contact_id)
        if event_id is None:
            return dict(NO_EVENT)
        return event_words(self._db, event_id, contact_id, self._clock.today())

    def _me(self) -> ContactRecord | None:
        """The user's own person (the welcome screen's "me"), if entered."""
        me_id = self._contacts.me_id()
        return self._contacts.get(me_id) if me_id is not None else None

    def _referrer(self, contact_id: int) -> str:
        """Who suggested I contact this person, only if I may say so."""
        for referral in self._meetings.referrals(contact_id=contact_id):
            if referral.to_contact_id == contact_id and referral.permission == "yes":
                return referral.from_name
        return ""

    def _last_contact(self, contact_id: int, person: ContactRecord) -> str:
        for row in self._meetings.list(contact_id=contact_id):
            if row.status == "held" and row.starts_at:
                day = datetime.fromisoformat(row.starts_at).date()
                return f"our conversation in {day:%B}" + (
                    "" if day.year == self._clock.today().year else f" {day.year}"
                )
        if person.last_interaction:
            day = date.fromisoformat(str(person.last_interaction)[:10])
            return f"we last spoke in {day:%B} {day.year}"
        return ""
