"""After a contacts sync that read people, the status bar tells of likely duplicates
(a real Radicale, a card put there as the user's phone would)."""

from __future__ import annotations

import caldav
import pytest

from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.carddav.account import ContactsAccount
from netdesk.services.carddav.client import CardDavTransport
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from tests.calendarservers import (
    CALENDAR_PASSWORD,
    CALENDAR_USER,
    make_addressbook,
    start_radicale,
    stop_radicale,
)
from tests.views.windows import build_window

CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:liz-taylor\r\nFN:Liz Taylor\r\nN:Taylor;Liz;;;\r\n"
    "ORG:Kestrel Aerospace\r\nEND:VCARD\r\n"
)


@pytest.fixture
def radicale(certificates):
    server = start_radicale(certificates)
    yield server
    stop_radicale(server)


def test_a_sync_that_brought_a_duplicate_says_so(
    qtbot, qapp, services, certificates, radicale
) -> None:
    book = make_addressbook(radicale, certificates.ca)
    client = caldav.DAVClient(
        url=radicale.url,
        username=CALENDAR_USER,
        password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificates.ca),
    )
    client.request(f"{book}liz-taylor.vcf", "PUT", CARD, {"Content-Type": "text/vcard"})
    services.contacts.save(
        ContactRecord(display_name="Elizabeth Taylor", organisation="Kestrel Aerospace")
    )
    services.contact_sync.transport = CardDavTransport(
        CalendarTransport(ca_file=str(certificates.ca), timeout=10)
    )
    services.contact_sync.accounts.save(
        ContactsAccount(server_url=radicale.url, username=CALENDAR_USER, addressbook_url=book),
        Secret(CALENDAR_PASSWORD),
    )
    window, tasks = build_window(qtbot, qapp, services)
    try:
        window.contacts_sync.now_action.trigger()  # File → Sync Contacts Now
        status = window.statusBar()
        qtbot.waitUntil(lambda: "likely duplicate" in status.currentMessage(), timeout=15_000)
        assert status.currentMessage().startswith("Contacts: ")  # what the sync said stays
        assert status.currentMessage().endswith(
            " · 1 likely duplicate: People → Review Duplicates…"
        )
        assert services.contacts.counts().people == 2
    finally:
        for flow in (window.contacts_sync, window.calendar_sync, window.mail_scan):
            flow.stop_for_close()
        tasks.wait(10_000)
