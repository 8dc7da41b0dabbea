"""Reading a scanned message's headers: addresses as mailbox keys (aliases and
plus-addressing), dates however broken, replies, lists and bulk mail; hostile bytes never
raise."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netdesk.services.mailscan.addresses import address_key
from netdesk.services.mailscan.messages import MAX_RECIPIENTS, read_message


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Dana.Cruz@Example.ORG", "dana.cruz@example.org"),
        ("dana+intro@example.org", "dana@example.org"),
        ("<Dana.Cruz+news@GoogleMail.com>", "danacruz@gmail.com"),
        ("d.a.n.a@gmail.com", "dana@gmail.com"),
        ("ÉMILE@exemple.fr", "émile@exemple.fr"),
        ("+@example.org", "+@example.org"),
        ("not an address", None),
        ("dana@localhost", None),
        ("", None),
        ("a" * 250 + "@example.org", None),
    ],
)
def test_address_keys(written, key) -> None:
    assert address_key(written) == key


def message(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def test_a_reply_with_everything() -> None:
    raw = message(
        "From: =?utf-8?q?Dana_Cr=C3=BAz_boss=40corp.example?= <Dana+work@Example.org>",
        'To: me@example.org, "Lee, Sam" <sam@example.org>',
        "Cc: Me Again <ME@example.org>",
        "Date: Tue, 01 Dec 2026 18:30:00 +0100",
        "Message-ID: <reply-1@example.org>",
        "In-Reply-To: <asked-1@netdesk.example>",
        "References: <older@x.example>\r\n <asked-1@netdesk.example>",
    )
    scanned = read_message(7, raw)
    assert scanned.uid == 7
    assert scanned.sender == "dana@example.org"
    assert scanned.recipients == ("me@example.org", "sam@example.org")
    assert scanned.sent_at == datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    assert scanned.message_id == "reply-1@example.org"
    assert scanned.answers == ("asked-1@netdesk.example", "older@x.example")
    assert not scanned.bulk


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("Tue, 1 Dec 2026 10:00:00", datetime(2026, 12, 1, 10, tzinfo=UTC)),  # no zone
        ("1 Dec 2026 10:00 -0000", datetime(2026, 12, 1, 10, tzinfo=UTC)),
        ("yesterday at noon", None),
        ("Tue, 1 Dec 1850 10:00:00 +0000", None),
        ("Tue, 1 Dec 9999 10:00:00 +0000", None),
        ("Tue, 45 Dec 2026 10:00:00 +0000", None),
    ],
)
def test_dates_however_broken(date, expected) -> None:
    assert read_message(1, message("From: a@b.example", f"Date: {date}")).sent_at == expected


@pytest.mark.parametrize(
    "header",
    [
        "List-Id: <data-guild.lists.example>",
        "List-Unsubscribe: <mailto:leave@lists.example>",
        "Precedence: bulk",
        "Auto-Submitted: auto-replied",
    ],
)
def test_lists_and_machines_are_bulk(header) -> None:
    assert read_message(1, message("From: news@lists.example", header)).bulk
    assert not read_message(1, message("From: a@b.example", "Auto-Submitted: no")).bulk


def test_hostile_bytes_never_raise() -> None:
    raw = (
        b"From: \xff\xfe\x00 <junk\xe9@example.org>\r\n"
        b"To: \x1b[31m<\xc3\x28@example.org>, =?x-unknown?b?////?= <ok@example.org>\r\n"
        b"Date: \x00\x00\r\n"
        b"Message-ID: <" + b"x" * 5000 + b">\r\n\r\n"
    )
    scanned = read_message(3, raw)
    assert scanned.recipients[-1] == "ok@example.org"
    assert scanned.sent_at is None and scanned.message_id == ""
    assert read_message(4, b"").sender is None
    assert read_message(5, b"\x00" * 100_000).recipients == ()


def test_a_message_to_a_crowd_keeps_a_bounded_list() -> None:
    crowd = ", ".join(f"p{n}@example.org" for n in range(5000))
    scanned = read_message(1, message("From: a@b.example", f"To: {crowd}"))
    assert len(scanned.recipients) == MAX_RECIPIENTS
