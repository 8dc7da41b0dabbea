"""Merging two people: every row naming the merged person moves to the kept one (or is
dropped where the kept person has it already), every email, phone and tag is kept, the
chosen fields are applied, and undo restores the database exactly, also after a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from netdesk.app import build_services
from netdesk.errors import MergeError
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import MemoryCredentialStore
from netdesk.services.duplicates.merge_choices import default_choices
from netdesk.services.duplicates.merge_rows import REFERENCES
from netdesk.services.settings import ME
from tests.frozen_time import frozen_clock

T = "2026-12-01 10:00:00"


def dump(path: Path) -> list[str]:
    """Every table's rows, the search indexes by what they return; person_merge apart
    (an undo marks its own row)."""
    conn = sqlite3.connect(path)
    try:
        lines = [
            line for line in conn.iterdump() if "_fts_" not in line and "person_merge" not in line
        ]
        for table in ("contact_fts", "meeting_fts"):
            rows = conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
            lines += [f"{table} {row!r}" for row in rows]
        return lines
    finally:
        conn.close()


def sql(services, statement: str, *params) -> list[tuple]:
    return services.db.execute_sql(statement, params).fetchall()


def person(services, name: str, **fields) -> int:
    record = services.contacts.save(ContactRecord(display_name=name, **fields))
    assert record.id is not None
    return record.id


def seed(services) -> tuple[int, int, int]:
    """Dana twice (kept, other) and a friend, with a row in every table naming people."""
    kept = person(services, "Dana Cruz", emails=["dana@cruz.org"], phones=["+1 555 0100"],
                  tags=["fintech"], notes="Met at PyCon")  # fmt: skip
    other = person(services, "Dana M. Cruz", organisation="Northwind", role="Data Lead",
                   emails=["DANA@cruz.org", "dana@northwind.com"], phones=["+1 (555) 0100",
                   "+44 20 7946 0000"], tags=["fintech", "alumni"], notes="Likes sailing",
                   linkedin_url="https://www.linkedin.com/in/danacruz")  # fmt: skip
    friend = person(services, "Aiko Tanaka")
    for statement, params in [
        ("INSERT INTO meeting (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
         [(1, "Coffee", T, T), (2, "Lunch", T, T)]),
        ("INSERT INTO meeting_person VALUES (?, ?)", [(1, kept), (1, other), (2, other)]),
        ("INSERT INTO referral (from_contact_id, to_contact_id, created_at) VALUES (?, ?, ?)",
         [(other, friend, T), (kept, other, T)]),
        ("INSERT INTO link (from_contact_id, to_contact_id, created_at) VALUES (?, ?, ?)",
         [(kept, friend, T), (friend, other, T), (kept, other, T)]),
        ("INSERT INTO interaction (contact_id, kind, occurred_at, created_at, message_id) "
         "VALUES (?, 'email', ?, ?, ?)",
         [(kept, T, T, "<a@x>"), (other, T, T, "<a@x>"), (other, T, T, "<b@x>")]),
        ("INSERT INTO todo (title, contact_id, created_at) VALUES (?, ?, ?)",
         [("Thank Dana", other, T)]),
        ("INSERT INTO outreach (contact_id, sent_on, via_contact_id, created_at) "
         "VALUES (?, ?, ?, ?)", [(friend, "2026-11-01", other, T), (other, "2026-11-02", None, T)]),
        ("INSERT INTO event (id, name, held_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
         [(1, "PyData", "2026-11-20", T, T)]),
        ("INSERT INTO event_person (event_id, contact_id, note, starred) VALUES (?, ?, ?, ?)",
         [(1, kept, "", 0), (1, other, "wants fintech intros", 1)]),
        ("INSERT INTO event_introduction (event_id, introducer_id, introduced_id, created_at) "
         "VALUES (?, ?, ?, ?)", [(1, other, friend, T), (1, kept, other, T)]),
        ("INSERT INTO keep_in_touch (contact_id, interval_days) VALUES (?, ?)",
         [(kept, 30), (other, 90)]),
        ("INSERT INTO map_position VALUES (?, ?, ?)", [(kept, 1.5, 2.5), (other, -3.25, 4.0)]),
        ("INSERT INTO contacts_account (id, server_url, username, keyring_service, "
         "created_at, updated_at) VALUES (1, 'https://dav', 'me', 'netdesk-contacts', ?, ?)",
         [(T, T)]),
        ("INSERT INTO contact_card (account_id, contact_id, uid, href) VALUES (1, ?, ?, ?)",
         [(kept, "k", "/k.vcf"), (other, "o", "/o.vcf")]),
        ("INSERT INTO sync_conflict (contact_id, field, mine, theirs, created_at) "
         "VALUES (?, 'role', '\"a\"', '\"b\"', ?)", [(other, T)]),
        ("INSERT INTO calendar_account (id, server_url, username, keyring_service, "
         "created_at, updated_at) VALUES (1, 'https://cal', 'me', 'netdesk-cal', ?, ?)",
         [(T, T)]),
        ("INSERT INTO calendar_event (account_id, uid, href, people) VALUES (1, ?, ?, ?)",
         [("e1", "/e1.ics", f"{kept}\n{other}\n{friend}"), ("e2", "/e2.ics", f"{other}")]),
        ("INSERT INTO not_duplicate VALUES (?, ?, ?)",
         [(min(other, friend), max(other, friend), T), (kept, other, T)]),
        ("INSERT INTO setting VALUES (?, ?)", [(ME.name, str(other))]),
    ]:  # fmt: skip
        for row in params:
            services.db.execute_sql(statement, row)
    for meeting_id in (1, 2):
        from netdesk.services.meetings.search_index import reindex_meeting

        reindex_meeting(services.db, meeting_id)
    return kept, other, friend


def naming(services, contact_id: int) -> dict[str, int]:
    """Rows naming *contact_id* through any foreign key, per table."""
    found: dict[str, int] = {}
    tables = [r[0] for r in sql(services, "SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        for fk in sql(services, f"PRAGMA foreign_key_list('{table}')"):
            if fk[2] == "contact":
                (count,) = sql(services, f"SELECT count(*) FROM {table} WHERE {fk[3]} = ?",
                               contact_id)[0]  # fmt: skip
                if count:
                    found[f"{table}.{fk[3]}"] = count
    return found


def test_every_foreign_key_to_a_person_is_handled_by_the_merge(services) -> None:
    """A new table naming people must be given a planner in merge_rows.REFERENCES."""
    handled = {(table, column) for table, (columns, _) in REFERENCES.items() for column in columns}
    tables = [r[0] for r in sql(services, "SELECT name FROM sqlite_master WHERE type='table'")]
    referencing = {
        (table, fk[3])
        for table in tables
        for fk in sql(services, f"PRAGMA foreign_key_list('{table}')")
        if fk[2] == "contact"
    }
    assert len(referencing) >= 19
    assert referencing - handled == set()


def test_a_merge_moves_every_row_and_undo_restores_the_database_exactly(services) -> None:
    kept, other, friend = seed(services)
    before = dump(services.paths.database)

    result = services.merges.merge(kept, other)

    assert naming(services, other) == {}
    assert sql(services, "SELECT count(*) FROM contact WHERE id = ?", other) == [(0,)]
    dana = services.contacts.get(kept)
    assert dana.emails == ["dana@cruz.org", "dana@northwind.com"]
    assert dana.phones == ["+1 555 0100", "+44 20 7946 0000"]
    assert sorted(dana.tags) == ["alumni", "fintech"]
    assert dana.organisation == "Northwind" and dana.role == "Data Lead"
    assert dana.notes == "Met at PyCon\n\nLikes sailing"
    assert dana.linkedin_url == "https://www.linkedin.com/in/danacruz"
    assert sql(services, "SELECT meeting_id FROM meeting_person WHERE contact_id = ? "
               "ORDER BY 1", kept) == [(1,), (2,)]  # fmt: skip
    assert sql(services, "SELECT from_contact_id, to_contact_id FROM referral") == [(kept, friend)]
    assert sql(services, "SELECT from_contact_id, to_contact_id FROM link") == [(kept, friend)]
    assert sql(services, "SELECT message_id FROM interaction WHERE contact_id = ? ORDER BY 1",
               kept) == [("<a@x>",), ("<b@x>",)]  # fmt: skip
    assert sql(services, "SELECT contact_id FROM todo") == [(kept,)]
    assert sql(services, "SELECT contact_id, via_contact_id FROM outreach ORDER BY id") == [
        (friend, kept), (kept, None)]  # fmt: skip
    assert sql(services, "SELECT contact_id, note, starred FROM event_person") == [
        (kept, "wants fintech intros", 1)]  # fmt: skip
    assert sql(services, "SELECT introducer_id, introduced_id FROM event_introduction") == [
        (kept, friend)]  # fmt: skip
    assert sql(services, "SELECT contact_id, interval_days FROM keep_in_touch") == [(kept, 30)]
    assert sql(services, "SELECT contact_id, x FROM map_position") == [(kept, 1.5)]
    assert sql(services, "SELECT uid, contact_id FROM contact_card ORDER BY uid") == [
        ("k", kept), ("o", None)]  # fmt: skip
    assert sql(services, "SELECT contact_id FROM sync_conflict") == [(kept,)]
    assert sql(services, "SELECT people FROM calendar_event ORDER BY uid") == [
        (f"{kept}\n{friend}",), (f"{kept}",)]  # fmt: skip
    assert sql(services, "SELECT first_id, second_id FROM not_duplicate") == [
        (min(kept, friend), max(kept, friend))]  # fmt: skip
    assert sql(services, "SELECT value FROM setting WHERE key = ?", ME.name) == [(str(kept),)]
    assert services.contacts.me_id() == kept
    assert result.moved["meeting_person"] == 1 and result.dropped["meeting_person"] == 1
    # The search indexes: the other's words now find the kept person, and Lunch names them.
    assert sql(services, "SELECT rowid FROM contact_fts WHERE contact_fts MATCH 'sailing'") == [
        (kept,)]  # fmt: skip
    assert sql(services, "SELECT people FROM meeting_fts WHERE rowid = 2") == [("Dana Cruz",)]

    assert services.merges.last_merge().merge_id == result.merge_id
    services.merges.undo(result.merge_id)

    assert dump(services.paths.database) == before
    assert services.merges.last_merge() is None


def test_undo_after_reopening_the_database(paths, clock) -> None:
    services = build_services(paths, credentials=MemoryCredentialStore(), clock=clock)
    kept, other, _ = seed(services)
    before = dump(paths.database)
    services.merges.merge(kept, other)
    services.close()

    reopened = build_services(paths, credentials=MemoryCredentialStore(), clock=frozen_clock())
    try:
        last = reopened.merges.last_merge()
        assert last is not None and (last.kept_id, last.merged_id) == (kept, other)
        assert last.merged_name == "Dana M. Cruz"
        reopened.merges.undo(last.merge_id)
        assert dump(paths.database) == before
        with pytest.raises(MergeError):
            reopened.merges.undo(last.merge_id)  # once only
    finally:
        reopened.close()


def test_choices_are_applied(services) -> None:
    kept, other, _ = seed(services)
    services.merges.merge(
        kept,
        other,
        {"name": "other", "notes": "kept", "organisation": "kept", "keep_in_touch": "other"},
    )
    dana = services.contacts.get(kept)
    assert (dana.display_name, dana.notes, dana.organisation) == (
        "Dana M. Cruz",
        "Met at PyCon",
        "",
    )
    assert dana.role == "Data Lead"  # not named: the default (only the other has one)
    assert sql(services, "SELECT contact_id, interval_days FROM keep_in_touch") == [(kept, 90)]
    assert sql(services, "SELECT sort_name FROM contact WHERE id = ?", kept) == [("dana m. cruz",)]


def test_default_choices_prefer_the_filled_then_the_edited_then_the_newer() -> None:
    base = {"display_name": "Dana", "organisation_name": "", "role": "", "location": "",
            "linkedin_url": None, "relation": "other", "closeness": 3, "notes": "",
            "connected_on": None, "last_interaction": None, "track_mail": 1,
            "user_edited": "", "updated_at": T}  # fmt: skip
    kept = {**base, "role": "Analyst", "location": "Oslo", "relation": "friend", "notes": "a",
            "connected_on": "2020-01-01", "last_interaction": "2026-01-01"}  # fmt: skip
    other = {**base, "role": "Engineer", "organisation_name": "Northwind", "location": "Bergen",
             "relation": "linkedin", "user_edited": "location", "updated_at": "2026-12-02",
             "connected_on": "2019-05-05", "last_interaction": "2026-06-01", "notes": "b",
             "track_mail": 0}  # fmt: skip
    choices = default_choices(kept, other)
    assert choices["organisation"] == "other"  # only they have one
    assert choices["location"] == "other"  # edited by hand there
    assert choices["role"] == "other"  # neither edited: the newer
    assert choices["relation"] == "kept"  # a friend beats LinkedIn-only
    assert choices["connected_on"] == "other" and choices["last_interaction"] == "other"
    assert choices["notes"] == "both" and choices["track_mail"] == "other"
    assert default_choices(other, kept)["role"] == "kept"  # the newer, from the other side


def test_merging_someone_with_themselves_or_nobody_is_a_clear_error(services) -> None:
    kept, other, _ = seed(services)
    before = dump(services.paths.database)
    with pytest.raises(MergeError, match="themselves"):
        services.merges.merge(kept, kept)
    with pytest.raises(MergeError, match="#9999"):
        services.merges.merge(kept, 9999)
    with pytest.raises(MergeError, match="#9999"):
        services.merges.merge(9999, other)
    with pytest.raises(MergeError, match="not a field"):
        services.merges.merge(kept, other, {"emails": "other"})
    with pytest.raises(MergeError, match="'kept' or 'other'"):
        services.merges.merge(kept, other, {"role": "both"})
    assert dump(services.paths.database) == before
    assert services.merges.last_merge() is None


def test_a_later_merge_of_the_same_person_is_undone_first(services) -> None:
    kept, other, friend = seed(services)
    first = services.merges.merge(kept, other)
    second = services.merges.merge(kept, friend)
    with pytest.raises(MergeError, match="later merge of Aiko Tanaka"):
        services.merges.undo(first.merge_id)
    services.merges.undo(second.merge_id)
    services.merges.undo(first.merge_id)
    assert services.contacts.get(other).display_name == "Dana M. Cruz"


def test_a_job_both_had_is_kept_once_and_what_replaced_it_follows(services) -> None:
    kept = person(services, "Dana Cruz", organisation="Northwind", role="Data Lead")
    other = person(services, "Dana Cruz", organisation="Northwind", role="Data Lead")
    services.db.execute_sql(  # their jobs as rows (what an export or Positions.csv writes)
        "INSERT INTO position (contact_id, organisation_id, role, created_at) "
        "SELECT id, organisation_id, role, ? FROM contact WHERE id IN (?, ?)",
        (T, kept, other),
    )
    (mine,) = sql(services, "SELECT id FROM position WHERE contact_id = ?", kept)[0]
    (theirs,) = sql(services, "SELECT id FROM position WHERE contact_id = ?", other)[0]
    services.db.execute_sql(
        "INSERT INTO position (contact_id, organisation_id, role, replaces_id, change, "
        "created_at) SELECT ?, organisation_id, 'Head of Data', ?, 'promoted', ? "
        "FROM position WHERE id = ?",
        (other, theirs, T, theirs),
    )
    before = dump(services.paths.database)

    result = services.merges.merge(kept, other)

    rows = sql(services, "SELECT id, contact_id, role, replaces_id FROM position ORDER BY id")
    assert [row[1:] for row in rows] == [(kept, "Data Lead", None), (kept, "Head of Data", mine)]
    assert result.dropped == {"position": 1}
    services.merges.undo(result.merge_id)
    assert dump(services.paths.database) == before
