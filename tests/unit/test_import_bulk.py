"""Large imports: new people are written many per statement and indexed in one."""

from __future__ import annotations

import sqlite3

from netdesk.services.contacts import ContactFilter
from netdesk.services.linkedin import read_connections
from netdesk.services.sample import write_connections_csv


def test_every_new_person_arrives_in_file_order_with_the_batch_values(services, tmp_path) -> None:
    path = write_connections_csv(tmp_path / "Connections.csv", 250, blank_every=0)
    conn = services.db.connection()
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)  # as in SQLite before 3.32
    summary = services.imports.import_linkedin(path)
    people = read_connections(path).people
    rows = conn.execute(
        "SELECT c.display_name, o.name, c.linkedin_url, c.connected_on, c.source, "
        "c.import_batch_id, c.created_at, c.updated_at "
        "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id ORDER BY c.id"
    ).fetchall()
    assert summary.added == len(rows) == len(people) == 250
    assert [row[:4] for row in rows] == [
        (p.display_name, p.organisation, p.linkedin_url, p.connected_on) for p in people
    ]
    (imported_at,) = conn.execute(
        "SELECT imported_at FROM import_batch WHERE id = ?", (summary.batch_id,)
    ).fetchone()
    assert {row[4:] for row in rows} == {("linkedin", summary.batch_id, imported_at, imported_at)}


def test_search_finds_imported_people_by_any_word_prefix(services, tmp_path) -> None:
    path = write_connections_csv(tmp_path / "Connections.csv", 120, blank_every=0)
    services.imports.import_linkedin(path)
    person = read_connections(path).people[-1]
    ids = services.contacts.query_ids(ContactFilter(text=person.display_name))
    names = [services.contacts.get(i).display_name for i in ids]
    assert person.display_name in names
    for word in (person.organisation, person.role):
        prefix = word.split()[0][:3]
        found = services.contacts.query_ids(ContactFilter(text=f"{person.given_name} {prefix}"))
        assert any(services.contacts.get(i).display_name == person.display_name for i in found)
