"""One-click drafts: a person (and a meeting) + a template -> an email to edit and send.

Also what happens after an email goes out: it joins the person's timeline, the matching
to-do is done, and a thank-you schedules the "share something of value" reminder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import peewee

from netdesk.errors import NotScheduled
from netdesk.services.base import Service
from netdesk.services.calendar.ics import meeting_to_ics
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.contacts.service import ContactService
from netdesk.services.drafts.events import event_to_follow_up, nice_to_meet_you_todos
from netdesk.services.drafts.jobsearch import REFERRAL_PURPOSE, note_referral_asked
from netdesk.services.drafts.variables import TemplateVariables
from netdesk.services.drafts.warnings import (
    RECENT_EMAIL,
    DraftWarnings,
    EarlierEmail,
    notes_to_self,
)
from netdesk.services.events.writing import NICE_TO_MEET_YOU_KIND
from netdesk.services.followups.interactions import Interaction, InteractionService
from netdesk.services.followups.outreach import OutreachService
from netdesk.services.followups.todos import (
    SHARE_VALUE_AFTER_DAYS,
    SHARE_VALUE_NOTE,
    Todo,
    TodoService,
)
from netdesk.services.mail.account import MailAccountService
from netdesk.services.mail.headers import header_text
from netdesk.services.mail.messages import Attachment, Draft, content_type_of
from netdesk.services.meetings.records import MeetingRecord
from netdesk.services.meetings.service import MeetingService
from netdesk.services.positions.history import congratulated, has_open_job_change
from netdesk.services.settings import MAIL_TEMPLATE, SettingsStore
from netdesk.services.templates import (
    EmailTemplate,
    Rendered,
    TemplateService,
    render,
)

TODO_KIND_OF = {
    "thank_you": "thank_you",
    "share_value": "share_value",
    "outreach": "outreach",
    "keep_in_touch": "check_in",
    "nice_to_meet_you": NICE_TO_MEET_YOU_KIND,
}
GIVE_ASK_OF = {"share_value": "give", "outreach": "ask", REFERRAL_PURPOSE: "ask"}
ICS_CONTENT_TYPE = "text/calendar; method=PUBLISH; charset=utf-8"


@dataclass(frozen=True)
class SentOutcome:
    interaction: Interaction
    completed: list[Todo]
    scheduled: Todo | None


class DraftService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        contacts: ContactService,
        meetings: MeetingService,
        todos: TodoService,
        templates: TemplateService,
        interactions: InteractionService,
        accounts: MailAccountService,
        outreach: OutreachService | None = None,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        # An outreach email sent is a request in the pipeline, awaiting an answer.
        self._outreach = outreach or OutreachService(db, interactions, clock)
        self._contacts = contacts
        self._meetings = meetings
        self._todos = todos
        self.templates = templates
        self._interactions = interactions
        self._accounts = accounts
        self._settings = SettingsStore(db)
        self._variables = TemplateVariables(db, contacts, meetings, todos, accounts, clock)

    # --- what to write ---------------------------------------------------

    def person(self, contact_id: int) -> ContactRecord:
        return self._contacts.get(contact_id)

    def recipients(self, meeting_id: int) -> list[tuple[int, str]]:
        """The people of a meeting, each of whom gets their own note."""
        people = self._contacts.records(self._meetings.get(meeting_id).people)
        return [(p.id, p.display_name) for p in people if p.id is not None]

    def suggest(self, contact_id: int) -> tuple[str, int | None]:
        """The purpose (and meeting) a one-click draft to this person should start from."""
        open_todos = self._todos.list(contact_id=contact_id)
        for kind, purpose in (("thank_you", "thank_you"), ("share_value", "share_value")):
            for todo in open_todos:
                if todo.kind == kind:
                    return purpose, todo.meeting_id
        if nice_to_meet_you_todos(open_todos):  # met at an event: the first word comes first
            return "nice_to_meet_you", None
        if has_open_job_change(self._db, contact_id):  # "Priya moved to Tidewater Bank"
            return "congratulate", None
        met = [row for row in self._meetings.list(contact_id=contact_id) if row.status == "held"]
        referred = any(
            r.to_contact_id == contact_id for r in self._meetings.referrals(contact_id=contact_id)
        )
        if (referred and not met) or any(t.kind == "outreach" for t in open_todos):
            return "outreach", None
        return "keep_in_touch", None

    def context(
        self,
        contact_id: int,
        meeting_id: int | None = None,
        target_id: int | None = None,
        application_id: int | None = None,
        organisation: str = "",
    ) -> dict[str, Any]:
        """Every template variable (see `TemplateVariables.context`)."""
        return self._variables.context(
            contact_id, meeting_id, target_id, application_id, organisation
        )

    def template_for(self, purpose: str) -> EmailTemplate | None:
        """The template last chosen for this purpose (the user's tone), else the first."""
        chosen = self._settings.get(MAIL_TEMPLATE.of(purpose=purpose))
        if chosen:
            try:
                template = self.templates.get(int(chosen))
            except (KeyError, ValueError):
                template = None
            if template is not None and template.purpose == purpose:
                return template
        return self.templates.first_for(purpose)

    def remember_choice(self, template: EmailTemplate) -> None:
        if template.id is not None:
            self._settings.set(MAIL_TEMPLATE.of(purpose=template.purpose), str(template.id))

    def render(
        self,
        template: EmailTemplate,
        contact_id: int,
        meeting_id: int | None = None,
        target_id: int | None = None,
        application_id: int | None = None,
        organisation: str = "",
    ) -> Rendered:
        context = self.context(contact_id, meeting_id, target_id, application_id, organisation)
        return render(template.subject, template.body, context)

    def compose(
        self,
        contact_id: int,
        meeting_id: int | None = None,
        template: EmailTemplate | None = None,
        target_id: int | None = None,
        *,
        application_id: int | None = None,
        organisation: str = "",
    ) -> tuple[Draft, EmailTemplate | None]:
        """A filled-in draft: for a meeting a thank-you, for a person what fits them now;
        with *target_id*, a request to introduce the user to that person; with
        *application_id*, a referral request for it (or, with an outreach template, an
        informational interview about its organisation or *organisation*)."""
        if template is None:
            if target_id is not None:
                purpose = "introduction"
            elif application_id is not None:
                purpose = REFERRAL_PURPOSE
            elif organisation:
                purpose = "outreach"
            elif meeting_id is not None:
                purpose = "thank_you"
            else:
                purpose, meeting_id = self.suggest(contact_id)
            template = self.template_for(purpose) or self.template_for("other")
        person = self._contacts.get(contact_id)
        rendered = (
            self.render(template, contact_id, meeting_id, target_id, application_id, organisation)
            if template is not None
            else Rendered("", "")
        )
        draft = Draft(  # names and subject as they read: decoded, on one line
            to_name=header_text(person.display_name),
            to_address=person.emails[0] if person.emails else "",
            subject=header_text(rendered.subject),
            body=rendered.body,
            contact_id=contact_id,
            meeting_id=meeting_id,
            purpose=template.purpose if template is not None else "other",
            application_id=application_id,
        )
        return draft, template

    def warnings(self, draft: Draft) -> DraftWarnings:
        """Unfilled notes to self in the subject and body, and emails already sent that
        this one may repeat: a thank-you for the same meeting, or anything within a day."""
        notes = notes_to_self(draft.subject) + notes_to_self(draft.body)
        earlier: list[EarlierEmail] = []
        if draft.contact_id is not None:
            since = self._clock.wall(self._clock.now() - RECENT_EMAIL)
            for interaction in self._interactions.for_contact(draft.contact_id):
                same_thanks = (
                    draft.purpose == "thank_you"
                    and draft.meeting_id is not None
                    and interaction.meeting_id == draft.meeting_id
                )
                recent = interaction.occurred_at >= since
                if interaction.kind == "email" and (same_thanks or recent):
                    earlier.append(EarlierEmail(interaction.occurred_at, interaction.summary))
        return DraftWarnings(notes, earlier)

    # --- attachments -----------------------------------------------------

    def resume_attachment(self) -> Attachment | None:
        """The résumé chosen in Settings, read now; OSError if it has gone missing."""
        path = self._accounts.resume_path()
        if path is None:
            return None
        return Attachment(path.name, content_type_of(path), Path(path).read_bytes())

    def ics_attachment(self, meeting_id: int) -> Attachment | None:
        """The meeting as an event to add to a calendar: METHOD:PUBLISH in the file and in
        its Content-Type (mail apps compare the two), from me as organiser when I am set up."""
        meeting: MeetingRecord = self._meetings.get(meeting_id)
        names = [p.display_name for p in self._contacts.records(meeting.people)]
        account = self._accounts.get()
        organizer = (account.display_name, account.address) if account else None
        try:
            data = meeting_to_ics(
                meeting, names, method="PUBLISH", organizer=organizer, now=self._clock.now()
            )
        except NotScheduled:
            return None
        safe = re.sub(r"[^\w\- ]+", "", meeting.title).strip() or "meeting"
        return Attachment(f"{safe[:60]}.ics", ICS_CONTENT_TYPE, data)

    # --- after sending ---------------------------------------------------

    @announces(
        Change.INTERACTIONS | Change.TODOS | Change.OUTREACH | Change.PEOPLE | Change.JOB_SEARCH
    )
    def record_sent(self, draft: Draft, when: datetime | None = None) -> SentOutcome:
        """On the person's timeline; the matching to-do done; a thank-you schedules the next;
        a referral request is in the pipeline and noted on its application."""
        if draft.contact_id is None:
            raise ValueError("a draft without a person cannot be logged")
        purpose = draft.purpose
        with self._db.atomic("IMMEDIATE"):
            interaction = self._interactions.log(
                draft.contact_id,
                "email",
                f"Email: {header_text(draft.subject)}",
                meeting_id=draft.meeting_id,
                give_ask=GIVE_ASK_OF.get(purpose),
                occurred_at=when,
                message_id=draft.message_id or None,
                direction="sent",
            )
            completed = []
            kind = TODO_KIND_OF.get(purpose)
            open_todos = self._todos.list(contact_id=draft.contact_id)
            # A "nice to meet you" names one event (as context() chose it): its to-do only.
            event_id = event_to_follow_up(open_todos) if purpose == "nice_to_meet_you" else None
            for todo in open_todos:
                if (
                    todo.kind == kind
                    and (draft.meeting_id is None or todo.meeting_id in (draft.meeting_id, None))
                    and (purpose != "nice_to_meet_you" or todo.event_id == event_id)
                ):
                    completed.append(self._todos.complete(todo.id))
            if purpose in ("outreach", REFERRAL_PURPOSE):
                self._outreach.add(
                    draft.contact_id,
                    sent_on=(when or self._clock.now()).astimezone(self._clock.tz).date(),
                    channel="email",
                    meeting_id=draft.meeting_id,
                    log_interaction=False,  # the email itself is on the timeline
                    message_id=draft.message_id or None,
                )
            if purpose == REFERRAL_PURPOSE and draft.application_id is not None:
                name = self._contacts.get(draft.contact_id).display_name
                today = (when or self._clock.now()).astimezone(self._clock.tz).date()
                stamp = self._clock.timestamp()
                note_referral_asked(self._db, draft.application_id, name, today, stamp)
            if purpose == "congratulate":
                congratulated(self._db, draft.contact_id)
            scheduled = None
            if purpose == "thank_you" and not any(
                t.kind == "share_value" for t in self._todos.list(contact_id=draft.contact_id)
            ):
                name = self._contacts.get(draft.contact_id).display_name
                scheduled = self._todos.add(
                    f"Send {name} something of value",
                    kind="share_value",
                    contact_id=draft.contact_id,
                    meeting_id=draft.meeting_id,
                    due_on=self._clock.today() + timedelta(days=SHARE_VALUE_AFTER_DAYS),
                    note=SHARE_VALUE_NOTE,
                )
        return SentOutcome(interaction, completed, scheduled)
