"""Filling a real dovecot with generated mail for the mail-scan tests and benchmark:
messages appended over IMAP as a mail program files them (threads, replies, lists,
non-ASCII names, encoded headers, broken dates, 8-bit junk)."""

from __future__ import annotations

import imaplib
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import format_datetime

from tests.mailservers import HOST, PASSWORD, USER, Certificates, Dovecot

ME = USER  # ada@example.org, the account's own address
# When the server got each message (its INTERNALDATE): fixed, never the wall clock.
RECEIVED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def message(
    sender: str,
    to: str,
    when: datetime | None,
    message_id: str,
    *,
    cc: str = "",
    in_reply_to: str = "",
    extra: Iterable[str] = (),
    date_text: str | None = None,
) -> bytes:
    lines = [f"From: {sender}", f"To: {to}"]
    if cc:
        lines.append(f"Cc: {cc}")
    if date_text is not None:
        lines.append(f"Date: {date_text}")
    elif when is not None:
        lines.append(f"Date: {format_datetime(when)}")
    lines.append(f"Message-ID: <{message_id}>")
    if in_reply_to:
        lines += [f"In-Reply-To: <{in_reply_to}>", f"References: <{in_reply_to}>"]
    lines += [*extra, "Subject: Hello", "MIME-Version: 1.0", "Content-Type: text/plain"]
    return ("\r\n".join(lines) + "\r\n\r\nA body the scan never reads.\r\n").encode("utf-8")


def fill_maildir(server: Dovecot, folder: str, messages: Iterable[bytes]) -> int:
    """Write *messages* straight into the account's Maildir (*folder*: "INBOX" or a
    folder name), as delivered mail; dovecot indexes them when next asked. Much faster
    than APPEND for tens of thousands. Returns how many were written."""
    import os

    home = server.root / "home" / USER.split("@")[0]
    maildir = home / "Maildir" if folder == "INBOX" else home / "Maildir" / f".{folder}"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    written = 0
    stamp = int(RECEIVED.timestamp())
    for number, raw in enumerate(messages):
        target = maildir / "cur" / f"{stamp + number}.M{number}P1.netdesk:2,S"
        target.write_bytes(raw)
        os.utime(target, (stamp + number, stamp + number))
        written += 1
    owner = (server.root / "home").stat()
    for root, dirs, files in os.walk(home):
        for name in dirs + files:
            os.chown(os.path.join(root, name), owner.st_uid, owner.st_gid)
    os.chown(home, owner.st_uid, owner.st_gid)
    return written


def connect(server: Dovecot, certificates: Certificates) -> imaplib.IMAP4_SSL:
    conn = imaplib.IMAP4_SSL(HOST, server.imaps_port, ssl_context=certificates.client_context())
    conn.login(USER, PASSWORD)
    return conn


def append(
    server: Dovecot, certificates: Certificates, folder: str, messages: Iterable[bytes]
) -> None:
    """APPEND each message to *folder* (created if missing), received at RECEIVED."""
    conn = connect(server, certificates)
    try:
        conn.create(f'"{folder}"')  # an existing folder answers NO: fine
        for raw in messages:
            status, data = conn.append(
                f'"{folder}"', "(\\Seen)", imaplib.Time2Internaldate(RECEIVED), raw
            )
            assert status == "OK", data
    finally:
        conn.logout()
