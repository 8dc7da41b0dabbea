"""Real setups beyond a CA-signed server: a bridge on this computer with a self-signed
certificate (trusted by its SHA-256 fingerprint), a plain relay on this computer, and a
certificate that changed after it was trusted. Real aiosmtpd and dovecot on loopback.
"""

from __future__ import annotations

import socket
from dataclasses import replace
from email import message_from_bytes, policy

import pytest

from netdesk.errors import MailError, ValidationError
from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.messages import build_message
from netdesk.services.mail.security import SHORT, short_fingerprint
from netdesk.services.mail.transport import MailTransport
from tests.integration.test_mail_servers import account_for, thank_you_draft
from tests.mailservers import (
    HOST,
    PASSWORD,
    USER,
    fetch_drafts,
    make_self_signed,
    start_dovecot,
    start_smtp,
    stop_dovecot,
)


@pytest.fixture(scope="module")
def bridge_cert(tmp_path_factory):
    """The certificate a local bridge made for itself."""
    return make_self_signed(tmp_path_factory.mktemp("bridge"))


@pytest.fixture(scope="module")
def other_cert(tmp_path_factory):
    """Another self-signed certificate: what the server shows after it changed."""
    return make_self_signed(tmp_path_factory.mktemp("other"))


@pytest.fixture
def transport(certificates) -> MailTransport:
    """Trusts the tests' CA (as the app trusts the system's), not the bridge's certificate."""
    return MailTransport(ssl_context=certificates.client_context, timeout=5)


def message():
    return build_message("Ada Example", USER, thank_you_draft())


# --- no encryption, this computer only ---------------------------------------------


@pytest.mark.parametrize("host", [HOST, "localhost"])
def test_a_plain_relay_on_this_computer_sends_with_login(certificates, transport, host) -> None:
    server, stop = start_smtp(certificates, "plain")
    try:
        account = replace(account_for(server), smtp_host=host, smtp_security="plain")
        report = transport.test_connection(account, Secret(PASSWORD))
        transport.send(account, Secret(PASSWORD), message())
    finally:
        stop()
    assert report.ok and "not encrypted: this computer only" in report.smtp.message
    assert server.logins == [USER, USER]
    (received,) = server.received
    assert received.message["Subject"] == "Thank you, Mia"


def test_a_plain_relay_that_needs_no_login_takes_the_mail(certificates, transport) -> None:
    server, stop = start_smtp(certificates, "plain", auth=False)
    try:
        account = replace(account_for(server), smtp_security="plain")
        report = transport.test_connection(account, None)
        transport.send(account, Secret(PASSWORD), message())
    finally:
        stop()
    assert report.ok and "without a login" in report.smtp.message, report
    assert server.auth_attempts == [] and len(server.received) == 1


@pytest.mark.parametrize("host", ["mail.example.org", "10.0.0.7", "127.0.0.1.example.org"])
def test_no_encryption_to_another_computer_is_refused_without_connecting(
    services, transport, monkeypatch, host
) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("connected")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)  # nor asks DNS
    account = replace(account_for(None), smtp_host=host, smtp_port=25, smtp_security="plain")
    with pytest.raises(MailError) as caught:
        transport.send(account, Secret(PASSWORD), message())
    assert caught.value.kind == "invalid"
    assert f"“{host}” is not one of them" in str(caught.value)
    assert "only talks to this computer" in str(caught.value)
    with pytest.raises(ValidationError) as refused:
        services.mail.accounts.save(account, Secret(PASSWORD))
    assert "choose STARTTLS or TLS" in refused.value.errors["smtp_security"]
    assert services.mail.accounts.get() is None
    imap = replace(account_for(None), imap_host=host, imap_port=143, imap_security="plain")
    with pytest.raises(MailError) as caught:
        transport.save_draft(imap, Secret(PASSWORD), message())
    assert caught.value.kind == "invalid"


def test_a_relay_that_wants_starttls_first_is_advised_to_use_it(certificates, transport) -> None:
    # No encryption chosen, but the server takes mail only after STARTTLS: the advice
    # is STARTTLS on this very port (which could work), not "check your settings".
    server, stop = start_smtp(certificates, "starttls")
    try:
        account = replace(account_for(server), smtp_security="plain")
        with pytest.raises(MailError) as caught:
            transport.send(account, Secret(PASSWORD), message())
    finally:
        stop()
    assert "530" in str(caught.value)
    assert f"“{SHORT['starttls']}” on this port" in str(caught.value)
    assert server.auth_attempts == [] and server.received == []


def test_starttls_to_a_relay_without_it_suggests_this_computer_only(
    certificates, transport
) -> None:
    server, stop = start_smtp(certificates, "plain", auth=False)
    try:
        account = replace(account_for(server), smtp_security="starttls")
        with pytest.raises(MailError) as caught:
            transport.check_smtp(account, Secret(PASSWORD))
    finally:
        stop()
    text = str(caught.value)
    assert caught.value.kind == "tls" and "does not offer STARTTLS" in text
    assert f"choose “{SHORT['plain']}” on this port" in text


def test_tls_on_a_starttls_port_suggests_starttls_there(certificates, transport) -> None:
    server, stop = start_smtp(certificates, "starttls")
    try:
        account = replace(account_for(server), smtp_security="tls")
        with pytest.raises(MailError) as caught:
            transport.check_smtp(account, Secret(PASSWORD))
    finally:
        stop()
    text = str(caught.value)
    assert "did not start TLS" in text, text
    # On this computer the port is the bridge's or relay's own: no provider's 465.
    assert text.endswith(f"choose “{SHORT['starttls']}” on this port.")
    assert server.auth_attempts == []


