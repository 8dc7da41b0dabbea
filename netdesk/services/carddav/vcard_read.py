"""Reading a vCard (2.1, 3.0 or 4.0) into the fields NetDesk syncs, with which of the
card's properties each was read from (for vcards.card_from_person to rewrite only those).

Hostile cards are read as far as they can be: values are cleaned as the importers clean
them (controls, bidi overrides, zero-width characters), lists and values are bounded;
a resource that is not one card raises ImportFormatError.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from netdesk.errors import ImportFormatError
from netdesk.services.carddav.vcard_lines import MAX_VALUE_CHARS, Card, Property, parse_card
from netdesk.services.followups.keep_in_touch import MAX_INTERVAL_DAYS
from netdesk.services.imports.address_book import _split_name
from netdesk.services.imports.linkedin_csv import normalise_linkedin_url
from netdesk.services.text import _INVISIBLE, clean_cell
from netdesk.services.vocabulary import CLOSENESS_RANGE, RELATIONS

# The names the vCard export already writes (imports.vcard), so exported files and
# synced cards are read the same way.
X_RELATION = "X-NETDESK-RELATION"
X_CLOSENESS = "X-NETDESK-CLOSENESS"
X_KEEP_IN_TOUCH = "X-NETDESK-KEEP-IN-TOUCH"  # days, or "never" (reminders stopped)
X_LAST_INTERACTION = "X-NETDESK-LAST-INTERACTION"  # YYYY-MM-DD
X_NEXT_STEP = "X-NETDESK-NEXT-STEP"
_NEVER = "never"
MAX_VALUES = 100  # emails, phones or tags read from one card; more is not a person
_NOTE_LINE = re.compile(
    r"^(?P<label>[^·\n]{1,60}) · closeness (?P<closeness>[1-5])"
    r"(?: · last met \d{1,2} [A-Z][a-z]{2} \d{4})?[ \t]*$",
    re.MULTILINE,
)
_LABEL_RELATIONS = {label: key for key, label in RELATIONS.items()}
_NOT_IN_NOTES = {c: None for c in _INVISIBLE if chr(c) not in "\t\n\r"}


@dataclass
class CardPerson:
    """What a card says about a person: ContactRecord's names where they map. None for
    relation and closeness: the card does not say (made elsewhere, or a client dropped
    NetDesk's properties): the sync leaves the person's own as they are."""

    uid: str = ""
    given_name: str = ""
    family_name: str = ""
    display_name: str = ""
    organisation: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin_url: str = ""
    location: str = ""
    notes: str = ""  # without NetDesk's own line
    tags: list[str] = field(default_factory=list)
    relation: str | None = None
    closeness: int | None = None
    last_interaction: str | None = None
    keep_in_touch_days: int | None = None
    keep_in_touch_stopped: bool = False
    next_step: str = ""
    version: str = "3.0"

    @property
    def categories(self) -> list[str]:
        """The card's word for tags."""
        return self.tags


# The fields a three-way merge compares, in CardPerson's (and ContactRecord's) names.
SYNCED_FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "display_name",
    "organisation",
    "role",
    "emails",
    "phones",
    "linkedin_url",
    "location",
    "notes",
    "tags",
    "relation",
    "closeness",
    "keep_in_touch_days",
    "keep_in_touch_stopped",
    "last_interaction",
)


# --- reading -----------------------------------------------------------------------


def person_from_card(text: str | bytes) -> CardPerson:
    """The person *text* describes. A card that is not one (binary, no BEGIN:VCARD, cut
    short, several, huge) raises ImportFormatError; a property that cannot be read is
    left out, the rest is read."""
    return _read(parse_card(_as_text(text)))[0]


def _as_text(text: str | bytes) -> str:
    if isinstance(text, str):
        return text
    if b"\x00" in text[:65_536]:
        raise ImportFormatError("The card holds binary data, not a vCard")
    try:
        return text.decode("utf-8-sig")
    except UnicodeDecodeError:
        return text.decode("cp1252", "replace")  # an old phone's 8-bit card


_Sources = dict[str, list[int]]


def _read(card: Card) -> tuple[CardPerson, _Sources, str]:
    """The person, which properties (by index) each field was read from, and the raw
    NOTE text (with NetDesk's line, to tell whether NOTE must be rewritten)."""
    props = card.properties
    by_name: dict[str, list[int]] = {}
    for index, prop in enumerate(props):
        if prop.name and prop.size <= MAX_VALUE_CHARS:
            by_name.setdefault(prop.name, []).append(index)
    person = CardPerson(version=card.version)
    sources: _Sources = {}

    def first(name: str, slot: str) -> str:
        sources[slot] = by_name.get(name, [])
        return next((v for i in sources[slot] if (v := clean_cell(props[i].text()))), "")

    person.uid = first("UID", "uid")
    person.display_name = first("FN", "display_name")
    _read_name(person, props, by_name, sources)
    sources["organisation"] = by_name.get("ORG", [])
    for index in sources["organisation"]:
        person.organisation = clean_cell((props[index].components() or [""])[0])
        if person.organisation:
            break
    person.role = first("TITLE", "role")
    if not person.role:  # vCard's ROLE is a function, TITLE the job title; either will do
        person.role = first("ROLE", "role")
        sources["role"] += by_name.get("TITLE", [])
    person.emails = _listed(props, by_name.get("EMAIL", []), sources, "emails", casefold=True)
    person.phones = _listed(props, by_name.get("TEL", []), sources, "phones")
    _read_linkedin(person, props, by_name, sources)
    _read_location(person, props, by_name, sources)
    raw_note = _read_notes(person, props, by_name, sources)
    sources["tags"] = by_name.get("CATEGORIES", [])
    for index in sources["tags"]:
        for tag in props[index].items():
            tag = clean_cell(tag)
            if tag and tag not in person.tags and len(person.tags) < MAX_VALUES:
                person.tags.append(tag)
    _read_own(person, props, by_name, sources, raw_note)
    sources["rev"] = by_name.get("REV", [])
    return person, sources, raw_note


