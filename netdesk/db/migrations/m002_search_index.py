"""Schema 2: the people search index."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


# The search index is derived data. Inserts and updates refresh it explicitly
# (services/search_index.py) so that bulk imports can index 30,000 rows in one
# statement; deletes, including cascades, go through a trigger.
# Search matches every word as a prefix in any field, so each person is one row of
# words and the index keeps neither columns nor positions (detail = none): the
# cheapest layout to write.
def m002_search_index(db: peewee.SqliteDatabase) -> None:
    run_script(
        db,
        """
        CREATE VIRTUAL TABLE contact_fts USING fts5(
            words,
            tokenize = 'unicode61 remove_diacritics 2',
            detail = none,
            columnsize = 0
        );
        INSERT INTO contact_fts(rowid, words)
            SELECT c.id, c.display_name || ' ' || coalesce(o.name, '') || ' ' || c.role
                   || ' ' || c.notes || ' ' || c.location
                   || coalesce(' ' || (SELECT group_concat(t.name, ' ') FROM contact_tag ct
                                       JOIN tag t ON t.id = ct.tag_id
                                       WHERE ct.contact_id = c.id), '')
            FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id;
        CREATE TRIGGER contact_fts_delete AFTER DELETE ON contact BEGIN
            DELETE FROM contact_fts WHERE rowid = old.id;
        END;
        """,
    )
