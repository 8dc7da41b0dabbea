"""Moving people in and out: CSV, vCard 3.0 and JSON exports; vCard and Google Contacts
imports with the LinkedIn import's summary and undo.

Imports read the whole file first and turn what cannot be used into per-line problems
or one ``ImportFormatError`` that names the file (nothing is written then); the people
read go through ``ImportService.apply``, so an import is one undoable batch, matched
against the people already known exactly as a LinkedIn import is. Exports are written
to a temporary file beside the target and renamed over it: a failed export never leaves
half a file under the user's chosen name.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import peewee

from netdesk import __version__
from netdesk.db.migrations import user_version
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts import ContactFilter, ContactRecord, ContactService
from netdesk.services.importer import ImportService, ImportSummary, batch_people
from netdesk.services.linkedin import (
    MAX_CSV_BYTES,
    ImportFormatError,
    IncomingPerson,
    ParsedFile,
    Problem,
    decode_text,
    normalise_linkedin_url,
)
from netdesk.services.progress import Progress, no_progress
from netdesk.services.text import clean_cell, join_lines, split_lines
from netdesk.services.vocabulary import CLOSENESS_RANGE, RELATIONS

TYPE_CHECKING = False  # vobject (~25 ms to import) only when a vCard is read or written
if TYPE_CHECKING:
    import vobject.base

# vobject logs every line it skips; each one is reported to the user as a problem instead.
logging.getLogger("vobject.base").setLevel(logging.CRITICAL)

LINKEDIN, VCARD, GOOGLE = "linkedin", "vcard", "google"
SOURCE_LABELS = {VCARD: "vCard import", GOOGLE: "Google Contacts import"}
# People from an address book are people the user knows somehow: not "LinkedIn only",
# but no closer than a loose tie until the user says so.
ADDRESS_BOOK_RELATION = "other"
ADDRESS_BOOK_CLOSENESS = 2
JSON_FORMAT = "netdesk-export"
JSON_FORMAT_VERSION = 1

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

# Google Contacts labels that say how the user knows someone.
_LABEL_RELATIONS = {
    "family": "family",
    "friends": "friend",
    "friend": "friend",
    "coworkers": "colleague",
    "colleagues": "colleague",
    "classmates": "classmate",
}
_X_RELATION = "x-netdesk-relation"
_X_CLOSENESS = "x-netdesk-closeness"


@dataclass(frozen=True)
class JsonExport:
    path: Path
    tables: int
    people: int


class InterchangeService:
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        contacts: ContactService,
        imports: ImportService,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._clock = clock
        self._db = db
        self._contacts = contacts
        self._imports = imports

    # --- exports ------------------------------------------------------------

    def _records(self, ids: Sequence[int] | None) -> list[ContactRecord]:
        if ids is None:
            ids = self._contacts.query_ids(ContactFilter())
        return self._contacts.records(ids)

    def export_csv(self, path: Path, ids: Sequence[int] | None = None) -> int:
        """People as a CSV that spreadsheets open (UTF-8 with a BOM); returns how many."""
        records = self._records(ids)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for r in records:
            writer.writerow(
                (
                    r.display_name,
                    r.given_name,
                    r.family_name,
                    r.organisation,
                    r.role,
                    "\n".join(r.emails),
                    "\n".join(r.phones),
                    r.linkedin_url,
                    r.location,
                    RELATIONS.get(r.relation, r.relation),
                    r.closeness,
                    ", ".join(r.tags),
                    r.notes,
                    r.connected_on or "",
                    r.last_interaction or "",
                )
            )
        _write_atomically(Path(path), buffer.getvalue().encode("utf-8-sig"))
        return len(records)

    def export_vcard(self, path: Path, ids: Sequence[int] | None = None) -> int:
        """People as vCard 3.0, which every address book imports; returns how many."""
        records = self._records(ids)
        cards = [_vcard(r).serialize() for r in records]
        _write_atomically(Path(path), "".join(cards).encode("utf-8"))
        return len(records)

    def export_json(self, path: Path) -> JsonExport:
        """Everything in the database as JSON: every table, every row, plain values."""
        conn: sqlite3.Connection = self._db.connection()
        with self._db.atomic():  # one consistent snapshot of all tables
            tables = [
                name
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                    # The search indexes are derived from the other tables: not data.
                    "AND name NOT LIKE 'contact\\_fts%' ESCAPE '\\' "
                    "AND name NOT LIKE 'meeting\\_fts%' ESCAPE '\\' ORDER BY name"
                )
            ]
            content: dict[str, list[dict[str, object]]] = {}
            for table in tables:
                cursor = conn.execute(f'SELECT * FROM "{table}"')
                columns = [d[0] for d in cursor.description]
                content[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
            document = {
                "format": JSON_FORMAT,
                "format_version": JSON_FORMAT_VERSION,
                "app_version": __version__,
                "schema_version": user_version(self._db),
                "exported_at": self._clock.now().isoformat(timespec="seconds"),
                "tables": content,
            }
        data = json.dumps(document, ensure_ascii=False, indent=1, default=_json_value)
        _write_atomically(Path(path), data.encode("utf-8"))
        return JsonExport(Path(path), len(tables), len(content.get("contact", [])))

    # --- imports ------------------------------------------------------------

    def detect(self, path: Path) -> str:
        """Which reader a dropped file needs: LINKEDIN, VCARD or GOOGLE."""
        path = Path(path)
        if path.suffix.casefold() in (".vcf", ".vcard"):
            return VCARD
        if path.is_dir() or path.suffix.casefold() == ".zip" or not path.is_file():
            return LINKEDIN
        try:
            with path.open("rb") as handle:
                head = handle.read(8192)
        except OSError:
            return LINKEDIN  # the LinkedIn reader explains unreadable files
        text = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n\t").replace("\x00", "")
        if text[:11].casefold() == "begin:vcard":
            return VCARD
        first_line = text.split("\n", 1)[0]
        if _google_columns(_header_cells(first_line)) is not None:
            return GOOGLE
        return LINKEDIN

    def import_file(self, path: Path, progress: Progress = no_progress) -> ImportSummary:
        """Import whatever was dropped: a LinkedIn export, a vCard file or a Google CSV."""
        kind = self.detect(path)
        if kind == VCARD:
            return self.import_vcard(path, progress)
        if kind == GOOGLE:
            return self.import_google_csv(path, progress)
        return self._imports.import_linkedin(path, progress)

    def import_vcard(self, path: Path, progress: Progress = no_progress) -> ImportSummary:
        progress(5, f"Reading {Path(path).name}…")
        shown, text = _read_text(Path(path), "vCard")
        parsed, extras = parse_vcards(text, shown)
        return self._apply(parsed, extras, VCARD, path, progress)

    def import_google_csv(self, path: Path, progress: Progress = no_progress) -> ImportSummary:
        progress(5, f"Reading {Path(path).name}…")
        shown, text = _read_text(Path(path), "CSV")
        parsed, extras = parse_google_csv(text, shown)
        return self._apply(parsed, extras, GOOGLE, path, progress)

    def _apply(
        self,
        parsed: ParsedFile,
        extras: dict[int, _Extras],
        source: str,
        path: Path,
        progress: Progress,
    ) -> ImportSummary:
        progress(40, f"Matching {len(parsed.people):,} people…")
        with self._db.atomic("IMMEDIATE"):
            summary = self._imports.apply(parsed, source=source, file_path=str(path))
            _add_extras(self._db.connection(), summary.batch_id, parsed.people, extras)
        progress(100, "Done")
        return summary


# --- writing -----------------------------------------------------------------


def _write_atomically(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise OSError(f"{path}: cannot be written ({error.strerror or error})") from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _json_value(value: object) -> object:
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _vcard(record: ContactRecord) -> vobject.base.Component:
    import vobject

    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("fn").value = record.display_name
    given, family = record.given_name, record.family_name
    if not (given or family):
        given = record.display_name
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if record.organisation:
        card.add("org").value = [record.organisation]
    if record.role:
        card.add("title").value = record.role
    for email in record.emails:
        line = card.add("email")
        line.value = email
        line.type_param = "INTERNET"
    for phone in record.phones:
        card.add("tel").value = phone
    if record.linkedin_url:
        card.add("url").value = record.linkedin_url
    if record.location:
        card.add("adr").value = vobject.vcard.Address(city=record.location)
    if record.notes:
        card.add("note").value = record.notes
    if record.tags:
        card.add("categories").value = list(record.tags)
    # How the user knows them and how close they are: NetDesk's own, read back on import.
    card.add(_X_RELATION).value = record.relation
    card.add(_X_CLOSENESS).value = str(record.closeness)
    return card


# --- reading -----------------------------------------------------------------


@dataclass
class _Extras:
    """What IncomingPerson does not carry: more addresses and phone numbers."""

    emails: list[str]
    phones: list[str]


def _read_text(path: Path, kind: str) -> tuple[str, str]:
    shown = path.name
    if not path.exists():
        raise ImportFormatError(f"{shown}: file not found")
    if path.is_dir():
        raise ImportFormatError(f"{shown} is a folder, not a {kind} file")
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise ImportFormatError(
                f"{shown} is {size / 1_048_576:.0f} MB, far larger than any address book "
                f"export; it is not a {kind} file"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImportFormatError(f"{shown}: cannot be read ({error.strerror or error})") from error
    try:
        return shown, decode_text(data, shown)
    except ImportFormatError as error:
        # The shared decoder speaks of CSV; say which kind of file was expected.
        raise ImportFormatError(str(error).replace("a CSV file", f"a {kind} file")) from None


_CARD_START = re.compile(r"^begin:vcard\s*$", re.IGNORECASE)
_CARD_END = re.compile(r"^end:vcard\s*$", re.IGNORECASE)


def parse_vcards(text: str, shown: str) -> tuple[ParsedFile, dict[int, _Extras]]:
    """Every card in *text*; a card that cannot be read is a skipped line, not a failure."""
    people: list[IncomingPerson] = []
    problems: list[Problem] = []
    extras: dict[int, _Extras] = {}
    seen: dict[str, int] = {}
    cards = list(_split_cards(text))
    if not cards:
        raise ImportFormatError(
            f"{shown} holds no vCard (no BEGIN:VCARD line): it is not a vCard file"
        )
    for line, card_text, complete in cards:
        if not complete:
            problems.append(Problem(line, "the card has no END:VCARD (the file is cut short)"))
            continue
        card = _read_card(card_text, line, problems)
        if card is None:
            continue
        result = _person_from_card(card, line, problems)
        if result is None:
            continue
        person, more = result
        _keep_unique(person, more, people, extras, seen, problems)
    total = len(people) + sum(1 for p in problems if p.kind == "skipped")
    return ParsedFile(shown, people, problems, total), extras


def _card_errors() -> tuple[type[Exception], ...]:
    import vobject.base

    return (vobject.base.ParseError, ValueError, TypeError, AttributeError, KeyError)


_FAILED_LINE = "Failed to parse line: "


def _bad_line_offset(text: str, message: str) -> int:
    """Where in the card the line vobject could not parse is (its own count is off)."""
    _, found, bad = message.partition(_FAILED_LINE)
    if found and bad.strip():
        for offset, candidate in enumerate(text.split("\r\n")):
            if candidate.strip() == bad.strip():
                return offset
    return 0


def _read_card(text: str, line: int, problems: list[Problem]) -> vobject.base.Component | None:
    """Parse one card; a line in it that cannot be read is left out with a warning, a card
    that cannot be read at all is skipped."""
    import vobject

    errors = _card_errors()
    try:
        return vobject.readOne(text)
    except errors as error:
        reason = " ".join(str(error).split())[:120] or type(error).__name__
        where = line + _bad_line_offset(text, str(error))
    try:
        card = vobject.readOne(text, ignoreUnreadable=True)
    except errors:
        problems.append(Problem(line, f"the card cannot be read ({reason})"))
        return None
    problems.append(Problem(where, "a line of this card cannot be read; left out", "warning"))
    return card


def _split_cards(text: str) -> Iterable[tuple[int, str, bool]]:
    """(line of BEGIN:VCARD, the card's text, whether END:VCARD closed it)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start: int | None = None
    for number, line in enumerate(lines, start=1):
        if _CARD_START.match(line.strip()):
            if start is not None:  # a new card before the last one ended
                yield start, "", False
            start = number
        elif _CARD_END.match(line.strip()) and start is not None:
            yield start, "\r\n".join(lines[start - 1 : number]) + "\r\n", True
            start = None
    if start is not None:
        yield start, "", False


def _values(card: vobject.base.Component, name: str) -> list:
    return [line.value for line in card.contents.get(name, [])]


def _text(value: object) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if v)
    return clean_cell(str(value)) if value is not None else ""


