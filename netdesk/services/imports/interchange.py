"""Moving people in and out: CSV, vCard 3.0 and JSON exports; vCard, Google Contacts and
NetDesk's own CSV imports with the LinkedIn import's summary and undo; NetDesk's own JSON
export restored into an empty NetDesk (``json_import``).

The CSV export prefixes a cell a spreadsheet would run as a formula with ' (OWASP's advice
against CSV injection); reading NetDesk's own CSV back removes exactly that prefix.

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
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import peewee

from netdesk import __version__
from netdesk.db.migrations import user_version
from netdesk.db.models import MODELS, BaseModel
from netdesk.services.changes import NETWORK
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.services.contacts.service import ContactService
from netdesk.services.imports.address_book import _add_extras, _Extras, read_address_book
from netdesk.services.imports.google_csv import _google_columns, _header_cells, parse_google_csv
from netdesk.services.imports.incoming import ParsedFile
from netdesk.services.imports.json_import import (
    JSON_FORMAT,
    JSON_FORMAT_VERSION,
    checked_rows,
    read_document,
    restore,
)
from netdesk.services.imports.netdesk_csv import (
    CSV_COLUMNS,
    add_last_interactions,
    is_netdesk_header,
    parse_netdesk_csv,
    spreadsheet_safe,
)
from netdesk.services.imports.service import ImportService
from netdesk.services.imports.summary import ImportSummary
from netdesk.services.imports.vcard import _vcard, parse_vcards
from netdesk.services.progress import Progress, no_progress
from netdesk.services.vocabulary import RELATIONS

LINKEDIN, VCARD, GOOGLE = "linkedin", "vcard", "google"
SOURCE_LABELS = {VCARD: "vCard import", GOOGLE: "Google Contacts import"}
NETDESK_SOURCE = "netdesk"  # people read back from NetDesk's own CSV export
NETDESK_CSV, NETDESK_JSON = "netdesk-csv", "netdesk-json"


# Google Contacts labels that say how the user knows someone.


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
                spreadsheet_safe(value)
                for value in (
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
        """Everything in the database as JSON: every table, every row, plain values (the
        search indexes are derived from the tables, not data: they have no model)."""
        tables = sorted(MODELS, key=lambda model: model._meta.table_name)
        with self._db.atomic():  # one consistent snapshot of all tables
            content = {model._meta.table_name: self._table_rows(model) for model in tables}
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

    def _table_rows(self, model: type[BaseModel]) -> list[dict[str, object]]:
        """Every row of a table, keyed by column name, values as stored: read from the
        bare cursor, as peewee's rows would turn 0 and 1 into booleans and foreign keys
        into field names."""
        columns = [field.alias(field.column_name) for field in model._meta.sorted_fields]
        cursor = self._db.execute(model.select(*columns))
        names = [description[0] for description in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    # --- imports ------------------------------------------------------------

    def detect(self, path: Path) -> str:
        """Which reader a dropped file needs: LINKEDIN, VCARD, GOOGLE, or NETDESK_CSV and
        NETDESK_JSON for NetDesk's own exports."""
        path = Path(path)
        if path.suffix.casefold() in (".vcf", ".vcard"):
            return VCARD
        if path.suffix.casefold() == ".json" and path.is_file():
            return NETDESK_JSON
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
        header = _header_cells(text.split("\n", 1)[0].rstrip("\r"))
        if is_netdesk_header(header):
            return NETDESK_CSV
        if _google_columns(header) is not None:
            return GOOGLE
        return LINKEDIN

    def import_file(self, path: Path, progress: Progress = no_progress) -> ImportSummary:
        """Import whatever was dropped: a LinkedIn export, a vCard file, a Google CSV, or
        NetDesk's own CSV or JSON export."""
        kind = self.detect(path)
        if kind == NETDESK_JSON:
            return self.import_json(path, progress)
        if kind == NETDESK_CSV:
            return self.import_netdesk_csv(path, progress)
        if kind == VCARD:
            return self.import_vcard(path, progress)
        if kind == GOOGLE:
            return self.import_google_csv(path, progress)
        return self._imports.import_linkedin(path, progress)

    def import_vcard(self, path: Path, progress: Progress = no_progress) -> ImportSummary:
        progress(5, f"Reading {Path(path).name}…")
        shown, decoded = read_address_book(Path(path), "vCard")
        parsed, extras = parse_vcards(decoded.text, shown, decoded.problems)
        return self._apply(parsed, extras, VCARD, path, progress)

    def import_google_csv(self, path: Path, progress: Progress = no_progress) -> ImportSummary:
        progress(5, f"Reading {Path(path).name}…")
        shown, decoded = read_address_book(Path(path), "CSV")
        parsed, extras = parse_google_csv(decoded.text, shown, decoded.problems)
        return self._apply(parsed, extras, GOOGLE, path, progress)

    def import_netdesk_csv(self, path: Path, progress: Progress = no_progress) -> ImportSummary:
        """NetDesk's own CSV export, every column read back (its formula prefixes removed)."""
        progress(5, f"Reading {Path(path).name}…")
        shown, decoded = read_address_book(Path(path), "CSV")
        parsed, extras, last_interactions = parse_netdesk_csv(decoded.text, shown)
        return self._apply(parsed, extras, NETDESK_SOURCE, path, progress, last_interactions)

    def import_json(self, path: Path, progress: Progress = no_progress) -> ImportSummary:
        """NetDesk's own JSON export restored, every table, into a NetDesk without people."""
        path = Path(path)
        progress(5, f"Reading {path.name}…")
        document = read_document(path)
        progress(40, "Checking every table…")
        rows = checked_rows(document, self._db, path.name)
        del document  # half the memory back before the rows are written
        progress(60, "Restoring…")
        changes = self._imports.changes
        with changes.gathered():
            people = restore(self._db, rows, path.name)
            changes.announce(NETWORK)
        progress(100, "Done")
        return ImportSummary(None, path.name, added=people)

    def _apply(
        self,
        parsed: ParsedFile,
        extras: dict[int, _Extras],
        source: str,
        path: Path,
        progress: Progress,
        last_interactions: dict[int, str] | None = None,
    ) -> ImportSummary:
        progress(40, f"Matching {len(parsed.people):,} people…")
        with self._db.atomic("IMMEDIATE"):
            summary = self._imports.apply(parsed, source=source, file_path=str(path))
            conn = self._db.connection()
            _add_extras(conn, summary.batch_id, parsed.people, extras)
            if last_interactions:
                add_last_interactions(conn, summary.batch_id, parsed.people, last_interactions)
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
