"""Meetings and a real Radicale calendar in step (CalDAV over TLS verified against the
test's CA): a scheduled meeting pushed with its people and questions, a time moved or
the event cancelled or deleted on the server (as a phone would), a meeting deleted in
NetDesk, "did you meet …" for the user's own events, and a refused login."""

from __future__ import annotations

from datetime import timedelta

import caldav
import pytest

from netdesk.errors import CalendarError
from netdesk.services.calendar.account import CalendarAccount
from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion
from tests.calendarservers import (
    CALENDAR_PASSWORD,
    CALENDAR_USER,
    start_radicale,
    stop_radicale,
)


@pytest.fixture
def radicale(certificates):
    server = start_radicale(certificates)
    yield server
    stop_radicale(server)


@pytest.fixture
def phone(radicale, certificates):
    """The user's calendar as another client (a phone) sees and edits it."""
    client = caldav.DAVClient(
        url=radicale.url,
        username=CALENDAR_USER,
        password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificates.ca),
    )
    return client.principal().make_calendar(name="Personal")


@pytest.fixture
def calendar(services, radicale, certificates, phone):
    services.calendar.transport = CalendarTransport(ca_file=str(certificates.ca), timeout=10)
    services.calendar.accounts.save(
        CalendarAccount(
            server_url=radicale.url,
            username=CALENDAR_USER,
            calendar_url=str(phone.url),
            calendar_name="Personal",
        ),
        Secret(CALENDAR_PASSWORD),
    )
    return services.calendar


@pytest.fixture
def dana(services) -> int:
    record = ContactRecord(display_name="Dana Cruz", emails=["dana@x.example"], relation="friend")
    return services.contacts.save(record).id


