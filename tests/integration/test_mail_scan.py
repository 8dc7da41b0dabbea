"""The mail scan against a real dovecot on loopback (verified TLS with the test's CA):
first scan, incremental scan, UIDVALIDITY reset, an interrupted scan, replies to outreach
requests, lists and unknown senders left out, headers however hostile."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from netdesk.errors import Cancelled
from netdesk.services.cancel import CancelToken
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.messages import Draft
from netdesk.services.mail.transport import MailTransport
from netdesk.services.mailscan import reader
from netdesk.services.mailscan.service import MailScanService
from tests.mailboxes import ME, append, connect, message
from tests.mailservers import HOST, PASSWORD, USER, start_dovecot, stop_dovecot

DANA_ASKED = "request-1@ada.example"


@pytest.fixture
def dovecot(certificates):
    server = start_dovecot(certificates)
    yield server
    stop_dovecot(server)


@pytest.fixture
def scan(services, certificates, dovecot) -> MailScanService:
    accounts = services.mail.accounts
    accounts.save(
        MailAccount(
            display_name="Ada Example",
            address=ME,
            imap_host=HOST,
            imap_port=dovecot.imaps_port,
            imap_security="tls",
            username=USER,
            keyring_service="NetDesk mail scan test",
        ),
        Secret(PASSWORD),
    )
    transport = MailTransport(ssl_context=certificates.client_context, timeout=10)
    return MailScanService(services.db, accounts, transport, services.clock, services.changes)


@pytest.fixture
def people(services) -> dict[str, int]:
    def add(name: str, *emails: str, **more) -> int:
        record = ContactRecord(display_name=name, emails=list(emails), relation="friend", **more)
        return services.contacts.save(record).id

    return {
        "dana": add("Dana Cruz", "dana.cruz@example.org", "DanaC@GoogleMail.com"),
        "mia": add("Mia Chen", "mia@northwind.example"),
        "zoe": add("Zoë Ångström", "zoe@example.se"),
    }


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def timeline(services, contact_id: int) -> list[tuple[str, str, str]]:
    return [
        (i.occurred_at[:10], i.kind, i.summary)
        for i in services.interactions.for_contact(contact_id)
    ]


def test_first_scan_reads_sent_and_inbox_headers_only_and_matches_people(
    services, scan, dovecot, certificates, people
) -> None:
    append(dovecot, certificates, "Sent", [
        message(ME, "Dana <dana.cruz+work@example.org>", at(2), "s1@ada.example"),
        message(ME, "mia@northwind.example, stranger@else.example", at(3), "s2@ada.example"),
        message(ME, "nobody@else.example", at(4), "s3@ada.example"),
    ])  # fmt: skip
    append(dovecot, certificates, "INBOX", [
        message("=?utf-8?q?Dana_Cr=C3=BAz?= <danac@gmail.com>", ME, at(5), "r1@x.example"),
        message("Zo\u00eb <ZOE@example.se>", ME, at(6), "r2@x.example"),
        message("Mia <mia@northwind.example>", ME, at(7), "r3@x.example",
                extra=["List-Id: <data-guild.lists.example>"]),
        message("stranger@else.example", ME, at(8), "r4@x.example"),
        message("mia@northwind.example", ME, None, "r5@x.example", date_text="not a date"),
        b"From: \xff\xfe junk <\xe9@x>\r\nTo: \x00\r\nDate: ???\r\n\r\nbody",
    ])  # fmt: skip
    result = scan.scan()
    assert (result.scanned, result.matched, result.interactions) == (9, 5, 5)
    assert result.folders == ["Sent", "INBOX"]
    assert timeline(services, people["dana"]) == [
        ("2026-11-05", "email", "Email received"),
        ("2026-11-02", "email", "Email sent"),
    ]
    # A broken Date: the day the server received it; the list mail: none.
    mia = timeline(services, people["mia"])
    assert [entry[2] for entry in mia] == ["Email received", "Email sent"]
    assert mia[1][0] == "2026-11-03"
    assert timeline(services, people["zoe"]) == [("2026-11-06", "email", "Email received")]
    assert services.contacts.get(people["dana"]).last_interaction == "2026-11-05"
    # Strangers leave no trace.
    assert services.db.execute_sql("SELECT count(*) FROM interaction").fetchone() == (5,)
    # Nothing was marked as read or changed: every message still has only \Seen or none.
    conn = connect(dovecot, certificates)
    try:
        conn.select("INBOX", readonly=True)
        _, flags = conn.fetch("1:*", "(FLAGS)")
        assert all(b"\\Seen" in line for line in flags)  # appended as seen, still so
    finally:
        conn.logout()


def test_a_second_scan_reads_only_what_is_new(services, scan, dovecot, certificates, people):
    append(dovecot, certificates, "INBOX", [message("dana.cruz@example.org", ME, at(5), "a@x")])
    first = scan.scan()
    assert (first.scanned, first.interactions) == (1, 1)
    again = scan.scan()
    assert (again.scanned, again.interactions) == (0, 0)
    append(dovecot, certificates, "INBOX", [message("mia@northwind.example", ME, at(9), "b@x")])
    later = scan.scan()
    assert (later.scanned, later.interactions) == (1, 1)
    # The same message in another folder (a copy to oneself) is one entry.
    append(dovecot, certificates, "Sent", [message(ME, "mia@northwind.example", at(9), "b@x")])
    assert scan.scan().interactions == 0


def test_a_new_uidvalidity_reads_the_folder_again_without_doubling(
    services, scan, dovecot, certificates, people
) -> None:
    append(dovecot, certificates, "INBOX", [message("dana.cruz@example.org", ME, at(5), "a@x")])
    scan.scan()
    services.db.execute_sql("UPDATE mail_folder SET uidvalidity = 1")  # as after a rebuild
    result = scan.scan()
    assert (result.scanned, result.interactions) == (1, 0)
    assert len(timeline(services, people["dana"])) == 1


def test_an_interrupted_scan_keeps_whole_batches_and_the_next_one_completes(
    services, scan, dovecot, certificates, people, monkeypatch
) -> None:
    monkeypatch.setattr(reader, "BATCH", 3)
    append(dovecot, certificates, "INBOX", [
        message("dana.cruz@example.org", ME, at(day), f"m{day}@x") for day in range(1, 11)
    ])  # fmt: skip
    token = CancelToken()
    from netdesk.services.mailscan import recording

    original = recording.BatchRecorder.record
    calls = {"n": 0}

    def record_then_cancel(self, *args, **kwargs):
        outcome = original(self, *args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 2:
            token.cancel()
        return outcome

    monkeypatch.setattr(recording.BatchRecorder, "record", record_then_cancel)
    with pytest.raises(Cancelled):
        scan.scan(cancel=token)
    assert len(timeline(services, people["dana"])) == 6  # two whole batches of three
    (last_uid,) = services.db.execute_sql(
        "SELECT last_uid FROM mail_folder WHERE role = 'inbox'"
    ).fetchone()
    assert last_uid == 6
    result = scan.scan()
    assert (result.scanned, result.interactions) == (4, 4)
    assert len(timeline(services, people["dana"])) == 10


def test_a_reply_to_an_outreach_request_waits_on_today(
    services, scan, dovecot, certificates, people, clock
) -> None:
    # Asked from NetDesk: the request remembers the email's Message-ID.
    asked = Draft(
        "Dana Cruz",
        "dana.cruz@example.org",
        "20 minutes?",
        "Hi Dana",
        contact_id=people["dana"],
        purpose="outreach",
        message_id=DANA_ASKED,
    )
    services.mail.drafts.record_sent(asked, when=at(2, 9))
    (request,) = services.outreach.list(contact_id=people["dana"])
    sent_on = date(2026, 11, 2)
    waiting = services.outreach.add(people["mia"], sent_on=sent_on, channel="email")
    append(dovecot, certificates, "Sent", [  # the same email, found in Sent: one entry
        message(ME, "dana.cruz@example.org", at(2, 9), DANA_ASKED),
    ])  # fmt: skip
    append(dovecot, certificates, "INBOX", [
        message("dana.cruz@example.org", ME, at(1), "old@x"),  # before the request
        message("Dana <danac@gmail.com>", ME, at(4), "re@x", in_reply_to=DANA_ASKED),
        message("mia@northwind.example", ME, at(1, 8), "older@x"),
    ])  # fmt: skip
    result = scan.scan()
    assert result.replies == 1
    assert [entry[2] for entry in timeline(services, people["dana"])] == [
        "Email received",
        "Email: 20 minutes?",
        "Email received",
    ]
    rows = dict(services.db.execute_sql("SELECT id, reply_at FROM outreach").fetchall())
    assert rows[request.id].startswith("2026-11-04") and rows[waiting.id] is None


def test_a_person_left_out_of_mail_tracking_is_not_matched(
    services, scan, dovecot, certificates, people
) -> None:
    services.db.execute_sql("UPDATE contact SET track_mail = 0 WHERE id = ?", (people["dana"],))
    append(dovecot, certificates, "INBOX", [message("dana.cruz@example.org", ME, at(5), "a@x")])
    assert scan.scan().interactions == 0
    assert timeline(services, people["dana"]) == []


def test_a_chosen_archive_folder_is_read_too(services, scan, dovecot, certificates, people):
    append(dovecot, certificates, "Archive/2025", [
        message("mia@northwind.example", ME, at(1) - timedelta(days=300), "arch@x")
    ])  # fmt: skip
    assert scan.scan().interactions == 0
    scan.set_archives(["Archive/2025"])
    result = scan.scan()
    assert result.folders == ["Sent", "INBOX", "Archive/2025"] and result.interactions == 1
