"""Security settings of the mail servers and the advice a failure gives: every switch
it names could work (a setting that fits its port, unencrypted only to this computer)."""

from __future__ import annotations

import itertools
import re
import socket
import ssl
from dataclasses import replace

import peewee
import pytest

from netdesk.db import migrations
from netdesk.errors import MailError
from netdesk.services.credentials import MemoryCredentialStore, Secret
from netdesk.services.mail.account import MailAccount, MailAccountService
from netdesk.services.mail.security import (
    PROBLEMS,
    SECURITY,
    SHORT,
    STANDARD_PORTS,
    CertificateInfo,
    Server,
    advice,
    fingerprint_of,
    is_loopback_address,
    is_loopback_host,
    normal_fingerprint,
    short_fingerprint,
    suggestions,
    wire,
)
from netdesk.services.mail.transport import MailTransport

FINGERPRINT = fingerprint_of(b"a certificate")
# Validation reads no table: a database that is never opened will do.
ACCOUNTS = MailAccountService(peewee.SqliteDatabase(None), MemoryCredentialStore())


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LocalHost", True),
        (" localhost ", True),
        ("localhost.", True),
        ("10.0.0.1", False),
        ("192.168.1.2", False),
        ("::ffff:10.0.0.1", False),
        ("mail.example.org", False),
        ("localhost.example.org", False),
        ("127.0.0.1.nip.io", False),
        ("", False),
    ],
)
def test_this_computer_is_told_by_ip_literal_or_localhost_never_by_dns(
    host, local, monkeypatch
) -> None:
    def no_dns(*args, **kwargs):
        raise AssertionError("asked DNS")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setattr(socket, "gethostbyname", no_dns)
    assert is_loopback_host(host) is local


def test_a_connection_that_ends_here() -> None:
    assert is_loopback_address("127.0.0.1") and is_loopback_address("::1")
    assert is_loopback_address("::ffff:127.0.0.1")
    assert not is_loopback_address("10.1.2.3") and not is_loopback_address("not an ip")


def test_fingerprints_are_colon_separated_hex_pairs() -> None:
    assert re.fullmatch(r"[0-9A-F]{2}(:[0-9A-F]{2}){31}", FINGERPRINT)
    assert normal_fingerprint(FINGERPRINT.lower().replace(":", "")) == FINGERPRINT
    assert normal_fingerprint(FINGERPRINT.replace(":", " ")) == FINGERPRINT
    assert normal_fingerprint("AB:CD") is None and normal_fingerprint("zz" * 32) is None
    assert short_fingerprint(FINGERPRINT) == FINGERPRINT[:11] + "…"


# --- advice ----------------------------------------------------------------------

HOSTS = ("127.0.0.1", "localhost", "::1", "mail.example.org", "192.168.1.5")
PORTS = (25, 143, 465, 587, 993, 1025, 1143, 2525)


def servers():
    for kind, host, port, security in itertools.product(("smtp", "imap"), HOSTS, PORTS, SECURITY):
        if security == "plain" and not is_loopback_host(host):
            continue  # cannot be saved, never connects
        yield Server(kind, host, port, security)


def test_every_suggested_switch_could_work() -> None:
    checked = 0
    for server, problem in itertools.product(servers(), PROBLEMS):
        tls_port = STANDARD_PORTS[(server.kind, "tls")]
        starttls_port = STANDARD_PORTS[(server.kind, "starttls")]
        for security, port in suggestions(problem, server, starttls_offered=True):
            case = (server, problem, security, port)
            assert security in SECURITY, case
            assert (security, port) != (server.security, server.port), case  # what failed
            assert not (security == "plain" and not server.loopback), case
            # Never TLS on 587/143/25 nor STARTTLS on 465/993, unless that very way of
            # talking just worked there (only the certificate was in question).
            if (wire(security), port) != (server.wire, server.port):
                if wire(security) == "tls":
                    assert port not in (starttls_port, 25), case
                if wire(security) == "starttls":
                    assert port != tls_port, case
            # The account with the switch made is one that can be saved.
            account = replace(
                MailAccount(address="ada@example.org"),
                **{
                    f"{server.kind}_host": server.host,
                    f"{server.kind}_port": port,
                    f"{server.kind}_security": security,
                },
            )
            assert ACCOUNTS.validate(account) == {}, case
            text = advice(problem, server, starttls_offered=True)
            named = "this port" if port == server.port else f"port {port}"
            if problem != "refused":
                assert f"“{SHORT[security]}” on {named}" in text, (case, text)
            checked += 1
    assert checked > 1000


