"""Parsing LinkedIn's Connections.csv in every variant it has shipped (see LINKEDIN_FORMAT.md).

The parser maps columns by name, finds the header below any preamble, and turns everything
it cannot use into either a clear ``ImportFormatError`` (nothing usable) or a per-line
problem (row skipped or value dropped). It never touches the database.
"""

from __future__ import annotations

import csv
import operator
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from netdesk.errors import ImportFormatError
from netdesk.services.imports.csv_lines import (
    count_data_lines,
    has_line_break,
    refuse_too_many_rows,
    rows_repairing_quotes,
    unify_line_ends,
)
from netdesk.services.imports.decoding import decode_reporting
from netdesk.services.imports.incoming import IncomingPerson, ParsedFile
from netdesk.services.imports.linkedin_files import HEADER_SEARCH_LINES, read_connections_bytes
from netdesk.services.imports.summary import Problem
from netdesk.services.text import (
    clean_cell,
    needs_cleaning,
)

_COLUMN_ALIASES = {
    "given": ("first name", "firstname", "given name"),
    "family": ("last name", "lastname", "family name", "surname"),
    "url": ("url", "profile url", "linkedin url", "public profile url", "profile link"),
    "email": ("email address", "email", "e-mail address", "e-mail"),
    "company": ("company", "organization", "organisation", "company name"),
    "position": ("position", "title", "job title"),
    "connected": ("connected on", "connected"),
    "tags": ("tags",),
}
_ALIAS_TO_COLUMN = {alias: column for column, names in _COLUMN_ALIASES.items() for alias in names}
_LINKEDIN_EVIDENCE = {"url", "company", "position", "connected"}


def _header_cells(line: str, delimiter: str) -> list[str]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []
    return [clean_cell(cell).strip('"').casefold() for cell in cells]


def find_header(text: str, shown: str) -> tuple[int, str, dict[str, int]]:
    """Return (offset just after the header line, delimiter, column -> index)."""
    offset = 0
    for _ in range(HEADER_SEARCH_LINES):
        end = text.find("\n", offset)
        line = text[offset:] if end < 0 else text[offset:end]
        line = line.rstrip("\r")
        for delimiter in (",", ";", "\t"):
            cells = _header_cells(line, delimiter)
            columns = {}
            for index, cell in enumerate(cells):
                column = _ALIAS_TO_COLUMN.get(cell)
                if column and column not in columns:
                    columns[column] = index
            if "given" in columns and "family" in columns:
                if not _LINKEDIN_EVIDENCE & columns.keys():
                    raise ImportFormatError(
                        f"{shown} has First Name and Last Name but none of Company, "
                        "Position, Connected On or URL: it is not LinkedIn's Connections.csv"
                    )
                return (len(text) if end < 0 else end + 1), delimiter, columns
        if end < 0:
            break
        offset = end + 1
    raise ImportFormatError(
        f"{shown} has no 'First Name' and 'Last Name' columns in its first "
        f"{HEADER_SEARCH_LINES} lines: it is not LinkedIn's Connections.csv"
    )


# --- values --------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "jan janv jän ene gen",
            "feb févr fév fev",
            "mar mär mrt mars",
            "apr avr abr",
            "may mai mei mag",
            "jun juin",
            "jul juil lug",
            "aug août aou ago",
            "sep sept set",
            "oct okt ott out",
            "nov",
            "dec déc dez dic",
        ],
        start=1,
    )
    for name in names.split()
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ \-]([^\W\d_]+)\.?[ \-,]+(\d{2}|\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"([^\W\d_]+)\.? (\d{1,2}),? (\d{4})$")
_NUMERIC = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})(?:,? .*)?$")


def _month(name: str) -> int | None:
    name = name.casefold()
    return _MONTHS.get(name) or _MONTHS.get(name[:4]) or _MONTHS.get(name[:3])


def _full_year(year: int) -> int:
    return year + 2000 if year < 100 else year


def _make_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(_full_year(year), month, day).isoformat()
    except ValueError:
        return None


