"""Google Contacts CSV (old and new column layouts) read into people."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

from netdesk.errors import ImportFormatError, TooManyRowsError
from netdesk.services.imports.address_book import (
    _LABEL_RELATIONS,
    ADDRESS_BOOK_CLOSENESS,
    ADDRESS_BOOK_RELATION,
    _good_emails,
    _keep_unique,
    _split_name,
)
from netdesk.services.imports.csv_lines import (
    count_data_lines,
    line_end,
    rows_repairing_quotes,
    unify_line_ends,
)
from netdesk.services.imports.incoming import IncomingPerson, ParsedFile, _Extras
from netdesk.services.imports.linkedin_csv import normalise_linkedin_url
from netdesk.services.imports.netdesk_csv import is_netdesk_header
from netdesk.services.imports.summary import Problem
from netdesk.services.text import (
    clean_cell,
)

# Google Contacts holds 25,000 contacts at most; other address books' CSVs come this way too.
MAX_ADDRESS_BOOK_LINES = 100_000
_LINE_END = re.compile(r"[\r\n]")
# Notes keep their line breaks and tabs, never other control characters.
_NOTE_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _header_cells(line: str) -> list[str]:
    # Only up to the first line end: in old Excel's CR-only files that is a lone CR.
    line = _LINE_END.split(line, 1)[0]
    try:
        cells = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return []
    return [clean_cell(cell).strip('"').casefold() for cell in cells]


@dataclass(frozen=True)
class _GoogleColumns:
    given: int | None
    family: int | None
    name: int | None
    organisation: int | None
    title: int | None
    notes: int | None
    labels: int | None
    emails: list[int]
    phones: list[int]
    websites: list[int]
    cities: list[int]
    countries: list[int]


def _google_columns(cells: list[str]) -> _GoogleColumns | None:
    """The columns of Google Contacts' CSV (the current and the older layout), or None."""
    index = {cell: i for i, cell in reversed(list(enumerate(cells)))}

    def first(*names: str) -> int | None:
        return next((index[n] for n in names if n in index), None)

    def numbered(pattern: str) -> list[int]:
        regex = re.compile(pattern)
        return [i for i, cell in enumerate(cells) if regex.fullmatch(cell)]

    emails = numbered(r"e-mail \d+ - value")
    google_only = (
        "given name" in index
        or "organization name" in index
        or "organization 1 - name" in index
        or "file as" in index
        or "group membership" in index
    )
    if not (emails or google_only) or not ({"first name", "given name", "name"} & index.keys()):
        return None
    return _GoogleColumns(
        given=first("first name", "given name"),
        family=first("last name", "family name"),
        name=first("name", "file as", "nickname"),
        organisation=first("organization name", "organization 1 - name"),
        title=first("organization title", "organization 1 - title"),
        notes=first("notes"),
        labels=first("labels", "group membership"),
        emails=emails,
        phones=numbered(r"phone \d+ - value"),
        websites=numbered(r"website \d+ - value"),
        cities=numbered(r"address \d+ - city"),
        countries=numbered(r"address \d+ - country"),
    )


def parse_google_csv(
    text: str, shown: str, repaired: Sequence[Problem] = ()
) -> tuple[ParsedFile, dict[int, _Extras]]:
    """*repaired*: the lines the decoder read as Windows-1252, reported with the rest."""
    problems = list(repaired)
    text = unify_line_ends(text.lstrip("\ufeff"))
    header_end = line_end(text, 0)
    header = _header_cells(text[:header_end])
    if is_netdesk_header(header):
        # Its Given Name and Name columns look like Google's older layout, which would
        # read only the names and notes: most of what it holds would be lost.
        raise ImportFormatError(
            f"{shown} is NetDesk's own CSV export, not a Google Contacts CSV; import it as "
            "a file of any kind (netdesk import, or drop it on the window); nothing was imported"
        )
    columns = _google_columns(header)
    if columns is None:
        raise ImportFormatError(
            f"{shown} is not a Google Contacts CSV (its first line has no First Name, "
            "Organization Name or E-mail 1 - Value columns); export it from Google Contacts "
            "as 'Google CSV'"
        )
    _refuse_too_many_rows(count_data_lines(text, header_end), shown)
    people: list[IncomingPerson] = []
    extras: dict[int, _Extras] = {}
    seen: dict[str, int] = {}
    rows = rows_repairing_quotes(text, header_end, ",", len(header), shown, problems)
    for line, record in rows:
        if not any(cell.strip() for cell in record):
            continue
        result = _person_from_row(record, columns, line, problems)
        if result is not None:
            _keep_unique(*result, people, extras, seen, problems)
    problems.sort(key=lambda problem: problem.line or 0)  # stable: a line's own order kept
    total = len(people) + sum(1 for p in problems if p.kind == "skipped")
    if total == 0:
        raise ImportFormatError(f"{shown} has the Google Contacts header but no contacts")
    return ParsedFile(shown, people, problems, total), extras


def _refuse_too_many_rows(data_lines: int, shown: str) -> None:
    if data_lines > MAX_ADDRESS_BOOK_LINES:
        raise TooManyRowsError(
            f"{shown} has {data_lines:,} rows, more than an address book import takes "
            f"({MAX_ADDRESS_BOOK_LINES:,} at most); nothing was imported"
        )


def _person_from_row(
    record: list[str], columns: _GoogleColumns, line: int, problems: list[Problem]
) -> tuple[IncomingPerson, _Extras] | None:
    def cell(index: int | None) -> str:
        return clean_cell(record[index]) if index is not None and index < len(record) else ""

    def multi(indexes: list[int]) -> list[str]:
        values: list[str] = []
        for index in indexes:
            values += [v.strip() for v in cell(index).split(":::") if v.strip()]
        return values

    given, family = cell(columns.given), cell(columns.family)
    if not (given or family):
        given, family = _split_name(cell(columns.name))
    if not (given or family):
        what = "only an organisation" if cell(columns.organisation) else "no name"
        problems.append(Problem(line, f"the contact has {what}"))
        return None
    labels = [
        label.strip()
        for label in cell(columns.labels).split(":::")
        if label.strip() and not label.strip().startswith("*")  # "* myContacts", "* starred"
    ]
    relation = next(
        (
            _LABEL_RELATIONS[label.casefold()]
            for label in labels
            if label.casefold() in _LABEL_RELATIONS
        ),
        ADDRESS_BOOK_RELATION,
    )
    url = None
    for website in multi(columns.websites):
        if "linkedin.com/in/" in website.casefold():
            url = normalise_linkedin_url(website)
            if url:
                break
    emails = _good_emails(multi(columns.emails), line, problems)
    cities = [c for c in multi(columns.cities) if c]
    countries = [c for c in multi(columns.countries) if c]
    location = ", ".join(p for p in (cities[:1] + countries[:1]) if p)
    person = IncomingPerson(
        line,
        given,
        family,
        cell(columns.organisation),
        cell(columns.title),
        email=emails[0] if emails else "",
        linkedin_url=url,
        tags=labels,
        relation=relation,
        closeness=ADDRESS_BOOK_CLOSENESS,
        notes=_note(record, columns.notes),
        location=location,
    )
    return person, _Extras(emails[1:], multi(columns.phones))


def _note(record: list[str], index: int | None) -> str:
    if index is None or index >= len(record):
        return ""
    return _NOTE_CONTROLS.sub("", record[index]).strip()


# --- after apply -----------------------------------------------------------------
