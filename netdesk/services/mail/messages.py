"""A message as it goes out: Draft and Attachment, headers that cannot be smuggled in
(see mail.headers), addresses as they can go on the wire, and the .eml and mailto: forms
for a mail app."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from urllib.parse import quote

from netdesk.errors import MailError
from netdesk.services.mail.headers import header_text, wire_bytes

MAILTO_LIMIT = 1800  # longer mailto: links are cut off by some mail apps and browsers
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "application/pdf"
    data: bytes


@dataclass
class Draft:
    """An email being written: plain data, safe to hand to a worker thread."""

    to_name: str
    to_address: str
    subject: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)
    contact_id: int | None = None
    meeting_id: int | None = None
    purpose: str = "other"
    message_id: str = ""  # once built: its Message-ID, without angle brackets
    application_id: int | None = None  # a referral request: the job it asks about


def one_line(text: str) -> str:
    """A header value on one line: CR, LF and other line breaks become spaces, other
    control characters (NUL, ESC…) go."""
    return " ".join(_CONTROL.sub("", _LINE_BREAKS.sub(" ", text)).split())


def check_address(address: str, what: str = "address") -> str:
    """The address as it can go on the wire: one mailbox, an internationalised domain in
    its ASCII (punycode) form. A non-ASCII local part needs SMTPUTF8, which smtplib and
    most servers cannot be relied on for: refused with a clear reason, before sending."""
    address = address.strip()
    shown = one_line(address)[:80]
    if not _ADDRESS.fullmatch(address) or _CONTROL.search(address):
        raise MailError("invalid", f"“{shown}” is not a valid email {what}.")
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise MailError(
            "invalid",
            f"“{shown}” has accented or non-Latin letters before the @: most mail servers "
            "cannot deliver to such addresses yet. Ask for another address.",
        )
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise MailError("invalid", f"“{shown}” is not a valid email {what}.") from None
    return f"{local}@{domain}"


def _content_type(value: str) -> tuple[str, str, dict[str, str]]:
    """'text/calendar; method=PUBLISH' -> ('text', 'calendar', {'method': 'PUBLISH'})."""
    head, *rest = value.split(";")
    maintype, _, subtype = head.strip().lower().partition("/")
    params = {}
    for item in rest:
        key, _, param = item.partition("=")
        if key.strip() and param.strip():
            params[key.strip().lower()] = one_line(param).strip('"')
    return maintype or "application", subtype or "octet-stream", params


def build_message(sender_name: str, sender_address: str, draft: Draft) -> EmailMessage:
    """A complete message; names and subjects cannot smuggle in headers, and the bytes it
    becomes are checked for that (UnsafeHeaders). An empty sender address leaves out
    From (a draft for the user's mail app)."""
    message = EmailMessage()
    if sender_address.strip():  # without an account the mail app fills in the sender
        message["From"] = display_address(sender_name, check_address(sender_address))
    recipient = check_address(draft.to_address, "recipient")
    message["To"] = display_address(draft.to_name, recipient)
    message["Subject"] = header_text(draft.subject)
    message["Date"] = formatdate(localtime=True)
    domain = sender_address.rpartition("@")[2] or "netdesk.local"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(draft.body)
    for attachment in draft.attachments:
        maintype, subtype, params = _content_type(attachment.content_type)
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=one_line(attachment.filename),
            params=params,
        )
    wire_bytes(message, recipients=[recipient])  # refuse now, before anything is sent
    return message


def message_id_of(message: EmailMessage) -> str:
    """The Message-ID a built message carries, without angle brackets."""
    return str(message.get("Message-ID", "")).strip().strip("<>")


def display_address(name: str, address: str) -> str:
    """'Name <address>' as NetDesk encodes it: the decoded, one-line name, quoted when
    plain ASCII and an RFC 2047 UTF-8 word otherwise, never left to the library's guess."""
    return formataddr((header_text(name), address), charset="utf-8")


def as_eml(message: EmailMessage) -> bytes:
    """An .eml a mail app opens as an unsent draft (X-Unsent is Outlook's marker)."""
    return b"X-Unsent: 1\r\n" + wire_bytes(message)


def mailto_url(draft: Draft) -> str | None:
    """A mailto: link for a short plain-text draft; None when only an .eml will do."""
    if draft.attachments:
        return None
    body = draft.body.replace("\r\n", "\n").replace("\n", "\r\n")  # RFC 6068: CRLF
    url = (
        f"mailto:{quote(check_address(draft.to_address, 'recipient'), safe='@')}"
        f"?subject={quote(header_text(draft.subject), safe='')}&body={quote(body, safe='')}"
    )
    return url if len(url) <= MAILTO_LIMIT else None


def content_type_of(path: Path) -> str:
    return {
        ".pdf": "application/pdf",
        ".doc": "application/msword",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".odt": "application/vnd.oasis.opendocument.text",
        ".txt": "text/plain",
        ".ics": "text/calendar",
    }.get(path.suffix.lower(), "application/octet-stream")
