"""The Meetings page's list: which meetings, in what order, and their lines a page at a
time (a mixin of MeetingService)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from netdesk.services.contacts.search import fts_query
from netdesk.services.meetings.records import MeetingRow

if TYPE_CHECKING:
    import peewee

_CHUNK = 500  # ids per IN (...) list


class MeetingListMixin:
    """The list's methods of MeetingService (which provides these)."""

    _db: peewee.SqliteDatabase

    def list(self, text: str = "", contact_id: int | None = None) -> list[MeetingRow]:
        """Meetings newest first (undated ideas on top), optionally searched or for one person."""
        ids = self.query_ids(text, contact_id)
        found = self.rows(ids)
        return [found[i] for i in ids if i in found]

    def query_ids(self, text: str = "", contact_id: int | None = None) -> list[int]:
        """Ids of the meetings matching *text* (every word a prefix, in any field) and
        held with *contact_id*, in list order: undated ideas first, newest first, then
        newest dated first. The list fetches rows lazily with rows()."""
        sql, params = self._query_ids_sql(text, contact_id)
        # SQL and a bare cursor: every keystroke runs this over up to all meetings, and
        # through peewee the 10,000 ids took 9.3 ms instead of 1.5 ms.
        return [row[0] for row in self._db.execute_sql(sql, params)]

    @staticmethod
    def _query_ids_sql(text: str, contact_id: int | None) -> tuple[str, list[object]]:
        # FTS5 MATCH and a plan tuned by hand (the "+"), which
        # test_the_search_walks_the_list_order_index_once checks with EXPLAIN.
        clauses: list[str] = []
        params: list[object] = []
        query = fts_query(text)
        if query:
            # Rank-free, and "+" keeps SQLite from looking up each match by id and then
            # sorting them all: it walks the covering index meeting_list_order in list
            # order and keeps the ids in the (once computed) set of matches.
            clauses.append("+m.id IN (SELECT rowid FROM meeting_fts WHERE meeting_fts MATCH ?)")
            params.append(query)
        if contact_id is not None:
            clauses.append("m.id IN (SELECT meeting_id FROM meeting_person WHERE contact_id = ?)")
            params.append(contact_id)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        order = "ORDER BY m.starts_at IS NULL DESC, m.starts_at DESC, m.id DESC"
        return f"SELECT m.id FROM meeting m {where} {order}", params

    def rows(self, ids: Sequence[int]) -> dict[int, MeetingRow]:
        """The list's lines for *ids* (a page of them), with the people's names joined."""
        # SQL: the list fetches a page of 200 whenever it scrolls or a keystroke resets it,
        # and peewee took 2.0 ms for a page where this takes 0.4 ms (rendering the 200 ids
        # of the IN list cost it 1.1 ms alone).
        found: dict[int, MeetingRow] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            marks = ",".join("?" * len(chunk))
            names: dict[int, list[str]] = {}
            for meeting_id, name in self._db.execute_sql(
                "SELECT mp.meeting_id, c.display_name FROM meeting_person mp "
                f"JOIN contact c ON c.id = mp.contact_id WHERE mp.meeting_id IN ({marks}) "
                "ORDER BY mp.meeting_id, c.sort_name",
                chunk,
            ):
                names.setdefault(meeting_id, []).append(name)
            for row in self._db.execute_sql(
                f"SELECT id, title, status, starts_at FROM meeting WHERE id IN ({marks})", chunk
            ):
                found[row[0]] = MeetingRow(*row, ", ".join(names.get(row[0], ())))
        return found
