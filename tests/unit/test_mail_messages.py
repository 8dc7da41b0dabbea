"""Messages are built with EmailMessage: no header injection, mailto and .eml hand-offs."""

from __future__ import annotations

from email import message_from_bytes, policy
from urllib.parse import parse_qs, urlsplit

import pytest

from netdesk.errors import MailError
from netdesk.services.mail.messages import (
    MAILTO_LIMIT,
    Attachment,
    Draft,
    as_eml,
    build_message,
    mailto_url,
)


def draft(**changes) -> Draft:
    values = dict(
        to_name="Mia Chen",
        to_address="mia@example.org",
        subject="Thank you, Mia",
        body="Dear Mia,\n\nThanks!\n\nAda\n",
    )
    return Draft(**(values | changes))


def headers_of(raw: bytes) -> list[tuple[str, str]]:
    parsed = message_from_bytes(raw, policy=policy.default)
    return [(name.lower(), str(value)) for name, value in parsed.items()]


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\u2028", "\x85"])
def test_line_breaks_in_names_and_subjects_cannot_add_headers(breaker: str) -> None:
    evil = draft(
        to_name=f"Mia{breaker}Bcc: spy@evil.example",
        subject=f"Hello{breaker}Bcc: spy@evil.example{breaker}{breaker}injected body",
    )
    message = build_message(f"Ada{breaker}Cc: spy2@evil.example", "ada@example.org", evil)
    raw = message.as_bytes(policy=policy.SMTP)
    names = [name for name, _ in headers_of(raw)]
    assert "bcc" not in names and "cc" not in names
    assert names.count("subject") == 1 and names.count("to") == 1
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Hello Bcc: spy@evil.example injected body"
    assert parsed["To"].addresses[0].addr_spec == "mia@example.org"
    assert parsed["To"].addresses[0].display_name == "Mia Bcc: spy@evil.example"
    assert parsed.get_content().replace("\r\n", "\n") == "Dear Mia,\n\nThanks!\n\nAda\n"


@pytest.mark.parametrize(
    "address",
    ["mia@example.org\r\nBcc: spy@evil.example", "mia@example.org, spy@evil.example", "mia", ""],
)
def test_bad_recipient_addresses_are_refused_before_sending(address: str) -> None:
    with pytest.raises(MailError) as caught:
        build_message("Ada", "ada@example.org", draft(to_address=address))
    assert caught.value.kind == "invalid" and "\n" not in str(caught.value)


def test_non_ascii_names_and_subject_are_encoded() -> None:
    message = build_message(
        "Zoë Ångström", "zoe@example.org", draft(to_name="José Müller", subject="Danke – für alles")
    )
    raw = message.as_bytes(policy=policy.SMTP)
    assert raw.isascii()
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["From"] == "Zoë Ångström <zoe@example.org>"
    assert parsed["To"] == "José Müller <mia@example.org>"
    assert parsed["Subject"] == "Danke – für alles"


def test_mailto_for_short_plain_text_only() -> None:
    url = mailto_url(draft(subject="Thanks & more", body="Line one\nLine two"))
    assert url is not None and url.startswith("mailto:mia@example.org?")
    query = parse_qs(urlsplit(url).query)
    assert query["subject"] == ["Thanks & more"]
    assert query["body"] == ["Line one\r\nLine two"]
    assert mailto_url(draft(body="x" * MAILTO_LIMIT)) is None
    attached = draft(attachments=[Attachment("cv.pdf", "application/pdf", b"%PDF")])
    assert mailto_url(attached) is None


def test_eml_opens_as_an_unsent_draft_with_attachments() -> None:
    message = build_message(
        "Ada",
        "ada@example.org",
        draft(attachments=[Attachment("cv.pdf", "application/pdf", b"%PDF-1.4")]),
    )
    raw = as_eml(message)
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["X-Unsent"] == "1" and parsed["Subject"] == "Thank you, Mia"
    assert [a.get_filename() for a in parsed.iter_attachments()] == ["cv.pdf"]
    assert b"\r\n" in raw


def test_a_draft_for_the_mail_app_may_leave_the_sender_to_it() -> None:
    message = build_message("", "", draft())
    assert message["From"] is None and message["To"] == "Mia Chen <mia@example.org>"
    assert message["Message-ID"].endswith("@netdesk.local>")


def test_control_characters_never_reach_a_header() -> None:
    message = build_message(
        "Ada\x00\x1b", "ada@example.org", draft(to_name="Mia\x00 Chen", subject="Hi\x07 there\x7f")
    )
    raw = message.as_bytes(policy=policy.SMTP)
    assert not any(byte < 0x20 and byte not in b"\r\n\t" for byte in raw.split(b"\r\n\r\n")[0])
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Hi there" and parsed["To"] == "Mia Chen <mia@example.org>"


def test_an_internationalised_domain_goes_out_as_punycode() -> None:
    message = build_message("Ada", "ada@example.org", draft(to_address="mia@exämple.org"))
    raw = message.as_bytes(policy=policy.SMTP)
    assert b"To: Mia Chen <mia@xn--exmple-cua.org>" in raw


@pytest.mark.parametrize("address", ["josé@example.org", "mia@example.org\x00", "mia@exa\x01m.org"])
def test_addresses_a_server_cannot_take_are_refused_with_a_reason(address: str) -> None:
    # Before: an email.errors defect (a ValueError the dialog did not catch) or, at send
    # time, "does not offer … try the other security setting".
    with pytest.raises(MailError) as caught:
        build_message("Ada", "ada@example.org", draft(to_address=address))
    assert caught.value.kind == "invalid"
    if not address.isascii():
        assert "before the @" in str(caught.value)


def test_attachment_names_are_one_line_and_encoded() -> None:
    evil = Attachment("Résumé\r\nBcc: spy@evil.example.pdf", "application/pdf", b"%PDF")
    raw = build_message("Ada", "ada@example.org", draft(attachments=[evil])).as_bytes(
        policy=policy.SMTP
    )
    assert raw.isascii() and b"\r\nBcc:" not in raw
    (part,) = message_from_bytes(raw, policy=policy.default).iter_attachments()
    assert part.get_filename() == "Résumé Bcc: spy@evil.example.pdf"
    assert part.get_content_type() == "application/pdf"


def test_a_calendar_attachment_keeps_its_method_and_charset() -> None:
    ics = Attachment(
        "Coffee.ics",
        "text/calendar; method=PUBLISH; charset=utf-8",
        b"BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n",
    )
    raw = build_message("Ada", "ada@example.org", draft(attachments=[ics])).as_bytes(
        policy=policy.SMTP
    )
    (part,) = message_from_bytes(raw, policy=policy.default).iter_attachments()
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH" and part.get_content_charset() == "utf-8"
    assert part.get_filename() == "Coffee.ics"
    assert b"METHOD:PUBLISH" in part.get_payload(decode=True)
