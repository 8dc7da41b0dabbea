"""The bulk SQL of the import, kept hand-written because benchmarks/bench_foundation.py shows
it is needed: new people a hundred per INSERT (per-row ORM inserts are about 25x slower),
contact indexes rebuilt after a bulk load, and the checkpoint left to the caller.
"""

from __future__ import annotations

import functools
import gc
import operator
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from netdesk.services.text import (
    fold,
    sort_name,
)


@contextmanager
def _collector_paused():
    """Tens of thousands of new objects would trigger repeated full collections for nothing:
    nothing here makes reference cycles, so the cycle collector can wait until we are done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _checkpoint_left_to_caller(conn: sqlite3.Connection) -> Iterator[None]:
    """Keep SQLite from checkpointing inside the import's commit.

    A first import writes thousands of pages to the write-ahead log; past a thousand
    pages SQLite copies them all into the database file before COMMIT returns, and the
    user waits for it. The data is safe and visible once in the log, so the copy is
    left to ImportService.checkpoint(), which the window runs in the background (and
    SQLite itself runs when the last connection closes).
    """
    (pages,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")


def _is_bulk_load(conn: sqlite3.Connection, adding: int) -> bool:
    """Many new people next to few existing ones, as in a first import."""
    existing = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    return adding >= _BULK_LOAD and adding >= 2 * existing


@contextmanager
def _contact_indexes_built_after(conn: sqlite3.Connection, bulk: bool) -> Iterator[None]:
    """For a bulk load, drop the contact indexes and build each once at the end.

    Building an index from sorted rows is cheaper than growing it one random key at a
    time. It all happens inside the import's transaction: if anything fails, the
    rollback brings the indexes back untouched.
    """
    if not bulk:
        yield
        return
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = 'contact' AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.execute(sql)


_BULK_LOAD = 5_000


# A new person's columns: first those the whole batch shares (bound once per statement),
# then the person's own.
_BATCH_COLUMNS = ("source", "import_batch_id", "created_at", "updated_at")  # ?1, ?2, ?3, ?3
# What an importer decides for someone new. Most batches give everyone the same (a
# LinkedIn export's people are all "LinkedIn only", closeness 1, without notes or a
# location); then these too are bound once per statement instead of once per person.
_NEW_PERSON_DEFAULTS = ("relation", "closeness", "notes", "location")
_PERSON_COLUMNS = (
    "given_name",
    "family_name",
    "display_name",
    "sort_name",
    "organisation_id",
    "role",
    "emails",
    "linkedin_url",
    "connected_on",
)
_defaults_of = operator.attrgetter(*_NEW_PERSON_DEFAULTS)
_PEOPLE_PER_INSERT = 100


def _insert_contacts(conn: sqlite3.Connection, people, organisation_ids, batch_id, source, now):
    """Insert new people a hundred per statement.

    SQLite's work per statement (AUTOINCREMENT bookkeeping, statement journal, foreign-key
    set-up) is then paid once per hundred people rather than for each, and the values the
    batch shares are bound once per statement.
    """
    distinct_defaults = set(map(_defaults_of, people))
    shared = distinct_defaults.pop() if len(distinct_defaults) == 1 else None
    per_insert = _people_per_insert(conn, shared is not None)
    # Thousands of people share an organisation: fold each only once.
    organisations = _Derived(lambda name: organisation_ids.get(fold(name)) if name else None)
    for start in range(0, len(people), per_insert):
        chunk = people[start : start + per_insert]
        values = [source, batch_id, now, *(shared or ())]  # ?1-?3, then ?4-?7 if shared
        for person in chunk:  # this runs once per person: built inline
            display = person.display_name
            values += (  # in _PERSON_COLUMNS order
                person.given_name,
                person.family_name,
                display,
                sort_name(display),
                organisations[person.organisation],
                person.role,
                person.email,
                person.linkedin_url,
                person.connected_on,
            )
            if shared is None:
                values += _defaults_of(person)
        conn.execute(_insert_contacts_sql(len(chunk), shared is not None), values)


# The bundled SQLCipher is SQLite 3.53, built with the default of every SQLite since 3.32.
SQLCIPHER_VARIABLES = 32_766


def _people_per_insert(conn: sqlite3.Connection, defaults_shared: bool) -> int:
    """_PEOPLE_PER_INSERT, or fewer if SQLite was built to take fewer values per statement."""
    shared, own = _statement_layout(defaults_shared)
    getlimit = getattr(conn, "getlimit", None)  # SQLCipher's connection has no getlimit
    limit = getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if getlimit else SQLCIPHER_VARIABLES
    room = limit - 3 - len(shared)
    return max(1, min(_PEOPLE_PER_INSERT, room // len(own)))


def _statement_layout(defaults_shared: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(columns bound once after the batch's ?1-?3, columns bound for each person)"""
    if defaults_shared:
        return _NEW_PERSON_DEFAULTS, _PERSON_COLUMNS
    return (), _PERSON_COLUMNS + _NEW_PERSON_DEFAULTS


@functools.lru_cache(maxsize=8)
def _insert_contacts_sql(people: int, defaults_shared: bool) -> str:
    """INSERT of *people* rows: (?1, ?2, ?3, ?3, the shared defaults if any, then each
    person's own numbered values)."""
    shared, own = _statement_layout(defaults_shared)
    first = 4 + len(shared)
    prefix = "?1, ?2, ?3, ?3, " + "".join(f"?{4 + i}, " for i in range(len(shared)))
    width = len(own)
    rows = (
        f"({prefix}" + ", ".join(f"?{first + row * width + i}" for i in range(width)) + ")"
        for row in range(people)
    )
    columns = ", ".join(_BATCH_COLUMNS + shared + own)
    return f"INSERT INTO contact ({columns}) VALUES {', '.join(rows)}"


class _Derived(dict):
    """key -> derive(key), computed the first time a key is looked up."""

    def __init__(self, derive: Callable) -> None:
        super().__init__()
        self._derive = derive

    def __missing__(self, key):
        value = self[key] = self._derive(key)
        return value
