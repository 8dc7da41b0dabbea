"""A NetDesk person as a vCard and back, for CardDAV sync: pure mapping (no database, no
network, no Qt).

Written as vCard 3.0, what every phone reads; 2.1, 3.0 and 4.0 are read. Given the card
as last read from the server (*base*), only the properties NetDesk maps are rewritten,
and only those whose value changed: a phone's PHOTO, IMPP, BDAY, X- properties, unknown
parameters, TYPE labels on a number that did not change, all stay as they were.

NetDesk's own fields travel as X-NETDESK-… properties (RFC 6350 §6.10: clients keep what
they do not know) plus one line in NOTE for people reading the card on a phone
("Mentor · closeness 4 · last met 3 Dec 2024"); reading strips that line back out so it
never accumulates, and falls back to it when a client dropped the X- properties.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime

from netdesk.services.carddav.vcard_lines import escape, fold, parse_card
from netdesk.services.carddav.vcard_merge import merged_properties, reused_blocks
from netdesk.services.carddav.vcard_read import (
    _NEVER,
    SYNCED_FIELDS,
    X_CLOSENESS,
    X_KEEP_IN_TOUCH,
    X_LAST_INTERACTION,
    X_NEXT_STEP,
    X_RELATION,
    CardPerson,
    _clean_notes,
    _list_value,
    _read,
    person_from_card,
    strip_note_line,
)
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.imports.linkedin_csv import normalise_linkedin_url
from netdesk.services.vocabulary import relation_label

__all__ = [
    "SYNCED_FIELDS",
    "CardPerson",
    "PersonExtras",
    "card_from_person",
    "card_person",
    "fields_of",
    "note_text",
    "person_from_card",
]
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class PersonExtras:
    """What a card carries that ContactRecord does not."""

    keep_in_touch_days: int | None = None  # the person's own interval; None: the default
    keep_in_touch_stopped: bool = False  # "stop reminding me"
    # There is no next-step field: the engine passes the person's next open to-do
    # ("Send a thank-you, due 12 Dec"), for people reading the card. Written, read back,
    # never merged: to-dos themselves travel as VTODO through CalDAV.
    next_step: str = ""
    # When the card changed (REV); None: the person's updated_at, as floating time.
    revised: datetime | None = None


# --- writing -----------------------------------------------------------------------


def card_from_person(
    person: ContactRecord, extra: PersonExtras, uid: str, base: str | None = None
) -> str:
    """*person* as a vCard 3.0 (4.0 when *base* is one: its other properties are 4.0's).
    With *base*, the card as last read from the server, only what NetDesk maps and
    changed is rewritten; every other property stays as it was, line for line."""
    new = card_person(person, extra, uid)
    rendered = _render(new, extra, person)
    if base is None:
        lines = ["VERSION:3.0", "PRODID:-//NetDesk//NetDesk//EN"]
        lines += [line for slot in _ORDER for line in rendered[slot]]
        return _assemble([fold(line) for line in lines])
    card = parse_card(base)
    old, sources, raw_note = _read(card)
    changed = {slot for slot in _ORDER if slot != "rev" and _value(slot, old) != _value(slot, new)}
    if _clean_notes(raw_note) != _clean_notes(note_text(new)):
        changed.add("notes")
    if "name" in changed and sources["name"]:  # "Dr." and "PhD" are not NetDesk's
        kept = card.properties[sources["name"][0]].components()[2:5]
        kept = [*kept, "", "", ""][:3]
        rendered["name"][0] = rendered["name"][0][:-3] + ";" + ";".join(map(escape, kept))
    if "location" in changed and new.location:
        sources["location"] = sources["location"][:1]  # another address stays: not read
    replacements = {}
    for slot in _ORDER:
        if slot in ("emails", "phones") and slot in changed:
            replacements[slot] = reused_blocks(
                card.properties,
                sources[slot],
                getattr(new, slot),
                rendered[slot],
                lambda value, slot=slot: _same_value(slot, value),
                lambda prop: _list_value(prop.text()),
            )
        elif slot in changed or (slot == "rev" and changed):
            replacements[slot] = [fold(line) for line in rendered[slot]]
    blocks = merged_properties(card.properties, sources, replacements)
    if not card.version.startswith("4"):  # 2.1 becomes 3.0 with NetDesk's lines
        blocks = [["VERSION:3.0"] if b[0].upper().startswith("VERSION:") else b for b in blocks]
    return _assemble(blocks)


def card_person(person: ContactRecord, extra: PersonExtras, uid: str) -> CardPerson:
    """What card_from_person writes, as person_from_card reads it back."""
    return CardPerson(
        uid=uid,
        **{name: getattr(person, name) for name in _RECORD_FIELDS},
        emails=list(person.emails),
        phones=list(person.phones),
        tags=list(person.tags),
        linkedin_url=normalise_linkedin_url(person.linkedin_url or "") or "",
        keep_in_touch_days=None if extra.keep_in_touch_stopped else extra.keep_in_touch_days,
        keep_in_touch_stopped=extra.keep_in_touch_stopped,
        next_step=" ".join(extra.next_step.split()),
    )


_RECORD_FIELDS = (
    "given_name",
    "family_name",
    "display_name",
    "organisation",
    "role",
    "location",
    "notes",
    "relation",
    "closeness",
    "last_interaction",
)
_ORDER = (
    "uid", "display_name", "name", "organisation", "role", "emails", "phones",
    "linkedin_url", "location", "notes", "tags", "relation", "closeness", "keep_in_touch",
    "last_interaction", "next_step", "rev",
)  # fmt: skip


def _render(new: CardPerson, extra: PersonExtras, person: ContactRecord) -> dict[str, list[str]]:
    """Each slot's logical lines (unfolded), as written when the slot changed."""
    display = new.display_name or " ".join(n for n in (new.given_name, new.family_name) if n)
    keep = _NEVER if new.keep_in_touch_stopped else new.keep_in_touch_days
    own = {
        "relation": (X_RELATION, new.relation),
        "closeness": (X_CLOSENESS, new.closeness),
        "keep_in_touch": (X_KEEP_IN_TOUCH, keep),
        "last_interaction": (X_LAST_INTERACTION, new.last_interaction),
        "next_step": (X_NEXT_STEP, new.next_step),
    }
    rendered = {
        slot: [f"{name}:{escape(str(value))}"] if value not in (None, "") else []
        for slot, (name, value) in own.items()
    }
    rendered.update(
        uid=[f"UID:{escape(new.uid)}"],
        display_name=[f"FN:{escape(display)}"],
        name=[f"N:{escape(new.family_name)};{escape(new.given_name)};;;"],
        organisation=[f"ORG:{escape(new.organisation)}"] if new.organisation else [],
        role=[f"TITLE:{escape(new.role)}"] if new.role else [],
        emails=[f"EMAIL;TYPE=INTERNET:{escape(e)}" for e in new.emails],
        phones=[f"TEL:{escape(p)}" for p in new.phones],
        # URL, not X-SOCIALPROFILE: every client keeps and shows URL as a link (iOS,
        # Android through DAVx⁵, Nextcloud, Thunderbird), while X-SOCIALPROFILE is shown
        # by Apple and Nextcloud only. TYPE=linkedin says which link it is; both are read.
        linkedin_url=[f"URL;TYPE=linkedin:{new.linkedin_url}"] if new.linkedin_url else [],
        location=[f"ADR:;;;{escape(new.location)};;;"] if new.location else [],
        notes=[f"NOTE:{escape(note_text(new))}"],
        tags=["CATEGORIES:" + ",".join(escape(t) for t in new.tags)] if new.tags else [],
        rev=[f"REV:{rev}"] if (rev := _rev(extra, person)) else [],
    )
    return rendered


def note_text(person: CardPerson) -> str:
    """NOTE as written: the user's notes, then one line for people reading it on a phone."""
    parts = [relation_label(person.relation or "other")]
    if person.closeness is not None:
        parts.append(f"closeness {person.closeness}")
    if person.last_interaction:
        met = date.fromisoformat(person.last_interaction)
        parts.append(f"last met {met.day} {_MONTHS[met.month - 1]} {met.year}")
    notes = strip_note_line(person.notes.strip())
    return (notes + "\n\n" if notes else "") + " · ".join(parts)


def _rev(extra: PersonExtras, person: ContactRecord) -> str:
    if extra.revised is not None and extra.revised.tzinfo is not None:
        return extra.revised.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    try:  # the tables' wall-clock time: floating, as ISO 8601 allows
        moment = extra.revised or datetime.fromisoformat(person.updated_at)
    except ValueError:
        return ""
    return moment.replace(tzinfo=None).strftime("%Y%m%dT%H%M%S")


def _value(slot: str, person: CardPerson) -> object:
    """What a slot says, compared between the base card and the person written."""
    if slot == "display_name":
        names = (person.given_name, person.family_name)
        return _nfc(person.display_name or " ".join(n for n in names if n))
    if slot == "name":
        return _nfc(person.given_name), _nfc(person.family_name)
    if slot == "keep_in_touch":
        return person.keep_in_touch_days, person.keep_in_touch_stopped
    if slot in ("emails", "phones"):
        return [_same_value(slot, v) for v in getattr(person, slot)]
    if slot == "tags":
        return sorted(_nfc(t) for t in person.tags)
    if slot == "notes":
        return None  # compared as written, NetDesk's line and all
    value = getattr(person, slot)
    return _nfc(value) if isinstance(value, str) else value


def _same_value(slot: str, value: str) -> str:
    """An email or a phone number as compared: the same address in another case, or a
    number spaced differently, is the same line (its TYPE labels kept)."""
    value = _nfc(value)
    return value.casefold() if slot == "emails" else "".join(value.split())


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _assemble(blocks: list[list[str]]) -> str:
    lines = ["BEGIN:VCARD", *(line for block in blocks for line in block), "END:VCARD"]
    return "\r\n".join(lines) + "\r\n"


# --- comparing -----------------------------------------------------------------------


def fields_of(
    person: CardPerson | ContactRecord, extra: PersonExtras | None = None
) -> dict[str, object]:
    """The synced fields, normalised so that equal means "nobody changed it": for the
    three-way merge (base card, the person here, the card on the server). A ContactRecord
    takes its keep-in-touch from *extra*."""
    if isinstance(person, ContactRecord):
        person = card_person(person, extra or PersonExtras(), "")
    values = {name: getattr(person, name) for name in SYNCED_FIELDS}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = unicodedata.normalize("NFC", value).strip()
    values["notes"] = strip_note_line(_clean_notes(person.notes))
    values["emails"] = tuple(dict.fromkeys(e.casefold() for e in person.emails))
    values["phones"] = tuple(" ".join(p.split()) for p in person.phones)
    values["tags"] = tuple(sorted(set(person.tags)))
    values["linkedin_url"] = normalise_linkedin_url(person.linkedin_url) or ""
    if person.keep_in_touch_stopped:
        values["keep_in_touch_days"] = None  # "never" on the card: the days are not kept
    return values
