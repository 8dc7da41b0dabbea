"""People and a real address book in step, on Radicale and on Xandikos alike (CardDAV over
TLS verified against the test's CA), with a phone editing cards through plain HTTP
requests: the first sync both ways without doubling anyone, edits on each side, the same
field on both sides, a photo and unknown properties kept, deletions on each side, two
NetDesk folders converging, a sync killed mid-way."""

from __future__ import annotations

import caldav
import pytest

from netdesk.app import build_services
from netdesk.errors import CalendarError
from netdesk.paths import Paths
from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.carddav.account import ContactsAccount
from netdesk.services.carddav.client import CardDavTransport
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.services.credentials import MemoryCredentialStore, Secret
from tests.calendarservers import (
    CALENDAR_PASSWORD,
    CALENDAR_USER,
    make_addressbook,
    start_radicale,
    start_xandikos,
    stop_radicale,
)
from tests.frozen_time import frozen_clock

PHOTO = "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2w=="


def text(raw: str | bytes) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


def kept_lines(card: str) -> list[str]:
    """A card's property lines but its frame and title, as a phone rewrites it."""
    skip = ("BEGIN", "END", "VERSION", "UID", "TITLE")
    return [line for line in card.splitlines() if line and not line.startswith(skip)]


class Phone:
    """Another client of the same address book: plain WebDAV requests."""

    def __init__(self, server, ca, book: str) -> None:
        self.client = caldav.DAVClient(
            url=server.url, username=CALENDAR_USER, password=CALENDAR_PASSWORD,
            ssl_verify_cert=str(ca),
        )  # fmt: skip
        self.book = book

    def put(self, uid: str, *lines: str) -> None:
        card = "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", *lines, "END:VCARD"])
        response = self.client.request(
            f"{self.book}{uid}.vcf", "PUT", card + "\r\n", {"Content-Type": "text/vcard"}
        )
        assert response.status in (201, 204), response.status

    def cards(self) -> dict[str, str]:
        body = (
            '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/>'
            "</D:prop></D:propfind>"
        )
        listing = self.client.request(self.book, "PROPFIND", body, {"Depth": "1"})
        import re

        hrefs = [h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", text(listing.raw))
                 if h.endswith(".vcf")]  # fmt: skip
        return {
            h: text(self.client.request(self.url_of(h), "GET", "", {"Accept": "text/vcard"}).raw)
            for h in hrefs
        }

    def url_of(self, href: str) -> str:
        return f"{self.book}{href.rsplit('/', 1)[-1]}"

    def card_of(self, name: str) -> str:
        (card,) = [c for c in self.cards().values() if f"FN:{name}" in c]
        return card

    def delete(self, name: str) -> None:
        (href,) = [h for h, c in self.cards().items() if f"FN:{name}" in c]
        response = self.client.request(self.url_of(href), "DELETE")
        assert response.status in (200, 204), response.status


STARTS = {"radicale": start_radicale, "xandikos": start_xandikos}


@pytest.fixture(params=sorted(STARTS))
def server(request, certificates):
    """Each test once against each real server."""
    running = STARTS[request.param](certificates)
    yield running
    stop_radicale(running)


@pytest.fixture
def book(server, certificates) -> str:
    return make_addressbook(server, certificates.ca)


@pytest.fixture
def phone(server, certificates, book) -> Phone:
    return Phone(server, certificates.ca, book)


def connect(services, server, certificates, book) -> None:
    services.contact_sync.transport = CardDavTransport(
        CalendarTransport(ca_file=str(certificates.ca), timeout=10)
    )
    services.contact_sync.accounts.save(
        ContactsAccount(server_url=server.url, username=CALENDAR_USER, addressbook_url=book),
        Secret(CALENDAR_PASSWORD),
    )


@pytest.fixture
def synced(services, server, certificates, book):
    connect(services, server, certificates, book)
    return services.contact_sync.sync


def everyone(services) -> dict[str, ContactRecord]:
    ids = services.contacts.query_ids(ContactFilter())
    return {p.display_name: p for p in services.contacts.records(ids)}