# --- a bridge's self-signed certificate, trusted by its fingerprint -------------------


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_self_signed_bridge_is_offered_then_trusted_and_sends(
    bridge_cert, transport, security
) -> None:
    server, stop = start_smtp(bridge_cert, security)
    try:
        account = account_for(server)
        with pytest.raises(MailError) as caught:
            transport.send(account, Secret(PASSWORD), message())
        report = transport.test_connection(account, Secret(PASSWORD))
        assert server.auth_attempts == [] and server.received == []  # nothing went over it

        offered = caught.value.certificate
        pinned = replace(
            account, smtp_security=f"{security}_pinned", smtp_cert_sha256=offered.fingerprint
        )
        transport.send(pinned, Secret(PASSWORD), message())
    finally:
        stop()
    text = str(caught.value)
    assert caught.value.kind == "tls" and "could not be verified" in text
    assert "self-signed" in text and "NetDesk did not log in" in text
    assert "usual for a bridge on this computer" in text and "Test connection" in text
    assert offered.fingerprint == bridge_cert.fingerprint  # worked out independently
    assert (offered.kind, offered.host, offered.port) == ("smtp", HOST, server.port)
    assert short_fingerprint(bridge_cert.fingerprint) in text
    assert not report.ok and report.smtp.certificate == offered
    assert server.logins == [USER]
    (received,) = server.received
    assert received.message["To"] == "Mia Chen <mia@example.org>"


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_changed_certificate_is_refused_before_the_password_is_sent(
    bridge_cert, other_cert, transport, security
) -> None:
    # Trusted: the bridge's certificate. The server now shows another one.
    server, stop = start_smtp(other_cert, security)
    try:
        account = replace(
            account_for(server),
            smtp_security=f"{security}_pinned",
            smtp_cert_sha256=bridge_cert.fingerprint,
        )
        with pytest.raises(MailError) as caught:
            transport.send(account, Secret(PASSWORD), message())
        report = transport.test_connection(account, Secret(PASSWORD))
    finally:
        stop()
    text = str(caught.value)
    assert text.startswith(
        f"The certificate of {HOST}:{server.port} changed since you trusted it "
        f"(trusted {short_fingerprint(bridge_cert.fingerprint)}, "
        f"now {short_fingerprint(other_cert.fingerprint)})."
    ), text
    assert "NetDesk did not log in" in text and "intercepting" in text
    assert PASSWORD not in text
    assert server.auth_attempts == [] and server.logins == [] and server.received == []
    changed = caught.value.certificate
    assert changed.changed and changed.trusted == bridge_cert.fingerprint
    assert changed.fingerprint == other_cert.fingerprint
    assert report.smtp.certificate == changed


def test_trusting_mode_with_nothing_trusted_yet_shows_the_certificate(
    bridge_cert, transport
) -> None:
    server, stop = start_smtp(bridge_cert, "starttls")
    try:
        account = replace(account_for(server), smtp_security="starttls_pinned")
        report = transport.test_connection(account, Secret(PASSWORD))
    finally:
        stop()
    assert not report.ok and "No certificate is trusted yet" in report.smtp.message
    assert report.smtp.certificate.fingerprint == bridge_cert.fingerprint
    assert server.auth_attempts == []


def test_a_pinned_account_survives_the_database(services, bridge_cert) -> None:
    accounts = services.mail.accounts
    accounts.save(
        MailAccount(
            address=USER,
            smtp_host=HOST,
            smtp_port=1025,
            smtp_security="starttls_pinned",
            smtp_cert_sha256=bridge_cert.fingerprint.lower().replace(":", ""),  # any form
        )
    )
    stored = accounts.get()
    assert stored.smtp_cert_sha256 == bridge_cert.fingerprint
    # Trust belongs to that server: another port, or verified mode, forgets it.
    moved, _ = accounts.save(replace(stored, smtp_port=1026))
    assert moved.smtp_cert_sha256 is None and accounts.get().smtp_cert_sha256 is None
    again, _ = accounts.save(replace(moved, smtp_cert_sha256=bridge_cert.fingerprint))
    assert accounts.get().smtp_cert_sha256 == bridge_cert.fingerprint
    accounts.save(replace(again, smtp_security="starttls"))
    assert accounts.get().smtp_cert_sha256 is None


# --- IMAP drafts on a bridge (dovecot with a self-signed certificate) --------------


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_drafts_on_a_self_signed_imap_server_after_trusting_it(
    bridge_cert, other_cert, transport, security
) -> None:
    server = start_dovecot(bridge_cert)
    try:
        account = account_for(None, server, security)
        with pytest.raises(MailError) as caught:
            transport.save_draft(account, Secret(PASSWORD), message())
        offered = caught.value.certificate
        assert offered.fingerprint == bridge_cert.fingerprint and offered.kind == "imap"
        assert "could not be verified" in str(caught.value)

        pinned = replace(
            account, imap_security=f"{security}_pinned", imap_cert_sha256=offered.fingerprint
        )
        assert transport.save_draft(pinned, Secret(PASSWORD), message()) == "Drafts"
        ((flags, raw),) = fetch_drafts(server, bridge_cert)  # a client trusting exactly it
        assert b"\\Draft" in flags
        assert message_from_bytes(raw, policy=policy.default)["Subject"] == "Thank you, Mia"

        # The same server trusted with another certificate: refused before any login.
        wrong = replace(pinned, imap_cert_sha256=other_cert.fingerprint)
        with pytest.raises(MailError) as caught:
            transport.save_draft(wrong, Secret(PASSWORD), message())
        log = server.log()
    finally:
        stop_dovecot(server)
    assert "changed since you trusted it" in str(caught.value)
    assert caught.value.certificate.trusted == other_cert.fingerprint
    # Dovecot logs every login: the pinned save and fetch_drafts; no other.
    assert log.count(f"Login: user=<{USER}>") == 2, log
