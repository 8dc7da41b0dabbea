"""Contacts sync cases every server must pass, on Radicale and on Xandikos: a server that
lacks sync-collection (RFC 6578), so NetDesk lists ETags and still fetches only what
changed; a phone's card with a photo and properties NetDesk does not know, edited here,
keeps them byte for byte; names beyond ASCII travel both ways unchanged."""

from __future__ import annotations

import base64
import random
import re

import pytest

from netdesk.services.contacts.records import ContactRecord
from tests.davproxy import DavProxy
from tests.integration import test_contact_sync as base
from tests.integration.test_contact_sync import add, connect, everyone, kept_lines

# The same servers, address book, phone and sync as the main contact sync tests.
server, book, phone, synced = base.server, base.book, base.phone, base.synced


def unfolded(card: str) -> list[str]:
    """A card's logical lines (RFC 6350 §3.2: a line break and one space join)."""
    return re.sub(r"\r?\n[ \t]", "", card).splitlines()


@pytest.fixture
def no_sync_report(server, certificates):
    """The same server behind a proxy that answers sync-collection as a server without
    it does (403 supported-report), counting what the client asks."""
    proxy = DavProxy(server.port, certificates, refuse_sync_collection=True).start()
    yield proxy
    proxy.stop()


def test_without_sync_collection_only_what_changed_is_fetched(
    services, server, certificates, book, phone, no_sync_report
) -> None:
    proxy = no_sync_report
    proxied = type("Proxied", (), {"url": proxy.url})()
    connect(services, proxied, certificates, book.replace(server.url, proxy.url))
    sync = services.contact_sync.sync
    add(services, "Mia Chen", emails=["mia@x.example"])
    add(services, "Omar Haddad", emails=["omar@x.example"])
    phone.put("phone-1", "FN:Dana Cruz", "N:Cruz;Dana;;;", "TITLE:Analyst")
    phone.put("phone-2", "FN:Ivo Petrov", "N:Petrov;Ivo;;;", "EMAIL:ivo@x.example")
    first = sync.sync()
    assert first.pulled == 2 and first.pushed >= 2  # pulled cards get NetDesk's lines too
    assert proxy.reports("sync-collection"), "the client asked for sync-collection first"
    assert [s for s in proxy.seen if s.method == "PROPFIND"], "then listed the ETags"
    assert len(phone.cards()) == 4

    proxy.seen.clear()
    quiet = sync.sync()
    assert (quiet.pulled, quiet.pushed, quiet.deleted) == (0, 0, 0)
    assert proxy.reports("addressbook-multiget") == []  # nothing fetched
    assert [s.method for s in proxy.seen if s.method in ("GET", "PUT", "DELETE")] == []

    dana_href = next(h for h, c in phone.cards().items() if "FN:Dana Cruz" in c)
    phone.put("phone-1", *kept_lines(phone.card_of("Dana Cruz")), "TITLE:Head of analytics")
    phone.delete("Ivo Petrov")
    proxy.seen.clear()
    result = sync.sync()
    assert (result.pulled, result.deleted, result.pushed) == (1, 1, 0)
    (multiget,) = proxy.reports("addressbook-multiget")
    assert multiget.hrefs() == [dana_href]  # the edited card alone
    people = everyone(services)
    assert people["Dana Cruz"].role == "Head of analytics"
    assert sync.answers.deleted_on_server() == [(people["Ivo Petrov"].id, "Ivo Petrov")]


def test_a_token_the_server_forgot_falls_back_to_a_listing(services, synced, phone) -> None:
    """Radicale answers a sync-token it no longer knows with 403, Xandikos with 412 (RFC
    6578 §3.2): neither is a refused login; the pass lists ETags instead."""
    from netdesk.db.models import ContactsAccount as ContactsAccountRow

    add(services, "Mia Chen", emails=["mia@x.example"])
    phone.put("phone-1", "FN:Dana Cruz", "N:Cruz;Dana;;;", "TITLE:Analyst")
    synced.sync()
    ContactsAccountRow.update(sync_token="0123456789abcdef0123456789abcdef01234567").bind(
        services.db
    ).execute()
    phone.put("phone-1", *kept_lines(phone.card_of("Dana Cruz")), "TITLE:Head of analytics")
    result = synced.sync()
    assert (result.pulled, result.pushed, result.deleted) == (1, 0, 0)
    assert everyone(services)["Dana Cruz"].role == "Head of analytics"
    assert len(phone.cards()) == 2


