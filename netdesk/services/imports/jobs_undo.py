"""Undoing an import of LinkedIn's job files: the applications (with their steps) and
target organisations it added go, except those the user has worked on since (edited,
or given a step of their own), which stay as the user's own."""

from __future__ import annotations

import sqlite3

# Rows of the batch the user has not touched since the import (it wrote them at its own
# instant, and the applied step is the only step it wrote).
_UNTOUCHED_APPLICATIONS = (
    "SELECT a.id FROM application a WHERE a.import_batch_id = :batch "
    "AND a.updated_at <= :at AND a.created_at <= :at "
    "AND NOT EXISTS (SELECT 1 FROM application_step s WHERE s.application_id = a.id "
    "AND s.stage <> 'applied')"
)
_UNTOUCHED_TARGETS = "SELECT id FROM target WHERE import_batch_id = :batch AND updated_at <= :at"


def job_search_counts(conn: sqlite3.Connection, batch: int, imported_at: str) -> tuple[int, int]:
    """(applications and targets undoing *batch* removes, those it keeps)."""
    values = {"batch": batch, "at": imported_at}
    removed = sum(
        conn.execute(f"SELECT count(*) FROM ({query})", values).fetchone()[0]
        for query in (_UNTOUCHED_APPLICATIONS, _UNTOUCHED_TARGETS)
    )
    total = sum(
        conn.execute(
            f"SELECT count(*) FROM {table} WHERE import_batch_id = ?", (batch,)
        ).fetchone()[0]
        for table in ("application", "target")
    )
    return removed, total - removed


def undo_job_search(conn: sqlite3.Connection, batch: int, imported_at: str) -> tuple[int, int]:
    """Remove what *batch* added to the job search; the rows kept leave the batch.
    Returns (removed, kept). Runs inside the undo's transaction."""
    values = {"batch": batch, "at": imported_at}
    removed = 0
    for table, untouched in (
        ("application", _UNTOUCHED_APPLICATIONS),
        ("target", _UNTOUCHED_TARGETS),
    ):
        if table == "application":  # its steps first: whatever the foreign keys say
            conn.execute(
                f"DELETE FROM application_step WHERE application_id IN ({untouched})", values
            )
        removed += conn.execute(f"DELETE FROM {table} WHERE id IN ({untouched})", values).rowcount
    kept = 0
    for table in ("application", "target"):
        kept += conn.execute(
            f"UPDATE {table} SET import_batch_id = NULL WHERE import_batch_id = ?", (batch,)
        ).rowcount
    return removed, kept