def _person_from_card(
    card: vobject.base.Component, line: int, problems: list[Problem]
) -> tuple[IncomingPerson, _Extras] | None:
    import vobject.vcard

    names = _values(card, "n")
    given = family = ""
    if names and isinstance(names[0], vobject.vcard.Name):
        given = _text(names[0].given)
        family = _text(names[0].family)
    full = next((_text(v) for v in _values(card, "fn") if _text(v)), "")
    if not (given or family):
        given, family = _split_name(full)
    if not (given or family):
        problems.append(Problem(line, "the card has no name"))
        return None
    organisation = ""
    for value in _values(card, "org"):
        parts = value if isinstance(value, list) else [value]
        organisation = _text(parts[0] if parts else "")
        if organisation:
            break
    role = next((_text(v) for v in _values(card, "title") if _text(v)), "")
    if not role:
        role = next((_text(v) for v in _values(card, "role") if _text(v)), "")
    emails = _good_emails((_text(v) for v in _values(card, "email")), line, problems)
    phones = [p for p in (_text(v) for v in _values(card, "tel")) if p]
    url = None
    for value in _values(card, "url") + _values(card, "x-socialprofile"):
        candidate = _text(value)
        if "linkedin.com/in/" in candidate.casefold():
            url = normalise_linkedin_url(candidate)
            if url:
                break
    location = ""
    for value in _values(card, "adr"):
        if isinstance(value, vobject.vcard.Address):
            parts = [_text(value.city), _text(value.region), _text(value.country)]
            location = ", ".join(p for p in parts if p)
            if location:
                break
    notes = "\n\n".join(n for n in (str(v).strip() for v in _values(card, "note")) if n)
    tags: list[str] = []
    for value in _values(card, "categories"):
        for tag in value if isinstance(value, list) else str(value).split(","):
            tag = clean_cell(str(tag))
            if tag and tag not in tags:
                tags.append(tag)
    relation, closeness = ADDRESS_BOOK_RELATION, ADDRESS_BOOK_CLOSENESS
    stored_relation = next((_text(v) for v in _values(card, _X_RELATION)), "")
    if stored_relation in RELATIONS:
        relation = stored_relation
    stored_closeness = next((_text(v) for v in _values(card, _X_CLOSENESS)), "")
    if stored_closeness.isdigit() and int(stored_closeness) in CLOSENESS_RANGE:
        closeness = int(stored_closeness)
    person = IncomingPerson(
        line,
        given,
        family,
        organisation,
        role,
        email=emails[0] if emails else "",
        linkedin_url=url,
        tags=tags,
        relation=relation,
        closeness=closeness,
        notes=notes,
        location=location,
    )
    if full and full != person.display_name:
        person.display_name = full  # "Dr. Ada King, Countess of Lovelace" as they wrote it
    return person, _Extras(emails[1:], phones)


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


