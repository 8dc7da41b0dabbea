"""What the vCard and Google Contacts imports share: reading the file, the extra e-mail
addresses and phone numbers IncomingPerson does not carry, names and duplicates.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from netdesk.errors import ImportFormatError
from netdesk.services.imports.decoding import DecodedText, decode_reporting
from netdesk.services.imports.incoming import IncomingPerson, _Extras
from netdesk.services.imports.linkedin_files import MAX_CSV_BYTES
from netdesk.services.imports.summary import Problem
from netdesk.services.imports.undo import batch_people
from netdesk.services.text import (
    clean_cell,
    join_lines,
    split_lines,
)

# People from an address book are people the user knows somehow: not "LinkedIn only",
# but no closer than a loose tie until the user says so.
ADDRESS_BOOK_RELATION = "other"
ADDRESS_BOOK_CLOSENESS = 2
_LABEL_RELATIONS = {
    "family": "family",
    "friends": "friend",
    "friend": "friend",
    "coworkers": "colleague",
    "colleagues": "colleague",
    "classmates": "classmate",
}


def read_address_book(path: Path, kind: str) -> tuple[str, DecodedText]:
    """The file's name as shown and its text, with the lines the decoder had to read in
    another encoding (for the parser to report)."""
    from netdesk.services.imports.reading import is_folder, read_limited

    path = Path(path)
    shown = path.name
    if is_folder(path):
        raise ImportFormatError(f"{shown} is a folder, not a {kind} file")
    data = read_limited(path, MAX_CSV_BYTES, f"address book export (it is not a {kind} file)")
    try:
        return shown, decode_reporting(data, shown)
    except ImportFormatError as error:
        # The shared decoder speaks of CSV; say which kind of file was expected.
        raise ImportFormatError(str(error).replace("a CSV file", f"a {kind} file")) from None


def _split_name(full: str) -> tuple[str, str]:
    full = clean_cell(full)
    if " " not in full:
        return full, ""
    given, _, family = full.rpartition(" ")
    return given, family


def _good_emails(values: Iterable[str], line: int, problems: list[Problem]) -> list[str]:
    found: list[str] = []
    for value in values:
        for email in (e.strip() for e in value.split(":::")):
            if not email:
                continue
            if "@" in email and " " not in email:
                if email.lower() not in found:
                    found.append(email.lower())
            else:
                problems.append(Problem(line, f"email {email[:80]!r} is not an address", "warning"))
    return found


def _keep_unique(person, more, people, extras, seen, problems) -> None:
    """Once per person: by profile URL, and by name + organisation for a row without one
    (an address book often holds the same person twice, once with more detail)."""
    url = person.linkedin_url.casefold() if person.linkedin_url else None
    first = seen.get(url) if url else seen.get(person.key)
    if first is not None:
        problems.append(Problem(person.line, f"same person as line {first}"))
        return
    if url:
        seen[url] = person.line
    seen.setdefault(person.key, person.line)
    people.append(person)
    extras[id(person)] = more


# --- Google Contacts CSV --------------------------------------------------------


def _add_extras(
    conn: sqlite3.Connection,
    batch_id: int | None,
    people: list[IncomingPerson],
    extras: dict[int, _Extras],
) -> None:
    """Give the people this batch added their other addresses and phone numbers (people it
    only updated keep theirs: an import never rewrites what the user may have curated)."""
    wanted = {
        (person.linkedin_url or person.key): extras[id(person)]
        for person in people
        if id(person) in extras and (extras[id(person)].emails or extras[id(person)].phones)
    }
    if not wanted or batch_id is None:
        return
    updates = []
    for contact_id, identity, emails in batch_people(conn, batch_id):
        more = wanted.get(identity)
        if more is None:
            continue
        merged = [*split_lines(emails), *(e for e in more.emails if e not in emails)]
        updates.append((join_lines(merged), join_lines(more.phones), contact_id))
    conn.executemany("UPDATE contact SET emails = ?, phones = ? WHERE id = ?", updates)
