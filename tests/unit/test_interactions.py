"""The interaction log: a last interaction is a real one, and never in the future."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from netdesk.errors import ValidationError
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.meetings.records import MeetingRecord


def add(services, name: str = "Mia Chen") -> int:
    return services.contacts.save(ContactRecord(display_name=name, relation="friend")).id


def test_a_future_day_is_refused_with_a_clear_message(services) -> None:
    mia = add(services)
    tomorrow = services.clock.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.interactions.log(mia, "call", "Lunch", occurred_at=tomorrow)
    message = caught.value.errors["occurred_at"]
    assert "is in the future" in message
    assert f"{tomorrow.day} {tomorrow:%b %Y}" in message
    assert services.interactions.for_contact(mia) == []
    assert services.contacts.get(mia).last_interaction is None


def test_later_today_is_refused_a_few_minutes_ahead_is_not(services) -> None:
    mia = add(services)
    now = services.clock.now()
    with pytest.raises(ValidationError, match="in the future"):
        services.interactions.log(mia, "note", occurred_at=now + timedelta(minutes=30))
    # A clock a little ahead (or a dialog confirmed a moment later) is not the future.
    entry = services.interactions.log(mia, "note", occurred_at=now + timedelta(minutes=2))
    assert services.contacts.get(mia).last_interaction == entry.occurred_at[:10]


def test_a_naive_future_wall_clock_time_is_refused(services) -> None:
    mia = add(services)
    wall = datetime.fromisoformat(services.clock.timestamp()) + timedelta(days=3)
    with pytest.raises(ValidationError, match="in the future"):
        services.interactions.log(mia, "email", occurred_at=wall)


def test_outreach_sent_in_the_future_is_refused(services) -> None:
    mia = add(services)
    tomorrow = services.clock.today() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.followups.outreach.add(mia, sent_on=tomorrow)
    assert "is in the future" in caught.value.errors["sent_on"]
    assert services.followups.outreach.list() == []


def test_outreach_sent_today_is_logged_no_later_than_now(services) -> None:
    """Just after midnight, "sent today" must not be logged at noon (hours ahead)."""
    services.clock.set(datetime.combine(services.clock.today(), time(0, 1)))
    mia = add(services)
    services.followups.outreach.add(mia, sent_on=services.clock.today())
    (entry,) = services.interactions.for_contact(mia)
    assert entry.occurred_at <= services.clock.timestamp()
    assert services.contacts.get(mia).last_interaction == services.clock.today().isoformat()


def test_a_meeting_marked_held_ahead_of_its_date_is_not_a_future_interaction(services) -> None:
    mia = add(services)
    services.meetings.save(
        MeetingRecord(
            title="Coffee",
            status="held",
            starts_at=services.clock.now() + timedelta(days=2),
            people=[mia],
        )
    )
    assert services.contacts.get(mia).last_interaction == services.clock.today().isoformat()


def test_an_email_known_by_its_message_id_is_one_entry(services) -> None:
    mia = add(services)
    interactions = services.interactions
    first = interactions.log(mia, "email", "Email received", message_id="a@x", direction="received")
    again = interactions.log(mia, "email", "Email: Thank you", message_id="a@x", direction="sent")
    assert again.id == first.id
    assert [i.summary for i in interactions.for_contact(mia)] == ["Email: Thank you"]
    other = interactions.log(mia, "email", "Email: Hello", message_id="b@x", direction="sent")
    assert other.id != first.id and len(interactions.for_contact(mia)) == 2
