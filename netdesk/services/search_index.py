"""Keeping the FTS5 search index in step with people, set-based.

Called inside the writer's transaction, so the index and the data commit together.
Each person is one row of words (name, organisation, role, notes, location, then tags):
search matches every word as a prefix in any field, so the index needs no columns or
positions (migration 002).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

_WORDS = (
    "c.display_name || ' ' || coalesce(o.name, '') || ' ' || c.role || ' ' || c.notes"
    " || ' ' || c.location"
)
# Nothing at all, not even the space, for someone without tags: both statements below
# then index the same text for them.
_TAG_WORDS = (
    "coalesce(' ' || (SELECT group_concat(t.name, ' ') FROM contact_tag ct"
    " JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '')"
)
_FROM = "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id"
_ROWS = f"INSERT INTO contact_fts(rowid, words) SELECT c.id, {_WORDS} || {_TAG_WORDS} {_FROM}"
_ROWS_WITHOUT_TAGS = f"INSERT INTO contact_fts(rowid, words) SELECT c.id, {_WORDS} {_FROM}"
_CHUNK = 500


def reindex(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    """Refresh the index rows of the given people."""
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM contact_fts WHERE rowid IN ({marks})", chunk)
        conn.execute(f"{_ROWS} WHERE c.id IN ({marks})", chunk)


def index_batch(conn: sqlite3.Connection, batch_id: int, with_tags: bool = True) -> None:
    """Index everyone an import batch added, in one statement (they have no index rows yet)."""
    statement = _ROWS if with_tags else _ROWS_WITHOUT_TAGS
    conn.execute(f"{statement} WHERE c.import_batch_id = ?", (batch_id,))
