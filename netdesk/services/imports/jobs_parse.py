"""Reading the rows of LinkedIn's Job Applications.csv and Saved Jobs.csv.

What LinkedIn ships, from real exports kept in public repositories (read for this
parser, 2026-12; each file has one header, comma separated, with no preamble):

- Jobs/Job Applications.csv: "Application Date,Contact Email,Contact Phone Number,
  Company Name,Job Title,Job Url,Resume Name,Question And Answers", rows dated 2021-2026:
  JRL319/LinkedIn-Analytics Jobs/Job Applications.csv, apk0703/linkdin_profile_analysis
  Job Applications.csv, clemenspecinovsky/AMS-Data-import Job Applications.csv,
  sanjeevpratap/Predict-Twitter-Personality-Types-with-Machine-Learning
  Jobs/Job Applications.csv. "Question And Answers" is free text ("Q?:A | Q?:A", quoted
  commas, doubled quotes, HTML, questions in the job's language); "Contact Phone Number"
  starts with a space. A row may have a date and link but no company or title.
- Jobs/Saved Jobs.csv: "Saved Date,Job Url,Job Title,Company Name" from a 2018 export to
  2026: abhishekwebcode/Abhishek-Mathur-Complete_LinkedInDataExport_11-04-2018,
  mohamedeways/LinkedIn-Profile and JRL319/LinkedIn-Analytics (Jobs/Saved Jobs.csv),
  Feynman10/Proile, aod2004/aod2004, clemenspecinovsky/AMS-Data-import (Saved Jobs.csv).
  A row may have a link but no title or company.
- Dates in both: quoted "M/D/YY, H:MM AM" (US order, no leading zeros, 12-hour clock:
  "2/23/23, 4:13 PM", "11/27/17, 2:12 PM"); job links http://www.linkedin.com/jobs/view/<id>.
- Big exports split the applications into Job Applications_1.csv, _2… (importers such as
  juanmanueldaza/linkedin2md src/linkedin2md/parsers/jobs.py read the parts with the same
  columns; no real part was found, so each part's header is read on its own).
- Other job files, never read here (jobs_files only picks the two names above):
  Jobs/Job Seeker Preferences.csv ("Locations,Industries,Company Employee Count,…"),
  Jobs/Job Applicant Saved Answers.csv ("Question,Answer"), both in JRL319/LinkedIn-Analytics;
  SavedJobAlerts.csv at the export's top, "Saved Search Date,Jobs Search Url" in 2018
  (abhishekwebcode/…_11-04-2018) and "ALERT_PARAMETERS,QUERY_CONTEXT,SAVED_SEARCH_ID" by
  2026 (JRL319/LinkedIn-Analytics). Jobs/Online Job Postings.csv is named by other
  importers; no real copy was found.

No renamed or reordered columns were found. Guesses kept because they are harmless:
columns are found by name in any order, whatever their case, spacing or punctuation
("JOB URL", "job_url": a spreadsheet's re-save), in the first lines, with `,`, `;` or tab
between cells; dates re-saved by a spreadsheet ("01/15/2025 15:04", "2025-01-15",
"15.01.2025") and the "2024-11-28 15:05:12 UTC" instants LinkedIn writes in other files.
Every cell stays text: a cell that looks like a spreadsheet formula is stored as written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from netdesk.errors import ImportFormatError
from netdesk.services.imports.csv_lines import unify_line_ends
from netdesk.services.imports.jobs_files import APPLICATIONS, SAVED
from netdesk.services.imports.linkedin_csv import parse_connected_on, slash_day_first
from netdesk.services.imports.linkedin_files import HEADER_SEARCH_LINES
from netdesk.services.imports.summary import Problem
from netdesk.services.text import clean_cell

MAX_JOB_ROWS = 50_000  # per file: more applications than anyone sends
MAX_LINE_CHARS = 200_000  # a row with its questions and answers stays far below this
MAX_TEXT = 300  # organisation, role and file names
MAX_LINK = 2_000

# Our name -> LinkedIn's header for it, folded (see _folded_header).
APPLICATION_COLUMNS = {
    "date": "applicationdate",
    "company": "companyname",
    "title": "jobtitle",
    "link": "joburl",
    "resume": "resumename",
}
SAVED_COLUMNS = {
    "date": "saveddate",
    "link": "joburl",
    "title": "jobtitle",
    "company": "companyname",
}
_HEADERS = {
    APPLICATIONS: "Application Date, Company Name, Job Title, Job Url",
    SAVED: "Saved Date, Job Url, Job Title, Company Name",
}
_FILES = {APPLICATIONS: "Job Applications.csv", SAVED: "Saved Jobs.csv"}


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
    """ "Job Url", "JOB URL" and "job_url" alike: case, spaces and punctuation dropped."""
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
            columns = {ours: folded.index(name) for ours, name in wanted.items() if name in folded}
            if all(name in columns for name in required):
                _refuse_the_other_file(folded, kind, shown)
                return number, delimiter, columns
    raise ImportFormatError(
        f"{shown} does not have LinkedIn's columns in its first {HEADER_SEARCH_LINES} lines "
        f"(expected {_HEADERS[kind]}); nothing was imported"
    )


def _refuse_the_other_file(folded: list[str], kind: str, shown: str) -> None:
    """Both files share Company Name and Job Title: a renamed Saved Jobs.csv would
    otherwise become applications (and the other way round)."""
    other = SAVED if kind == APPLICATIONS else APPLICATIONS
    own_date = (APPLICATION_COLUMNS if kind == APPLICATIONS else SAVED_COLUMNS)["date"]
    other_date = (APPLICATION_COLUMNS if other == APPLICATIONS else SAVED_COLUMNS)["date"]
    if other_date in folded and own_date not in folded:
        raise ImportFormatError(
            f"{shown} has the columns of LinkedIn's {_FILES[other]} ({_HEADERS[other]}), "
            f"not those of its {_FILES[kind]}; rename it and drop it again. Nothing was "
            "imported"
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
    """LinkedIn's "11/28/24, 3:05 PM", a spreadsheet re-save's spelling or a
    "2024-11-28 15:05:12 UTC" instant (the user's own day of it), as an ISO day."""
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
        first_line = 1  # of the record being read, in *body*: a quoted cell may span lines
        for index, record in enumerate(reader):
            if index:  # the first record is the header itself
                records.append((start + first_line, record))
            first_line = reader.line_num + 1
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
    link = canonical_link(cell(record, "link"))
    if not organisation and (kind != APPLICATIONS or not role):
        # Real exports have such rows: a date and a link, the company and title empty.
        what = "no company or job title" if kind == APPLICATIONS else "no company"
        problems.append(Problem(line, what + (f", only the job link {link}" if link else "")))
        return None
    if link is None:
        problems.append(Problem(line, "the job link is not a web address; left out", "warning"))
        link = ""
    raw_day = clean_cell(cell(record, "date"))
    day = job_day(raw_day, day_first, tz) if raw_day else None
    if raw_day and day is None:
        problems.append(Problem(line, f"unreadable date {raw_day[:40]!r}; left out", "warning"))
    resume = clean_cell(cell(record, "resume"))[:MAX_TEXT] if kind == APPLICATIONS else ""
    return JobRow(line, organisation, role, link, day, resume)
