"""Applying imports: add, update, never overwrite the user's own data, undo, atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest

from netdesk.errors import ImportFormatError, NothingToUndo
from netdesk.services import search_index
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from tests.helpers import HEADER_2018, HEADER_2023, PREAMBLE, dump, png_bytes, write

FIRST = (
    PREAMBLE + HEADER_2023 + "\n"
    "Mia,Chen,https://www.linkedin.com/in/mia-chen,,Northwind,Data Lead,07 Feb 2026\n"
    "Omar,Haddad,https://www.linkedin.com/in/omar,omar@example.org,Cobalt,CTO,30 Jan 2026\n"
    ",,,,,,29 Jan 2026\n"
    "Lena,Fischer,,,Larkspur Labs,Engineer,02 Jul 2023"
)


def export(tmp_path: Path, text: str, name: str = "Connections.csv") -> Path:
    return write(tmp_path / name, text)


def by_name(services) -> dict:
    ids = services.contacts.query_ids(ContactFilter())
    return {r.display_name: r for r in (services.contacts.get(i) for i in ids)}


def test_first_import_adds_everyone_and_reports_skips(services, tmp_path) -> None:
    summary = services.imports.import_linkedin(export(tmp_path, FIRST))
    assert (summary.added, summary.updated, summary.unchanged, summary.skipped) == (3, 0, 0, 1)
    assert summary.problems[0].line == 7
    people = by_name(services)
    assert set(people) == {"Mia Chen", "Omar Haddad", "Lena Fischer"}
    mia = people["Mia Chen"]
    assert (mia.organisation, mia.role, mia.relation, mia.closeness, mia.source) == (
        "Northwind",
        "Data Lead",
        "linkedin",
        1,
        "linkedin",
    )
    assert people["Omar Haddad"].emails == ["omar@example.org"]
    assert services.contacts.counts().people == 3


def test_reimport_of_the_same_file_changes_nothing(services, tmp_path) -> None:
    path = export(tmp_path, FIRST)
    services.imports.import_linkedin(path)
    before = dump(services.paths.database, history=False)
    summary = services.imports.import_linkedin(path)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 3)
    assert dump(services.paths.database, history=False) == before


def test_newer_export_updates_instead_of_duplicating(services, tmp_path) -> None:
    services.imports.import_linkedin(export(tmp_path, FIRST))
    newer = (
        PREAMBLE + HEADER_2023 + "\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-chen,,Bluefjord Energy,Head of Data,07 Feb 2026\n"
        "Omar,Haddad,https://www.linkedin.com/in/omar,,Cobalt,CTO,30 Jan 2026\n"
        "Lena,Fischer,https://www.linkedin.com/in/lena-f,,Larkspur Labs,Engineer,02 Jul 2023\n"
        "Kofi,Mensah,https://www.linkedin.com/in/kofi,,Juniper Robotics,Founder,01 Mar 2026"
    )
    summary = services.imports.import_linkedin(export(tmp_path, newer, "newer.csv"))
    assert (summary.added, summary.updated, summary.unchanged) == (1, 2, 1)
    people = by_name(services)
    assert len(people) == 4
    assert people["Mia Chen"].organisation == "Bluefjord Energy"
    assert people["Mia Chen"].role == "Head of Data"
    # Lena had no URL before: matched by name + organisation, URL added.
    assert people["Lena Fischer"].linkedin_url == "https://www.linkedin.com/in/lena-f"
    # The email from the first export is kept though the newer one has none.
    assert people["Omar Haddad"].emails == ["omar@example.org"]


def test_reimport_never_overwrites_what_the_user_edited(services, tmp_path) -> None:
    services.imports.import_linkedin(export(tmp_path, FIRST))
    mia = by_name(services)["Mia Chen"]
    mia.notes = "Met at the data meetup; loves sailing."
    mia.relation = "mentor"
    mia.closeness = 5
    mia.tags = ["data", "mentors"]
    mia.emails = ["mia@example.org"]
    mia.role = "Chief Data Officer"
    services.contacts.save(mia)
    newer = (
        HEADER_2023 + "\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-chen,mia.chen@example.com,Northwind,"
        "VP Data,07 Feb 2026"
    )
    summary = services.imports.import_linkedin(export(tmp_path, newer, "newer.csv"))
    assert (summary.updated, summary.unchanged) == (0, 1)
    mia = by_name(services)["Mia Chen"]
    assert mia.notes == "Met at the data meetup; loves sailing."
    assert (mia.relation, mia.closeness) == ("mentor", 5)
    assert mia.tags == ["data", "mentors"]
    assert mia.role == "Chief Data Officer", "the user's edit wins over LinkedIn"
    assert mia.emails == ["mia@example.org"], "the user's list of emails is theirs"


def test_people_sharing_a_name_with_different_urls_stay_apart(services, tmp_path) -> None:
    text = (
        HEADER_2023 + "\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-1,,Northwind,Analyst,07 Feb 2026\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-2,,Northwind,Analyst,07 Feb 2026"
    )
    assert services.imports.import_linkedin(export(tmp_path, text)).added == 2


def test_undo_removes_exactly_what_was_added_and_restores_updates(services, tmp_path) -> None:
    services.imports.import_linkedin(export(tmp_path, FIRST))
    before = dump(services.paths.database, history=False)
    newer = (
        HEADER_2023 + "\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-chen,mia@x.org,New Org,New Role,07 Feb 2026\n"
        "Kofi,Mensah,,,Juniper Robotics,Founder,01 Mar 2026"
    )
    services.imports.import_linkedin(export(tmp_path, newer, "newer.csv"))
    assert services.contacts.counts().people == 4
    result = services.imports.undo_last_import()
    assert (result.removed, result.restored) == (1, 1)
    assert dump(services.paths.database, history=False) == before
    # Then the first import, then nothing left.
    services.imports.undo_last_import()
    assert services.contacts.counts().people == 0
    with pytest.raises(NothingToUndo):
        services.imports.undo_last_import()


def test_undo_keeps_edits_made_after_the_import(services, tmp_path) -> None:
    services.imports.import_linkedin(export(tmp_path, FIRST))
    newer = (
        HEADER_2023 + "\nMia,Chen,https://www.linkedin.com/in/mia-chen,,Northwind,VP,07 Feb 2026"
    )
    services.imports.import_linkedin(export(tmp_path, newer, "newer.csv"))
    mia = by_name(services)["Mia Chen"]
    mia.organisation = "Her Own Startup"
    services.contacts.save(mia)
    services.imports.undo_last_import()
    mia = by_name(services)["Mia Chen"]
    assert mia.organisation == "Her Own Startup"
    assert mia.role == "Data Lead", "what the import changed and the user did not is restored"


def test_search_index_follows_imports_and_undo(services, tmp_path) -> None:
    services.imports.import_linkedin(export(tmp_path, FIRST))
    assert len(services.contacts.query_ids(ContactFilter(text="northw"))) == 1
    newer = (
        HEADER_2023 + "\nMia,Chen,https://www.linkedin.com/in/mia-chen,,Quillstone,X,07 Feb 2026"
    )
    services.imports.import_linkedin(export(tmp_path, newer, "newer.csv"))
    assert services.contacts.query_ids(ContactFilter(text="northw")) == []
    assert len(services.contacts.query_ids(ContactFilter(text="quill"))) == 1
    services.imports.undo_last_import()
    assert len(services.contacts.query_ids(ContactFilter(text="northw"))) == 1
    assert services.contacts.query_ids(ContactFilter(text="quill")) == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        png_bytes(),
        bytes(range(256)) * 10,
        b"Name,Phone\nMia,1\n",
        (PREAMBLE + HEADER_2023).encode(),
        "Dear diary".encode("utf-16"),
    ],
    ids=["empty", "png", "binary", "wrong-columns", "header-only", "utf16-prose"],
)
def test_bad_input_changes_nothing(services, tmp_path, content: bytes) -> None:
    services.imports.import_linkedin(export(tmp_path, FIRST))
    before = dump(services.paths.database)
    path = tmp_path / "Connections.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError):
        services.imports.import_linkedin(path)
    assert dump(services.paths.database) == before


def test_a_failure_mid_write_rolls_everything_back(services, tmp_path, monkeypatch) -> None:
    services.imports.import_linkedin(export(tmp_path, FIRST))
    before = dump(services.paths.database)

    def explode(conn, batch_id, with_tags=True):
        raise OSError("disk full")

    monkeypatch.setattr(search_index, "index_batch", explode)
    text = HEADER_2018 + "\nKofi,Mensah,,Juniper,Founder,01 Mar 2026"
    with pytest.raises(OSError):
        services.imports.import_linkedin(export(tmp_path, text, "more.csv"))
    assert dump(services.paths.database) == before


def test_sample_network_is_an_undoable_batch_with_links(services) -> None:
    summary = services.imports.import_sample_network()
    assert summary.added > 100
    counts = services.contacts.counts()
    assert 15 <= counts.real < counts.people
    links = services.db.execute_sql("SELECT count(*) FROM link").fetchone()[0]
    assert links > 20
    services.imports.undo_last_import()
    assert services.contacts.counts().people == 0
    assert services.db.execute_sql("SELECT count(*) FROM link").fetchone()[0] == 0
    assert services.db.execute_sql("SELECT count(*) FROM organisation").fetchone()[0] == 0
    assert services.db.execute_sql("SELECT count(*) FROM tag").fetchone()[0] == 0


# --- matching on re-import ---------------------------------------------------


def test_url_rows_are_matched_by_url_before_any_row_by_name(services, tmp_path) -> None:
    """A URL-less row early in the file must not take the person a later row names by URL
    (it used to, and the later row then gave that URL to a namesake: UNIQUE failed)."""
    first = (
        HEADER_2023 + "\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-1,,Northwind,Analyst,07 Feb 2026\n"
        "Mia,Chen,,,Northwind,Intern,01 Jan 2024"
    )
    services.imports.import_linkedin(export(tmp_path, first))
    again = (
        HEADER_2023 + "\n"
        "Mia,Chen,,,Northwind,Intern II,01 Jan 2024\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-1,,Northwind,Senior Analyst,07 Feb 2026"
    )
    summary = services.imports.import_linkedin(export(tmp_path, again, "again.csv"))
    assert (summary.added, summary.updated) == (0, 2)
    roles = {
        (r.linkedin_url, r.role)
        for r in (services.contacts.get(i) for i in services.contacts.query_ids(ContactFilter()))
    }
    assert roles == {
        ("https://www.linkedin.com/in/mia-1", "Senior Analyst"),
        ("", "Intern II"),
    }


def test_url_less_row_prefers_the_namesake_without_a_url(services, tmp_path) -> None:
    first = (
        HEADER_2023 + "\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-1,,Northwind,Analyst,07 Feb 2026\n"
        "Mia,Chen,,,Northwind,Intern,01 Jan 2024"
    )
    services.imports.import_linkedin(export(tmp_path, first))
    older = HEADER_2018 + "\nMia,Chen,,Northwind,Trainee,01 Jan 2024"
    summary = services.imports.import_linkedin(export(tmp_path, older, "older.csv"))
    assert (summary.added, summary.updated) == (0, 1)
    people = [services.contacts.get(i) for i in services.contacts.query_ids(ContactFilter())]
    assert sorted((p.linkedin_url, p.role) for p in people) == [
        ("", "Trainee"),
        ("https://www.linkedin.com/in/mia-1", "Analyst"),
    ]


def test_a_url_that_differs_only_in_case_is_not_given_to_a_second_person(
    services, tmp_path
) -> None:
    """Slugs are case-insensitive, the UNIQUE index is not: the user typed Mia's profile
    with capitals for a second entry. Re-importing matches the exact URL first, and
    never gives one person the URL another has (which used to fail the import)."""
    services.imports.import_linkedin(export(tmp_path, FIRST))
    services.contacts.save(
        ContactRecord(display_name="M. Chen", linkedin_url="https://www.linkedin.com/in/Mia-Chen")
    )
    summary = services.imports.import_linkedin(export(tmp_path, FIRST, "again.csv"))
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 3)
    people = by_name(services)
    assert people["Mia Chen"].linkedin_url == "https://www.linkedin.com/in/mia-chen"
    assert people["M. Chen"].linkedin_url == "https://www.linkedin.com/in/Mia-Chen"


def test_an_update_never_takes_a_url_someone_else_has() -> None:
    """The last guard before the UNIQUE index: matching already prevents this, but should
    a match ever bring another person's exact URL, the person keeps theirs, with a warning."""
    from netdesk.services.imports.incoming import IncomingPerson
    from netdesk.services.imports.matching import _Existing
    from netdesk.services.imports.service import ImportService

    lena = _Existing(
        (7, None, "Lena", "Fischer", "Lena Fischer", "Larkspur", "Eng",
         None, None, "", "", 1, "2026-01-01 09:00:00")
    )  # fmt: skip
    incoming = IncomingPerson(9, "Lena", "Fischer", "Larkspur", "Staff Engineer")
    incoming.linkedin_url = "https://www.linkedin.com/in/mia-chen"
    problems = []
    taken = {"https://www.linkedin.com/in/mia-chen": 3}
    row, previous, _tags = ImportService._update_for(incoming, lena, {}, [], taken, problems)
    assert lena.key == "lena fischer|larkspur"
    assert row[5:7] == ("Staff Engineer", None), "role updated, URL left alone"
    assert "linkedin_url" not in previous
    assert [(p.line, p.kind) for p in problems] == [(9, "warning")]
    assert "already belongs to someone else" in problems[0].reason


