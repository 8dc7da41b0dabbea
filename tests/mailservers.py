"""Real mail servers on loopback for the tests: aiosmtpd (SMTP) and dovecot (IMAP).

Certificates are made at test time: a throwaway CA and a server certificate for
127.0.0.1 signed by it. Clients trust that CA through ssl.create_default_context(cafile=),
so verification stays on exactly as in the app. A self-signed certificate, as a local
bridge (Proton Mail Bridge) has, stands for servers no authority vouches for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

HOST = "127.0.0.1"
USER = "ada@example.org"
PASSWORD = "correct horse 7 battery"  # a distinctive string the leak test searches for
# A second account whose login and password go beyond ASCII (UTF-8 on the wire).
UNICODE_USER = "zoë@example.org"
UNICODE_PASSWORD = "Grüße aus Köln – 7 ünïcode"


def require_binary(name: str) -> str:
    """The binary's path; outside CI a missing server skips, in CI (CI=true) it fails."""
    path = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None
    )
    if path:
        return path
    message = f"{name} is not installed (Debian: see TEST_PACKAGES in packaging/quickstart.sh)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI must provide it")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Certificates:
    ca: Path
    cert: Path
    key: Path

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert), str(self.key))
        return context

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the server certificate (DER), "AB:CD:…", worked out here on its own."""
        der = ssl.PEM_cert_to_DER_cert(self.cert.read_text(encoding="ascii"))
        return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


def make_self_signed(folder: Path, common_name: str = HOST) -> Certificates:
    """A self-signed certificate for 127.0.0.1 (as Proton Mail Bridge makes its own): no
    authority signed it, so a verifying client refuses it. Its own file stands as the
    "CA" for a client that trusts exactly it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    paths = Certificates(folder / "self-signed.pem", folder / "self-signed.pem", folder / "key.pem")
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


def make_certificates(folder: Path) -> Certificates:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "NetDesk test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    paths = Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    paths.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


# --- SMTP ------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


@dataclass
class SmtpServer:
    port: int
    security: str  # "starttls", "tls" or "plain"
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    auth_attempts: list[str] = field(default_factory=list)  # every AUTH, right or wrong


class _Handler:
    def __init__(self, server: SmtpServer, offer_auth: bool = True) -> None:
        self._server = server
        self._offer_auth = offer_auth

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self._offer_auth:
            return responses
        return [line for line in responses if not line[4:].upper().startswith("AUTH")]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        self._server.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(data))
        )
        return "250 Message accepted for delivery"


def start_smtp(
    certificates: Certificates,
    security: str = "starttls",
    port: int | None = None,
    echo_auth: bool = False,
    auth: bool = True,
    login_required: bool = False,
):
    """A real SMTP server with AUTH (only after TLS) on a free loopback port; returns
    (server record, stop function). *echo_auth*: a refused login is answered with the
    credentials the client sent, base64 as received (some servers do echo the line).
    *auth* False: a relay that offers no login at all (no AUTH in EHLO).
    *security* "plain": no encryption at all, AUTH offered in the clear (a relay on this
    computer); *certificates* is then unused. *login_required*: mail only after AUTH."""
    import base64

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    record = SmtpServer(port or free_port(), security)
    accounts = {USER: PASSWORD, UNICODE_USER: UNICODE_PASSWORD}

    def authenticate(server, session, envelope, mechanism, auth_data):
        record.auth_attempts.append(mechanism)
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode("utf-8", "replace")
        if login in accounts and auth_data.password.decode("utf-8", "replace") == accounts[login]:
            record.logins.append(login)
            return AuthResult(success=True)
        if echo_auth:
            sent = (
                b"\0" + auth_data.login + b"\0" + auth_data.password
                if mechanism == "PLAIN"
                else auth_data.password
            )
            token = base64.b64encode(sent).decode()
            return AuthResult(
                success=False,
                handled=False,
                message=f"535 5.7.8 Authentication failed for AUTH {mechanism} {token}",
            )
        return AuthResult(success=False, handled=False)  # handled=True would hang the client

    common = dict(hostname=HOST, port=record.port, authenticator=authenticate)
    if security == "plain":
        controller = Controller(
            _Handler(record, auth),
            auth_require_tls=False,
            auth_required=login_required,
            **common,
        )
    elif security == "tls":
        controller = Controller(
            _Handler(record, auth),
            ssl_context=certificates.server_context(),
            auth_require_tls=False,  # the whole connection is TLS already
            **common,
        )
    else:
        controller = Controller(
            _Handler(record, auth),
            tls_context=certificates.server_context(),
            require_starttls=True,
            auth_require_tls=True,
            **common,
        )
    controller.start()
    return record, controller.stop


