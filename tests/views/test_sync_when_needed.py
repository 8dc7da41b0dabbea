"""The address book sync runs by itself when it is needed, against a real Radicale the
test starts: soon after the user changes someone (once they pause, and only once: the
sync's own writes start no other), and, while the server is out of reach, again sooner
than the interval, carrying the change made offline once it is back."""

from __future__ import annotations

import re

import caldav
import pytest

from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.carddav.account import ContactsAccount
from netdesk.services.carddav.client import CardDavTransport
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.views.window.contacts_sync_flow import ContactsSyncFlow
from tests.calendarservers import (
    CALENDAR_PASSWORD,
    CALENDAR_USER,
    make_addressbook,
    start_radicale,
    stop_radicale,
)
from tests.netforward import Forwarder
from tests.views.windows import build_window

QUICK_MS = 300


@pytest.fixture
def radicale(certificates):
    server = start_radicale(certificates)
    yield server
    stop_radicale(server)


@pytest.fixture
def network(radicale):
    forwarder = Forwarder(radicale.port)
    forwarder.up()
    yield forwarder
    forwarder.down()


@pytest.fixture
def book(radicale, certificates) -> str:
    return make_addressbook(radicale, certificates.ca)


@pytest.fixture
def window(qtbot, qapp, services, certificates, radicale, network, book, monkeypatch):
    monkeypatch.setattr(ContactsSyncFlow, "after_change_ms", QUICK_MS)
    monkeypatch.setattr(ContactsSyncFlow, "retry_ms", QUICK_MS)
    services.contact_sync.transport = CardDavTransport(
        CalendarTransport(ca_file=str(certificates.ca), timeout=5)
    )
    services.contact_sync.accounts.save(
        ContactsAccount(
            server_url=network.url,
            username=CALENDAR_USER,
            addressbook_url=book.replace(radicale.url, network.url),  # through the network
        ),
        Secret(CALENDAR_PASSWORD),
    )
    window, tasks = build_window(qtbot, qapp, services)
    yield window
    for flow in (window.contacts_sync, window.calendar_sync, window.mail_scan):
        flow.stop_for_close()
    tasks.wait(10_000)


def names_on_server(radicale, certificates, book: str) -> list[str]:
    client = caldav.DAVClient(
        url=radicale.url, username=CALENDAR_USER, password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificates.ca),
    )  # fmt: skip
    body = (
        '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'
    )
    listing = client.request(book, "PROPFIND", body, {"Depth": "1"}).raw
    listing = listing.decode() if isinstance(listing, bytes) else listing
    names = []
    for href in re.findall(r"<(?:\w+:)?href>([^<]+\.vcf)</(?:\w+:)?href>", listing):
        card = client.request(f"{book}{href.rsplit('/', 1)[-1]}", "GET").raw
        card = card.decode() if isinstance(card, bytes) else card
        names += re.findall(r"^FN:(.*?)\r?$", card, flags=re.MULTILINE)
    return sorted(names)


def test_a_change_syncs_once_the_user_pauses_and_only_once(
    qtbot, window, services, radicale, certificates, book
) -> None:
    flow = window.contacts_sync
    assert flow.timer.remainingTime() > QUICK_MS  # the start-up sync is seconds away
    services.contacts.save(ContactRecord(display_name="Dana Cruz", relation="friend"))
    qtbot.waitUntil(lambda: flow.running or flow.timer.interval() == QUICK_MS, timeout=2000)
    qtbot.waitUntil(lambda: flow.running, timeout=5000)
    qtbot.waitUntil(lambda: not flow.running, timeout=10_000)
    assert window.statusBar().currentMessage() == "Contacts: 1 written"
    assert names_on_server(radicale, certificates, book) == ["Dana Cruz"]
    # The sync announced its own writes; the next run is the interval away, not QUICK_MS.
    qtbot.wait(QUICK_MS * 3)
    assert not flow.running and flow.timer.interval() == flow.preferences.minutes * 60_000


def test_offline_the_sync_retries_and_the_change_made_meanwhile_arrives(
    qtbot, window, services, network, radicale, certificates, book
) -> None:
    flow = window.contacts_sync
    network.down()
    services.contacts.save(ContactRecord(display_name="Omar Haddad", relation="mentor"))
    status = window.statusBar()
    qtbot.waitUntil(lambda: "Trying again in 1 min" in status.currentMessage(), timeout=10_000)
    assert status.currentMessage().startswith("Contacts not synced: ")
    assert "your changes wait here" in status.currentMessage()
    assert flow.timer.isActive() and flow.timer.interval() <= 2 * QUICK_MS
    network.up()
    qtbot.waitUntil(lambda: status.currentMessage() == "Contacts: 1 written", timeout=15_000)
    assert names_on_server(radicale, certificates, book) == ["Omar Haddad"]
    assert flow.timer.interval() == flow.preferences.minutes * 60_000