def plan(services, dana: int, days: int = 3, notes: str = "") -> MeetingRecord:
    starts = (services.clock.now() + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    return services.meetings.save(
        MeetingRecord(
            title="Coffee with Dana",
            status="scheduled",
            starts_at=starts,
            people=[dana],
            notes=notes,
            questions=[PreparedQuestion("person", "How did you move into data?")],
        )
    )


def events(phone) -> list:
    return [event for event in phone.events()]


def test_a_scheduled_meeting_is_pushed_once_with_people_and_questions(
    services, calendar, phone, dana
) -> None:
    meeting = plan(services, dana)
    result = calendar.sync.sync()
    assert result.pushed == 1
    (event,) = events(phone)
    component = event.icalendar_component
    assert str(component["summary"]) == "Coffee with Dana"
    assert component["dtstart"].dt == meeting.starts_at
    attendees = component.get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:dana@x.example"]
    assert "How did you move into data?" in str(component["description"])
    again = calendar.sync.sync()
    assert (again.pushed, again.events) == (0, 0)


def test_moved_cancelled_and_deleted_on_the_phone(services, calendar, phone, dana) -> None:
    meeting = plan(services, dana, notes="Ask about the platform team.")
    calendar.sync.sync()
    (event,) = events(phone)
    later = meeting.starts_at + timedelta(days=1, hours=2)
    event.icalendar_component["dtstart"].dt = later
    event.icalendar_component["dtend"].dt = later + timedelta(minutes=45)
    event.save()
    result = calendar.sync.sync()
    assert (result.moved, result.pushed) == (1, 0)
    moved = services.meetings.get(meeting.id)
    assert moved.starts_at == later and moved.duration_minutes == 45
    assert calendar.sync.sync().pushed == 0  # in step: nothing to write back

    (event,) = events(phone)
    event.icalendar_component["status"] = "CANCELLED"
    event.save()
    assert calendar.sync.sync().cancelled == 1
    assert services.meetings.get(meeting.id).status == "cancelled"

    other = plan(services, dana, days=5, notes="Bring the portfolio.")
    calendar.sync.sync()
    (pushed,) = [e for e in events(phone) if "netdesk-" in str(e.icalendar_component["uid"])
                 and e.icalendar_component["dtstart"].dt == other.starts_at]  # fmt: skip
    pushed.delete()
    result = calendar.sync.sync()
    assert (result.deleted, result.cancelled) == (1, 1)
    kept = services.meetings.get(other.id)
    assert (kept.status, kept.notes) == ("cancelled", "Bring the portfolio.")


def test_a_meeting_deleted_in_netdesk_leaves_the_calendar(services, calendar, phone, dana):
    meeting = plan(services, dana)
    calendar.sync.sync()
    assert len(events(phone)) == 1
    services.meetings.delete(meeting.id)
    assert calendar.sync.sync().deleted == 1
    assert events(phone) == []


def test_did_you_meet_for_an_event_of_ones_own_that_ended(services, calendar, phone, dana):
    now = services.clock.now()
    start = (now - timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
    for uid, who, when in (
        ("own-1", "dana@x.example", start),
        ("own-2", "stranger@y.example", start),  # nobody NetDesk knows
        ("own-3", "dana@x.example", start + timedelta(days=3)),  # not over yet
    ):
        phone.add_event(
            dtstart=when, dtend=when + timedelta(minutes=40), summary="Coffee", uid=uid,
            attendee=f"mailto:{who}",
        )  # fmt: skip
    result = calendar.sync.sync()
    assert result.prompts == 1
    (prompt,) = calendar.prompts.open()
    assert prompt.question() == f"Did you meet Dana Cruz on {start.day} {start:%b}?"
    meeting = calendar.prompts.record(prompt.id)
    assert (meeting.status, meeting.people, meeting.starts_at) == ("held", [dana], start)
    assert meeting.duration_minutes == 40
    assert [t.kind for t in services.todos.list(contact_id=dana)] == ["thank_you"]
    assert calendar.prompts.open() == []
    assert calendar.sync.sync().prompts == 0  # answered: not asked again


def test_a_refused_login_says_so_without_the_password(services, calendar) -> None:
    with pytest.raises(CalendarError) as refused:
        calendar.sync.sync(secret=Secret("wrong horse"))
    assert refused.value.kind == "auth" and "wrong horse" not in str(refused.value)


def test_a_certificate_of_its_own_is_refused_until_its_fingerprint_is_trusted(
    services, tmp_path
) -> None:
    from tests.mailservers import make_self_signed

    own = make_self_signed(tmp_path / "own")
    server = start_radicale(own)
    try:
        calendar = services.calendar
        calendar.transport = CalendarTransport(timeout=10)  # the system's authorities only
        account, _ = calendar.accounts.save(
            CalendarAccount(server_url=server.url, username=CALENDAR_USER),
            Secret(CALENDAR_PASSWORD),
        )
        with pytest.raises(CalendarError) as refused:
            calendar.transport.calendars(account, Secret(CALENDAR_PASSWORD))
        assert refused.value.kind == "tls" and "trust it in Settings" in str(refused.value)
        shown = calendar.transport.certificate(account)
        assert shown.fingerprint == own.fingerprint
        trusted, _ = calendar.accounts.save(
            CalendarAccount(server_url=server.url, username=CALENDAR_USER,
                            cert_sha256=shown.fingerprint)
        )  # fmt: skip
        assert calendar.transport.calendars(trusted, Secret(CALENDAR_PASSWORD)) == []
        other = make_self_signed(tmp_path / "other")
        changed, _ = calendar.accounts.save(
            CalendarAccount(server_url=server.url, username=CALENDAR_USER,
                            cert_sha256=other.fingerprint)
        )  # fmt: skip
        with pytest.raises(CalendarError, match="another certificate than the one you trusted"):
            calendar.transport.calendars(changed, Secret(CALENDAR_PASSWORD))
    finally:
        stop_radicale(server)


def test_a_trusted_certificate_does_not_follow_the_account_to_another_server(services):
    accounts = services.calendar.accounts
    pin = "AB:" * 31 + "AB"
    accounts.save(CalendarAccount(server_url="https://cal.example.org", username="ada",
                                  cert_sha256=pin))  # fmt: skip
    kept, _ = accounts.save(CalendarAccount(server_url="https://cal.example.org/dav/",
                                            username="ada", cert_sha256=pin))  # fmt: skip
    assert kept.cert_sha256 == pin  # the same server
    moved, _ = accounts.save(CalendarAccount(server_url="https://other.example.org",
                                             username="ada", cert_sha256=pin))  # fmt: skip
    assert moved.cert_sha256 is None


def test_the_other_calendars_are_read_for_did_you_meet_only(
    services, calendar, radicale, certificates, dana
) -> None:
    client = caldav.DAVClient(
        url=radicale.url, username=CALENDAR_USER, password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificates.ca),
    )  # fmt: skip
    family = client.principal().make_calendar(name="Family")
    start = (services.clock.now() - timedelta(days=2)).replace(
        hour=11, minute=0, second=0, microsecond=0
    )
    family.add_event(
        dtstart=start, dtend=start + timedelta(hours=1), summary="Brunch", uid="fam-1",
        attendee="mailto:dana@x.example",
    )  # fmt: skip
    family.add_event(  # long ago: history, not a question
        dtstart=start - timedelta(days=60), dtend=start - timedelta(days=60, hours=-1),
        summary="Old brunch", uid="fam-2", attendee="mailto:dana@x.example",
    )  # fmt: skip
    plan(services, dana)  # written to the chosen calendar only
    result = calendar.sync.sync()
    assert (result.pushed, result.prompts) == (1, 1)
    (prompt,) = calendar.prompts.open()
    assert prompt.summary == "Brunch"
    assert [e.icalendar_component["summary"] for e in family.events()].count("Brunch") == 1
    again = calendar.sync.sync()  # a full re-read of the chosen calendar keeps the question
    assert (again.deleted, again.prompts) == (0, 0)
    assert [p.summary for p in calendar.prompts.open()] == ["Brunch"]


def test_without_a_sync_token_a_full_listing_finds_what_changed(
    services, calendar, phone, dana
) -> None:
    """As with a server that offers no sync-collection: every pass lists the calendar
    and compares ETags; what is missing was deleted there."""
    kept = plan(services, dana, days=2, notes="Keep me.")
    gone = plan(services, dana, days=4, notes="Ask about the team.")
    calendar.sync.sync()
    forget = "UPDATE calendar_account SET sync_token = NULL"
    services.db.execute_sql(forget)
    assert calendar.sync.sync().events == 0  # unchanged ETags: nothing read again
    (deleted,) = [e for e in events(phone) if e.icalendar_component["dtstart"].dt == gone.starts_at]
    deleted.delete()
    services.db.execute_sql(forget)
    result = calendar.sync.sync()
    assert (result.deleted, result.cancelled) == (1, 1)
    assert services.meetings.get(gone.id).notes == "Ask about the team."
    assert services.meetings.get(kept.id).status == "scheduled"