def parse_connected_on(value: str, day_first: bool | None = None) -> str | None:
    """LinkedIn's and Excel's date spellings to an ISO date; None when unrecognisable.

    *day_first* settles slash dates such as 03/04/2024 (decided once per file by
    slash_day_first); None decides each date alone: month first unless the first part
    cannot be a month.
    """
    value = value.strip()
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        month = _month(match.group(2))
        return _make_date(int(match.group(3)), month, int(match.group(1))) if month else None
    match = _NUMERIC.match(value)
    if match:
        first, separator, second, third = match.groups()
        a, b, c = int(first), int(second), int(third)
        if len(first) == 4:  # ISO: 2024-01-27
            return _make_date(a, b, c)
        if separator == "/":
            if day_first is None:  # US order, unless the first part cannot be a month
                day_first = a > 12
            return _make_date(c, b, a) if day_first else _make_date(c, a, b)
        return _make_date(c, b, a)  # 16.09.2021, 16-09-2021
    match = _MONTH_DAY_YEAR.match(value)
    if match:
        month = _month(match.group(1))
        return _make_date(int(match.group(3)), month, int(match.group(2))) if month else None
    return None


def slash_day_first(values: Iterable[str]) -> bool | None:
    """Whether the slash dates of one file put the day first, from all of them together.

    A first part above 12 can only be a day (27/01/2024), a second part above 12 only a
    day after the month (01/27/2024). Without such evidence the dates are month first,
    as LinkedIn's own (US) exports and US Excel write them. A file with evidence both
    ways is mixed: None, so that each date is read on its own.
    """
    day_first = month_first = False
    for value in values:
        match = _NUMERIC.match(value.strip())
        if match is None or match.group(2) != "/" or len(match.group(1)) == 4:
            continue
        day_first = day_first or int(match.group(1)) > 12
        month_first = month_first or int(match.group(3)) > 12
    if day_first and month_first:
        return None
    return day_first


_PROFILE_PREFIX = "https://www.linkedin.com/in/"
# linkedin.com itself or one of its subdomains (www., de., mobile.), with an optional port:
# never a look-alike such as linkedin.com.evil.example or evillinkedin.com.
_LINKEDIN_HOST = re.compile(r"(?:[a-z0-9-]+\.)*linkedin\.com\.?(?::\d{1,5})?")
_HOST_AND_PATH = re.compile(r"([^/?#]*)/?([^?#]*)")


def normalise_linkedin_url(value: str) -> str | None:
    """https://www.linkedin.com/<path> without query or trailing slash; None if it is not a
    web address on linkedin.com."""
    value = value.strip()
    slug = value.removeprefix(_PROFILE_PREFIX)
    if (
        slug != value  # it had the prefix
        and slug
        and "/" not in slug
        and "?" not in slug
        and "#" not in slug
        and " " not in slug
    ):
        return value  # already canonical, as in every current export
    if not value:
        return None
    if value.startswith("//"):
        value = "https:" + value
    elif "://" not in value:
        value = "https://" + value
    scheme, _, rest = value.partition("://")
    if scheme.lower() not in ("http", "https") or not rest or " " in rest:
        return None
    host, path = _HOST_AND_PATH.match(rest).groups()
    if not _LINKEDIN_HOST.fullmatch(host.lower()):
        return None
    path = path.rstrip("/")
    return f"https://www.linkedin.com/{path}" if path else "https://www.linkedin.com"


# --- rows ----------------------------------------------------------------