def smtp(host="mail.example.org", port=587, security="starttls") -> Server:
    return Server("smtp", host, port, security)


def test_tls_on_587_is_told_to_use_starttls_there_or_tls_on_465() -> None:
    text = advice("tls_got_plain", smtp(port=587, security="tls"))
    assert "“STARTTLS (verified)” on this port or “TLS (verified)” on port 465" in text
    assert "“TLS (verified)” on this port" not in text


def test_starttls_on_465_that_hangs_is_told_to_use_tls_there() -> None:
    assert suggestions("silent", smtp(port=465, security="starttls")) == [("tls", 465)]
    # On the STARTTLS port itself a silence is the network's, not a wrong setting's.
    assert suggestions("silent", smtp(port=587, security="starttls")) == [("tls", 465)]
    assert suggestions("silent", Server("imap", "imap.example.org", 143, "starttls")) == [
        ("tls", 993)
    ]


def test_a_bridge_with_a_self_signed_certificate_is_told_to_trust_it() -> None:
    bridge = smtp("127.0.0.1", 1025, "starttls")
    assert suggestions("untrusted", bridge) == [("starttls_pinned", 1025)]
    text = advice("untrusted", bridge)
    assert "Proton Mail Bridge" in text and "Test connection" in text
    assert "“STARTTLS, trusting a certificate I checked” on this port" in text
    remote = advice("untrusted", smtp(security="tls", port=465))
    assert "intercepting" in remote and "administrator" in remote
    assert "“TLS, trusting a certificate I checked” on this port" in remote


def test_a_plain_relay_on_this_computer_is_told_to_use_this_computer_only() -> None:
    relay = smtp("localhost", 25, "starttls")
    assert suggestions("no_starttls", relay)[0] == ("plain", 25)
    assert advice("no_starttls", relay).startswith(
        "If this is a relay or a bridge on this computer (such as Proton Mail Bridge) that "
        "does not encrypt, choose “No encryption — this computer only” on this port;"
    )
    assert suggestions("no_auth", relay)[0] == ("plain", 25)


def test_another_computer_is_never_told_to_go_unencrypted() -> None:
    for problem in PROBLEMS:
        assert "No encryption" not in advice(problem, smtp("mail.example.org", 25, "starttls"))
    assert advice("no_starttls", smtp(port=25)) == (
        "Choose “STARTTLS (verified)” on port 587 or “TLS (verified)” on port 465."
    )


def test_trusted_certificates_stay_trusted_in_a_switch() -> None:
    # A pinned STARTTLS that hit a TLS-first port keeps trusting the checked certificate.
    assert suggestions("silent", smtp("127.0.0.1", 1025, "starttls_pinned"))[0] == (
        "tls_pinned",
        1025,
    )


def test_login_advice_knows_bridges_and_app_passwords() -> None:
    assert "app password" in advice("auth", smtp())
    local = advice("auth", smtp("127.0.0.1", 1025))
    assert "password the bridge shows" in local and "app password" in local


def test_connection_refused_on_this_computer_asks_whether_the_bridge_runs() -> None:
    assert "running" in advice("refused", smtp("127.0.0.1", 1025))
    assert advice("refused", smtp(port=2525)) == (
        "Check the server name and port (“STARTTLS (verified)” usually goes on port 587)."
    )


# --- errors become advice (the transport's mapping, without a network) --------------


class Fake(MailTransport):
    def __init__(self, certificate: CertificateInfo | None = None) -> None:
        super().__init__(timeout=2)
        self.certificate = certificate
        self.asked: list[Server] = []

    def peer_certificate(self, server: Server) -> CertificateInfo:
        self.asked.append(server)
        if self.certificate is None:
            raise ConnectionResetError("gone")
        return self.certificate


def explained(transport: MailTransport, server: Server, error: BaseException) -> MailError:
    with pytest.raises(MailError) as caught, transport._explained(server, Secret("pw-123456")):
        raise error
    return caught.value


def verification_error(message: str) -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] {message}")
    error.verify_message = message
    return error


