"""Header text that cannot smuggle in headers, and the check that it did not.

Names and subjects may arrive as RFC 2047 encoded words (a LinkedIn export, a pasted
header). Some Pythons decode those while writing a message and put the CR LF they hide
on the wire (CVE-2024-6923), so NetDesk does not rely on the interpreter: it decodes the
words itself, so the user sees the real text, then makes that text one safe line; and
after serialising it parses the bytes back and refuses a message whose headers or
recipients are not exactly the ones it set.
"""

from __future__ import annotations

import base64
import binascii
import email.policy
import quopri
import re
import unicodedata
from collections.abc import Iterable
from email import message_from_bytes
from email.headerregistry import AddressHeader
from email.message import EmailMessage, Message

from netdesk.errors import UnsafeHeaders

# Broader than any reader's grammar: whatever a lenient parser would decode, this does.
_ENCODED_WORD = re.compile(r"=\?([^?]*)\?([qQbB])\?(.*?)\?=", re.DOTALL)
_BETWEEN_WORDS = re.compile(r"[ \t\r\n]*")  # dropped between adjacent encoded words
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
# Bidi embeddings, overrides and isolates: they make an address read as another one.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
MAX_ROUNDS = 4  # encoded words inside encoded words, and so on


def header_text(text: str) -> str:
    """What a name or subject says, on one line: encoded words decoded (again while they
    keep hiding more), line breaks become spaces, control and bidi characters go."""
    for _ in range(MAX_ROUNDS):
        decoded = _decode_words(text)
        if decoded == text:
            break
        text = decoded
    else:  # still encoded after so many rounds: keep the text, not the syntax
        text = text.replace("=?", "= ?")
    text = _LINE_BREAKS.sub(" ", text)
    text = _SURROGATES.sub("", _BIDI.sub("", text))
    text = "".join(char for char in text if unicodedata.category(char) != "Cc")
    return " ".join(text.split())


def _decode_words(text: str) -> str:
    """Every encoded word in *text* decoded; adjacent words in one charset are joined as
    bytes first, so a letter split between two words survives."""
    out: list[str] = []
    run_charset, run = "", bytearray()
    position = 0
    for match in _ENCODED_WORD.finditer(text):
        between = text[position : match.start()]
        charset = match.group(1).partition("*")[0].strip().lower()  # RFC 2231: *language
        adjacent = bool(run) and _BETWEEN_WORDS.fullmatch(between) is not None
        if run and not (adjacent and charset == run_charset):
            out.append(_as_text(bytes(run), run_charset))
            run = bytearray()
        if not adjacent:  # RFC 2047: space between two encoded words is no text
            out.append(between)
        run_charset = charset
        run += _payload(match.group(2).lower(), match.group(3))
        position = match.end()
    if run:
        out.append(_as_text(bytes(run), run_charset))
    out.append(text[position:])
    return "".join(out)


def _payload(encoding: str, data: str) -> bytes:
    raw = data.encode("ascii", "replace")
    if encoding == "q":
        return quopri.decodestring(raw.replace(b"_", b" "), header=True)
    try:
        return base64.b64decode(raw + b"=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        return raw  # not base64 after all: its letters, as a lenient reader shows them


def _as_text(data: bytes, charset: str) -> str:
    try:
        return data.decode(charset, "replace")
    except (LookupError, UnicodeError, ValueError):  # unknown, or not a text encoding
        return data.decode("utf-8", "replace")  # most likely UTF-8 mislabelled


# --- after serialising ---------------------------------------------------------


def wire_bytes(message: EmailMessage, recipients: Iterable[str] | None = None) -> bytes:
    """The message as it goes on the wire (SMTP policy: CRLF, folded), checked: every part
    has exactly the headers NetDesk set, each once, and the address headers hold exactly
    the addresses set (or *recipients*). UnsafeHeaders otherwise."""
    try:
        raw = message.as_bytes(policy=email.policy.SMTP)
    except (ValueError, UnicodeError) as error:  # a fixed interpreter refuses by itself
        raise UnsafeHeaders(f"a header cannot be written ({error})") from None
    parsed = message_from_bytes(raw, policy=email.policy.default)
    written, read = list(message.walk()), list(parsed.walk())
    if len(written) != len(read):
        raise UnsafeHeaders("its parts changed when written")
    for mine, theirs in zip(written, read, strict=True):
        _check_names(mine, theirs)
    _check_addresses(message, parsed, recipients)
    return raw


def _check_names(mine: Message, theirs: Message) -> None:
    expected = sorted(name.lower() for name in mine)
    found = sorted(name.lower() for name in theirs)
    if found != expected or len(set(found)) != len(found):
        extra = sorted(set(found) - set(expected)) or sorted(
            {name for name in found if found.count(name) > 1}
        )
        shown = ", ".join(name.title() for name in extra) or "a header went missing"
        raise UnsafeHeaders(f"it would carry headers NetDesk did not set ({shown})")


def _check_addresses(
    message: EmailMessage, parsed: EmailMessage, recipients: Iterable[str] | None
) -> None:
    for name in ("From", "To", "Cc", "Bcc", "Reply-To", "Sender"):
        intended = _addresses(message, name)
        if name == "To" and recipients is not None:
            intended = [address.lower() for address in recipients]
        if _addresses(parsed, name) != intended:
            raise UnsafeHeaders(f"its {name} header would not hold exactly the intended address")


def _addresses(message: Message, name: str) -> list[str]:
    header = message.get(name)
    if header is None:
        return []
    if not isinstance(header, AddressHeader):
        raise UnsafeHeaders(f"its {name} header is not a list of addresses")
    return [address.addr_spec.lower() for address in header.addresses]
