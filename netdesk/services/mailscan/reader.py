"""Reading a mailbox over IMAP for the scan: which folders (Sent, INBOX, the archives the
user picked), each folder's state (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ), and the headers
of the messages after a UID, in batches. Read-only (EXAMINE, BODY.PEEK): nothing is
marked as read, nothing is changed on the server."""

from __future__ import annotations

import imaplib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from netdesk.services.mail.imap import Mailbox, _capabilities, _listed, _quoted
from netdesk.services.mailscan.messages import HEADER_FIELDS

BATCH = 500  # messages per FETCH and per transaction: a kill loses at most one batch
FETCH_ITEMS = f"(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})])"
# What mail programs call their sent folder when the server does not mark one \\Sent.
SENT_NAMES = (
    "sent", "sent items", "sent mail", "sent messages", "gesendet", "gesendete elemente",
    "gesendete objekte", "envoyés", "éléments envoyés", "enviados", "elementos enviados",
    "inviati", "posta inviata", "verzonden", "skickat", "sendt", "lähetetyt", "wysłane",
    "odeslané", "отправленные", "已发送", "送信済み", "보낸 편지함",
)  # fmt: skip
_UID = re.compile(rb"UID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
_STATUS_CODE = re.compile(rb"\[(UIDVALIDITY|UIDNEXT|HIGHESTMODSEQ) (\d+)\]", re.IGNORECASE)


@dataclass(frozen=True)
class ScanFolder:
    wire: str  # as the server spells it, for commands
    name: str  # as people read it
    role: str  # sent, inbox or archive


@dataclass(frozen=True)
class FolderStatus:
    uidvalidity: int
    uidnext: int | None
    highest_modseq: int | None  # None: the server offers no CONDSTORE


@dataclass(frozen=True)
class RawMessage:
    uid: int
    headers: bytes
    received_at: datetime | None  # INTERNALDATE: when the server got it


def scan_folders(conn: imaplib.IMAP4, archives: tuple[str, ...] = ()) -> list[ScanFolder]:
    """Sent (marked \\Sent, else a usual name), INBOX, and the archive folders named in
    *archives* (as people read them) or, when none is named, the one marked \\Archive."""
    mailboxes = [m for m in _listed(conn) if m.selectable]
    if "SPECIAL-USE" in _capabilities(conn):
        marked = {m.wire: m for m in _listed(conn, extra="RETURN (SPECIAL-USE)")}
        mailboxes = [marked.get(m.wire, m) for m in mailboxes]
    found: list[ScanFolder] = []
    sent = _marked(mailboxes, "\\sent") or _by_name(mailboxes, SENT_NAMES)
    if sent is not None:
        found.append(ScanFolder(sent.wire, sent.name, "sent"))
    inbox = next((m for m in mailboxes if m.wire.upper() == "INBOX"), None)
    if inbox is not None:
        found.append(ScanFolder(inbox.wire, "INBOX", "inbox"))
    wanted = {name.casefold() for name in archives}
    for mailbox in mailboxes:
        chosen = mailbox.name.casefold() in wanted if wanted else "\\archive" in mailbox.flags
        if chosen and mailbox.wire not in {f.wire for f in found}:
            found.append(ScanFolder(mailbox.wire, mailbox.name, "archive"))
    return found


def all_folder_names(conn: imaplib.IMAP4) -> list[str]:
    """Every selectable folder as people read it (for choosing the archives)."""
    return sorted((m.name for m in _listed(conn) if m.selectable), key=str.casefold)


def _marked(mailboxes: list[Mailbox], flag: str) -> Mailbox | None:
    return next((m for m in mailboxes if flag in m.flags), None)


def _by_name(mailboxes: list[Mailbox], names: tuple[str, ...]) -> Mailbox | None:
    by_leaf: dict[str, Mailbox] = {}
    for mailbox in mailboxes:
        by_leaf.setdefault(mailbox.leaf.casefold(), mailbox)
    return next((by_leaf[name] for name in names if name in by_leaf), None)


def examine(conn: imaplib.IMAP4, folder: ScanFolder) -> FolderStatus:
    """Open *folder* read-only (with CONDSTORE when offered, for its HIGHESTMODSEQ)."""
    condstore = "CONDSTORE" in _capabilities(conn)
    mailbox = _quoted(folder.wire)
    if condstore:
        status, data = conn._simple_command("EXAMINE", mailbox, "(CONDSTORE)")
    else:
        status, data = conn._simple_command("EXAMINE", mailbox)
    if status != "OK":
        raise imaplib.IMAP4.error(f"EXAMINE {folder.name} failed: {data!r}")
    conn.state = "SELECTED"
    conn.is_readonly = True  # imaplib's own EXAMINE bookkeeping (select(readonly=True))
    codes: dict[str, int] = {}
    for name in ("OK", "UIDVALIDITY", "UIDNEXT", "HIGHESTMODSEQ"):
        for line in conn.untagged_responses.pop(name, []) or []:
            text = line if isinstance(line, bytes) else str(line).encode()
            if name == "OK":
                for code, value in _STATUS_CODE.findall(text):
                    codes[code.decode().upper()] = int(value)
            elif text.strip().isdigit():
                codes[name] = int(text.strip())
    if "UIDVALIDITY" not in codes:
        raise imaplib.IMAP4.error(f"{folder.name}: the server gave no UIDVALIDITY")
    return FolderStatus(
        codes["UIDVALIDITY"],
        codes.get("UIDNEXT"),
        codes.get("HIGHESTMODSEQ") if condstore else None,
    )


def new_uids(conn: imaplib.IMAP4, after: int) -> list[int]:
    """The UIDs above *after*, in order ("n:*" also names the last message when it is
    below n: filtered out)."""
    status, data = conn.uid("SEARCH", f"UID {after + 1}:*")
    if status != "OK":
        raise imaplib.IMAP4.error(f"UID SEARCH failed: {data!r}")
    found = b" ".join(part for part in data if part).split()
    return sorted(uid for uid in (int(x) for x in found if x.isdigit()) if uid > after)


def fetch_headers(
    conn: imaplib.IMAP4, uids: list[int]
) -> Iterator[tuple[list[int], list[RawMessage]]]:
    """The headers of *uids*, BATCH messages at a time: (the UIDs asked, the messages
    found; one deleted meanwhile is missing)."""
    for start in range(0, len(uids), BATCH):
        chunk = uids[start : start + BATCH]
        status, data = conn.uid("FETCH", _uid_set(chunk), FETCH_ITEMS)
        if status != "OK":
            raise imaplib.IMAP4.error(f"UID FETCH failed: {data!r}")
        yield chunk, _parse_fetch(data)


def _uid_set(uids: list[int]) -> str:
    """'1:5,9,12:13' for [1, 2, 3, 4, 5, 9, 12, 13]."""
    ranges: list[str] = []
    first = last = uids[0]
    for uid in uids[1:]:
        if uid == last + 1:
            last = uid
            continue
        ranges.append(f"{first}:{last}" if last > first else str(first))
        first = last = uid
    ranges.append(f"{first}:{last}" if last > first else str(first))
    return ",".join(ranges)


def _parse_fetch(data: list) -> list[RawMessage]:
    messages = []
    for item in data:
        if not isinstance(item, tuple) or len(item) < 2:
            continue
        head, literal = item[0], item[1]
        uid = _UID.search(head)
        if uid is None:
            continue
        messages.append(RawMessage(int(uid.group(1)), literal or b"", _internal_date(head)))
    return messages


def _internal_date(head: bytes) -> datetime | None:
    match = _INTERNALDATE.search(head)
    if match is None:
        return None
    try:
        moment = datetime.strptime(match.group(1).decode("ascii"), "%d-%b-%Y %H:%M:%S %z")
    except (ValueError, UnicodeDecodeError):
        return None
    return moment.astimezone(UTC)
