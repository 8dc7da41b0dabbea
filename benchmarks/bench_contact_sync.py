"""People and a real Radicale address book in step, as cron runs it: whole
`python -m netdesk sync --password-file F` processes (start-up included).

    .venv/bin/python benchmarks/bench_contact_sync.py [--people 2000]

Prints:
  first      the first sync of --people real relationships (names, organisations,
             roles, emails, phones, tags, notes) to an empty address book (target < 20 s)
  baseline   a bare process PUTting the same number of small cards one by one with the
             same HTTP library over the same TLS into an empty address book of a fresh
             Radicale: the floor any client meets there; and the ratio
  again      a sync with nothing changed (target < 1 s), median of 5; beside it the
             floor: a bare process asking the server once what changed since the
             same sync-token (the one request such a pass cannot skip)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.calendarservers import (  # noqa: E402
    CALENDAR_PASSWORD,
    CALENDAR_USER,
    make_addressbook,
    start_radicale,
    stop_radicale,
)
from tests.mailservers import make_certificates  # noqa: E402

FIRST_TARGET_S, AGAIN_TARGET_S = 20, 1
BASELINE = """
import sys, niquests
session = niquests.Session()
session.auth = (sys.argv[3], sys.argv[4])
for n in range(int(sys.argv[5])):
    card = f"BEGIN:VCARD\\r\\nVERSION:3.0\\r\\nUID:b{n}\\r\\nFN:Person {n}\\r\\nEND:VCARD\\r\\n"
    r = session.put(f"{sys.argv[2]}b{n}.vcf", data=card.encode(),
                    headers={"Content-Type": "text/vcard", "If-None-Match": "*"},
                    verify=sys.argv[1])
    assert r.status_code in (201, 204), r.status_code
"""


ASK_CHANGES = """
import sys, niquests
session = niquests.Session()
session.auth = (sys.argv[3], sys.argv[4])
body = ('<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>'
        + sys.argv[5] + '</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/>'
        '</D:prop></D:sync-collection>')
r = session.request("REPORT", sys.argv[2], data=body, verify=sys.argv[1],
                    headers={"Depth": "1", "Content-Type": "application/xml"})
assert r.status_code == 207, r.status_code
"""


def netdesk(data: Path, *args: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "netdesk", *args, "--data-dir", str(data)],
        env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - start


def people_cards(path: Path, count: int) -> Path:
    """A vCard file of *count* people, imported as real relationships."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            out.write(
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"FN:Person {n} Müller\r\nN:Müller;Person {n};;;\r\n"
                f"ORG:Company {n % 97}\r\nTITLE:Role {n % 13}\r\n"
                f"EMAIL:person{n}@example.org\r\nTEL:+49 30 {1000000 + n}\r\n"
                f"CATEGORIES:tag{n % 7}\r\nNOTE:Met at the data meetup {n % 31}\r\n"
                "END:VCARD\r\n"
            )
    return path


def ask_changes(folder: Path, certificates, book: str, data: Path) -> float:
    import sqlite3

    with sqlite3.connect(data / "netdesk.sqlite3") as db:
        (token,) = db.execute("SELECT sync_token FROM contacts_account").fetchone()
    script = folder / "ask.py"
    script.write_text(ASK_CHANGES)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(script), str(certificates.ca), book, CALENDAR_USER,
         CALENDAR_PASSWORD, token], check=True,
    )  # fmt: skip
    return time.perf_counter() - start


def bare_puts(folder: Path, certificates, count: int) -> float:
    """The floor: the same number of cards PUT one by one, on a server of its own."""
    server = start_radicale(certificates)
    try:
        book = make_addressbook(server, certificates.ca, "Baseline")
        script = folder / "baseline.py"
        script.write_text(BASELINE)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(script), str(certificates.ca), book, CALENDAR_USER,
             CALENDAR_PASSWORD, str(count)], check=True,
        )  # fmt: skip
        return time.perf_counter() - start
    finally:
        stop_radicale(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        certificates = make_certificates(folder / "tls")
        env = {**os.environ, "SSL_CERT_FILE": str(certificates.ca)}
        server = start_radicale(certificates)
        try:
            book = make_addressbook(server, certificates.ca)
            data = folder / "data"
            netdesk(data, "import", str(people_cards(folder / "people.vcf", args.people)), env=env)
            secret = folder / "password"
            secret.write_text(CALENDAR_PASSWORD)
            netdesk(data, "accounts", "set", "contacts", "--server", server.url, "--user",
                    CALENDAR_USER, "--scope", "everyone", "--password-file", str(secret),
                    env=env)  # fmt: skip
            sync = ("sync", "--password-file", str(secret))
            first = netdesk(data, *sync, env=env)
            again = statistics.median(netdesk(data, *sync, env=env) for _ in range(5))
            floor = statistics.median(
                ask_changes(folder, certificates, book, data) for _ in range(5)
            )
        finally:
            stop_radicale(server)
        baseline = bare_puts(folder, certificates, args.people)
    print(f"{args.people:,} people, a local Radicale over TLS")
    print(f"first      {first:6.2f} s   (target < {FIRST_TARGET_S} s)")
    print(f"baseline   {baseline:6.2f} s   (bare PUTs); first / baseline: {first / baseline:.1f}x")
    print(f"again      {again:6.2f} s   median of 5 (target < {AGAIN_TARGET_S} s)")
    print(f"floor      {floor:6.2f} s   (one bare request); again / floor: {again / floor:.1f}x")
    if first >= FIRST_TARGET_S or again >= AGAIN_TARGET_S:
        sys.exit(1)


if __name__ == "__main__":
    main()
