"""Large imports: new people are written many per statement and indexed in one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from netdesk.services.contacts.records import ContactFilter
from netdesk.services.imports.incoming import IncomingPerson, ParsedFile
from netdesk.services.imports.linkedin_csv import read_connections
from netdesk.services.sample.people import write_connections_csv


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


def _contact_indexes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contact' "
        "AND sql IS NOT NULL ORDER BY name"
    ).fetchall()


def test_a_bulk_load_rebuilds_the_contact_indexes(services, tmp_path, monkeypatch) -> None:
    from netdesk.services.imports import bulk

    monkeypatch.setattr(bulk, "_BULK_LOAD", 100)
    conn = services.db.connection()
    before = _contact_indexes(conn)
    path = write_connections_csv(tmp_path / "Connections.csv", 300, blank_every=0)
    summary = services.imports.import_linkedin(path)
    assert summary.added == 300
    assert _contact_indexes(conn) == before and len(before) == 3
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The unique profile index is back in force.
    url = conn.execute("SELECT linkedin_url FROM contact WHERE linkedin_url IS NOT NULL").fetchone()
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO contact (display_name, sort_name, linkedin_url, created_at, "
            "updated_at) VALUES ('X', 'x', ?, '', '')",
            url,
        )


def test_a_bulk_load_that_fails_keeps_the_indexes(services, tmp_path, monkeypatch) -> None:
    from netdesk.services.imports import bulk, service

    monkeypatch.setattr(bulk, "_BULK_LOAD", 100)

    def power_cut(*args) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(service, "_insert_contacts", power_cut)
    conn = services.db.connection()
    before = _contact_indexes(conn)
    path = write_connections_csv(tmp_path / "Connections.csv", 300, blank_every=0)
    with pytest.raises(OSError, match="disk full"):
        services.imports.import_linkedin(path)
    assert _contact_indexes(conn) == before
    assert conn.execute("SELECT count(*) FROM contact").fetchone() == (0,)


def _database_file_size(conn: sqlite3.Connection) -> int:
    path = next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main")
    return Path(path).stat().st_size


def test_the_import_commits_to_the_log_and_leaves_the_copy_to_checkpoint(
    services, tmp_path
) -> None:
    conn = services.db.connection()
    conn.execute("PRAGMA wal_autocheckpoint = 1")  # any other commit copies its pages at once
    services.imports.checkpoint()
    size = _database_file_size(conn)
    path = write_connections_csv(tmp_path / "Connections.csv", 300, blank_every=0)
    assert services.imports.import_linkedin(path).added == 300
    assert _database_file_size(conn) == size  # the new pages are all in the log
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (1,)
    services.imports.checkpoint()
    assert _database_file_size(conn) > size
    assert conn.execute("SELECT count(*) FROM contact").fetchone() == (300,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_failed_import_restores_the_checkpoint_setting(services, tmp_path, monkeypatch) -> None:
    from netdesk.services.imports import service

    def power_cut(*args) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(service, "_insert_contacts", power_cut)
    conn = services.db.connection()
    conn.execute("PRAGMA wal_autocheckpoint = 7")
    with pytest.raises(OSError, match="disk full"):
        services.imports.import_linkedin(write_connections_csv(tmp_path / "C.csv", 20))
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (7,)


def _person(line: int, name: str, **decided) -> IncomingPerson:
    given, family = name.split()
    return IncomingPerson(line, given, family, "Acme", "Engineer", **decided)


@pytest.mark.parametrize(
    "decided",
    [
        # Everyone alike, but not LinkedIn's defaults: bound once per statement.
        [dict(relation="colleague", closeness=4, notes="met at work", location="Oslo")] * 3,
        # Each their own: bound for each person.
        [
            dict(relation="friend", closeness=5, notes="", location="Lyon"),
            dict(relation="linkedin", closeness=1, notes="", location=""),
            dict(relation="mentor", closeness=3, notes="weekly", location=""),
        ],
    ],
    ids=["shared", "each-their-own"],
)
def test_what_the_importer_decided_for_new_people_is_stored(services, decided) -> None:
    names = ["Ada Byrne", "Bo Lind", "Cem Aksoy"]
    people = [
        _person(line, name, **d) for line, name, d in zip((2, 3, 4), names, decided, strict=True)
    ]
    conn = services.db.connection()
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 30)  # one or two per statement
    parsed = ParsedFile("people.vcf", people, [], len(people))
    assert services.imports.apply(parsed, source="vcard", file_path="people.vcf").added == 3
    rows = conn.execute(
        "SELECT display_name, relation, closeness, notes, location FROM contact ORDER BY id"
    ).fetchall()
    assert rows == [
        (name, d["relation"], d["closeness"], d["notes"], d["location"])
        for name, d in zip(names, decided, strict=True)
    ]
