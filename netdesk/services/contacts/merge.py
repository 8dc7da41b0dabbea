"""Saving over a record that changed meanwhile: merge the user's edits, normalise the form."""

from __future__ import annotations

from dataclasses import fields, replace

from netdesk.services.contacts.records import EDITABLE_FIELDS, EMAIL, ContactRecord
from netdesk.services.text import clean_cell

_LIST_FIELDS = ("emails", "phones", "tags")


def merge_changes(
    form: ContactRecord, loaded: ContactRecord, current: ContactRecord
) -> tuple[set[str], ContactRecord]:
    """(fields the user changed, the record to save): *current* (the database now) with
    the user's changes to *loaded* (what the editor showed) applied on top.

    A list both sides changed is merged item by item: what the user added is added,
    what they removed is removed, and what arrived meanwhile stays.
    """
    changed = {name for name in EDITABLE_FIELDS if getattr(form, name) != getattr(loaded, name)}
    values: dict[str, object] = {}
    for name in changed:
        mine = getattr(form, name)
        theirs = getattr(current, name)
        if name in _LIST_FIELDS and theirs != getattr(loaded, name):
            mine = _merge_list(getattr(loaded, name), mine, theirs)
        values[name] = mine
    return changed, replace(current, **values)


def _merge_list(loaded: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    removed = {item.casefold() for item in loaded} - {item.casefold() for item in mine}
    known = {item.casefold() for item in loaded}
    kept = [item for item in theirs if item.casefold() not in removed]
    present = {item.casefold() for item in kept}
    added = [item for item in mine if item.casefold() not in known | present]
    return kept + added


def normalised(record: ContactRecord) -> ContactRecord:
    """Trim every text field; derive the display name when only given/family were typed."""
    cleaned = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if isinstance(value, str) and item.name != "notes":
            cleaned[item.name] = clean_cell(value)
        elif isinstance(value, list):
            cleaned[item.name] = [clean_cell(v) for v in value if clean_cell(v)]
    record = replace(record, **cleaned)
    if not record.display_name:
        record.display_name = f"{record.given_name} {record.family_name}".strip()
    elif not (record.given_name or record.family_name):
        # Only the shown name was typed: "Mia van der Berg" -> "Mia" + "van der Berg".
        given, _, family = record.display_name.partition(" ")
        record.given_name, record.family_name = given, family
    record.emails = [e.lower() if EMAIL.match(e) else e for e in record.emails]
    return record