def silent_server() -> tuple[int, callable]:
    """Accepts connections and never says a word: for timeouts."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen(5)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def close() -> None:
        stop.set()
        thread.join(2)
        for conn in accepted:
            conn.close()
        listener.close()

    return listener.getsockname()[1], close


# --- IMAP (dovecot) ----------------------------------------------------------

DOVECOT_CONF = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = {host}
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain login
auth_failure_delay = 0
# Any characters in a login name: UNICODE_USER logs in too.
auth_username_chars =
first_valid_uid = 1
first_valid_gid = 1
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%n
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
  mailbox {drafts} {{
    {drafts_special_use}
    auto = subscribe
  }}
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
# No growing delay after failed logins (the tests fail some on purpose).
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = {host}
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = {host}
    port = {imaps_port}
    ssl = yes
  }}
}}
"""


@dataclass
class Dovecot:
    root: Path
    imap_port: int  # STARTTLS
    imaps_port: int  # implicit TLS
    process: subprocess.Popen

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _die_with_parent() -> None:
    """Linux: SIGTERM the server if the test process dies (a crash skips teardown)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_dovecot(
    certificates: Certificates, drafts: str = "Drafts", special_use: bool = True
) -> Dovecot:
    """Dovecot as a private IMAP server (passwd-file users, maildir with a drafts folder
    called *drafts*, marked \\Drafts when *special_use*)."""
    binary = require_binary("dovecot")
    # Outside pytest's owner-only tmp: the mail user must be able to reach its maildir.
    root = Path(tempfile.mkdtemp(prefix="netdesk-dovecot-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        mail_user = pwd.getpwnam("nobody")
        users = ""
    else:  # an unprivileged dovecot runs everything as the current user
        mail_user = pwd.getpwuid(os.getuid())
        users = (
            f"default_login_user = {mail_user.pw_name}\n"
            f"default_internal_user = {mail_user.pw_name}\n"
            f"default_internal_group = {mail_user.pw_name}\n"
        )
    home = root / "home"
    home.mkdir()
    os.chown(home, mail_user.pw_uid, mail_user.pw_gid)
    (root / "passwd").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}\n{UNICODE_USER}:{{PLAIN}}{UNICODE_PASSWORD}\n",
        encoding="utf-8",
    )
    certs = root / "tls"
    certs.mkdir()
    shutil.copy(certificates.cert, certs / "cert.pem")
    shutil.copy(certificates.key, certs / "key.pem")
    imap_port, imaps_port = free_port(), free_port()
    (root / "dovecot.conf").write_text(
        DOVECOT_CONF.format(
            root=root,
            host=HOST,
            cert=certs / "cert.pem",
            key=certs / "key.pem",
            users=users,
            uid=mail_user.pw_uid,
            gid=mail_user.pw_gid,
            imap_port=imap_port,
            imaps_port=imaps_port,
            drafts='"' + drafts.replace('"', '\\"') + '"',
            drafts_special_use="special_use = \\Drafts" if special_use else "",
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [binary, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
    )
    server = Dovecot(root, imap_port, imaps_port, process)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            stop_dovecot(server)
            raise RuntimeError(f"dovecot exited: {output}\n{server.log()}")
        try:
            socket.create_connection((HOST, imaps_port), 0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    stop_dovecot(server)
    raise RuntimeError(f"dovecot did not start listening:\n{server.log()}")


def stop_dovecot(server: Dovecot) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)
    if server.process.stdout:
        server.process.stdout.close()
    shutil.rmtree(server.root, ignore_errors=True)


# --- fixtures (import them into a test module to use them) -------------------


@pytest.fixture(scope="session")
def certificates(tmp_path_factory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp_server(certificates):
    """STARTTLS on a submission-style port, AUTH only after TLS."""
    server, stop = start_smtp(certificates, "starttls")
    yield server
    stop()


@pytest.fixture(scope="session")
def dovecot_server(certificates):
    server = start_dovecot(certificates)
    yield server
    stop_dovecot(server)


def fetch_drafts(
    server: Dovecot, certificates: Certificates, mailbox: str = "Drafts"
) -> list[tuple[bytes, bytes]]:
    """(FLAGS response, raw message) for everything in *mailbox* (its wire name, modified
    UTF-7), read as a mail app would."""
    import imaplib

    conn = imaplib.IMAP4_SSL(HOST, server.imaps_port, ssl_context=certificates.client_context())
    try:
        conn.login(USER, PASSWORD)
        status, _ = conn.select(f'"{mailbox}"', readonly=True)
        assert status == "OK"
        _, numbers = conn.search(None, "ALL")
        found = []
        for number in numbers[0].split():
            _, data = conn.fetch(number, "(FLAGS BODY.PEEK[])")
            found.append((data[0][0], data[0][1]))
        return found
    finally:
        conn.logout()