def add(services, name: str, **fields) -> int:
    record = ContactRecord(display_name=name, relation=fields.pop("relation", "friend"), **fields)
    return services.contacts.save(record).id


def test_first_sync_both_ways_without_doubling_anyone(services, synced, phone) -> None:
    mia = add(services, "Mia Chen", emails=["mia@northwind.example"], organisation="Northwind",
              role="Data lead", tags=["mentor", "berlin, de"])  # fmt: skip
    add(services, "Lin Kedin", relation="linkedin", emails=["lin@x.example"])
    phone.put("phone-1", "FN:Dana Cruz", "N:Cruz;Dana;;;", "EMAIL:dana@x.example",
              "ORG:Tidewater Bank", PHOTO, "X-PHONE-RINGTONE:marimba")  # fmt: skip
    phone.put("phone-2", "FN:Mia Chen", "N:Chen;Mia;;;", "EMAIL:MIA@northwind.example",
              "TEL:+49 30 1234567")  # fmt: skip
    result = synced.sync()
    assert result.pulled == 2 and result.pushed >= 1
    people = {
        p.display_name: p
        for p in services.contacts.records(
            services.contacts.query_ids(
                __import__(
                    "netdesk.services.contacts.records", fromlist=["ContactFilter"]
                ).ContactFilter()
            )
        )
    }
    assert set(people) == {"Mia Chen", "Lin Kedin", "Dana Cruz"}  # Mia matched by email
    assert people["Mia Chen"].id == mia and "+49 30 1234567" in people["Mia Chen"].phones
    assert people["Dana Cruz"].organisation == "Tidewater Bank"
    cards = phone.cards()
    assert len(cards) == 2  # Mia's phone card updated in place; Lin (LinkedIn-only) not sent
    mia_card = phone.card_of("Mia Chen")
    assert "Data lead" in mia_card and "CATEGORIES:" in mia_card
    again = synced.sync()
    assert (again.pushed, again.pulled, again.conflicts) == (0, 0, 0)


def test_edits_on_each_side_and_the_same_field_on_both(services, synced, phone) -> None:
    dana = add(services, "Dana Cruz", emails=["dana@x.example"], role="Analyst")
    synced.sync()
    card = phone.card_of("Dana Cruz")
    uid = next(line[4:] for line in card.splitlines() if line.startswith("UID:"))
    # On the phone: a new title and a photo; here: a new phone number.
    lines = kept_lines(card)
    phone.put(uid, *lines, "TITLE:Senior analyst", PHOTO, "X-ABUID:42")
    person = services.contacts.get(dana)
    services.contacts.save(ContactRecord(**{**person.__dict__, "phones": ["+1 555 0100"]}))
    result = synced.sync()
    assert result.merged == 1 and result.conflicts == 0
    merged = services.contacts.get(dana)
    assert (merged.role, merged.phones) == ("Senior analyst", ["+1 555 0100"])
    card = phone.card_of("Dana Cruz")
    assert "+1 555 0100" in card and PHOTO in card.replace("\r\n ", "").replace("\n ", "")
    assert "X-ABUID:42" in card
    # The same field on both sides, differently: the user's edit here wins, and is shown.
    lines = kept_lines(card)
    phone.put(uid, *lines, "TITLE:Head of analytics")
    person = services.contacts.get(dana)
    services.contacts.save(ContactRecord(**{**person.__dict__, "role": "Principal analyst"}))
    result = synced.sync()
    assert result.conflicts == 1
    assert services.contacts.get(dana).role == "Principal analyst"
    (conflict,) = synced.answers.open_conflicts()
    assert conflict.field == "role" and "Head of analytics" in conflict.theirs
    assert "TITLE:Principal analyst" in phone.card_of("Dana Cruz")


