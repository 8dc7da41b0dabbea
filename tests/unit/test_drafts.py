"""One-click drafts: what they say, and what sending one changes (timeline, to-dos)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from netdesk.services.clock import local_day
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.services.drafts.context import lines_of, topics_from_notes
from netdesk.services.drafts.warnings import notes_to_self
from netdesk.services.followups.todos import SHARE_VALUE_AFTER_DAYS
from netdesk.services.mail.account import MailAccount
from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion

WHEN = datetime(2026, 10, 20, 10, 0, tzinfo=timezone(timedelta(hours=2)))
# The day after the meeting on the user's own calendar (20 October is the 19th in Samoa).
THANK_BY = local_day(WHEN) + timedelta(days=1)


@pytest.fixture
def held(services):
    """A held coffee with Mia, who suggested Omar (may be mentioned) and Lena (ask first)."""
    contacts, meetings = services.contacts, services.meetings
    mia = contacts.save(
        ContactRecord(
            display_name="Mia Chen",
            given_name="Mia",
            organisation="Northwind Analytics",
            emails=["mia@example.org", "mia.chen@home.example"],
        )
    )
    omar = contacts.save(ContactRecord(display_name="Omar Haddad", emails=["omar@example.org"]))
    lena = contacts.save(ContactRecord(display_name="Lena Fischer"))
    meeting = meetings.save(
        MeetingRecord(
            title="Coffee with Mia",
            status="held",
            starts_at=WHEN,
            people=[mia.id],
            notes="# Hiring juniors\nThey hire two a year.\n## The **data team** set-up\n",
            takeaways="- Learn dbt before applying.\n- Clear writing matters",
            promised="the article on data contracts",
        )
    )
    meetings.record_referral(mia.id, meeting_id=meeting.id, to_contact_id=omar.id, permission="yes")
    meetings.record_referral(mia.id, meeting_id=meeting.id, to_contact_id=lena.id, permission="ask")
    services.mail.accounts.save(
        MailAccount(display_name="Ada Example", address="ada@example.org", signature="Ada\nAnalyst")
    )
    return mia, omar, lena, meeting


def test_holding_a_meeting_adds_one_thank_you_per_person_due_the_next_day(services, held):
    mia, _, _, meeting = held
    (todo,) = [t for t in services.todos.list(meeting_id=meeting.id) if t.kind == "thank_you"]
    assert todo.contact_id == mia.id and todo.due_on == THANK_BY
    services.meetings.save(services.meetings.get(meeting.id))  # saving again adds nothing
    kay = services.contacts.save(ContactRecord(display_name="Kay Lee"))
    record = services.meetings.get(meeting.id)
    record.people.append(kay.id)
    services.meetings.save(record)  # someone added to a held meeting is thanked too
    thanks = [t for t in services.todos.list(meeting_id=meeting.id) if t.kind == "thank_you"]
    assert sorted(t.contact_id for t in thanks) == sorted([mia.id, kay.id])


def test_planned_meetings_get_no_thank_you(services) -> None:
    mia = services.contacts.save(ContactRecord(display_name="Mia Chen"))
    services.meetings.save(
        MeetingRecord(title="Call", status="scheduled", starts_at=WHEN, people=[mia.id])
    )
    assert [t for t in services.todos.list() if t.kind == "thank_you"] == []


def test_thank_you_draft_is_filled_in(services, held) -> None:
    mia, _, _, meeting = held
    draft, template = services.mail.drafts.compose(mia.id, meeting.id)
    assert template.builtin_key == "thank_you_warm"
    assert draft.to_address == "mia@example.org" and draft.to_name == "Mia Chen"
    assert draft.subject == "Thank you, Mia" and draft.purpose == "thank_you"
    body = draft.body
    assert body.startswith(
        "Dear Mia,\n\nThank you so much for taking the time to talk with me on 20"
    )
    assert "Hiring juniors and The data team set-up" in body  # the notes' own case
    assert "- Learn dbt before applying\n- Clear writing matters" in body
    assert "suggesting I talk to Omar Haddad and Lena Fischer" in body
    assert "the article on data contracts" in body
    assert body.endswith("Warm regards,\nAda\nAnalyst\n")


def test_the_chosen_tone_is_remembered(services, held) -> None:
    mia, _, _, meeting = held
    brief = next(t for t in services.mail.templates.list() if t.builtin_key == "thank_you_brief")
    services.mail.drafts.remember_choice(brief)
    draft, template = services.mail.drafts.compose(mia.id, meeting.id)
    assert template.id == brief.id
    assert "The most useful point for me: learn dbt before applying." in draft.body


def test_one_click_on_a_person_picks_what_fits(services, held) -> None:
    mia, omar, lena, meeting = held
    drafts = services.mail.drafts
    assert drafts.suggest(mia.id) == ("thank_you", meeting.id)
    assert drafts.suggest(omar.id) == ("outreach", None)
    draft, _ = drafts.compose(omar.id)
    assert draft.subject == "Mia Chen suggested I contact you"
    assert draft.body.startswith("Dear Omar,\n\nMia Chen suggested I contact you. My name is Ada")
    # Lena's introducer said "ask first": no name-dropping.
    draft, _ = drafts.compose(lena.id)
    assert "suggested" not in draft.subject + draft.body and draft.to_address == ""


def test_after_sending_a_thank_you(services, held) -> None:
    mia, _, _, meeting = held
    drafts = services.mail.drafts
    draft, _ = drafts.compose(mia.id, meeting.id)
    outcome = drafts.record_sent(draft)

    assert outcome.interaction.kind == "email" and outcome.interaction.meeting_id == meeting.id
    assert outcome.interaction.summary == "Email: Thank you, Mia"
    assert outcome.interaction.give_ask is None
    assert [t.kind for t in outcome.completed] == ["thank_you"]
    assert all(t.is_done for t in outcome.completed)
    scheduled = outcome.scheduled
    assert scheduled.kind == "share_value" and scheduled.contact_id == mia.id
    assert scheduled.due_on == services.clock.today() + timedelta(days=SHARE_VALUE_AFTER_DAYS)
    assert services.contacts.get(mia.id).last_interaction == services.clock.today().isoformat()
    assert [i.id for i in services.interactions.for_contact(mia.id)] == [outcome.interaction.id]
    assert drafts.suggest(mia.id) == ("share_value", meeting.id)

    # Sharing something of value closes that reminder and counts as giving.
    share, _ = drafts.compose(mia.id)
    assert share.purpose == "share_value" and "After our conversation on 20" in share.body
    second = drafts.record_sent(share)
    assert second.interaction.give_ask == "give" and second.scheduled is None
    assert [t.kind for t in second.completed] == ["share_value"]
    assert [t for t in services.todos.list(contact_id=mia.id)] == []


def test_interactions_survive_delete_and_undo_of_the_person(services, held) -> None:
    mia, _, _, meeting = held
    services.mail.drafts.record_sent(services.mail.drafts.compose(mia.id, meeting.id)[0])
    before = services.interactions.for_contact(mia.id)
    snapshot = services.contacts.delete([mia.id])
    conn = sqlite3.connect(services.paths.database)
    assert conn.execute("SELECT count(*) FROM interaction").fetchone()[0] == 0  # cascaded
    conn.close()
    services.contacts.restore(snapshot)
    assert services.interactions.for_contact(mia.id) == before


def test_attachments(services, held, tmp_path) -> None:
    _, _, _, meeting = held
    drafts, accounts = services.mail.drafts, services.mail.accounts
    assert drafts.resume_attachment() is None and not accounts.attach_resume_by_default()
    resume = tmp_path / "Ada Example CV.pdf"
    resume.write_bytes(b"%PDF-1.4 resume")
    accounts.set_resume(resume, attach_by_default=True)
    attachment = drafts.resume_attachment()
    assert attachment.filename == "Ada Example CV.pdf"
    assert attachment.content_type == "application/pdf" and attachment.data == b"%PDF-1.4 resume"
    assert accounts.attach_resume_by_default()
    ics = drafts.ics_attachment(meeting.id)
    assert ics.filename == "Coffee with Mia.ics" and b"BEGIN:VEVENT" in ics.data
    resume.unlink()
    with pytest.raises(OSError):
        drafts.resume_attachment()


def test_account_password_only_in_the_credential_store(services) -> None:
    accounts = services.mail.accounts
    account, status = accounts.save(
        MailAccount(address="ada@example.org", smtp_host="smtp.example.org", username="ada"),
        Secret("hunter2-but-longer"),
    )
    assert status is not None and not status.persistent  # the tests' in-memory store
    assert accounts.password(account) == Secret("hunter2-but-longer")
    assert b"hunter2-but-longer" not in services.paths.database.read_bytes()
    # Renaming the login moves the secret with it.
    renamed, _ = accounts.save(MailAccount(**{**account.__dict__, "username": "ada.example"}))
    assert accounts.password(renamed) == Secret("hunter2-but-longer")
    assert accounts.password(account) is None
    columns = {
        row[1]
        for row in sqlite3.connect(services.paths.database).execute(
            "PRAGMA table_info(mail_account)"
        )
    }
    assert not any("pass" in column or "secret" in column for column in columns)


def test_topics_and_lines() -> None:
    assert topics_from_notes("- Hiring juniors\n  - nested detail\n* [dbt](https://x) tips\n") == [
        "Hiring juniors",
        "dbt tips",
    ]
    # Proper nouns keep their capitals: a topic is never lowercased.
    assert topics_from_notes("# Northwind ML platform team\n") == ["Northwind ML platform team"]
    assert topics_from_notes("Just prose, no structure.") == []
    assert lines_of("1. First.\n\n• Second;\n") == ["First", "Second"]


def test_undoing_a_meeting_delete_keeps_one_thank_you(services, held) -> None:
    mia, _, _, meeting = held
    snapshot = services.meetings.delete(meeting.id)
    services.meetings.restore(snapshot)
    thanks = [t for t in services.todos.list(contact_id=mia.id) if t.kind == "thank_you"]
    assert [(t.meeting_id, t.due_on) for t in thanks] == [(meeting.id, THANK_BY)]


def test_the_meeting_goes_as_a_published_event_from_me(services, held) -> None:
    # Mail apps show a calendar attachment as an event only when the file has a METHOD
    # and the Content-Type says the same one; a held meeting is CONFIRMED, not TENTATIVE.
    import icalendar

    _, _, _, meeting = held
    ics = services.mail.drafts.ics_attachment(meeting.id)
    assert ics.content_type == "text/calendar; method=PUBLISH; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(ics.data)
    assert str(calendar["method"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["organizer"]) == "mailto:ada@example.org"
    assert event["organizer"].params["CN"] == "Ada Example"


def test_notes_to_self_are_found_in_subject_and_body(services, held) -> None:
    mia, *_ = held
    draft, _ = services.mail.drafts.compose(mia.id)  # a thank-you to write: it is due
    draft.subject = "Thanks [first name]"
    draft.body = "See [1] and [the docs](https://example.org). [link or title]\n"
    warnings = services.mail.drafts.warnings(draft)
    assert warnings.notes_to_self == ["[first name]", "[link or title]"]
    assert warnings.describe() == (
        "2 notes to yourself are still in the email: “[first name]”, “[link or title]”."
    )
    assert notes_to_self("Nothing left to fill in [1].") == []


def test_the_templates_own_notes_to_self_are_reported(services) -> None:
    """An outreach draft with no account and no "me" keeps both of its reminders."""
    kay = services.contacts.save(ContactRecord(display_name="Kay Lee", emails=["k@example.org"]))
    draft, _ = services.mail.drafts.compose(kay.id)
    assert draft.purpose == "keep_in_touch"
    assert services.mail.drafts.warnings(draft).notes_to_self == [
        "[A short, genuine update: what you have been working on, or what made you think of "
        "them.]",
        "[your name]",
    ]


def test_a_second_thank_you_or_a_second_email_in_a_day_is_flagged(services, held) -> None:
    mia, omar, _, meeting = held
    drafts = services.mail.drafts
    draft, _ = drafts.compose(mia.id, meeting.id)
    assert not drafts.warnings(draft).earlier
    drafts.record_sent(draft)
    again, _ = drafts.compose(mia.id, meeting.id)
    (earlier,) = drafts.warnings(again).earlier
    assert earlier.summary == "Email: Thank you, Mia"
    stamp = services.clock.now()
    assert drafts.warnings(again).describe().endswith(
        f"You already emailed them on {stamp.day} {stamp:%B} at {stamp:%H:%M}: “Thank you, Mia”."
    )
    # Any email to the same person within a day; after that only the same thank-you.
    other, _ = drafts.compose(mia.id)
    other.purpose, other.meeting_id = "share_value", None
    assert drafts.warnings(other).earlier
    services.clock.advance(days=1, seconds=1)
    assert not drafts.warnings(other).earlier
    assert drafts.warnings(again).earlier  # the same meeting's thank-you, whenever
    fresh, _ = drafts.compose(omar.id)
    assert not drafts.warnings(fresh).earlier


def test_the_thank_you_uses_their_offer_and_answers(services, held) -> None:
    mia, _, _, meeting = held
    record = services.meetings.get(meeting.id)
    record.takeaways = ""
    record.offered = "to look at my CV"
    record.questions = [
        PreparedQuestion("person", "What keeps you up at night?", "Data quality at scale.\nMore"),
        PreparedQuestion("industry", "Where is the field going?", ""),
    ]
    services.meetings.save(record)
    draft, _ = services.mail.drafts.compose(mia.id, meeting.id)
    # What they offered is in my notes' words: a note to myself to thank them in mine.
    offer = "[They offered: to look at my CV. Thank them for it in your own words.]"
    assert offer in draft.body and offer in services.mail.drafts.warnings(draft).notes_to_self
    # No takeaways typed: the first line of each answer stands in for them.
    assert "A few things I am taking away from it:\n- Data quality at scale\n" in draft.body


def test_my_name_and_role_come_from_the_welcome_screens_me(services) -> None:
    me = services.contacts.save(
        ContactRecord(display_name="Ada Example", role="Data analyst", organisation="Contoso")
    )
    services.graph.set_me(me.id)
    kay = services.contacts.save(ContactRecord(display_name="Kay Lee"))
    template = services.mail.drafts.template_for("outreach")
    draft, _ = services.mail.drafts.compose(kay.id, template=template)
    assert "My name is Ada Example, Data analyst at Contoso, and [one sentence" in draft.body
    assert draft.body.endswith("Thank you for considering it,\nAda Example\n")
    assert services.mail.drafts.warnings(draft).notes_to_self == [
        "[one sentence about what you are exploring]"
    ]


def test_asking_for_an_introduction_names_the_person_and_where(services, held) -> None:
    mia, *_ = held
    priya = services.contacts.save(
        ContactRecord(
            display_name="Priya Shah",
            given_name="Priya",
            role="Head of Platform",
            organisation="Kestrel Aerospace",
        )
    )
    draft, template = services.mail.drafts.compose(mia.id, target_id=priya.id)
    assert template.builtin_key == "introduction" and draft.purpose == "introduction"
    assert draft.to_address == "mia@example.org"
    assert draft.subject == "Could you introduce me to Priya?"
    assert "learn from Priya Shah, Head of Platform at Kestrel Aerospace." in draft.body
    assert draft.body.startswith("Hi Mia,")


def test_my_name_is_kept_in_one_place(services) -> None:
    """Settings → Mail and the welcome screen's "me" are one profile."""
    accounts = services.mail.accounts
    accounts.save(MailAccount(display_name="Ada Example", address="ada@example.org"))
    me = services.contacts.me_id()
    assert me is not None and services.contacts.get(me).display_name == "Ada Example"
    services.contacts.save_me("Ada King")  # renamed on the welcome screen
    assert accounts.get().display_name == "Ada King"  # the sender's name follows
    accounts.save(replace(accounts.get(), display_name="Ada Lovelace"))
    assert services.contacts.get(me).display_name == "Ada Lovelace"
    assert services.contacts.me_id() == me and services.contacts.counts().listed == 1
