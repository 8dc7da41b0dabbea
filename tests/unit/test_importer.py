"""Applying imports: add, update, never overwrite the user's own data, undo, atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest

from netdesk.services import search_index
from netdesk.services.contacts import ContactFilter
from netdesk.services.importer import NothingToUndo
from netdesk.services.linkedin import ImportFormatError
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
    assert summary.updated == 1
    mia = by_name(services)["Mia Chen"]
    assert mia.notes == "Met at the data meetup; loves sailing."
    assert (mia.relation, mia.closeness) == ("mentor", 5)
    assert mia.tags == ["data", "mentors"]
    assert mia.role == "Chief Data Officer", "the user's edit wins over LinkedIn"
    assert mia.emails == ["mia@example.org", "mia.chen@example.com"]


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