def test_deleted_on_each_side(services, synced, phone) -> None:
    dana = add(services, "Dana Cruz", emails=["dana@x.example"])
    mia = add(services, "Mia Chen", emails=["mia@x.example"])
    synced.sync()
    phone.delete("Dana Cruz")
    assert synced.sync().deleted == 1
    assert synced.answers.deleted_on_server() == [(dana, "Dana Cruz")]
    assert services.contacts.get(dana).display_name == "Dana Cruz"  # asked, not deleted
    services.contacts.delete([mia])
    synced.sync()
    assert [c for c in phone.cards().values() if "Mia Chen" in c] == []
    synced.answers.keep_deleted(dana)  # keep Dana: the card comes back
    synced.sync()
    assert "Dana Cruz" in phone.card_of("Dana Cruz")


def test_two_laptops_converge(tmp_path, services, synced, server, certificates, book) -> None:
    other = build_services(Paths(tmp_path / "other"), MemoryCredentialStore(), clock=frozen_clock())
    try:
        connect(other, server, certificates, book)
        add(services, "Mia Chen", emails=["mia@x.example"], role="Data lead")
        add(other, "Omar Haddad", emails=["omar@x.example"], organisation="Cobalt Health")
        for _ in range(2):
            synced.sync()
            other.contact_sync.sync.sync()

        def fields(s) -> set[tuple]:
            from netdesk.services.contacts.records import ContactFilter

            return {(p.display_name, p.role, p.organisation, tuple(p.emails))
                    for p in s.contacts.records(s.contacts.query_ids(ContactFilter()))}  # fmt: skip

        assert fields(services) == fields(other)
        assert len(fields(services)) == 2
    finally:
        other.close()


def test_a_refused_login_says_so_without_the_password(services, synced) -> None:
    with pytest.raises(CalendarError) as refused:
        synced.sync(secret=Secret("wrong horse"))
    assert "wrong horse" not in str(refused.value)


def test_a_sync_killed_mid_way_leaves_no_half_card_and_the_next_completes(
    tmp_path, server, certificates, book, phone
) -> None:
    """SIGKILL while cards are being written: the database is sound, every card row it
    kept is on the server, and the next sync writes the rest without doubling anyone."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from netdesk.__main__ import main

    data, secret = tmp_path / "d", tmp_path / "password"
    secret.write_text(CALENDAR_PASSWORD, encoding="utf-8")
    cards = tmp_path / "people.vcf"
    cards.write_text("".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEMAIL:p{n}@x.example\r\n"
        "END:VCARD\r\n" for n in range(150)
    ), encoding="utf-8")  # fmt: skip
    env = {**os.environ, "SSL_CERT_FILE": str(certificates.ca)}
    common = ["--data-dir", str(data)]
    assert main(["import", str(cards), *common], clock=frozen_clock()) == 0
    account = ["accounts", "set", "contacts", "--server", server.url,
               "--user", CALENDAR_USER, "--scope", "everyone"]  # fmt: skip
    status = main([*account, *common], clock=frozen_clock())  # no login: nothing to verify
    assert status == 0
    sync = subprocess.Popen(
        [sys.executable, "-m", "netdesk", "sync", "--password-file", str(secret), *common],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    database = data / "netdesk.sqlite3"

    def rows() -> int:
        try:
            with sqlite3.connect(database, timeout=5) as conn:
                return conn.execute("SELECT count(*) FROM contact_card").fetchone()[0]
        except sqlite3.OperationalError:
            return 0

    deadline = time.monotonic() + 60
    while rows() < 10 and sync.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    sync.send_signal(signal.SIGKILL)
    sync.wait(10)
    kept = rows()
    assert 0 < kept < 150, "the kill must land mid-sync"
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(phone.cards()) >= kept
    env_run = subprocess.run(
        [sys.executable, "-m", "netdesk", "sync", "--password-file", str(secret), *common],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert env_run.returncode == 0, env_run.stderr
    names = [line for card in phone.cards().values() for line in card.splitlines()
             if line.startswith("FN:")]  # fmt: skip
    assert sorted(names) == sorted(f"FN:Person {n}" for n in range(150))
