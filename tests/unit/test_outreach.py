"""The outreach pipeline: warm and cold requests, answers, and my acceptance rate."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from netdesk.errors import ValidationError
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.followups.outreach_rates import Rate
from netdesk.services.mail.account import MailAccount
from netdesk.services.meetings.records import MeetingRecord

TODAY = date(2026, 11, 30)


@pytest.fixture
def outreach(services):
    return services.followups.outreach


def person(services, name: str) -> int:
    return services.contacts.save(ContactRecord(display_name=name, relation="other")).id


def test_acceptance_rate_warm_versus_cold(services, outreach) -> None:
    people = [person(services, f"Person {i}") for i in range(10)]
    mia = person(services, "Mia Chen")
    warm = [
        outreach.add(p, sent_on=TODAY - timedelta(days=30), via_contact_id=mia) for p in people[:4]
    ]
    cold = [outreach.add(p, sent_on=TODAY - timedelta(days=30)) for p in people[4:9]]
    fresh = outreach.add(people[9], sent_on=TODAY - timedelta(days=3))  # cold, still pending
    assert all(e.warm and e.via_name == "Mia Chen" for e in warm)
    assert not any(e.warm for e in cold)
    for entry in warm[:3]:
        outreach.respond(entry.id, "accepted", on=TODAY - timedelta(days=25))
    outreach.respond(warm[3].id, "declined")
    outreach.respond(cold[0].id, "accepted")
    outreach.respond(cold[1].id, "declined")
    outreach.respond(cold[2].id, "no_answer")
    # cold[3] and cold[4]: open for 30 days, past the 14-day limit: no answer.

    rates = outreach.rates(TODAY)
    assert rates.warm == Rate(accepted=3, declined=1, no_answer=0, pending=0)
    assert rates.cold == Rate(accepted=1, declined=1, no_answer=3, pending=1)
    assert rates.warm.rate == 0.75
    assert rates.cold.decided == 5 and rates.cold.rate == pytest.approx(0.2)
    assert rates.overall.accepted == 4 and rates.overall.decided == 9
    assert rates.overall.rate == pytest.approx(4 / 9)
    # A longer limit: the two open ones are still pending, not unanswered.
    patient = outreach.rates(TODAY, no_answer_days=45)
    assert patient.cold == Rate(accepted=1, declined=1, no_answer=1, pending=3)
    assert [e.id for e in outreach.awaiting()] == [cold[3].id, cold[4].id, fresh.id]
    assert fresh.unanswered_too_long(TODAY, 14) is False
    assert outreach.get(cold[3].id).unanswered_too_long(TODAY, 14) is True


def test_no_rate_before_anything_is_decided(services, outreach) -> None:
    rates = outreach.rates(TODAY)
    assert rates.overall == Rate() and rates.overall.rate is None
    outreach.add(person(services, "Omar"), sent_on=TODAY)
    assert outreach.rates(TODAY).cold == Rate(pending=1)
    assert outreach.rates(TODAY).cold.rate is None


def test_the_no_answer_limit_is_a_setting(services, outreach) -> None:
    assert outreach.no_answer_days() == 14
    outreach.set_no_answer_days(21)
    assert outreach.no_answer_days() == 21 and outreach.rates(TODAY).no_answer_days == 21
    with pytest.raises(ValidationError):
        outreach.set_no_answer_days(0)


def test_a_referral_makes_the_request_warm_and_it_is_an_ask(services, outreach) -> None:
    mia, omar = person(services, "Mia Chen"), person(services, "Omar Haddad")
    services.meetings.record_referral(mia, to_contact_id=omar, permission="yes")
    entry = outreach.add(omar, sent_on=TODAY, channel="linkedin")
    assert entry.warm and entry.via_contact_id == mia
    (logged,) = services.interactions.for_contact(omar)
    assert (logged.kind, logged.give_ask) == ("message", "ask")
    assert logged.summary == "Asked for a conversation (via Mia Chen)"
    # Asking again while the first is open does not count twice.
    again = outreach.add(omar, sent_on=TODAY, channel="email", log_interaction=False)
    assert again.id == entry.id and len(outreach.list()) == 1
    # Cold on purpose, even though someone referred them.
    lena = person(services, "Lena Fischer")
    services.meetings.record_referral(mia, to_contact_id=lena)
    assert outreach.add(lena, warm=False).warm is False
    with pytest.raises(ValidationError):
        outreach.add(omar, channel="pigeon")
    with pytest.raises(ValidationError):
        outreach.add(omar, via_contact_id=omar)


def test_meetings_answer_requests(services, outreach) -> None:
    omar, lena, kay = (person(services, n) for n in ("Omar Haddad", "Lena Fischer", "Kay Lee"))
    entry = outreach.add(omar, sent_on=TODAY - timedelta(days=5))
    when = datetime(2026, 12, 3, 10, 0).astimezone()
    meeting = services.meetings.save(
        MeetingRecord(title="Coffee with Omar", status="scheduled", starts_at=when, people=[omar])
    )
    answered = outreach.get(entry.id)
    assert answered.response == "accepted" and answered.meeting_id == meeting.id
    # A meeting marked requested is a request; declined answers it.
    asked = services.meetings.save(
        MeetingRecord(title="Lena's team", status="requested", people=[lena])
    )
    (request,) = outreach.list(contact_id=lena)
    assert request.response == "none" and request.meeting_id == asked.id
    record = services.meetings.get(asked.id)
    record.status = "declined"
    services.meetings.save(record)
    assert outreach.get(request.id).response == "declined"
    # A held meeting with someone never asked changes nothing in the pipeline.
    services.meetings.save(
        MeetingRecord(title="Old friend", status="held", starts_at=when, people=[kay])
    )
    assert outreach.list(contact_id=kay) == []


def test_an_outreach_email_sent_enters_the_pipeline(services, outreach) -> None:
    services.mail.accounts.save(MailAccount(display_name="Ada", address="ada@example.org"))
    mia = person(services, "Mia Chen")
    omar = services.contacts.save(
        ContactRecord(display_name="Omar Haddad", emails=["omar@example.org"])
    ).id
    services.meetings.record_referral(mia, to_contact_id=omar, permission="yes")
    draft, _ = services.mail.drafts.compose(omar)
    assert draft.purpose == "outreach"
    services.mail.drafts.record_sent(draft)
    (entry,) = outreach.list()
    assert (entry.contact_id, entry.channel, entry.warm) == (omar, "email", True)
    assert len(services.interactions.for_contact(omar)) == 1  # the email, not a second ask


def test_undoing_a_response_reopens_the_request(services, outreach) -> None:
    entry = outreach.add(person(services, "Omar"), sent_on=TODAY)
    outreach.respond(entry.id, "declined", on=TODAY)
    reopened = outreach.respond(entry.id, "none")
    assert reopened.is_open and reopened.responded_on is None
    with pytest.raises(KeyError):
        outreach.respond(999, "accepted")


def test_a_yes_recorded_by_hand_links_the_meeting_planned_after(services, outreach) -> None:
    omar = person(services, "Omar Haddad")
    entry = outreach.add(omar, sent_on=TODAY - timedelta(days=5))
    outreach.respond(entry.id, "accepted", on=TODAY)
    idea = services.meetings.save(MeetingRecord(title="Coffee with Omar", people=[omar]))
    assert outreach.get(entry.id).meeting_id is None  # an idea is not an answer
    idea.status, idea.starts_at = "scheduled", datetime(2026, 12, 3, 10).astimezone()
    services.meetings.save(idea)
    assert outreach.get(entry.id).meeting_id == idea.id