# --- what the user edited stays theirs ---------------------------------------


def test_reimport_does_not_bring_back_an_email_or_tag_the_user_removed(services, tmp_path) -> None:
    tagged = (
        "First Name,Last Name,Email Address,Company,Position,Connected On,Tags\n"
        'Omar,Haddad,omar@example.org,Cobalt,CTO,30 Jan 2026,"old team, hiring"'
    )
    path = export(tmp_path, tagged)
    services.imports.import_linkedin(path)
    omar = by_name(services)["Omar Haddad"]
    assert (omar.emails, omar.tags) == (["omar@example.org"], ["hiring", "old team"])
    omar.emails = []
    omar.tags = ["old team"]
    services.contacts.save(omar)
    summary = services.imports.import_linkedin(path)
    assert (summary.updated, summary.unchanged) == (0, 1)
    omar = by_name(services)["Omar Haddad"]
    assert (omar.emails, omar.tags) == ([], ["old team"])


def test_organisation_spelled_differently_is_unchanged(services, tmp_path) -> None:
    services.imports.import_linkedin(export(tmp_path, FIRST))
    before = dump(services.paths.database, history=False)
    respelled = (
        HEADER_2023 + "\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-chen,,NORTHWIND,Data Lead,07 Feb 2026\n"
        "Lena,Fischer,,,Lárkspur  labs,Engineer,02 Jul 2023"
    )
    summary = services.imports.import_linkedin(export(tmp_path, respelled, "respelled.csv"))
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 2)
    assert dump(services.paths.database, history=False) == before


