"""Keeping a meeting's row of the FTS5 search index (meeting_fts) in step with it.

Called inside the writer's transaction, so the index and the meeting commit together.
meeting_fts is an FTS5 virtual table with no model (see netdesk/db/models/): it is
written with SQL here and matched with SQL in ``listing``.
"""

from __future__ import annotations

import peewee

_ROW = (
    "INSERT INTO meeting_fts (rowid, title, people, purpose, notes, answers) "
    "SELECT m.id, m.title, "
    "  coalesce((SELECT group_concat(c.display_name, ' ') FROM meeting_person mp "
    "            JOIN contact c ON c.id = mp.contact_id WHERE mp.meeting_id = m.id), ''), "
    "  m.purpose || ' ' || m.research || ' ' || m.place, "
    "  m.notes || ' ' || m.takeaways || ' ' || m.promised || ' ' || m.offered, "
    "  coalesce((SELECT group_concat(q.text || ' ' || q.answer, ' ') "
    "            FROM meeting_question q WHERE q.meeting_id = m.id), '') "
    "FROM meeting m WHERE m.id = ?"
)


def reindex_meeting(db: peewee.SqliteDatabase, meeting_id: int) -> None:
    """Refresh the index row of one meeting (its words, its people's names, its answers)."""
    # SQL: meeting_fts is an FTS5 virtual table, which peewee's models do not describe.
    db.execute_sql("DELETE FROM meeting_fts WHERE rowid = ?", (meeting_id,))
    db.execute_sql(_ROW, (meeting_id,))
