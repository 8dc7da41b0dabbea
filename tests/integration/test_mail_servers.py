"""Sending and saving drafts against real servers on loopback: aiosmtpd and dovecot.

TLS is verified throughout: the client trusts the test's own CA, exactly as the app
trusts the system's CAs, and a client that does not trust it refuses to talk.
"""

from __future__ import annotations

import ssl
from dataclasses import replace

import pytest

from netdesk.errors import MailError
from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.messages import Attachment, Draft, build_message
from netdesk.services.mail.transport import MailTransport
from tests.mailservers import (
    HOST,
    PASSWORD,
    UNICODE_PASSWORD,
    UNICODE_USER,
    USER,
    fetch_drafts,
    free_port,
    silent_server,
    start_dovecot,
    start_smtp,
    stop_dovecot,
)


@pytest.fixture
def transport(certificates) -> MailTransport:
    return MailTransport(ssl_context=certificates.client_context, timeout=5)


@pytest.fixture(params=["starttls", "tls"])
def smtp(request, certificates):
    server, stop = start_smtp(certificates, request.param)
    yield server
    stop()


@pytest.fixture
def dovecot(dovecot_server):
    return dovecot_server


def account_for(smtp=None, dovecot=None, imap_security: str = "tls") -> MailAccount:
    return MailAccount(
        display_name="Ada Example",
        address=USER,
        smtp_host=HOST if smtp else "",
        smtp_port=smtp.port if smtp else 587,
        smtp_security=smtp.security if smtp else "starttls",
        imap_host=HOST if dovecot else "",
        imap_port=(dovecot.imaps_port if imap_security == "tls" else dovecot.imap_port)
        if dovecot
        else 993,
        imap_security=imap_security,
        username=USER,
        keyring_service="NetDesk mail test",
    )


def thank_you_draft(to_address: str = "mia@example.org") -> Draft:
    return Draft(
        to_name="Mia Chen",
        to_address=to_address,
        subject="Thank you, Mia",
        body="Dear Mia,\n\nThank you for the coffee – and the tips on dbt.\n\nAda\n",
        attachments=[
            Attachment("Ada Example CV.pdf", "application/pdf", b"%PDF-1.4 fake resume"),
            Attachment("Coffee with Mia.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR"),
        ],
        contact_id=1,
        meeting_id=1,
        purpose="thank_you",
    )


# --- SMTP --------------------------------------------------------------------


def test_send_over_verified_tls_with_login(smtp, transport) -> None:
    account = account_for(smtp)
    message = build_message(account.display_name, account.address, thank_you_draft())
    transport.send(account, Secret(PASSWORD), message)

    (received,) = smtp.received
    assert smtp.logins == [USER]
    assert received.mail_from == USER and received.rcpt_tos == ["mia@example.org"]
    parsed = received.message
    assert parsed["From"] == "Ada Example <ada@example.org>"
    assert parsed["To"] == "Mia Chen <mia@example.org>"
    assert parsed["Subject"] == "Thank you, Mia"
    assert parsed["Message-ID"].endswith("@example.org>") and parsed["Date"]
    body = parsed.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body == thank_you_draft().body
    attachments = {a.get_filename(): a for a in parsed.iter_attachments()}
    assert attachments["Ada Example CV.pdf"].get_content() == b"%PDF-1.4 fake resume"
    assert attachments["Ada Example CV.pdf"].get_content_type() == "application/pdf"
    assert attachments["Coffee with Mia.ics"].get_content_type() == "text/calendar"


def test_test_connection_reports_smtp_login(smtp, transport) -> None:
    report = transport.test_connection(account_for(smtp), Secret(PASSWORD))
    assert report.ok and report.imap is None
    assert "logged in" in report.smtp.message


def test_wrong_password_says_so_and_never_echoes_it(smtp, transport) -> None:
    wrong = "not-the-password-42"
    message = build_message("Ada", USER, thank_you_draft())
    with pytest.raises(MailError) as caught:
        transport.send(account_for(smtp), Secret(wrong), message)
    assert caught.value.kind == "auth"
    assert "rejected the username or password" in str(caught.value)
    assert "app password" in str(caught.value)
    assert wrong not in str(caught.value) and wrong not in repr(caught.value)
    assert smtp.received == []
    # The draft is intact: the same message goes out once the password is right.
    transport.send(account_for(smtp), Secret(PASSWORD), message)
    assert len(smtp.received) == 1