def _header_cells(line: str) -> list[str]:
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


def parse_google_csv(text: str, shown: str) -> tuple[ParsedFile, dict[int, _Extras]]:
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    columns = _google_columns(_header_cells(first_line))
    if columns is None:
        raise ImportFormatError(
            f"{shown} is not a Google Contacts CSV (its first line has no First Name, "
            "Organization Name or E-mail 1 - Value columns); export it from Google Contacts "
            "as 'Google CSV'"
        )
    reader = csv.reader(io.StringIO(text))
    people: list[IncomingPerson] = []
    problems: list[Problem] = []
    extras: dict[int, _Extras] = {}
    seen: dict[str, int] = {}
    try:
        next(reader)
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            result = _person_from_row(record, columns, line, problems)
            if result is not None:
                _keep_unique(*result, people, extras, seen, problems)
    except csv.Error as error:
        raise ImportFormatError(
            f"{shown}, line {reader.line_num}: malformed CSV ({error})"
        ) from error
    total = len(people) + sum(1 for p in problems if p.kind == "skipped")
    if total == 0:
        raise ImportFormatError(f"{shown} has the Google Contacts header but no contacts")
    return ParsedFile(shown, people, problems, total), extras


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
        notes=record[columns.notes].strip()
        if columns.notes is not None and columns.notes < len(record)
        else "",
        location=location,
    )
    return person, _Extras(emails[1:], multi(columns.phones))


# --- after apply -----------------------------------------------------------------


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
