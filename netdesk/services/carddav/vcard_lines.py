"""vCard content lines as they were written: each property keeps its physical lines, so a
card edited in NetDesk keeps a phone's PHOTO, IMPP and X- properties byte for byte.

Not vobject: it re-serialises everything it reads (folding, parameter case, values), and a
sync must rewrite only the properties NetDesk maps. Reads vCard 2.1 (quoted-printable with
its soft line breaks, CHARSET, bare TYPE values), 3.0 and 4.0; writes 3.0 text escaped
and folded at 75 octets (RFC 2426 §4, RFC 6350 §3.2).
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

from netdesk.errors import ImportFormatError

# A card with a large photo is a few hundred KB; nothing a person's card holds needs 16 MB.
MAX_CARD_CHARS = 16 * 1024 * 1024
# A mapped value longer than this (a note, an address) is not a person's: left unread,
# as the vCard import does (imports.vcard.MAX_PROPERTY_CHARS).
MAX_VALUE_CHARS = 256 * 1024
_FOLD_OCTETS = 75

_HEAD = re.compile(r'(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)((?:;(?:[^";:]|"[^"]*")*)*):')
_PARAM_SPLIT = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*$)')
_LIST_SPLIT = re.compile(r',(?=(?:[^"]*"[^"]*")*[^"]*$)')
_PHYSICAL = re.compile(r"\r\n|\r|\n")
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


@dataclass
class Property:
    """One property: its physical lines as read, and its parts as parsed."""

    lines: list[str]
    group: str = ""
    name: str = ""  # upper case; "" for a line that is not a property at all
    params: dict[str, list[str]] = field(default_factory=dict)  # names upper case
    raw_value: str = ""  # unfolded, still escaped (and quoted-printable in 2.1)

    @property
    def size(self) -> int:
        return sum(len(line) for line in self.lines)

    def has_type(self, wanted: str) -> bool:
        return any(value.casefold() == wanted for value in self.params.get("TYPE", []))

    def text(self) -> str:
        """The value as one text, unescaped ("\\n" a line break)."""
        return _unescape(self._decoded())

    def components(self) -> list[str]:
        """A structured value's components (N, ADR, ORG), each unescaped."""
        return [_unescape(part) for part in _split_unescaped(self._decoded(), ";")]

    def items(self) -> list[str]:
        """A list value's items (CATEGORIES), each unescaped."""
        return [_unescape(part) for part in _split_unescaped(self._decoded(), ",")]

    def _decoded(self) -> str:
        encoding = [v.upper() for v in self.params.get("ENCODING", [])]
        if "QUOTED-PRINTABLE" not in encoding:
            return self.raw_value
        data = quopri.decodestring(self.raw_value.encode("utf-8", "surrogateescape"))
        charset = (self.params.get("CHARSET") or ["utf-8"])[0]
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                return data.decode("cp1252", "replace")


@dataclass
class Card:
    """One vCard: what comes between BEGIN:VCARD and END:VCARD, in order."""

    properties: list[Property]
    version: str


def parse_card(text: str) -> Card:
    """The one card in *text* (a CardDAV resource holds exactly one)."""
    if len(text) > MAX_CARD_CHARS:
        raise ImportFormatError(
            f"The card is {len(text) / 1_048_576:.0f} MB, far larger than any person's card"
        )
    if "\x00" in text:
        raise ImportFormatError("The card holds binary data, not a vCard")
    properties = _properties(_logical_lines(text))
    start = next((i for i, p in enumerate(properties) if _is(p, "BEGIN")), None)
    if start is None:
        raise ImportFormatError("The card has no BEGIN:VCARD line: it is not a vCard")
    depth, end = 0, None
    for index in range(start, len(properties)):
        if _is(properties[index], "BEGIN"):
            depth += 1
        elif _is(properties[index], "END"):
            depth -= 1
            if depth == 0:
                end = index
                break
    if end is None:
        raise ImportFormatError("The card has no END:VCARD (it is cut short)")
    if any(_is(p, "BEGIN") for p in properties[end + 1 :]):
        raise ImportFormatError("The resource holds more than one card")
    body = properties[start + 1 : end]
    version = next((p.raw_value.strip() for p in body if p.name == "VERSION"), "3.0")
    return Card(body, version)


def _is(prop: Property, name: str) -> bool:
    return prop.name == name and prop.raw_value.strip().upper() == "VCARD"


def _logical_lines(text: str) -> list[list[str]]:
    """Physical lines grouped per property: a line starting with a space or a tab goes on
    the one before; so does the line after a 2.1 quoted-printable soft break ("=")."""
    groups: list[list[str]] = []
    soft_break = False
    for line in _PHYSICAL.split(text):
        if groups and (soft_break or line[:1] in (" ", "\t")):
            groups[-1].append(line)
        elif line.strip():
            groups.append([line])
        else:
            continue
        head = groups[-1][0][:512].upper()
        soft_break = "QUOTED-PRINTABLE" in head.split(":", 1)[0] and line.endswith("=")
    return groups


def _properties(groups: list[list[str]]) -> list[Property]:
    result = []
    for lines in groups:
        logical = lines[0]
        for line in lines[1:]:
            if logical.endswith("=") and "QUOTED-PRINTABLE" in lines[0][:512].upper():
                logical = logical[:-1] + line  # a soft break: the next line as it is
            else:
                logical += line[1:]
        result.append(_parse(lines, logical))
    return result


def _parse(lines: list[str], logical: str) -> Property:
    match = _HEAD.match(logical)
    if match is None:
        return Property(lines)  # kept as it is, never read
    group, name, params = match.groups()
    return Property(
        lines, (group or "").upper(), name.upper(), _params(params), logical[match.end() :]
    )


def _params(text: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in _PARAM_SPLIT.split(text)[1:]:
        name, equals, value = part.partition("=")
        if not equals:  # vCard 2.1: TEL;CELL;VOICE, or a bare QUOTED-PRINTABLE
            name, value = _bare_param(name)
        values = [v.strip().strip('"') for v in _LIST_SPLIT.split(value)]
        params.setdefault(name.strip().upper(), []).extend(v for v in values if v)
    return params


def _bare_param(value: str) -> tuple[str, str]:
    upper = value.strip().upper()
    if upper in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
        return "ENCODING", upper
    return "TYPE", value


def _split_unescaped(value: str, separator: str) -> list[str]:
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _unescape(value: str) -> str:
    text = _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
    return decode_encoded_words(text) if "=?" in text else text


def decode_encoded_words(value: str) -> str:
    """RFC 2047 words ("=?UTF-8?B?Wm/Dqw==?=") some mail-born exporters leave in names."""
    from email.header import decode_header, make_header

    if not _ENCODED_WORD.search(value):
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError):  # a charset nobody knows: as written
        return value


# --- writing -----------------------------------------------------------------------


def escape(value: str) -> str:
    """A TEXT value for a 3.0 card: backslash, line break, comma and semicolon escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(logical: str) -> list[str]:
    """*logical* as physical lines of at most 75 octets, never inside a character."""
    lines: list[str] = []
    current, size, limit = [], 0, _FOLD_OCTETS
    for char in logical:
        octets = len(char.encode("utf-8", "surrogatepass"))
        if size + octets > limit:
            lines.append("".join(current))
            current, size, limit = [" "], 1, _FOLD_OCTETS
        current.append(char)
        size += octets
    lines.append("".join(current))
    return lines