def test_an_echoed_auth_line_does_not_carry_the_password_into_the_message(
    certificates, transport
) -> None:
    # The server answers a refused login with the base64 credentials it received:
    # smtplib puts that in the exception, and a plain search for the password misses it.
    import base64

    server, stop = start_smtp(certificates, "starttls", echo_auth=True)
    wrong = "echoed-Secret-99"
    try:
        with pytest.raises(MailError) as caught:
            transport.check_smtp(account_for(server), Secret(wrong))
    finally:
        stop()
    text = str(caught.value)
    assert caught.value.kind == "auth" and "535" in text and "••••" in text
    for needle in (
        wrong,
        base64.b64encode(wrong.encode()).decode(),
        base64.b64encode(f"\0{USER}\0{wrong}".encode()).decode(),
    ):
        assert needle not in text


def test_a_password_beyond_ascii_logs_in_over_smtp_and_imap(
    smtp, dovecot, certificates, transport
) -> None:
    # smtplib and imaplib encode credentials as ASCII: without UTF-8 AUTH PLAIN this was
    # a UnicodeEncodeError carrying the whole password, and no way to log in.
    account = replace(account_for(smtp, dovecot), address="zoe@example.org", username=UNICODE_USER)
    report = transport.test_connection(account, Secret(UNICODE_PASSWORD))
    assert report.ok, report
    assert smtp.logins == [UNICODE_USER]
    message = build_message("Zoë", account.address, thank_you_draft())
    transport.send(account, Secret(UNICODE_PASSWORD), message)
    assert len(smtp.received) == 1
    assert transport.save_draft(account, Secret(UNICODE_PASSWORD), message) == "Drafts"
    # A wrong one is a plain refusal, not an encoding error.
    with pytest.raises(MailError) as caught:
        transport.send(account, Secret("Fälsch-ünïcode"), message)
    assert caught.value.kind == "auth" and "Fälsch" not in str(caught.value)
    with pytest.raises(MailError) as caught:
        transport.check_imap(account, Secret("Fälsch-ünïcode"))
    assert caught.value.kind == "auth" and "Fälsch" not in str(caught.value)


def test_a_context_that_does_not_verify_is_refused(smtp, dovecot, certificates) -> None:
    def unverified() -> ssl.SSLContext:
        context = certificates.client_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context

    lax = MailTransport(ssl_context=unverified, timeout=5)
    report = lax.test_connection(account_for(smtp, dovecot), Secret(PASSWORD))
    assert not report.smtp.ok and not report.imap.ok
    assert "verify" in report.smtp.message and "verify" in report.imap.message
    assert smtp.logins == []


def test_a_server_without_login_is_explained(certificates, transport) -> None:
    # Before: smtplib's "SMTP AUTH extension not supported" came out as a TLS problem.
    server, stop = start_smtp(certificates, "tls", auth=False)
    try:
        with pytest.raises(MailError) as caught:
            transport.check_smtp(account_for(server), Secret(PASSWORD))
    finally:
        stop()
    assert caught.value.kind == "auth"
    assert "does not offer a login" in str(caught.value) and "587" in str(caught.value)


def test_recipient_refused(smtp, transport) -> None:
    message = build_message("Ada", USER, thank_you_draft("nobody@refused.example"))
    with pytest.raises(MailError) as caught:
        transport.send(account_for(smtp), Secret(PASSWORD), message)
    assert caught.value.kind == "refused"
    assert "nobody@refused.example" in str(caught.value) and "550" in str(caught.value)


def test_untrusted_certificate_is_a_tls_failure_not_a_silent_send(smtp) -> None:
    # The default context trusts only the system CAs: the test's self-signed CA fails.
    strict = MailTransport(ssl_context=ssl.create_default_context, timeout=5)
    with pytest.raises(MailError) as caught:
        strict.send(
            account_for(smtp), Secret(PASSWORD), build_message("Ada", USER, thank_you_draft())
        )
    assert caught.value.kind == "tls"
    assert "could not be verified" in str(caught.value)
    assert smtp.received == [] and smtp.logins == []


def test_wrong_security_setting_is_explained(certificates) -> None:
    server, stop = start_smtp(certificates, "tls")
    try:
        # STARTTLS to an implicit-TLS port: each side waits for the other to speak first.
        quick = MailTransport(ssl_context=certificates.client_context, timeout=0.5)
        account = replace(account_for(server), smtp_security="starttls")
        with pytest.raises(MailError) as caught:
            quick.check_smtp(account, Secret(PASSWORD))
    finally:
        stop()
    assert caught.value.kind == "timeout"
    assert "SMTP server 127.0.0.1" in str(caught.value)
    assert "465 = TLS, 587 = STARTTLS" in str(caught.value)