def test_an_untrusted_certificate_carries_its_fingerprint() -> None:
    bridge = smtp("127.0.0.1", 1025)
    shown = CertificateInfo("smtp", "127.0.0.1", 1025, FINGERPRINT)
    fake = Fake(shown)
    error = explained(fake, bridge, verification_error("self-signed certificate"))
    assert error.kind == "tls" and fake.asked == [bridge]
    assert error.certificate == replace(shown, reason="self-signed certificate")
    assert "could not be verified (self-signed certificate)" in str(error)
    assert short_fingerprint(FINGERPRINT) in str(error)
    # If the certificate cannot be read, the refusal stands without it.
    error = explained(Fake(None), bridge, verification_error("self-signed certificate"))
    assert error.certificate is None and "could not be verified" in str(error)


def test_tls_answered_in_plain_text_is_a_starttls_port() -> None:
    error = explained(
        Fake(),
        smtp(port=587, security="tls"),
        ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"),
    )
    assert "did not start TLS" in str(error)
    assert "“STARTTLS (verified)” on this port or “TLS (verified)” on port 465" in str(error)


def test_timeouts_and_refusals_name_a_switch_that_could_work() -> None:
    error = explained(Fake(), smtp(port=465, security="starttls"), TimeoutError())
    assert error.kind == "timeout" and "“TLS (verified)” on this port" in str(error)
    error = explained(Fake(), smtp("127.0.0.1", 1025), ConnectionRefusedError())
    assert error.kind == "unreachable" and "Proton Mail Bridge" in str(error)


def test_a_pinned_refusal_keeps_its_certificate_through_the_scrubbing() -> None:
    changed = CertificateInfo("smtp", "127.0.0.1", 1025, FINGERPRINT, fingerprint_of(b"old"))
    error = explained(Fake(), smtp(), MailError("tls", "changed pw-123456", changed))
    assert error.certificate == changed and "pw-123456" not in str(error)


# --- the account ---------------------------------------------------------------------


def test_validation(tmp_path) -> None:
    db = peewee.SqliteDatabase(str(tmp_path / "db.sqlite3"))
    migrations.migrate(db)
    accounts = MailAccountService(db, MemoryCredentialStore())
    base = MailAccount(address="ada@example.org", smtp_host="localhost", smtp_port=25)
    assert accounts.validate(replace(base, smtp_security="plain")) == {}
    assert accounts.validate(replace(base, smtp_host="::1", smtp_security="plain")) == {}
    errors = accounts.validate(replace(base, smtp_host="relay.lan", smtp_security="plain"))
    assert "“relay.lan” is not one of them" in errors["smtp_security"]
    errors = accounts.validate(replace(base, imap_host="relay.lan", imap_security="plain"))
    assert "IMAP server" in errors["imap_security"]
    errors = accounts.validate(replace(base, smtp_security="tls_pinned", smtp_cert_sha256="AB"))
    assert "not a SHA-256 fingerprint" in errors["smtp_cert_sha256"]
    assert "smtp_security" in accounts.validate(replace(base, smtp_security="ssl"))
    db.close()


def test_the_schema_keeps_an_account_and_trusts_nothing_yet(tmp_path) -> None:
    number = migrations.MIGRATIONS.index(migrations.m009_mail_security) + 1
    db = peewee.SqliteDatabase(str(tmp_path / "db.sqlite3"))
    migrations.migrate(db, None, target=number - 1)
    db.execute_sql(
        "INSERT INTO mail_account (display_name, address, smtp_host, smtp_port, smtp_security, "
        "imap_host, imap_port, imap_security, username, signature, keyring_service, "
        "created_at, updated_at) VALUES ('Ada', 'ada@example.org', 'smtp.example.org', 465, "
        "'tls', 'imap.example.org', 143, 'starttls', 'ada', 'A.', 'NetDesk mail x', "
        "'2026-11-01 09:00:00', '2026-11-01 09:00:00')"
    )
    migrations.migrate(db, None, target=number)
    accounts = MailAccountService(db, MemoryCredentialStore())
    account = accounts.get()
    assert (account.smtp_port, account.smtp_security, account.imap_security) == (
        465,
        "tls",
        "starttls",
    )
    assert account.smtp_cert_sha256 is None and account.imap_cert_sha256 is None
    assert account.keyring_service == "NetDesk mail x"
    pinned, _ = accounts.save(
        replace(account, smtp_security="tls_pinned", smtp_cert_sha256=FINGERPRINT),
        Secret("pw"),
    )
    assert accounts.get() == pinned and pinned.smtp_cert_sha256 == FINGERPRINT
    with pytest.raises(peewee.IntegrityError):  # the table itself refuses other settings
        db.execute_sql("UPDATE mail_account SET smtp_security = 'ssl'")
    db.close()