# --- undo keeps what the user has worked on ----------------------------------


def test_undo_keeps_the_people_the_user_worked_on(services, tmp_path) -> None:
    from netdesk.services.meetings.records import MeetingRecord

    text = (
        HEADER_2018
        + "\n"
        + "\n".join(
            f"{given},Test,,Org,Role,07 Feb 2026"
            for given in (
                "Edited",
                "Tagged",
                "Met",
                "Linked",
                "Referred",
                "Todo",
                "Called",
                "Plain",
                "Other",
            )
        )
    )
    services.imports.import_linkedin(export(tmp_path, text))
    people = by_name(services)
    edited = people["Edited Test"]
    edited.notes = "Knows everyone in logistics."
    services.contacts.save(edited)
    tagged = people["Tagged Test"]
    tagged.tags = ["climbing"]
    services.contacts.save(tagged)
    aunt = services.contacts.save(type(edited)(display_name="Aunt Ingrid", relation="family"))
    services.meetings.save(MeetingRecord(title="Coffee", people=[people["Met Test"].id]))
    services.contacts.add_link(aunt.id, people["Linked Test"].id)
    services.meetings.record_referral(aunt.id, to_contact_id=people["Referred Test"].id)
    services.todos.add("Send the article", contact_id=people["Todo Test"].id)
    services.interactions.log(people["Called Test"].id, "call", "Caught up about her move")

    preview = services.imports.undo_preview()
    assert (preview.removed, preview.kept, preview.restored) == (2, 7, 0)
    result = services.imports.undo_last_import()
    assert (result.removed, result.kept, result.restored) == (2, 7, 0)
    left = set(by_name(services))
    assert left == {
        "Aunt Ingrid",
        "Edited Test",
        "Tagged Test",
        "Met Test",
        "Linked Test",
        "Referred Test",
        "Todo Test",
        "Called Test",
    }
    assert by_name(services)["Tagged Test"].tags == ["climbing"]
    # Kept people left the batch: they are the user's own now, and nothing is left to undo.
    batches = services.db.execute_sql(
        "SELECT count(*) FROM contact WHERE import_batch_id IS NOT NULL"
    ).fetchone()[0]
    assert batches == 0
    assert services.imports.undo_preview() is None


