"""vCard 3.0: reading cards into people, and writing a person as a card (vobject is imported
only when a vCard is read or written).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence

from netdesk.errors import ImportFormatError
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.imports.address_book import (
    ADDRESS_BOOK_CLOSENESS,
    ADDRESS_BOOK_RELATION,
    _good_emails,
    _keep_unique,
    _split_name,
)
from netdesk.services.imports.incoming import IncomingPerson, ParsedFile, _Extras
from netdesk.services.imports.linkedin_csv import normalise_linkedin_url
from netdesk.services.imports.summary import Problem
from netdesk.services.text import (
    clean_cell,
)
from netdesk.services.vocabulary import CLOSENESS_RANGE, RELATIONS

_X_RELATION = "x-netdesk-relation"
_X_CLOSENESS = "x-netdesk-closeness"


TYPE_CHECKING = False  # vobject (~25 ms to import) only when a vCard is read or written
if TYPE_CHECKING:
    import vobject.base

# vobject logs every line it skips; each one is reported to the user as a problem instead.
logging.getLogger("vobject.base").setLevel(logging.CRITICAL)


def _vcard(record: ContactRecord) -> vobject.base.Component:
    import vobject

    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("fn").value = record.display_name
    given, family = record.given_name, record.family_name
    if not (given or family):
        given = record.display_name
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if record.organisation:
        card.add("org").value = [record.organisation]
    if record.role:
        card.add("title").value = record.role
    for email in record.emails:
        line = card.add("email")
        line.value = email
        line.type_param = "INTERNET"
    for phone in record.phones:
        card.add("tel").value = phone
    if record.linkedin_url:
        card.add("url").value = record.linkedin_url
    if record.location:
        card.add("adr").value = vobject.vcard.Address(city=record.location)
    if record.notes:
        card.add("note").value = record.notes
    if record.tags:
        card.add("categories").value = list(record.tags)
    # How the user knows them and how close they are: NetDesk's own, read back on import.
    card.add(_X_RELATION).value = record.relation
    card.add(_X_CLOSENESS).value = str(record.closeness)
    return card


# --- reading -----------------------------------------------------------------


_CARD_START = re.compile(r"^begin:vcard\s*$", re.IGNORECASE)
_CARD_END = re.compile(r"^end:vcard\s*$", re.IGNORECASE)


def parse_vcards(
    text: str, shown: str, repaired: Sequence[Problem] = ()
) -> tuple[ParsedFile, dict[int, _Extras]]:
    """Every card in *text*; a card that cannot be read is a skipped line, not a failure.
    *repaired*: the lines the decoder read as Windows-1252, reported with the rest."""
    people: list[IncomingPerson] = []
    problems = list(repaired)
    extras: dict[int, _Extras] = {}
    seen: dict[str, int] = {}
    found = False
    for line, card_text, complete, too_long in _split_cards(text):
        found = True
        if not complete:
            problems.append(Problem(line, "the card has no END:VCARD (the file is cut short)"))
            continue
        for name in too_long:
            problems.append(Problem(line, f"its {name} is too long to keep; left out", "warning"))
        card = _read_card(card_text, line, problems)
        if card is None:
            continue
        result = _person_from_card(card, line, problems)
        if result is None:
            continue
        person, more = result
        _keep_unique(person, more, people, extras, seen, problems)
    if not found:
        raise ImportFormatError(
            f"{shown} holds no vCard (no BEGIN:VCARD line): it is not a vCard file"
        )
    problems.sort(key=lambda problem: problem.line or 0)  # stable: a line's own order kept
    total = len(people) + sum(1 for p in problems if p.kind == "skipped")
    return ParsedFile(shown, people, problems, total), extras


def _card_errors() -> tuple[type[Exception], ...]:
    import vobject.base

    return (vobject.base.ParseError, ValueError, TypeError, AttributeError, KeyError)


_FAILED_LINE = "Failed to parse line: "


def _bad_line_offset(text: str, message: str) -> int:
    """Where in the card the line vobject could not parse is (its own count is off)."""
    _, found, bad = message.partition(_FAILED_LINE)
    if found and bad.strip():
        for offset, candidate in enumerate(text.split("\r\n")):
            if candidate.strip() == bad.strip():
                return offset
    return 0


def _read_card(text: str, line: int, problems: list[Problem]) -> vobject.base.Component | None:
    """Parse one card; a line in it that cannot be read is left out with a warning, a card
    that cannot be read at all is skipped."""
    import vobject

    errors = _card_errors()
    try:
        return vobject.readOne(text)
    except errors as error:
        reason = " ".join(str(error).split())[:120] or type(error).__name__
        where = line + _bad_line_offset(text, str(error))
    try:
        card = vobject.readOne(text, ignoreUnreadable=True)
    except errors:
        problems.append(Problem(line, f"the card cannot be read ({reason})"))
        return None
    problems.append(Problem(where, "a line of this card cannot be read; left out", "warning"))
    return card


def _split_cards(text: str) -> Iterator[tuple[int, str, bool, list[str]]]:
    """(line of BEGIN:VCARD, the card's text, whether END:VCARD closed it, the names of
    properties too long to keep), one card at a time: a 60 MB file never exists as a
    list of lines, and no card reaches vobject with a photo or a value past MAX_PROPERTY_CHARS."""
    card: _CardLines | None = None
    for number, line in enumerate(_lines(text), start=1):
        stripped = line.strip()
        if _CARD_START.match(stripped):
            if card is not None:  # a new card before the last one ended
                yield card.start, "", False, []
            card = _CardLines(number, line)
        elif card is not None and _CARD_END.match(stripped):
            card.add(line)
            yield card.start, card.text(), True, card.too_long
            card = None
        elif card is not None:
            card.add(line)
    if card is not None:
        yield card.start, "", False, []


_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_MEDIA = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})  # never imported: dropped unread
MAX_PROPERTY_CHARS = 256 * 1024  # a note or address longer than this is not a person's


def _lines(text: str) -> Iterator[str]:
    for match in _LINE.finditer(text):
        yield match.group(1)
        if not match.group(2):
            return


class _CardLines:
    """One card's lines as read, each property kept or dropped whole (a property goes on
    over the lines that start with a space or a tab)."""

    def __init__(self, start: int, first: str) -> None:
        self.start = start
        self.too_long: list[str] = []
        self._kept: list[str] = [first]
        self._property: list[str] = []
        self._size = 0
        self._name = ""

    def add(self, line: str) -> None:
        if line[:1] in (" ", "\t") and self._property:
            self._size += len(line)
            if self._name not in _MEDIA and self._size <= MAX_PROPERTY_CHARS:
                self._property.append(line)
            return
        self._close_property()
        self._name = line[:256].split(":", 1)[0].split(";", 1)[0].rpartition(".")[2].strip().upper()
        self._size = len(line)
        self._property = [line]

    def _close_property(self) -> None:
        if not self._property:
            return
        if self._name in _MEDIA:
            pass
        elif self._size > MAX_PROPERTY_CHARS:
            self.too_long.append(self._name)
        else:
            self._kept.extend(self._property)
        self._property = []

    def text(self) -> str:
        self._close_property()
        return "\r\n".join(self._kept) + "\r\n"


def _values(card: vobject.base.Component, name: str) -> list:
    return [line.value for line in card.contents.get(name, [])]


def _text(value: object) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if v)
    return clean_cell(str(value)) if value is not None else ""


def _person_from_card(
    card: vobject.base.Component, line: int, problems: list[Problem]
) -> tuple[IncomingPerson, _Extras] | None:
    import vobject.vcard

    names = _values(card, "n")
    given = family = ""
    if names and isinstance(names[0], vobject.vcard.Name):
        given = _text(names[0].given)
        family = _text(names[0].family)
    full = next((_text(v) for v in _values(card, "fn") if _text(v)), "")
    if not (given or family):
        given, family = _split_name(full)
    if not (given or family):
        problems.append(Problem(line, "the card has no name"))
        return None
    organisation = ""
    for value in _values(card, "org"):
        parts = value if isinstance(value, list) else [value]
        organisation = _text(parts[0] if parts else "")
        if organisation:
            break
    role = next((_text(v) for v in _values(card, "title") if _text(v)), "")
    if not role:
        role = next((_text(v) for v in _values(card, "role") if _text(v)), "")
    emails = _good_emails((_text(v) for v in _values(card, "email")), line, problems)
    phones = [p for p in (_text(v) for v in _values(card, "tel")) if p]
    url = None
    for value in _values(card, "url") + _values(card, "x-socialprofile"):
        candidate = _text(value)
        if "linkedin.com/in/" in candidate.casefold():
            url = normalise_linkedin_url(candidate)
            if url:
                break
    location = ""
    for value in _values(card, "adr"):
        if isinstance(value, vobject.vcard.Address):
            parts = [_text(value.city), _text(value.region), _text(value.country)]
            location = ", ".join(p for p in parts if p)
            if location:
                break
    notes = "\n\n".join(n for n in (str(v).strip() for v in _values(card, "note")) if n)
    tags: list[str] = []
    for value in _values(card, "categories"):
        for tag in value if isinstance(value, list) else str(value).split(","):
            tag = clean_cell(str(tag))
            if tag and tag not in tags:
                tags.append(tag)
    relation, closeness = ADDRESS_BOOK_RELATION, ADDRESS_BOOK_CLOSENESS
    stored_relation = next((_text(v) for v in _values(card, _X_RELATION)), "")
    if stored_relation in RELATIONS:
        relation = stored_relation
    stored_closeness = next((_text(v) for v in _values(card, _X_CLOSENESS)), "")
    if stored_closeness.isdigit() and int(stored_closeness) in CLOSENESS_RANGE:
        closeness = int(stored_closeness)
    person = IncomingPerson(
        line,
        given,
        family,
        organisation,
        role,
        email=emails[0] if emails else "",
        linkedin_url=url,
        tags=tags,
        relation=relation,
        closeness=closeness,
        notes=notes,
        location=location,
    )
    if full and full != person.display_name:
        person.display_name = full  # "Dr. Ada King, Countess of Lovelace" as they wrote it
    return person, _Extras(emails[1:], phones)
