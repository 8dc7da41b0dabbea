"""One message's headers, read from what the server sent: who it is from and to, when,
its Message-ID and the ones it answers, and whether it is a list or bulk mail.

Headers are hostile input: encoded words, 8-bit junk in any charset, broken dates,
thousands of recipients. Reading never raises; what cannot be read is left out."""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.parser import HeaderParser
from email.policy import compat32

from netdesk.services.mailscan.addresses import address_key

# What a scan asks the server for: never bodies, never attachments.
HEADER_FIELDS = (
    "FROM", "TO", "CC", "DATE", "MESSAGE-ID", "IN-REPLY-TO", "REFERENCES", "LIST-ID",
    "LIST-UNSUBSCRIBE", "PRECEDENCE", "AUTO-SUBMITTED",
)  # fmt: skip
MAX_HEADER_BYTES = 64 * 1024  # more is not a person's email; read the start only
MAX_RECIPIENTS = 200  # a message to more people is not a conversation with each
MAX_REFERENCES = 100
_MESSAGE_ID = re.compile(r"<([^<>\s]{1,250})>")
_BULK_PRECEDENCE = {"bulk", "list", "junk"}
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_COMMENT = re.compile(r"\([^()]*\)")
# <in angle brackets>, or a bare address between separators.
_MAILBOX = re.compile(r"<([^<>\s]+@[^<>\s]+)>|([^\s,;<>]+@[^\s,;<>]+)")
_PARSER = HeaderParser(policy=compat32)


@dataclass(frozen=True, slots=True)
class ScannedMessage:
    uid: int
    sender: str | None  # the sender's address key
    recipients: tuple[str, ...]  # To and Cc, as address keys
    sent_at: datetime | None  # aware UTC; None when the Date header cannot be read
    message_id: str  # without angle brackets; "" when missing
    answers: tuple[str, ...]  # In-Reply-To, then References: the messages it replies to
    bulk: bool  # a mailing list, a newsletter or an automatic message

    @property
    def everyone(self) -> tuple[str, ...]:
        return ((self.sender,) if self.sender else ()) + self.recipients


def read_message(uid: int, raw: bytes) -> ScannedMessage:
    """The headers of one message as the scan needs them."""
    # Bytes that are not UTF-8 survive as surrogates until _clean() replaces them.
    headers = _PARSER.parsestr(raw[:MAX_HEADER_BYTES].decode("utf-8", "surrogateescape"))
    senders = _addresses(headers, "from")
    recipients = _addresses(headers, "to") + _addresses(headers, "cc")
    answers = _message_ids(_text(headers, "in-reply-to"))
    answers += [i for i in _message_ids(_text(headers, "references")) if i not in answers]
    message_ids = _message_ids(_text(headers, "message-id"))
    return ScannedMessage(
        uid=uid,
        sender=senders[0] if senders else None,
        recipients=tuple(dict.fromkeys(recipients))[:MAX_RECIPIENTS],
        sent_at=_date(_text(headers, "date")),
        message_id=message_ids[0] if message_ids else "",
        answers=tuple(answers[:MAX_REFERENCES]),
        bulk=_is_bulk(headers),
    )


def _text(headers: Message, name: str) -> str:
    """A header's value as text, whatever bytes it came in (undecodable bytes become
    U+FFFD), on one line; "" when absent."""
    return " ".join(_clean(value) for value in headers.get_all(name) or [])


def _clean(value: object) -> str:
    return str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _addresses(headers: Message, name: str) -> list[str]:
    """The mailboxes of an address header as keys, in order. Not email.utils: hostile
    values (a stray "[" or control character) derail its parser and lose every address
    after them. Quoted display names and comments go first (they may hold anything,
    even "@" and "<>"; an encoded name stays undecoded, so it cannot pose as an
    address); then each address in angle brackets or bare, in order."""
    keys: list[str] = []
    for value in headers.get_all(name) or []:
        text = _CONTROLS.sub(" ", _clean(value))
        text = _COMMENT.sub(" ", _QUOTED.sub(" ", text))
        for match in _MAILBOX.finditer(text):
            address = match.group(1) or match.group(2)
            key = address_key(address)
            if key is not None and key not in keys:
                keys.append(key)
            if len(keys) >= MAX_RECIPIENTS:
                return keys
    return keys


def _message_ids(text: str) -> list[str]:
    return [found.group(1) for found in _MESSAGE_ID.finditer(text)][:MAX_REFERENCES]


def _date(text: str) -> datetime | None:
    """The Date header as an aware UTC instant; a date without a zone is taken as UTC,
    and an impossible one (year 0, the far future) as no date."""
    if not text.strip():
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if not 1990 <= moment.year <= 2200:
        return None
    return moment.astimezone(UTC)


def _is_bulk(headers: Message) -> bool:
    """A mailing list (List-Id, List-Unsubscribe), bulk or junk Precedence, or a message
    sent by a machine (Auto-Submitted other than "no")."""
    if headers.get("list-id") is not None or headers.get("list-unsubscribe") is not None:
        return True
    if _text(headers, "precedence").strip().lower() in _BULK_PRECEDENCE:
        return True
    submitted = _text(headers, "auto-submitted").strip().lower()
    return bool(submitted) and submitted != "no"
