"""Checking SQLite files before NetDesk trusts them: the live database before it is
copied into a backup, and a candidate backup against the schema its version must have.

The schema a version must have is not written down anywhere: it is what migrations
1..N make of an empty database, read back from sqlite_master. A backup made by NetDesk
went through the same migrations, so its sqlite_master rows (tables, columns, indexes,
triggers, views and the search index's own tables) are identical; anything else (a
table of the right name but other columns, an extra trigger) is refused.

Plain sqlite3 connections, not models: the files are not yet known to be NetDesk's.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee

from netdesk.db.cipher import connect_file, errors, is_encrypted
from netdesk.db.migrations import LATEST_VERSION, migrate
from netdesk.errors import BackupError, WrongDatabaseKey

SchemaRow = tuple[str, str, str, str | None]  # type, name, tbl_name, sql
SHOWN_DIFFERENCES = 3


@dataclass(frozen=True)
class CandidateFacts:
    schema_version: int
    people: int
    meetings: int


def shown_name(path: Path) -> str:
    """The file's name for a message: a name that is not UTF-8 still prints."""
    return os.fsencode(path.name).decode("utf-8", "replace")


def live_damage(database: Path, key: bytes | None = None) -> str | None:
    """The first problem PRAGMA quick_check finds in *database* (opened with *key* when
    encrypted), or None if it is sound."""
    conn = connect_file(database, key, timeout=10)
    conn.text_factory = _lenient_text
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except errors("DatabaseError") as error:
        return str(error)
    finally:
        conn.close()
    return None if verdict == ["ok"] else _first_problem(verdict)


def check_candidate(copy: Path, shown: str, key: bytes | None = None) -> CandidateFacts:
    """Check the private *copy* of a backup called *shown* (encrypted ones are opened with
    *key*); raises BackupError saying why it cannot be restored. Leaves the copy a single
    file (any -wal folded in)."""
    conn = _open_candidate(copy, shown, key)
    conn.text_factory = _lenient_text  # a damaged file may hold any bytes as text
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        if verdict != ["ok"]:
            raise BackupError(f"{shown} is damaged ({_first_problem(verdict)})")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        found = _schema(conn)
        if version == 0 or not any(row[:2] == ("table", "contact") for row in found):
            raise BackupError(f"{shown} is an SQLite database, but not NetDesk's")
        if version > LATEST_VERSION:
            raise BackupError(
                f"{shown} was made by a newer NetDesk (schema {version}; this app knows "
                f"{LATEST_VERSION}): update NetDesk to restore it"
            )
        differences = schema_differences(found, expected_schema(version))
        if differences:
            raise BackupError(
                f"{shown} is not a NetDesk backup: its tables differ from NetDesk schema "
                f"{version} ({_listed(differences)})"
            )
        people = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        has_meetings = any(row[:2] == ("table", "meeting") for row in found)
        meetings = conn.execute("SELECT count(*) FROM meeting").fetchone()[0] if has_meetings else 0
        conn.execute("PRAGMA journal_mode = DELETE")  # folds any -wal into the copy
    except errors("DatabaseError") as error:
        raise BackupError(f"{shown} is damaged or not a database ({_one_line(error)})") from error
    finally:
        conn.close()
    return CandidateFacts(version, people, meetings)


def _open_candidate(copy: Path, shown: str, key: bytes | None):
    if not is_encrypted(copy):
        return sqlite3.connect(copy)
    if key is None:
        raise BackupError(
            f"{shown} is encrypted, and this database is not: it can be restored only while "
            "encryption is on with the key it was made with"
        )
    try:
        return connect_file(copy, key)
    except WrongDatabaseKey:
        raise BackupError(
            f"{shown} is not a NetDesk backup, or is encrypted with another key than this "
            "database's"
        ) from None


@functools.cache
def expected_schema(version: int) -> frozenset[SchemaRow]:
    """sqlite_master as migrations 1..*version* leave an empty database."""
    db = peewee.SqliteDatabase(":memory:")
    db.connect()
    try:
        migrate(db, None, target=version)
        return _schema(db.connection())
    finally:
        db.close()


def schema_differences(found: frozenset[SchemaRow], expected: frozenset[SchemaRow]) -> list[str]:
    """What *found* has that *expected* has not, and the reverse, in plain words."""
    found_by_key = {(row[0], row[1]): row for row in found}
    expected_by_key = {(row[0], row[1]): row for row in expected}
    differences = []
    for kind, name in sorted(found_by_key.keys() - expected_by_key.keys()):
        differences.append(f"an extra {kind} {name}")
    for kind, name in sorted(expected_by_key.keys() - found_by_key.keys()):
        differences.append(f"no {kind} {name}")
    for key in sorted(found_by_key.keys() & expected_by_key.keys()):
        if found_by_key[key] != expected_by_key[key]:
            differences.append(f"{key[0]} {key[1]} is not as NetDesk makes it")
    return differences


def _schema(conn: sqlite3.Connection) -> frozenset[SchemaRow]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    # ANALYZE's statistics tables come and go with `PRAGMA optimize`; they hold no code.
    return frozenset(row for row in rows if not row[1].startswith("sqlite_stat"))


def _listed(differences: list[str]) -> str:
    shown = "; ".join(differences[:SHOWN_DIFFERENCES])
    more = len(differences) - SHOWN_DIFFERENCES
    return f"{shown}; and {more} more" if more > 0 else shown


def _first_problem(verdict: list[str]) -> str:
    """integrity_check's report is many lines under a '*** in database main ***' banner."""
    lines = [line.strip() for row in verdict for line in str(row).splitlines()]
    problems = [line for line in lines if line and not line.startswith("***")]
    return problems[0] if problems else "the check failed"


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")