# Random bytes as a phone's JPEG would be: long enough to fold over many lines.
PHOTO_DATA = base64.b64encode(random.Random(17).randbytes(1500)).decode()
UNKNOWN = [
    f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO_DATA}",
    "X-PHONE-RINGTONE:marimba",
    'X-SOCIALPROFILE;TYPE=mastodon;X-USER="dana@x.example":https://x.example/@dana',
    "item1.X-ABRELATEDNAMES;TYPE=pref:Ana Cruz",
    "item1.X-ABLABEL:_$!<Sister>!$_",
    "X-ANNIVERSARY:2011-06-04",
]


def test_a_photo_and_unknown_properties_stay_byte_for_byte(services, synced, phone) -> None:
    phone.put("phone-dana", "FN:Dana Cruz", "N:Cruz;Dana;;;", "EMAIL:dana@x.example", *UNKNOWN)
    # As the server keeps them (Radicale re-serialises a card it is given: its order,
    # its quoting); from here on NetDesk must not change a byte of them.
    names = tuple(line.split(":", 1)[0].split(";", 1)[0] + tag for line in UNKNOWN for tag in ":;")
    kept = [line for line in unfolded(phone.card_of("Dana Cruz")) if line.startswith(names)]
    assert len(kept) == len(UNKNOWN) and PHOTO_DATA in "".join(kept)
    synced.sync()
    dana = everyone(services)["Dana Cruz"]
    services.contacts.save(ContactRecord(**{**dana.__dict__, "role": "Senior analyst"}))
    assert synced.sync().pushed == 1
    lines = unfolded(phone.card_of("Dana Cruz"))
    assert "TITLE:Senior analyst" in lines
    assert [line for line in lines if line.startswith(names)] == kept
    # And once more from the phone's side: an edit there keeps them too.
    phone.put("phone-dana", *kept_lines(phone.card_of("Dana Cruz")), "TITLE:Head of analytics")
    assert synced.sync().pulled == 1
    assert everyone(services)["Dana Cruz"].role == "Head of analytics"
    assert [line for line in unfolded(phone.card_of("Dana Cruz")) if line.startswith(names)] == kept


def test_names_beyond_ascii_travel_both_ways(services, synced, phone) -> None:
    add(services, "李小龍", organisation="嘉禾", emails=["bruce@x.example"])
    add(services, "Ørjan Ĳssel", organisation="Østfold Kraft", emails=["orjan@x.example"])
    phone.put("phone-zoe", "FN:Zoë Ångström", "N:Ångström;Zoë;;;", "ORG:Bücher & Söhne",
              "EMAIL:zoe@x.example")  # fmt: skip
    synced.sync()
    people = everyone(services)
    assert set(people) == {"李小龍", "Ørjan Ĳssel", "Zoë Ångström"}
    assert people["Zoë Ångström"].organisation == "Bücher & Söhne"
    bruce = unfolded(phone.card_of("李小龍"))
    assert "FN:李小龍" in bruce and "ORG:嘉禾" in bruce
    assert "ORG:Østfold Kraft" in unfolded(phone.card_of("Ørjan Ĳssel"))
    # Edited on each side: the names stay as written.
    zoe = people["Zoë Ångström"]
    services.contacts.save(ContactRecord(**{**zoe.__dict__, "role": "Lektorin für Ökonomie"}))
    phone.put(
        next(line[4:] for line in unfolded(phone.card_of("李小龍")) if line.startswith("UID:")),
        *kept_lines(phone.card_of("李小龍")), "TITLE:武術家",
    )  # fmt: skip
    synced.sync()
    assert everyone(services)["李小龍"].role == "武術家"
    zoe_card = unfolded(phone.card_of("Zoë Ångström"))
    assert "FN:Zoë Ångström" in zoe_card and "TITLE:Lektorin für Ökonomie" in zoe_card
    assert set(everyone(services)) == {"李小龍", "Ørjan Ĳssel", "Zoë Ångström"}