def test_server_down(transport) -> None:
    account = replace(account_for(None), smtp_host=HOST, smtp_port=free_port())
    with pytest.raises(MailError) as caught:
        transport.send(account, Secret(PASSWORD), build_message("Ada", USER, thank_you_draft()))
    assert caught.value.kind == "unreachable"
    assert "connection refused" in str(caught.value)


def test_server_that_never_answers_times_out(certificates) -> None:
    port, close = silent_server()
    try:
        quick = MailTransport(ssl_context=certificates.client_context, timeout=0.5)
        account = replace(account_for(None), smtp_host=HOST, smtp_port=port)
        with pytest.raises(MailError) as caught:
            quick.check_smtp(account, Secret(PASSWORD))
    finally:
        close()
    assert caught.value.kind == "timeout"
    assert "did not answer within 0.5 seconds" in str(caught.value)


def test_unknown_host_name(transport) -> None:
    account = replace(account_for(None), smtp_host="no-such-host.invalid", smtp_port=587)
    with pytest.raises(MailError) as caught:
        transport.check_smtp(account, Secret(PASSWORD))
    assert caught.value.kind == "unreachable"
    assert "could not be found" in str(caught.value)


# --- IMAP (dovecot) ---------------------------------------------------------


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_save_draft_lands_in_drafts_flagged_draft(dovecot, certificates, transport, security):
    account = account_for(None, dovecot, security)
    before = len(fetch_drafts(dovecot, certificates))
    message = build_message(account.display_name, account.address, thank_you_draft())
    mailbox = transport.save_draft(account, Secret(PASSWORD), message)
    assert mailbox == "Drafts"
    drafts = fetch_drafts(dovecot, certificates)
    assert len(drafts) == before + 1
    flags, raw = drafts[-1]
    assert b"\\Draft" in flags
    from email import message_from_bytes, policy

    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Thank you, Mia" and parsed["To"] == "Mia Chen <mia@example.org>"
    assert {a.get_filename() for a in parsed.iter_attachments()} == {
        "Ada Example CV.pdf",
        "Coffee with Mia.ics",
    }


@pytest.mark.parametrize(
    ("folder", "special_use", "wire"),
    [
        ("Entwürfe Ordner", True, "Entw&APw-rfe Ordner"),  # space and umlaut, marked
        ("Brouillons", False, "Brouillons"),  # not marked: found by its usual name
    ],
)
def test_drafts_folder_with_a_non_ascii_name_or_no_mark(
    certificates, transport, folder, special_use, wire
) -> None:
    server = start_dovecot(certificates, drafts=folder, special_use=special_use)
    try:
        account = account_for(None, server)
        assert transport.check_imap(account, Secret(PASSWORD)) == folder
        message = build_message(account.display_name, account.address, thank_you_draft())
        assert transport.save_draft(account, Secret(PASSWORD), message) == folder
        ((flags, raw),) = fetch_drafts(server, certificates, wire)
    finally:
        stop_dovecot(server)
    assert b"\\Draft" in flags and b"Subject: Thank you, Mia" in raw


def test_test_connection_checks_both_servers(smtp, dovecot, transport) -> None:
    account = account_for(smtp, dovecot)
    report = transport.test_connection(account, Secret(PASSWORD))
    assert report.ok, report
    assert "drafts go to “Drafts”" in report.imap.message

    wrong = transport.test_connection(account, Secret("wrong-password-99"))
    assert not wrong.ok and not wrong.smtp.ok and not wrong.imap.ok
    assert "SMTP server" in wrong.smtp.message and "IMAP server" in wrong.imap.message
    assert "wrong-password-99" not in wrong.smtp.message + wrong.imap.message


def test_imap_wrong_password_and_server_down(dovecot, transport) -> None:
    account = account_for(None, dovecot)
    message = build_message("Ada", USER, thank_you_draft())
    with pytest.raises(MailError) as caught:
        transport.save_draft(account, Secret("nope-nope"), message)
    assert caught.value.kind == "auth" and "AUTHENTICATIONFAILED" in str(caught.value)
    down = replace(account, imap_port=free_port())
    with pytest.raises(MailError) as caught:
        transport.save_draft(down, Secret(PASSWORD), message)
    assert caught.value.kind == "unreachable"


def test_a_missing_server_fails_in_ci_and_skips_elsewhere(monkeypatch) -> None:
    from tests.mailservers import require_binary

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must provide it"):
        require_binary("no-such-mail-server")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require_binary("no-such-mail-server")