def parse_connections(text: str, shown: str) -> ParsedFile:
    text = unify_line_ends(text)
    start, delimiter, columns = find_header(text, shown)
    refuse_too_many_rows(count_data_lines(text, start), shown)
    header_line = text.count("\n", 0, start)
    people: list[IncomingPerson] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    # Missing columns read an empty cell appended after the last real one.
    width = max(columns.values()) + 1
    order = tuple(columns.get(name, width) for name in _FIELDS)
    # Current exports already hold the cells in _FIELDS order: nothing to pick.
    pick = None if order == tuple(range(len(_FIELDS))) else operator.itemgetter(*order)
    # Most exports need no more than strip(); check the whole text once.
    clean = clean_cell if needs_cleaning(text) else str.strip
    # This loop runs once per connection: the common path avoids calls it can do without.
    normalise_url, new_person = normalise_linkedin_url, IncomingPerson
    dates = _ConnectedOn()
    unsettled: list[tuple[IncomingPerson, str]] = []
    previous = header_line
    rows = rows_repairing_quotes(text, start, delimiter, width, shown, problems)
    for line, record in rows:
        if line > previous + 1 and has_line_break(record):  # a quoted cell spans lines
            record = [clean_cell(cell) for cell in record]
        previous = line
        if len(record) == width:
            record.append("")
        else:
            record = [*record[:width], *([""] * (width - len(record))), ""]
        cells = record if pick is None else pick(record)
        given, family, url, email, company, position, connected, tags = map(clean, cells)
        if not (given or family):
            if any(cell.strip() for cell in record):  # else an empty or ",,,,,," line
                problems.append(Problem(line, _nameless_reason(url, email, company, position)))
            continue
        profile = normalise_url(url) if url else None
        person = new_person(line, given, family, company, position)
        person.linkedin_url = profile
        if email or tags or (url and profile is None):
            _add_details(person, url, email, tags, problems)
        identity = profile.casefold() if profile else person.key
        if identity in seen:
            problems.append(Problem(line, f"same person as line {seen[identity]}"))
            continue
        seen[identity] = line
        if connected:
            found = person.connected_on = dates[connected]
            if found is None:
                unsettled.append((person, connected))
        people.append(person)
    if unsettled:
        _settle_dates(unsettled, dates, problems)
    # Every row read is either a person or a skipped line.
    total = len(people) + sum(1 for problem in problems if problem.kind == "skipped")
    if total == 0:
        raise ImportFormatError(f"{shown} has the Connections.csv header but no connections")
    return ParsedFile(shown, people, problems, total)


_FIELDS = ("given", "family", "url", "email", "company", "position", "connected", "tags")


class _ConnectedOn(dict):
    """Connected On text -> ISO date, each distinct text parsed once (thousands of rows
    share a day). None for a text that cannot be read alone: a slash date, which the
    whole file settles (day or month first), or an unreadable one."""

    def __missing__(self, text: str) -> str | None:
        match = _NUMERIC.match(text)
        if match and match.group(2) == "/" and len(match.group(1)) != 4:
            found = None
        else:
            found = parse_connected_on(text)
        self[text] = found
        return found


def _settle_dates(
    unsettled: list[tuple[IncomingPerson, str]], dates: _ConnectedOn, problems: list[Problem]
) -> None:
    """Read the slash dates one way (day or month first) from the evidence in all of the
    file's dates, and report the dates no reading understands."""
    day_first = slash_day_first(dates)
    settled = {
        text: parse_connected_on(text, day_first) for text, found in dates.items() if found is None
    }
    unreadable = False
    for person, text in unsettled:
        found = person.connected_on = settled[text]
        if found is None:
            problems.append(Problem(person.line, f"unrecognised date {text[:40]!r}", "warning"))
            unreadable = True
    if unreadable:
        problems.sort(key=lambda problem: problem.line or 0)  # stable: a line's own order kept


def _nameless_reason(url: str, email: str, company: str, position: str) -> str:
    if url or email or company or position:
        return "no name"
    return "blank row (hidden or deactivated member)"


def _add_details(person, url, email, tags, problems) -> None:
    """The less common cells: email, tags, and a profile URL that cannot be read."""
    line = person.line
    if url and person.linkedin_url is None:
        problems.append(
            Problem(line, f"profile URL {url[:80]!r} is not a LinkedIn profile URL", "warning")
        )
    if email:
        if "@" in email and " " not in email:
            person.email = email.lower()
        else:
            problems.append(Problem(line, f"email {email[:80]!r} is not an address", "warning"))
    if tags:
        person.tags = [t for t in (clean_cell(part) for part in re.split(r"[,;]", tags)) if t]


def read_connections(path: Path) -> ParsedFile:
    """Read and parse a Connections.csv, an export zip or an unpacked export folder."""
    shown, data = read_connections_bytes(path)
    decoded = decode_reporting(data, shown)
    parsed = parse_connections(decoded.text, shown)
    if decoded.problems:  # lines read as Windows-1252 in a UTF-8 file, in line order
        parsed.problems = sorted([*decoded.problems, *parsed.problems], key=_line_of)
    return parsed


def _line_of(problem: Problem) -> int:
    return problem.line or 0
