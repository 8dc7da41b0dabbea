"""Real Radicale and Xandikos (CalDAV, CardDAV) on loopback for the calendar and contact
tests: each started by the test in a process of its own, TLS with a certificate the
test's own CA signed (clients verify it exactly as the app verifies servers), one user
with an htpasswd password the server itself checks."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tests.mailservers import HOST, Certificates, free_port

Server = TypeVar("Server", "Radicale", "Xandikos")

CALENDAR_USER = "ada"
CALENDAR_PASSWORD = "calendar horse 9 staple"

CONFIG = """\
[server]
hosts = {host}:{port}
ssl = True
certificate = {cert}
key = {key}

[auth]
type = htpasswd
htpasswd_filename = {root}/users
htpasswd_encryption = plain

[storage]
filesystem_folder = {root}/collections

[rights]
type = owner_only

[logging]
level = warning
"""
# Radicale with the file above; a test's server need not survive a power cut, so its
# storage skips the fsync of every request (56 ms each on this machine), an option only
# Radicale's own code (not a config file) may set.
LAUNCH = (
    "import sys; from radicale import config, server; "
    "c = config.load([(sys.argv[1], False)]); "
    "c.update({'storage': {'_filesystem_fsync': 'False'}}, 'tests', privileged=True); "
    "server.serve(c)"
)


@dataclass
class Radicale:
    root: Path
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.port}/"

    @property
    def user_url(self) -> str:
        return f"{self.url}{CALENDAR_USER}/"

    @property
    def addressbook_home(self) -> str:
        return self.user_url


# Xandikos serves TLS itself (--autocert) and checks Basic logins itself (--htpasswd); its
# --autocert would make a self-signed certificate, so the launch hands it the one the
# test's CA signed instead (the only line of test code between the client and the server).
XANDIKOS_LAUNCH = (
    "import sys, asyncio; from xandikos import autocert; from xandikos.__main__ import main; "
    "autocert.ensure_self_signed = lambda cert_dir, hostname='': (sys.argv[1], sys.argv[2]); "
    "sys.exit(asyncio.run(main(sys.argv[3:])))"
)


@dataclass
class Xandikos:
    root: Path
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.port}/"

    @property
    def user_url(self) -> str:
        return f"{self.url}{CALENDAR_USER}/"

    @property
    def addressbook_home(self) -> str:
        return f"{self.user_url}contacts/"


def start_xandikos(certificates: Certificates) -> Xandikos:
    root = Path(tempfile.mkdtemp(prefix="netdesk-xandikos-"))
    digest = base64.b64encode(hashlib.sha1(CALENDAR_PASSWORD.encode()).digest()).decode()
    (root / "users").write_text(f"{CALENDAR_USER}:{{SHA}}{digest}\n", encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", XANDIKOS_LAUNCH, str(certificates.cert), str(certificates.key),
         "serve", "-d", str(root / "collections"), "--state-dir", str(root / "state"),
         "--autocreate", "--current-user-principal", f"/{CALENDAR_USER}/",
         "-l", HOST, "-p", str(port), "--autocert", "--htpasswd", str(root / "users")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip
    return _listening(Xandikos(root, port, process), "xandikos")


def start_radicale(certificates: Certificates) -> Radicale:
    root = Path(tempfile.mkdtemp(prefix="netdesk-radicale-"))
    (root / "users").write_text(f"{CALENDAR_USER}:{CALENDAR_PASSWORD}\n", encoding="utf-8")
    port = free_port()
    config = root / "config"
    config.write_text(
        CONFIG.format(
            host=HOST, port=port, cert=certificates.cert, key=certificates.key, root=root
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    return _listening(Radicale(root, port, process), "radicale")


def _listening(server: Server, name: str) -> Server:
    """The server once it accepts connections; stopped, and its output told, if it died."""
    process, port = server.process, server.port
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            stop_radicale(server)
            raise RuntimeError(f"{name} exited: {output}")
        try:
            socket.create_connection((HOST, port), 0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    stop_radicale(server)
    raise RuntimeError(f"{name} did not start listening")


def stop_radicale(server: Radicale | Xandikos) -> None:
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


stop_xandikos = stop_radicale


def make_addressbook(server: Radicale | Xandikos, ca: Path, name: str = "Contacts") -> str:
    """An address book on the server, as a phone's account set-up makes one; its URL."""
    import caldav

    client = caldav.DAVClient(
        url=server.url, username=CALENDAR_USER, password=CALENDAR_PASSWORD, ssl_verify_cert=str(ca)
    )
    url = f"{server.addressbook_home}{name.lower()}/"
    body = (
        '<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" '
        'xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype>'
        f"<D:collection/><C:addressbook/></D:resourcetype><D:displayname>{name}"
        "</D:displayname></D:prop></D:set></D:mkcol>"
    )
    response = client.request(url, "MKCOL", body, {"Content-Type": "application/xml"})
    assert response.status == 201, response.status
    return url
