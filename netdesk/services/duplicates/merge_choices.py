"""Which of two people's values a merge keeps, field by field, and the kept row it makes.

Emails, phones and tags are never chosen: every one is kept. A field is otherwise
taken from the side that has it; when both have different values, from the side the
user edited by hand, else from the side changed last. Notes both sides wrote are
joined. The first connection and the last interaction are the earliest and the
latest of the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netdesk.services.duplicates.merge_rows import Row, join_notes
from netdesk.services.text import join_lines, split_lines
from netdesk.services.vocabulary import LINKEDIN_ONLY

KEPT, OTHER, BOTH = "kept", "other", "both"


@dataclass(frozen=True)
class ChosenField:
    """One line of the side-by-side view: a field, both values, the default side."""

    key: str
    label: str
    kept: str
    other: str
    default: str  # kept, other or both
    sides: tuple[str, ...] = (KEPT, OTHER)  # what may be chosen


# key -> (label, contact columns it sets, the user_edited names that mark it).
FIELDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "name": (
        "Name",
        ("given_name", "family_name", "display_name", "sort_name"),
        ("given_name", "family_name", "display_name"),
    ),
    "organisation": ("Organisation", ("organisation_id",), ("organisation",)),
    "role": ("Role", ("role",), ("role",)),
    "location": ("Location", ("location",), ("location",)),
    "linkedin_url": ("LinkedIn profile", ("linkedin_url",), ("linkedin_url",)),
    "relation": ("How you know them", ("relation",), ("relation",)),
    "closeness": ("Closeness", ("closeness",), ("closeness",)),
    "notes": ("Notes", ("notes",), ("notes",)),
    "connected_on": ("Connected on", ("connected_on",), ()),
    "last_interaction": ("Last in touch", ("last_interaction",), ()),
    "keep_in_touch": ("Keep in touch", (), ()),
    "track_mail": ("Track mail", ("track_mail",), ("track_mail",)),
}
JOINED = ("emails", "phones", "tags")  # always every one of both
EXTRAS = ("organisation_name", "keep_in_touch", "tags")  # shown, not contact columns


def _shown(person: Row, key: str) -> str:
    """A field's value as the side-by-side view shows it ('' for nothing)."""
    if key == "organisation":
        return str(person.get("organisation_name") or "")
    if key == "keep_in_touch":
        return str(person.get("keep_in_touch") or "")
    if key == "track_mail":
        return "" if person["track_mail"] else "no"  # tracking is the default: not a value
    if key == "relation":
        weak = person["relation"] in ("other", LINKEDIN_ONLY)
        return "" if weak else str(person["relation"])  # a stronger tie wins
    value = person.get("display_name" if key == "name" else key)
    return "" if value is None else str(value)


def _edited(person: Row, key: str) -> bool:
    marks = set(filter(None, str(person.get("user_edited") or "").split(",")))
    return bool(marks & set(FIELDS[key][2]))


def default_choices(kept: Row, other: Row) -> dict[str, str]:
    """Per field, the side a merge takes by default (see the module's docstring).
    *kept* and *other* are contact rows with organisation_name and keep_in_touch."""
    choices: dict[str, str] = {}
    for key in FIELDS:
        mine, theirs = _shown(kept, key), _shown(other, key)
        if key == "connected_on" and mine and theirs:
            choices[key] = OTHER if theirs < mine else KEPT
        elif key == "last_interaction" and mine and theirs:
            choices[key] = OTHER if theirs > mine else KEPT
        elif not theirs or mine == theirs:
            choices[key] = KEPT
        elif not mine:
            choices[key] = OTHER
        elif key == "notes":
            choices[key] = BOTH
        elif _edited(kept, key) != _edited(other, key):
            choices[key] = KEPT if _edited(kept, key) else OTHER
        else:
            newer = str(other["updated_at"]) > str(kept["updated_at"])
            choices[key] = OTHER if newer else KEPT
    return choices


def side_by_side(kept: Row, other: Row) -> list[ChosenField]:
    """Every field with both values and the default side; the joined lists last."""
    defaults = default_choices(kept, other)
    lines = []
    for key, (label, _, _) in FIELDS.items():
        sides = (KEPT, OTHER, BOTH) if key == "notes" else (KEPT, OTHER)
        shown = (_described(kept, key), _described(other, key))
        lines.append(ChosenField(key, label, *shown, defaults[key], sides))
    for key in JOINED:
        label = key.capitalize()
        mine, theirs = (", ".join(split_lines(str(p[key]))) for p in (kept, other))
        lines.append(ChosenField(key, label, mine, theirs, BOTH, (BOTH,)))
    return lines


def _described(person: Row, key: str) -> str:
    if key == "track_mail":
        return "yes" if person["track_mail"] else "no"
    if key == "relation":
        return str(person["relation"])
    return _shown(person, key)


def merged_row(kept: Row, other: Row, choices: dict[str, str], now: str) -> Row:
    """The kept person's contact row after the merge."""
    row = dict(kept)
    for key, (_, columns, _) in FIELDS.items():
        side = choices.get(key, KEPT)
        if side == BOTH:
            row["notes"] = join_notes(str(kept["notes"]), str(other["notes"]))
        elif side == OTHER:
            row.update({column: other[column] for column in columns})
    row["emails"] = join_lines(_union(kept["emails"], other["emails"], str.casefold))
    row["phones"] = join_lines(_union(kept["phones"], other["phones"], _phone_key))
    edited = set(filter(None, f"{kept['user_edited']},{other['user_edited']}".split(",")))
    row["user_edited"] = ",".join(sorted(edited))
    row["updated_at"] = now
    return {column: value for column, value in row.items() if column not in EXTRAS}


def _union(mine: object, theirs: object, key) -> list[str]:
    seen: dict[str, str] = {}
    for value in split_lines(str(mine)) + split_lines(str(theirs)):
        seen.setdefault(key(value), value)
    return list(seen.values())


def _phone_key(phone: str) -> str:
    """The same number however it is spaced or punctuated."""
    return re.sub(r"[^\d+x]", "", phone.casefold())
