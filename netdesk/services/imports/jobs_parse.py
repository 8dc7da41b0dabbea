"""Reading the rows of LinkedIn's Job Applications.csv and Saved Jobs.csv.

Columns are found by name, whatever their case, spacing or order ("Job Url", "JOB URL",
"job_url"), in the first lines of the file, with `,`, `;` or tab between cells. Every
cell stays text: a cell that looks like a spreadsheet formula is stored as written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from netdesk.errors import ImportFormatError
from netdesk.services.imports.csv_lines import unify_line_ends
from netdesk.services.imports.jobs_files import APPLICATIONS
from netdesk.services.imports.linkedin_csv import parse_connected_on, slash_day_first
from netdesk.services.imports.linkedin_files import HEADER_SEARCH_LINES
from netdesk.services.imports.summary import Problem
from netdesk.services.text import clean_cell

MAX_JOB_ROWS = 50_000  # per file: more applications than anyone sends
MAX_LINE_CHARS = 200_000  # a row with its questions and answers stays far below this
MAX_TEXT = 300  # organisation, role and file names
MAX_LINK = 2_000

# Our name -> the folded header names seen in LinkedIn's files and their re-saves.
_COMMON = {
    "company": ("companyname", "company", "organization", "organisation", "employer"),
    "title": ("jobtitle", "title", "role", "position"),
    "link": ("joburl", "joblink", "url", "link", "jobpostingurl", "jobposting"),
}
APPLICATION_COLUMNS = {
    **_COMMON,
    "date": ("applicationdate", "dateapplied", "applieddate", "appliedon", "appliedat", "date"),
    "resume": ("resumename", "resume", "resumefile", "resumefilename", "cv"),
}
SAVED_COLUMNS = {**_COMMON, "date": ("saveddate", "datesaved", "savedon", "savedat", "date")}


@dataclass(frozen=True)
class JobRow:
    line: int
    organisation: str
    role: str
    link: str  # canonical, "" when none
    day: str | None  # ISO day applied or saved
    resume: str = ""


@dataclass
class ParsedJobs:
    rows: list[JobRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _folded_header(cell: str) -> str:
    return re.sub(r"[^0-9a-z]", "", clean_cell(cell).casefold())


def find_header(text: str, kind: str, shown: str) -> tuple[int, str, dict[str, int]]:
    """(the header's line index, the delimiter, our name -> column index)."""
    wanted = APPLICATION_COLUMNS if kind == APPLICATIONS else SAVED_COLUMNS
    required = ("company", "title") if kind == APPLICATIONS else ("company",)
    for number, line in enumerate(text.split("\n", HEADER_SEARCH_LINES)[:HEADER_SEARCH_LINES]):
        for delimiter in (",", ";", "\t"):
            try:
                cells = next(csv.reader([line], delimiter=delimiter), [])
            except csv.Error:
                continue
            folded = [_folded_header(cell) for cell in cells]
            columns: dict[str, int] = {}
            for ours, aliases in wanted.items():
                for alias in aliases:
                    if alias in folded and folded.index(alias) not in columns.values():
                        columns[ours] = folded.index(alias)
                        break
            if all(name in columns for name in required):
                return number, delimiter, columns
    expected = (
        "Application Date, Company Name, Job Title, Job Url"
        if kind == APPLICATIONS
        else "Saved Date, Job Url, Job Title, Company Name"
    )
    raise ImportFormatError(
        f"{shown} does not have LinkedIn's columns in its first {HEADER_SEARCH_LINES} lines "
        f"(expected {expected}); nothing was imported"
    )


def canonical_link(value: str) -> str | None:
    """A job's web address as stored and compared: LinkedIn's job pages as
    https://www.linkedin.com/jobs/view/<id>; other http(s) addresses trimmed; None for
    anything that is not a web address."""
    value = clean_cell(value)
    if not value:
        return ""
    if not re.match(r"https?://[^\s/]+\.[^\s]*$", value, re.IGNORECASE):
        return None
    job = re.match(
        r"https?://(?:[a-z0-9-]+\.)*linkedin\.com/jobs/view/(?:[^/?#]*?-)?(\d+)",
        value,
        re.IGNORECASE,
    )
    if job:
        return f"https://www.linkedin.com/jobs/view/{job.group(1)}"
    return value[:MAX_LINK].rstrip("/")


def job_day(value: str, day_first: bool | None, tz: tzinfo | None) -> str | None:
    """LinkedIn's "11/28/24, 3:05 PM", "2024-11-28 15:05:12 UTC" (a UTC instant: the
    user's own day of it) or an Excel re-save's spelling, as an ISO day."""
    value = clean_cell(value)
    if value.upper().endswith(" UTC"):
        try:
            moment = datetime.fromisoformat(value[:-4].strip()).replace(tzinfo=UTC)
        except ValueError:
            pass
        else:
            return moment.astimezone(tz).date().isoformat()
    return parse_connected_on(value, day_first)


def parse_job_file(text: str, kind: str, shown: str, tz: tzinfo | None) -> ParsedJobs:
    """The rows of one job file; rows that cannot be used are problems with their line."""
    text = unify_line_ends(text)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ImportFormatError(
                f"{shown}, line {number}: a row of {len(line):,} characters, far longer "
                "than any LinkedIn job; nothing was imported"
            )
    start, delimiter, columns = find_header(text, kind, shown)
    body = text.split("\n", start)[-1] if start else text
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, strict=False)
    records: list[tuple[int, list[str]]] = []
    try:
        header_lines = 0
        for record in reader:
            if header_lines == 0:
                header_lines = reader.line_num  # the header itself
                continue
            records.append((start + reader.line_num, record))
            if len(records) > MAX_JOB_ROWS:
                raise ImportFormatError(
                    f"{shown} has more than {MAX_JOB_ROWS:,} rows, more than any LinkedIn "
                    "export; nothing was imported"
                )
    except csv.Error as error:
        raise ImportFormatError(
            f"{shown}, line {start + reader.line_num}: malformed CSV ({error}); nothing was "
            "imported"
        ) from error

    def cell(record: list[str], name: str) -> str:
        index = columns.get(name)
        return record[index] if index is not None and index < len(record) else ""

    day_first = slash_day_first(cell(record, "date") for _line, record in records)
    parsed = ParsedJobs()
    for line, record in records:
        if not any(value.strip() for value in record):
            continue  # a blank line: nothing to report
        row = _row(line, record, cell, kind, day_first, tz, parsed.problems)
        if row is not None:
            parsed.rows.append(row)
    return parsed


def _row(line, record, cell, kind, day_first, tz, problems: list[Problem]) -> JobRow | None:
    organisation = clean_cell(cell(record, "company"))[:MAX_TEXT]
    role = clean_cell(cell(record, "title"))[:MAX_TEXT]
    if not organisation and (kind != APPLICATIONS or not role):
        what = "no company or job title" if kind == APPLICATIONS else "no company"
        problems.append(Problem(line, what))
        return None
    link = canonical_link(cell(record, "link"))
    if link is None:
        problems.append(Problem(line, "the job link is not a web address; left out", "warning"))
        link = ""
    raw_day = clean_cell(cell(record, "date"))
    day = job_day(raw_day, day_first, tz) if raw_day else None
    if raw_day and day is None:
        problems.append(Problem(line, f"unreadable date {raw_day[:40]!r}; left out", "warning"))
    resume = clean_cell(cell(record, "resume"))[:MAX_TEXT] if kind == APPLICATIONS else ""
    return JobRow(line, organisation, role, link, day, resume)