def _read_name(person: CardPerson, props: list[Property], by_name, sources: _Sources) -> None:
    sources["name"] = by_name.get("N", [])
    if not sources["name"]:  # no N at all: a card made by hand; FN split as on import
        person.given_name, person.family_name = _split_name(person.display_name)
        return
    parts = [*props[sources["name"][0]].components(), "", ""]
    person.family_name, person.given_name = clean_cell(parts[0]), clean_cell(parts[1])
    if not person.display_name:
        person.display_name = " ".join(n for n in (person.given_name, person.family_name) if n)


def _listed(props, indexes, sources: _Sources, slot: str, casefold: bool = False) -> list[str]:
    sources[slot] = indexes
    found: list[str] = []
    for index in indexes:
        value = _list_value(props[index].text())
        key = [v.casefold() for v in found] if casefold else found
        if value and (value.casefold() if casefold else value) not in key:
            found.append(value)
    return found[:MAX_VALUES]


def _list_value(text: str) -> str:
    value = clean_cell(text)
    if value.casefold().startswith(("mailto:", "tel:")):  # 4.0 writes them as URIs
        value = value.partition(":")[2]
    return value


def _read_linkedin(person: CardPerson, props, by_name, sources: _Sources) -> None:
    sources["linkedin_url"] = []
    for index in by_name.get("URL", []) + by_name.get("X-SOCIALPROFILE", []):
        value = clean_cell(props[index].text())
        if "linkedin.com/" in value.casefold() or props[index].has_type("linkedin"):
            url = normalise_linkedin_url(value)
            if url:
                sources["linkedin_url"].append(index)
                person.linkedin_url = person.linkedin_url or url


def _read_location(person: CardPerson, props, by_name, sources: _Sources) -> None:
    sources["location"] = []
    for index in by_name.get("ADR", []):
        parts = props[index].components() + [""] * 7
        location = ", ".join(p for p in (clean_cell(parts[i]) for i in (3, 4, 6)) if p)
        if location:
            sources["location"].append(index)
            person.location = person.location or location


def _read_notes(person: CardPerson, props, by_name, sources: _Sources) -> str:
    sources["notes"] = by_name.get("NOTE", [])
    notes = [_clean_notes(props[i].text()) for i in sources["notes"]]
    raw = "\n\n".join(n for n in notes if n)
    person.notes = strip_note_line(raw)
    return raw


def _clean_notes(value: str) -> str:
    """Line breaks kept; controls, bidi overrides and zero-width characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_NOT_IN_NOTES)
    return unicodedata.normalize("NFC", value).strip()


def strip_note_line(notes: str) -> str:
    """*notes* without NetDesk's own line (wherever a phone's edit left it), and without
    the blank line NetDesk wrote before it when it is the last."""
    if "· closeness" not in notes:
        return notes
    lines = notes.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if not _NOTE_LINE.fullmatch(line):
            kept.append(line)
        elif kept and not kept[-1].strip() and not "".join(lines[index + 1 :]).strip():
            kept.pop()
    return "\n".join(kept).strip()


def _read_own(person: CardPerson, props, by_name, sources: _Sources, raw_note: str) -> None:
    def value(name: str, slot: str) -> str:
        sources[slot] = by_name.get(name, [])
        return next((clean_cell(props[i].text()) for i in sources[slot]), "")

    relation, closeness = value(X_RELATION, "relation"), value(X_CLOSENESS, "closeness")
    line = _NOTE_LINE.search(raw_note)
    if relation in RELATIONS:
        person.relation = relation
    elif line and line["label"] in _LABEL_RELATIONS:  # a client that drops X- properties
        person.relation = _LABEL_RELATIONS[line["label"]]
    if closeness.isdigit() and int(closeness) in CLOSENESS_RANGE:
        person.closeness = int(closeness)
    elif line:
        person.closeness = int(line["closeness"])
    keep = value(X_KEEP_IN_TOUCH, "keep_in_touch").casefold()
    if keep == _NEVER:
        person.keep_in_touch_stopped = True
    elif keep.isdigit() and 0 < int(keep) <= MAX_INTERVAL_DAYS:
        person.keep_in_touch_days = int(keep)
    person.last_interaction = _day(value(X_LAST_INTERACTION, "last_interaction"))
    person.next_step = value(X_NEXT_STEP, "next_step")[:500]


def _day(value: str) -> str | None:
    try:
        return date.fromisoformat(value[:10]).isoformat() if len(value) >= 10 else None
    except ValueError:
        return None