def test_the_sample_networks_own_links_do_not_keep_anyone(services) -> None:
    services.imports.import_sample_network()
    preview = services.imports.undo_preview()
    assert preview.kept == 0
    # The sample was loaded an hour ago (its own links, meetings, referrals, to-dos,
    # interactions and outreach carry that time or an earlier one); now the user links
    # two of its people.
    conn = services.db.connection()
    (loaded,) = conn.execute("SELECT imported_at FROM import_batch").fetchone()
    earlier = "2026-01-01 09:00:00"
    for table in ("link", "referral", "todo", "interaction", "outreach"):
        conn.execute(f"UPDATE {table} SET created_at = ? WHERE created_at <= ?", (earlier, loaded))
    conn.execute("UPDATE meeting SET created_at = ?, updated_at = ?", (earlier, earlier))
    conn.execute("UPDATE import_batch SET imported_at = ?", (earlier,))
    assert services.imports.undo_preview().kept == 0
    ids = services.contacts.query_ids(ContactFilter())
    services.contacts.add_link(ids[0], ids[1], label="met at the climbing gym")
    preview = services.imports.undo_preview()
    assert preview.kept == 2
    result = services.imports.undo_last_import()
    assert result.kept == 2 and services.contacts.counts().people == 2


def test_an_import_waits_for_another_writer_instead_of_failing(services, tmp_path) -> None:
    """Another connection holds the write lock (the GUI saving someone while the CLI
    imports). The import takes the lock up front (BEGIN IMMEDIATE) and waits; with a
    deferred transaction its read snapshot would be stale by then: "database is locked"."""
    import sqlite3
    import threading

    services.imports.import_linkedin(export(tmp_path, FIRST))
    other = sqlite3.connect(services.paths.database, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE contact SET notes = 'typed meanwhile' WHERE display_name = 'Mia Chen'")
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    newer = HEADER_2018 + "\nKofi,Mensah,,Juniper Robotics,Founder,01 Mar 2026"
    summary = services.imports.import_linkedin(export(tmp_path, newer, "newer.csv"))
    assert summary.added == 1
    assert by_name(services)["Mia Chen"].notes == "typed meanwhile"
    other.close()
