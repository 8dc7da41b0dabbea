"""Email addresses as mailboxes: two spellings of one mailbox get one key.

Matching mail to people compares keys, never raw text: case is folded, plus-addressing
("dana+news@…") is dropped, and Gmail's own aliases (googlemail.com, dots in the local
part) are the same inbox."""

from __future__ import annotations

import re

GMAIL = "gmail.com"
GMAIL_ALIASES = {"gmail.com", "googlemail.com"}
# A mailbox as it is written in an address book: something@domain.tld, no spaces.
_MAILBOX = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$")
MAX_ADDRESS = 254  # RFC 5321: longer is no one's mailbox


def address_key(address: str) -> str | None:
    """The key of *address* ("Dana.Cruz+intro@GoogleMail.com" -> "danacruz@gmail.com"),
    or None when it is not a mailbox."""
    address = address.strip().strip("<>").strip()
    if len(address) > MAX_ADDRESS or not _MAILBOX.match(address):
        return None
    local, _, domain = address.casefold().rpartition("@")
    domain = domain.rstrip(".")
    local = local.split("+", 1)[0] or local
    if domain in GMAIL_ALIASES:
        domain, local = GMAIL, local.replace(".", "")
    return f"{local}@{domain}" if local else None
