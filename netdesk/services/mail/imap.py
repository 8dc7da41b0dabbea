"""IMAP mailboxes: LIST responses, names in modified UTF-7, and finding the Drafts folder
(marked \\Drafts, by SPECIAL-USE or XLIST, else by a usual name in many languages)."""

from __future__ import annotations

import base64
import binascii
import imaplib
import re
from contextlib import suppress
from dataclasses import dataclass

from netdesk.errors import MailError

_LIST_LINE = re.compile(
    rb'^\((?P<flags>[^)]*)\) (?P<delimiter>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$', re.IGNORECASE
)
# What mail programs call their drafts folder when the server does not mark one \Drafts.
DRAFTS_NAMES = (
    "drafts", "draft", "entwürfe", "brouillons", "borradores", "bozze", "rascunhos",
    "concepten", "utkast", "kladder", "udkast", "luonnokset", "szkice", "koncepty",
    "piszkozatok", "ciorne", "taslaklar", "черновики", "草稿", "下書き", "임시 보관함",
)  # fmt: skip


@dataclass(frozen=True)
class Mailbox:
    wire: str  # the name as the server spells it (modified UTF-7), for commands
    name: str  # the same name for people: "Entwürfe", not "Entw&APw-rfe"
    flags: frozenset[str]  # lower case: "\\drafts", "\\noselect"…
    delimiter: str

    @property
    def leaf(self) -> str:
        return self.name.rsplit(self.delimiter, 1)[-1] if self.delimiter else self.name

    @property
    def selectable(self) -> bool:
        return not self.flags & {"\\noselect", "\\nonexistent"}


def decode_mailbox_name(wire: str) -> str:
    """Modified UTF-7 (RFC 3501 5.1.3), the form IMAP gives non-ASCII names in."""

    def expand(match: re.Match[str]) -> str:
        chunk = match.group(1)
        if not chunk:
            return "&"
        data = chunk.replace(",", "/")
        return base64.b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be")

    try:
        return re.sub(r"&([A-Za-z0-9+,]*)-", expand, wire)
    except (binascii.Error, ValueError):
        return wire  # not valid modified UTF-7: show it as it came


def _unquote(name: str) -> str:
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _parse_list(lines: list) -> list[Mailbox]:
    """LIST/XLIST responses: (flags) "delimiter" name, the name possibly a literal."""
    found = []
    for item in lines:
        if item is None or item == b")":
            continue
        if isinstance(item, tuple):  # the name came as a literal
            head, literal = item
            match = _LIST_LINE.match(head.rstrip() + b" x")
            wire = literal.decode("utf-8", "replace")
        else:
            match = _LIST_LINE.match(item)
            wire = _unquote(match.group("name").decode("utf-8", "replace")) if match else ""
        if not match or not wire:
            continue
        delimiter = match.group("delimiter").decode("utf-8", "replace")
        delimiter = "" if delimiter.upper() == "NIL" else _unquote(delimiter)
        flags = frozenset(flag.lower() for flag in match.group("flags").decode().split())
        found.append(Mailbox(wire, decode_mailbox_name(wire), flags, delimiter))
    return found


def _listed(conn: imaplib.IMAP4, command: str = "LIST", extra: str = "") -> list[Mailbox]:
    """Every mailbox; an extension the server turns down gives an empty list."""
    pattern = '"*"' + (f" {extra}" if extra else "")
    try:
        if command == "LIST":
            status, lines = conn.list('""', pattern)
        else:
            status, data = conn.xatom(command, '""', pattern)
            status, lines = conn._untagged_response(status, data, command)
    except imaplib.IMAP4.abort:
        raise
    except imaplib.IMAP4.error:
        if command == "LIST" and not extra:
            raise
        return []
    if status != "OK":
        if command == "LIST" and not extra:
            raise imaplib.IMAP4.error(b"LIST failed")
        return []
    return _parse_list(lines)


def _capabilities(conn: imaplib.IMAP4) -> set[str]:
    """What the server offers now: many say more after login than in their greeting."""
    known = {str(name).upper() for name in conn.capabilities}
    with suppress(imaplib.IMAP4.error):
        status, data = conn.capability()
        if status == "OK" and data and data[-1]:
            known |= set(data[-1].decode("ascii", "replace").upper().split())
    return known


def _marked_drafts(mailboxes: list[Mailbox]) -> Mailbox | None:
    return next((m for m in mailboxes if "\\drafts" in m.flags and m.selectable), None)


def _drafts_mailbox(conn: imaplib.IMAP4) -> Mailbox:
    """The mailbox marked \\Drafts: in a plain LIST (most servers say it there), else in
    LIST … RETURN (SPECIAL-USE) (RFC 6154), else in XLIST (older Gmail); failing those, a
    folder with a usual drafts name in any of the common languages."""
    mailboxes = _listed(conn)
    found = _marked_drafts(mailboxes)
    if found is None:
        capabilities = _capabilities(conn)
        if "SPECIAL-USE" in capabilities:
            found = _marked_drafts(_listed(conn, extra="RETURN (SPECIAL-USE)"))
        if found is None and "XLIST" in capabilities:
            found = _marked_drafts(_listed(conn, "XLIST"))
    if found is None:
        by_leaf = {}
        for mailbox in mailboxes:
            if mailbox.selectable:
                by_leaf.setdefault(mailbox.leaf.casefold(), mailbox)
        found = next((by_leaf[name] for name in DRAFTS_NAMES if name in by_leaf), None)
    if found is None:
        raise MailError(
            "no_drafts",
            "Your IMAP server has no Drafts folder (no mailbox is marked \\Drafts). "
            "Use “Open in my mail app” instead.",
        )
    return found
