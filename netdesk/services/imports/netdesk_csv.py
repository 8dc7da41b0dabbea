"""NetDesk's own CSV export: its columns, the spreadsheet-safe cells it writes, and reading
it back losslessly (it would otherwise pass for a Google Contacts CSV and lose most values).
"""

from __future__ import annotations

import csv
import io
import sqlite3

from netdesk.errors import ImportFormatError
from netdesk.services.imports.address_book import _good_emails, _keep_unique
from netdesk.services.imports.incoming import IncomingPerson, ParsedFile, _Extras
from netdesk.services.imports.summary import Problem
from netdesk.services.imports.undo import batch_people
from netdesk.services.text import clean_cell
from netdesk.services.vocabulary import RELATIONS

CSV_COLUMNS = (
    "Name",
    "Given Name",
    "Family Name",
    "Organisation",
    "Role",
    "Emails",
    "Phones",
    "LinkedIn URL",
    "Location",
    "How I Know Them",
    "Closeness",
    "Tags",
    "Notes",
    "Connected On",
    "Last Interaction",
)
_HEADER = tuple(column.casefold() for column in CSV_COLUMNS)
_RELATION_KEYS = {label.casefold(): key for key, label in RELATIONS.items()}

# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_quote_prefix(value: str) -> bool:
    # A value that already starts with ' before a formula character gets one more, so that
    # reading back strips exactly one and no value is ever mistaken for a prefixed one.
    return value.startswith(_FORMULA_STARTS) or (
        value.startswith("'") and _needs_quote_prefix(value[1:])
    )


def spreadsheet_safe(value: object) -> object:
    """The cell as written: text a spreadsheet would run as a formula gets a leading '."""
    if isinstance(value, str) and _needs_quote_prefix(value):
        return "'" + value
    return value


def unprotect(value: str) -> str:
    """The value spreadsheet_safe was given."""
    if value.startswith("'") and _needs_quote_prefix(value[1:]):
        return value[1:]
    return value


def is_netdesk_header(cells: list[str]) -> bool:
    """Whether a CSV's header (cells already trimmed and casefolded) is export_csv's."""
    return tuple(cells) == _HEADER


def parse_netdesk_csv(
    text: str, shown: str
) -> tuple[ParsedFile, dict[int, _Extras], dict[int, str]]:
    """People, their extra addresses and phones, and their last interaction by id(person)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    people: list[IncomingPerson] = []
    problems: list[Problem] = []
    extras: dict[int, _Extras] = {}
    last_interactions: dict[int, str] = {}
    seen: dict[str, int] = {}
    try:
        next(reader, None)
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            line = reader.line_num
            row = dict(zip(CSV_COLUMNS, (unprotect(cell) for cell in record), strict=False))
            person, more = _person_from_row(row, line, problems)
            if person is None:
                continue
            before = len(people)
            _keep_unique(person, more, people, extras, seen, problems)
            if len(people) > before and row.get("Last Interaction"):
                last_interactions[id(person)] = row["Last Interaction"]
    except csv.Error as error:
        raise ImportFormatError(
            f"{shown}, line {reader.line_num}: malformed CSV ({error}); nothing was imported"
        ) from error
    total = len(people) + sum(1 for p in problems if p.kind == "skipped")
    if total == 0:
        raise ImportFormatError(
            f"{shown} has NetDesk's CSV header but no people; nothing was imported"
        )
    return ParsedFile(shown, people, problems, total), extras, last_interactions


def _person_from_row(
    row: dict[str, str], line: int, problems: list[Problem]
) -> tuple[IncomingPerson | None, _Extras]:
    def cell(column: str) -> str:
        return clean_cell(row.get(column, ""))

    def lines(column: str) -> list[str]:
        return [value.strip() for value in row.get(column, "").split("\n") if value.strip()]

    given, family, name = cell("Given Name"), cell("Family Name"), cell("Name")
    if not (given or family or name):
        problems.append(Problem(line, "the person has no name"))
        return None, _Extras([], [])
    emails = _good_emails(lines("Emails"), line, problems)
    person = IncomingPerson(
        line,
        given or (name if not family else ""),
        family,
        cell("Organisation"),
        cell("Role"),
        email=emails[0] if emails else "",
        linkedin_url=cell("LinkedIn URL") or None,
        connected_on=cell("Connected On") or None,
        tags=[tag for tag in (t.strip() for t in row.get("Tags", "").split(", ")) if tag],
        relation=_relation(cell("How I Know Them"), line, problems),
        closeness=_closeness(cell("Closeness"), line, problems),
        notes=row.get("Notes", ""),
        location=cell("Location"),
    )
    if name:
        person.display_name = name  # the user may have named them apart from given + family
    return person, _Extras(emails[1:], lines("Phones"))


def _relation(label: str, line: int, problems: list[Problem]) -> str:
    if label.casefold() in _RELATION_KEYS:
        return _RELATION_KEYS[label.casefold()]
    if label in RELATIONS:
        return label
    if label:
        problems.append(Problem(line, f"how you know them ({label[:40]!r}) is unknown", "warning"))
    return "other"


def _closeness(value: str, line: int, problems: list[Problem]) -> int:
    if value.isdigit() and 1 <= int(value) <= 5:
        return int(value)
    if value:
        problems.append(Problem(line, f"closeness {value[:20]!r} is not 1 to 5", "warning"))
    return 3


def add_last_interactions(
    conn: sqlite3.Connection,
    batch_id: int | None,
    people: list[IncomingPerson],
    last_interactions: dict[int, str],
) -> None:
    """Give the people this batch added the last interaction the export recorded (people it
    only updated keep their own, which their interactions decide)."""
    wanted = {
        (person.linkedin_url or person.key): last_interactions[id(person)]
        for person in people
        if id(person) in last_interactions
    }
    if not wanted or batch_id is None:
        return
    updates = [
        (wanted[identity], contact_id)
        for contact_id, identity, _emails in batch_people(conn, batch_id)
        if identity in wanted
    ]
    conn.executemany("UPDATE contact SET last_interaction = ? WHERE id = ?", updates)
