"""A real Radicale (CalDAV) on loopback for the calendar tests: started by the test in a
process of its own, TLS with a certificate the test's own CA signed (clients verify it
exactly as the app verifies servers), one user with a plain htpasswd password."""

from __future__ import annotations

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

from tests.mailservers import HOST, Certificates, free_port

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
    server = Radicale(root, port, process)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            stop_radicale(server)
            raise RuntimeError(f"radicale exited: {output}")
        try:
            socket.create_connection((HOST, port), 0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    stop_radicale(server)
    raise RuntimeError("radicale did not start listening")


def stop_radicale(server: Radicale) -> None:
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


def make_addressbook(server: Radicale, ca: Path, name: str = "Contacts") -> str:
    """An address book on the server, as a phone's account set-up makes one; its URL."""
    import caldav

    client = caldav.DAVClient(
        url=server.url, username=CALENDAR_USER, password=CALENDAR_PASSWORD, ssl_verify_cert=str(ca)
    )
    url = f"{server.user_url}{name.lower()}/"
    body = (
        '<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" '
        'xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype>'
        f"<D:collection/><C:addressbook/></D:resourcetype><D:displayname>{name}"
        "</D:displayname></D:prop></D:set></D:mkcol>"
    )
    response = client.request(url, "MKCOL", body, {"Content-Type": "application/xml"})
    assert response.status == 201, response.status
    return url
