"""Restoring NetDesk's own JSON export (every table) into a database without people.

The file is read whole (after a size check, so memory stays bounded) and checked
strictly before anything is written: its format and versions, every table and column
name, every value's type. Only then are the tables replaced, in one transaction, and the
search indexes rebuilt from them. Merging two whole databases is not an import's job: a
database that already has people is refused.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import peewee

from netdesk.db.cipher import errors
from netdesk.db.migrations import user_version
from netdesk.db.models import MODELS, BaseModel, Contact
from netdesk.errors import ImportFormatError
from netdesk.services.imports.reading import read_limited

JSON_FORMAT = "netdesk-export"
JSON_FORMAT_VERSION = 1
# A NetDesk export is about 1 KB a person with their history: 200 MB is far beyond any.
MAX_JSON_BYTES = 200 * 1_048_576
_NOTHING = "nothing was imported"

Rows = dict[type[BaseModel], list[tuple[object, ...]]]


def _refuse(shown: str, problem: str) -> ImportFormatError:
    return ImportFormatError(f"{shown}: {problem}; {_NOTHING}")


def read_document(path: Path) -> dict[str, object]:
    """The parsed JSON of *path*, refused unread when it is too large to be an export."""
    shown = path.name
    data = read_limited(path, MAX_JSON_BYTES, "NetDesk JSON export", shown)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise _refuse(shown, f"is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise _refuse(
            shown, f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise _refuse(shown, "is not a NetDesk JSON export")
    return document


def checked_rows(document: dict[str, object], db: peewee.SqliteDatabase, shown: str) -> Rows:
    """Every table's rows as tuples in the model's column order, or a refusal naming the
    first thing that is not what export_json writes."""
    version = document.get("format_version")
    if version != JSON_FORMAT_VERSION:
        raise _refuse(
            shown, f"has format version {version!r}; this NetDesk reads {JSON_FORMAT_VERSION}"
        )
    schema = user_version(db)
    if document.get("schema_version") != schema:
        raise _refuse(
            shown,
            f"was exported with database schema version {document.get('schema_version')!r}; "
            f"this NetDesk's is {schema}: export it again with the same NetDesk version",
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise _refuse(shown, "has no tables")
    models = {model._meta.table_name: model for model in MODELS}
    unknown = sorted(set(tables) - set(models))
    if unknown:
        raise _refuse(shown, f"has an unknown table {unknown[0]!r}")
    missing = sorted(set(models) - set(tables))
    if missing:
        raise _refuse(shown, f"has no table {missing[0]!r}")
    return {model: _table_rows(model, tables[name], shown) for name, model in models.items()}


def _table_rows(model: type[BaseModel], rows: object, shown: str) -> list[tuple[object, ...]]:
    table = model._meta.table_name
    if not isinstance(rows, list):
        raise _refuse(shown, f"table {table!r} is not a list of rows")
    fields = model._meta.sorted_fields
    columns = {field.column_name for field in fields}
    checked = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise _refuse(shown, f"row {number} of table {table!r} is not an object")
        if row.keys() != columns:
            extra = sorted(row.keys() - columns)
            if extra:
                raise _refuse(
                    shown, f"row {number} of {table!r} has an unknown column {extra[0]!r}"
                )
            lacking = sorted(columns - row.keys())[0]
            raise _refuse(shown, f"row {number} of {table!r} has no column {lacking!r}")
        checked.append(
            tuple(_value(field, row[field.column_name], number, shown) for field in fields)
        )
    return checked


def _value(field: peewee.Field, value: object, number: int, shown: str) -> object:
    if value is None and field.null:
        return None
    kind = field.rel_field if isinstance(field, peewee.ForeignKeyField) else field
    if isinstance(kind, peewee.BlobField) and isinstance(value, str):
        try:
            return bytes.fromhex(value)
        except ValueError:
            pass
    elif isinstance(kind, peewee.FloatField):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    elif isinstance(kind, (peewee.IntegerField, peewee.BooleanField)):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(value, str):
        return value
    where = f"{field.model._meta.table_name}.{field.column_name}"
    raise _refuse(shown, f"row {number} has {type(value).__name__} {str(value)[:40]!r} in {where}")


def restore(db: peewee.SqliteDatabase, rows: Rows, shown: str) -> int:
    """Replace every table with *rows* in one transaction; returns how many people."""
    conn: sqlite3.Connection = db.connection()
    with db.atomic("IMMEDIATE"):
        if Contact.select().exists():
            raise _refuse(
                shown,
                "NetDesk already has people, and a JSON export restores a whole database: "
                "import it into an empty NetDesk (or restore a backup)",
            )
        for model in reversed(MODELS):
            conn.execute(f'DELETE FROM "{model._meta.table_name}"')
        try:
            for model in MODELS:
                _insert(conn, model, rows[model])
        except errors("IntegrityError") as error:
            raise _refuse(shown, f"breaks the database's rules ({error})") from None
        _rebuild_search_indexes(conn)
    return len(rows[Contact])


def _insert(conn: sqlite3.Connection, model: type[BaseModel], rows: list[tuple]) -> None:
    if not rows:
        return
    names = ", ".join(f'"{field.column_name}"' for field in model._meta.sorted_fields)
    marks = ", ".join("?" * len(model._meta.sorted_fields))
    conn.executemany(f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})', rows)


def _rebuild_search_indexes(conn: sqlite3.Connection) -> None:
    # SQL: the FTS5 indexes have no models; they are derived from the restored tables.
    from netdesk.services.meetings.search_index import _ROW as MEETING_ROW
    from netdesk.services.search_index import _ROWS as CONTACT_ROWS

    conn.execute("DELETE FROM contact_fts")
    conn.execute(CONTACT_ROWS)
    conn.execute("DELETE FROM meeting_fts")
    conn.execute(MEETING_ROW.removesuffix(" WHERE m.id = ?"))
