"""RFC 2047 encoded words cannot smuggle headers in: names and subjects are decoded, then
made one line, and every message is checked after serialisation for headers NetDesk did
not write (the .eml, the bytes sent over SMTP and the draft appended over IMAP)."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage

import pytest

from netdesk.errors import MailError, UnsafeHeaders
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.headers import header_text, wire_bytes
from netdesk.services.mail.messages import Draft, as_eml, build_message
from netdesk.services.mail.transport import MailTransport
from netdesk.services.meetings.records import MeetingRecord
from netdesk.services.templates import EmailTemplate
from tests.frozen_time import TEST_NOW
from tests.mailservers import HOST, PASSWORD, USER, fetch_drafts

EVIL = "x@evil.example"
# Each decodes to "Eve", CR LF, "Bcc: x@evil.example".
ENCODED = {
    "q utf-8": "=?utf-8?q?Eve=0D=0ABcc:=20x@evil.example?=",
    "Q UTF-8 underscores": "=?UTF-8?Q?Eve=0D=0ABcc:_x@evil.example?=",
    "b utf-8": "=?utf-8?b?RXZlDQpCY2M6IHhAZXZpbC5leGFtcGxl?=",
    "q latin-1": "=?iso-8859-1?q?Eve=0D=0ABcc:=20x@evil.example?=",
    "b latin-1": "=?latin-1?B?RXZlDQpCY2M6IHhAZXZpbC5leGFtcGxl?=",
    "folded": "=?utf-8?q?Eve?=\r\n =?utf-8?q?=0D=0ABcc:_x@evil.example?=",
    "language tag": "=?utf-8*en?q?Eve=0D=0ABcc:=20x@evil.example?=",
    "raw CR LF": "Eve\r\nBcc: x@evil.example",
    "twice encoded": "=?utf-8?q?=3D=3Futf-8=3Fq=3FEve=3D0D=3D0ABcc:=3D20x@evil.example=3F=3D?=",
}
FORMS = list(ENCODED.values())
IDS = list(ENCODED)


def headers_of(raw: bytes) -> list[str]:
    return [name.lower() for name in message_from_bytes(raw, policy=policy.default)]


def assert_clean(raw: bytes, to: str = "eve@example.org", unsent: bool = False) -> None:
    """Only the headers NetDesk writes, each once; To holds the one intended address."""
    expected = ["from", "to", "subject", "date", "message-id", "content-type"]
    expected += ["content-transfer-encoding", "mime-version"]
    names = headers_of(raw)
    assert sorted(names) == sorted(expected + (["x-unsent"] if unsent else [])), names
    assert b"\nbcc:" not in raw.lower()
    parsed = message_from_bytes(raw, policy=policy.default)
    assert [a.addr_spec for a in parsed["To"].addresses] == [to]


@pytest.mark.parametrize("evil", FORMS, ids=IDS)
def test_header_text_decodes_then_makes_one_line(evil: str) -> None:
    assert header_text(evil) == "Eve Bcc: x@evil.example"


def test_header_text_keeps_real_letters_and_drops_bidi_overrides() -> None:
    assert header_text("=?iso-8859-1?q?Jos=E9?= =?utf-8?b?TcO8bGxlcg==?=") == "JoséMüller"
    assert header_text("=?utf-8?q?Jos=C3=A9?= M\u00fcller") == "José Müller"
    assert header_text("Eve\u202egro.live\u202c\x00\x1b  Smith") == "Evegro.live Smith"
    assert header_text("=?x-unknown?q?Eve=0AX?=") == "Eve X"
    assert header_text("Plain = ?text?") == "Plain = ?text?"


@pytest.mark.parametrize("evil", FORMS, ids=IDS)
def test_an_encoded_name_or_subject_adds_no_header_to_the_eml(evil: str) -> None:
    draft = Draft(to_name=evil, to_address="eve@example.org", subject=evil, body="Hi Eve")
    raw = as_eml(build_message(evil, "ada@example.org", draft))
    assert_clean(raw, unsent=True)
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Eve Bcc: x@evil.example"
    assert parsed["To"].addresses[0].display_name == "Eve Bcc: x@evil.example"


def test_a_header_the_library_smuggles_in_is_caught_after_serialisation() -> None:
    # Built without NetDesk's sanitiser: whatever the interpreter does with it, the bytes
    # either carry only NetDesk's headers or are refused.
    message = EmailMessage()
    message["From"] = Address("Ada", addr_spec="ada@example.org")
    message["To"] = Address("=?utf-8?q?Eve=0D=0ABcc:=20x@evil.example?=", addr_spec="e@x.org")
    message["Subject"] = "Hello"
    message.set_content("Hi")
    try:
        raw = message.as_bytes(policy=policy.SMTP)
    except Exception:  # an interpreter with the CVE-2024-6923 fix refuses by itself
        pytest.skip("this Python refuses to write the header at all")
    if b"\nbcc:" in raw.lower():  # the interpreter leaked: NetDesk must refuse
        with pytest.raises(UnsafeHeaders) as caught:
            wire_bytes(message)
        assert isinstance(caught.value, MailError) and caught.value.kind == "invalid"
        assert "\n" not in str(caught.value) and "Nothing was sent or saved." in str(caught.value)


def test_a_recipient_the_message_does_not_intend_is_refused() -> None:
    message = EmailMessage()
    message["From"] = "ada@example.org"
    message["To"] = "eve@example.org"
    message.set_content("Hi")
    wire_bytes(message)  # as intended: fine
    with pytest.raises(UnsafeHeaders):
        wire_bytes(message, recipients=["someone@else.example"])


# --- end to end: a person imported with such names, a real SMTP and IMAP server --------


@pytest.fixture
def evil_meeting(services):
    def make(evil: str) -> tuple[int, int]:
        eve = services.contacts.save(
            ContactRecord(
                given_name=evil,
                family_name=evil,
                display_name=f"{evil} {evil}",
                emails=["eve@example.org"],
            )
        )
        meeting = services.meetings.save(
            MeetingRecord(title=evil, status="held", starts_at=TEST_NOW, people=[eve.id])
        )
        return eve.id, meeting.id

    return make


def thank_you_with_title(services) -> EmailTemplate:
    return services.mail.templates.save(
        EmailTemplate(
            None, None, "thank_you", "Title", "{{ meeting_title }} {{ first_name }}", "Hi"
        )
    )


@pytest.mark.parametrize("evil", FORMS, ids=IDS)
def test_a_thank_you_to_such_a_person_is_sent_and_saved_without_extra_headers(
    evil: str, services, evil_meeting, certificates, smtp_server, dovecot_server
) -> None:
    contact_id, meeting_id = evil_meeting(evil)
    account, _ = services.mail.accounts.save(
        MailAccount(
            display_name=evil,
            address=USER,
            smtp_host=HOST,
            smtp_port=smtp_server.port,
            smtp_security="starttls",
            imap_host=HOST,
            imap_port=dovecot_server.imaps_port,
            imap_security="tls",
            username=USER,
        ),
        Secret(PASSWORD),
    )
    draft, _ = services.mail.drafts.compose(contact_id, meeting_id, thank_you_with_title(services))
    assert "\r" not in draft.subject + draft.to_name and "=?" not in draft.subject
    message = build_message(evil, USER, draft)
    assert_clean(as_eml(message), unsent=True)

    transport = MailTransport(ssl_context=certificates.client_context, timeout=5)
    secret = Secret(PASSWORD)
    transport.send(account, secret, message)
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["eve@example.org"]
    assert_clean(received.data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))

    before = len(fetch_drafts(dovecot_server, certificates))
    transport.save_draft(account, secret, message)
    drafts = fetch_drafts(dovecot_server, certificates)
    assert len(drafts) == before + 1
    assert_clean(drafts[-1][1])


def test_a_message_with_a_smuggled_header_never_reaches_a_server(
    services, certificates, smtp_server, dovecot_server
) -> None:
    message = EmailMessage()
    message["From"] = Address("Ada", addr_spec=USER)
    message["To"] = Address(ENCODED["b utf-8"], addr_spec="eve@example.org")
    message["Subject"] = "Hello"
    message.set_content("Hi")
    try:
        leaks = b"\nbcc:" in message.as_bytes(policy=policy.SMTP).lower()
    except Exception:
        leaks = False
    if not leaks:
        pytest.skip("this Python refuses to write the header at all")
    account = MailAccount(
        address=USER,
        smtp_host=HOST,
        smtp_port=smtp_server.port,
        smtp_security="starttls",
        imap_host=HOST,
        imap_port=dovecot_server.imaps_port,
        imap_security="tls",
        username=USER,
    )
    transport = MailTransport(ssl_context=certificates.client_context, timeout=5)
    before = len(fetch_drafts(dovecot_server, certificates))
    with pytest.raises(UnsafeHeaders, match="Bcc"):
        transport.send(account, Secret(PASSWORD), message)
    with pytest.raises(UnsafeHeaders, match="Bcc"):
        transport.save_draft(account, Secret(PASSWORD), message)
    assert smtp_server.received == []
    assert len(fetch_drafts(dovecot_server, certificates)) == before
