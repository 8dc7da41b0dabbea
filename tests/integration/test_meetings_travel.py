"""Meetings and follow-up to-dos travel to the user's second laptop through one real
Radicale (its address book for the people, its calendar for meetings as events and
to-dos as VTODOs): taken in whole with their people and notes, without doubling the
thank-you to-dos, and edits, completions and deletions on either side carried across."""

from __future__ import annotations

from datetime import timedelta

import caldav
import pytest

from netdesk.app import build_services
from netdesk.paths import Paths
from netdesk.services.calendar.account import CalendarAccount
from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.carddav.account import ContactsAccount
from netdesk.services.carddav.client import CardDavTransport
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.services.credentials import MemoryCredentialStore, Secret
from netdesk.services.meetings.records import MeetingRecord
from tests.calendarservers import (
    CALENDAR_PASSWORD,
    CALENDAR_USER,
    make_addressbook,
    start_radicale,
    stop_radicale,
)
from tests.frozen_time import frozen_clock


@pytest.fixture
def radicale(certificates):
    server = start_radicale(certificates)
    yield server
    stop_radicale(server)


@pytest.fixture
def server(radicale, certificates) -> tuple[str, str]:
    """The address book and the calendar both laptops share: their URLs."""
    book = make_addressbook(radicale, certificates.ca)
    client = caldav.DAVClient(
        url=radicale.url, username=CALENDAR_USER, password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificates.ca),
    )  # fmt: skip
    return book, str(client.principal().make_calendar(name="Personal").url)


def connect(services, radicale, certificates, server, contacts: bool = True) -> None:
    book, calendar = server
    transport = CalendarTransport(ca_file=str(certificates.ca), timeout=10)
    services.calendar.transport = transport
    services.calendar.accounts.save(
        CalendarAccount(server_url=radicale.url, username=CALENDAR_USER, calendar_url=calendar),
        Secret(CALENDAR_PASSWORD),
    )
    if contacts:
        services.contact_sync.transport = CardDavTransport(transport)
        services.contact_sync.accounts.save(
            ContactsAccount(server_url=radicale.url, username=CALENDAR_USER, addressbook_url=book),
            Secret(CALENDAR_PASSWORD),
        )


def sync(services, contacts: bool = True) -> None:
    if contacts:
        services.contact_sync.sync.sync()
    services.calendar.sync.sync()


@pytest.fixture
def laptops(tmp_path, services, radicale, certificates, server):
    other = build_services(Paths(tmp_path / "other"), MemoryCredentialStore(), clock=frozen_clock())
    connect(services, radicale, certificates, server)
    connect(other, radicale, certificates, server)
    yield services, other
    other.close()


def person(services, name: str) -> int:
    (found,) = [
        p.id
        for p in services.contacts.records(services.contacts.query_ids(ContactFilter()))
        if p.display_name == name
    ]
    return found


def held_with_dana(services, **fields) -> MeetingRecord:
    dana = services.contacts.save(
        ContactRecord(display_name="Dana Cruz", emails=["dana@x.example"], relation="mentor")
    ).id
    starts = (services.clock.now() - timedelta(days=1)).replace(hour=10, minute=0, second=0)
    return services.meetings.save(
        MeetingRecord(
            title="Coffee with Dana", kind="coffee", status="held", starts_at=starts,
            people=[dana], place="Café Lumen", notes="Platform team hiring in March.\nAsk Jo.",
            takeaways="Read the platform RFC.", **fields,
        )
    )  # fmt: skip


def meetings_of(services) -> list[MeetingRecord]:
    ids = services.meetings.query_ids()
    return [services.meetings.get(meeting_id) for meeting_id in ids]


def test_a_held_meeting_and_its_thank_you_reach_the_other_laptop(laptops) -> None:
    mine, other = laptops
    meeting = held_with_dana(mine)
    (thank_you,) = mine.todos.list(meeting_id=meeting.id)
    sync(mine)
    sync(other)
    (copy,) = meetings_of(other)
    dana = person(other, "Dana Cruz")
    assert (copy.title, copy.kind, copy.status, copy.place) == (
        "Coffee with Dana", "coffee", "held", "Café Lumen"
    )  # fmt: skip
    assert copy.notes == meeting.notes and copy.takeaways == meeting.takeaways
    assert copy.starts_at == meeting.starts_at and copy.people == [dana]
    (todo,) = other.todos.list(include_done=True)  # the one from this laptop, not a second
    assert (todo.title, todo.kind, todo.contact_id, todo.meeting_id, todo.due_on) == (
        thank_you.title, "thank_you", dana, copy.id, thank_you.due_on
    )  # fmt: skip
    assert other.contacts.get(dana).last_interaction == meeting.starts_at.date().isoformat()
    again = other.calendar.sync.sync()
    assert (again.pushed, again.todos_pushed, again.meetings_pulled) == (0, 0, 0)


def test_edits_done_and_deletions_travel_both_ways(laptops) -> None:
    mine, other = laptops
    meeting = held_with_dana(mine)
    sync(mine)
    sync(other)
    (copy,) = meetings_of(other)
    (todo,) = other.todos.list()
    other.todos.complete(todo.id)  # thanked from the other laptop
    mine.meetings.save_text(meeting.id, "notes", "Platform team hiring in April.")
    sync(other)
    sync(mine)
    sync(other)
    (thank_you,) = mine.todos.list(meeting_id=meeting.id, include_done=True)
    assert thank_you.is_done
    assert other.meetings.get(copy.id).notes == "Platform team hiring in April."
    later = mine.todos.add("Send Dana the RFC notes", contact_id=person(mine, "Dana Cruz"))
    sync(mine)
    sync(other)
    (sent,) = [t for t in other.todos.list() if t.title == "Send Dana the RFC notes"]
    other.todos.delete(sent.id)
    sync(other)
    result = mine.calendar.sync.sync()
    assert result.todos_pulled == 1
    with pytest.raises(KeyError):
        mine.todos.get(later.id)


def test_without_an_address_book_people_are_found_by_email(
    tmp_path, services, radicale, certificates, server
) -> None:
    other = build_services(Paths(tmp_path / "other"), MemoryCredentialStore(), clock=frozen_clock())
    try:
        connect(services, radicale, certificates, server, contacts=False)
        connect(other, radicale, certificates, server, contacts=False)
        meeting = held_with_dana(services)
        dana = other.contacts.save(
            ContactRecord(display_name="Dana C.", emails=["Dana@X.example"], relation="mentor")
        ).id
        sync(services, contacts=False)
        sync(other, contacts=False)
        (copy,) = meetings_of(other)
        assert copy.people == [dana] and copy.notes == meeting.notes
        assert [t.contact_id for t in other.todos.list()] == [dana]
    finally:
        other.close()


def test_a_meeting_edited_on_both_laptops_keeps_this_laptops_edit(laptops) -> None:
    mine, other = laptops
    meeting = held_with_dana(mine)
    sync(mine)
    sync(other)
    (copy,) = meetings_of(other)
    other.meetings.save_text(copy.id, "notes", "Edited on the other laptop.")
    mine.meetings.save_text(meeting.id, "notes", "Edited here.")
    sync(other)
    sync(mine)  # this laptop's edit is pushed back over the other's
    sync(other)
    assert mine.meetings.get(meeting.id).notes == "Edited here."
    assert other.meetings.get(copy.id).notes == "Edited here."
