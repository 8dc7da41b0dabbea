"""Exports (CSV, vCard 3.0, JSON) and imports (vCard, Google Contacts CSV) with undo."""

from __future__ import annotations

import csv
import json

import pytest
import vobject

from netdesk.errors import ImportFormatError
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.services.imports.interchange import CSV_COLUMNS, GOOGLE, LINKEDIN, VCARD
from netdesk.services.meetings.records import MeetingRecord
from tests.helpers import HEADER_2023, dump, png_bytes, write

ADA = ContactRecord(
    given_name="Ada",
    family_name="Lovelace",
    display_name="Ada Lovelace",
    organisation="Analytical Engines, Ltd.",
    role="Mathematician",
    emails=["ada@example.org", "countess@example.org"],
    phones=["+44 20 7946 0000"],
    linkedin_url="https://www.linkedin.com/in/ada-lovelace",
    location="London",
    relation="mentor",
    closeness=5,
    tags=["Maths", "Poetry; science"],
    notes="Met at the Babbage salon.\nSecond line, with a comma; and a semicolon.",
)
ZOE = ContactRecord(display_name="Zoë Ångström", relation="family", closeness=4)

GOOGLE_NEW = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,"
    "E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,"
    "Address 1 - Label,Address 1 - City,Address 1 - Country,Website 1 - Label,Website 1 - Value\n"
    "Grace,,Hopper,,,,US Navy,Rear Admiral,,,Invented the compiler,,* myContacts ::: Friends,"
    "* Work,grace@example.org ::: g.hopper@example.org,Home,grace@home.example.org,Mobile,"
    "+1 555 0100 ::: +1 555 0101,Home,Arlington,USA,Profile,"
    "linkedin.com/in/grace-hopper/\n"
    "Alan,,Turing,,,,,,,,,,* myContacts ::: Family,,not-an-email,,,,,,,,,\n"
    ",,,,,,Bletchley Park,,,,,,* myContacts,,,,,,,,,,,\n"
    "Grace,,Hopper,,,,US Navy,Commodore,,,,,* myContacts,,,,,,,,,,,\n"
)
GOOGLE_OLD = (
    "Name,Given Name,Additional Name,Family Name,Notes,Group Membership,E-mail 1 - Type,"
    "E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,"
    "Organization 1 - Name,Organization 1 - Title\n"
    "Katherine Johnson,Katherine,,Johnson,,* My Contacts ::: Coworkers,* Work,kj@example.org,"
    "Work,+1 555 0199,,NASA,Mathematician\n"
)


def everyone(services) -> dict[str, ContactRecord]:
    ids = services.contacts.query_ids(ContactFilter())
    return {r.display_name: r for r in services.contacts.records(ids)}


# --- exports --------------------------------------------------------------------


def test_csv_export_opens_in_a_spreadsheet_with_everything(services, tmp_path) -> None:
    services.contacts.save(ADA)
    services.contacts.save(ZOE)
    path = tmp_path / "people.csv"
    assert services.interchange.export_csv(path) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with its BOM
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    ada = next(r for r in rows if r["Name"] == "Ada Lovelace")
    assert ada["Emails"] == "ada@example.org\ncountess@example.org"
    assert ada["How I Know Them"] == "Mentor"
    assert ada["Notes"] == ADA.notes
    assert ada["Tags"] == "Maths, Poetry; science"
    assert any(r["Name"] == "Zoë Ångström" for r in rows)


def test_csv_export_of_a_selection(services, tmp_path) -> None:
    ada = services.contacts.save(ADA)
    services.contacts.save(ZOE)
    path = tmp_path / "one.csv"
    assert services.interchange.export_csv(path, [ada.id]) == 1


def test_vcard_export_is_version_3_and_reads_back_the_same_people(services, tmp_path) -> None:
    services.contacts.save(ADA)
    services.contacts.save(ZOE)
    path = tmp_path / "people.vcf"
    assert services.interchange.export_vcard(path) == 2
    cards = list(vobject.readComponents(path.read_text("utf-8")))
    assert [c.version.value for c in cards] == ["3.0", "3.0"]
    ada = next(c for c in cards if c.fn.value == "Ada Lovelace")
    assert ada.n.value.family == "Lovelace"
    assert ada.org.value == ["Analytical Engines, Ltd."]
    assert [e.value for e in ada.email_list] == ADA.emails
    assert ada.note.value == ADA.notes
    assert b"BEGIN:VCARD\r\nVERSION:3.0\r\n" in path.read_bytes()  # RFC 2425 line ends

    # Into another NetDesk: the same people, with how the user knows them.
    other = tmp_path / "elsewhere"
    from netdesk.app import build_services
    from netdesk.paths import Paths
    from netdesk.services.credentials import MemoryCredentialStore

    second = build_services(Paths(other).ensure(), credentials=MemoryCredentialStore())
    try:
        summary = second.interchange.import_file(path)
        assert (summary.added, summary.skipped) == (2, 0)
        people = everyone(second)
        back = people["Ada Lovelace"]
        for name in (
            "organisation",
            "role",
            "emails",
            "phones",
            "linkedin_url",
            "location",
            "relation",
            "closeness",
            "notes",
        ):
            assert getattr(back, name) == getattr(ADA, name), name
        assert sorted(back.tags) == sorted(ADA.tags)
        assert back.source == VCARD
        assert (people["Zoë Ångström"].relation, people["Zoë Ångström"].closeness) == ("family", 4)
    finally:
        second.close()


def test_json_export_holds_every_table(services, tmp_path) -> None:
    ada = services.contacts.save(ADA)
    zoe = services.contacts.save(ZOE)
    services.contacts.add_link(ada.id, zoe.id, "introduced", "introduced me to")
    services.meetings.save(MeetingRecord(title="Coffee with Ada", people=[ada.id]))
    path = tmp_path / "everything.json"
    result = services.interchange.export_json(path)
    document = json.loads(path.read_text("utf-8"))
    assert document["format"] == "netdesk-export"
    assert document["schema_version"] >= 1
    tables = document["tables"]
    assert result.people == 2 == len(tables["contact"])
    assert {
        "contact",
        "organisation",
        "link",
        "tag",
        "contact_tag",
        "meeting",
        "question",
        "setting",
    } <= tables.keys()
    assert not any(name.startswith(("contact_fts", "meeting_fts", "sqlite_")) for name in tables)
    assert tables["link"][0]["kind"] == "introduced"
    assert tables["meeting"][0]["title"] == "Coffee with Ada"
    assert tables["meeting_person"] == [
        {
            **tables["meeting_person"][0],
            "meeting_id": tables["meeting"][0]["id"],
            "contact_id": ada.id,
        }
    ]
    assert "password" not in path.read_text("utf-8").lower().replace("no password", "")


def test_a_failed_export_leaves_no_file(services, tmp_path) -> None:
    services.contacts.save(ADA)
    with pytest.raises(OSError, match="no-such-folder"):
        services.interchange.export_csv(tmp_path / "no-such-folder" / "people.csv")
    target = tmp_path / "out"
    (target / "people.vcf").mkdir(parents=True)  # cannot be replaced by a file
    (target / "people.vcf" / "keep.txt").write_text("the user's")
    with pytest.raises(OSError):
        services.interchange.export_vcard(target / "people.vcf")
    assert [p.name for p in target.iterdir()] == ["people.vcf"]  # no temporary file left
    assert (target / "people.vcf" / "keep.txt").read_text() == "the user's"


# --- detecting what was dropped ----------------------------------------------------


def test_detect(services, tmp_path) -> None:
    detect = services.interchange.detect
    assert detect(write(tmp_path / "a.vcf", "BEGIN:VCARD\nEND:VCARD\n")) == VCARD
    assert detect(write(tmp_path / "contacts.txt", "\ufeffbegin:vcard\nEND:VCARD")) == VCARD
    assert detect(write(tmp_path / "google.csv", GOOGLE_NEW)) == GOOGLE
    assert detect(write(tmp_path / "old-google.csv", GOOGLE_OLD)) == GOOGLE
    assert detect(write(tmp_path / "Connections.csv", HEADER_2023 + "\n")) == LINKEDIN
    assert detect(tmp_path / "export.zip") == LINKEDIN


# --- vCard import ----------------------------------------------------------------


VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
    "ORG:Analytical Engines\r\nTITLE:Mathematician\r\nEMAIL;TYPE=INTERNET:ada@example.org\r\n"
    "EMAIL:second@example.org\r\nTEL;TYPE=CELL:+44 20 7946 0000\r\n"
    "URL:https://www.linkedin.com/in/ada-lovelace/\r\n"
    "ADR;TYPE=HOME:;;1 St James's Sq;London;;;UK\r\n"
    "NOTE:Long note that is folded over\r\n  two lines.\r\nCATEGORIES:Maths,Salon\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\n"
    "TEL;CELL:+49 151 0000\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Nameless Inc\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nORG:Analytical Engines\r\n"
    "URL:https://www.linkedin.com/in/ada-lovelace\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\n"
)


def test_vcard_import_reads_cards_and_reports_each_problem(services, tmp_path) -> None:
    path = write(tmp_path / "contacts.vcf", VCARDS)
    summary = services.interchange.import_file(path)
    assert (summary.added, summary.updated, summary.skipped) == (2, 0, 3)
    reasons = {p.line: p.reason for p in summary.problems}
    assert reasons[21] == "the card has no name"
    assert reasons[25] == "same person as line 1"
    assert "END:VCARD" in reasons[31]
    people = everyone(services)
    ada = people["Ada Lovelace"]
    assert ada.emails == ["ada@example.org", "second@example.org"]
    assert ada.phones == ["+44 20 7946 0000"]
    assert ada.linkedin_url == "https://www.linkedin.com/in/ada-lovelace"
    assert ada.location == "London, UK"
    assert ada.notes == "Long note that is folded over two lines."
    assert sorted(ada.tags) == ["Maths", "Salon"]
    assert (ada.relation, ada.closeness) == ("other", 2)
    assert people["Jürgen Müller"].phones == ["+49 151 0000"]
    # Found by the search like anyone else.
    assert services.contacts.query_ids(ContactFilter(text="salon")) == [ada.id]


def test_vcard_reimport_updates_instead_of_duplicating_and_undo_takes_it_back(
    services, tmp_path
) -> None:
    services.contacts.save(
        ContactRecord(
            display_name="Ada Lovelace",
            organisation="Analytical Engines",
            relation="friend",
            closeness=4,
        )
    )
    before = dump(services.paths.database, history=False)
    path = write(tmp_path / "contacts.vcf", VCARDS)
    first = services.interchange.import_file(path)
    assert (first.added, first.updated) == (1, 1)
    ada = everyone(services)["Ada Lovelace"]
    assert (ada.relation, ada.closeness) == ("friend", 4)  # the user's own, kept
    assert ada.linkedin_url == "https://www.linkedin.com/in/ada-lovelace"
    again = services.interchange.import_file(path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    services.imports.undo_last_import()
    services.imports.undo_last_import()
    assert dump(services.paths.database, history=False) == before


def test_an_unreadable_line_is_left_out_with_a_warning(services, tmp_path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Good Person\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nthis line has no colon at all\nFN:Odd Line\nEND:VCARD\n"
    )
    summary = services.interchange.import_file(write(tmp_path / "x.vcf", text))
    assert (summary.added, summary.skipped) == (2, 0)
    assert [(p.line, p.kind) for p in summary.problems] == [(7, "warning")]
    assert "cannot be read" in summary.problems[0].reason
    assert "Odd Line" in everyone(services)


# --- Google Contacts CSV -----------------------------------------------------------


def test_google_csv_import(services, tmp_path) -> None:
    summary = services.interchange.import_file(write(tmp_path / "contacts.csv", GOOGLE_NEW))
    assert (summary.added, summary.skipped) == (2, 2)
    reasons = {p.line: (p.kind, p.reason) for p in summary.problems}
    assert reasons[3] == ("warning", "email 'not-an-email' is not an address")
    assert reasons[4] == ("skipped", "the contact has only an organisation")
    assert reasons[5] == ("skipped", "same person as line 2")
    people = everyone(services)
    grace = people["Grace Hopper"]
    assert (grace.organisation, grace.role) == ("US Navy", "Rear Admiral")
    assert grace.emails == [
        "grace@example.org",
        "g.hopper@example.org",
        "grace@home.example.org",
    ]
    assert grace.phones == ["+1 555 0100", "+1 555 0101"]
    assert grace.linkedin_url == "https://www.linkedin.com/in/grace-hopper"
    assert grace.location == "Arlington, USA"
    assert grace.tags == ["Friends"]
    assert grace.relation == "friend"
    assert grace.source == GOOGLE
    assert people["Alan Turing"].relation == "family"
    batch = services.imports.last_batch()
    assert batch is not None and batch.file_name == "contacts.csv"


def test_google_csv_older_layout(services, tmp_path) -> None:
    summary = services.interchange.import_file(write(tmp_path / "google.csv", GOOGLE_OLD))
    assert summary.added == 1
    kj = everyone(services)["Katherine Johnson"]
    assert (kj.organisation, kj.role, kj.relation) == ("NASA", "Mathematician", "colleague")
    assert kj.phones == ["+1 555 0199"]


def test_google_csv_in_utf16_as_outlook_writes_it(services, tmp_path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes("\ufeff".encode("utf-16-le") + GOOGLE_OLD.encode("utf-16-le"))
    assert services.interchange.import_google_csv(path).added == 1


# --- bad input: a clear error naming the file, and nothing changed --------------------


@pytest.mark.parametrize(
    "name, content, kind, message",
    [
        ("empty.vcf", b"", VCARD, "empty.vcf is empty"),
        ("blank.vcf", b"  \n\n", VCARD, "blank.vcf is empty"),
        ("photo.vcf", png_bytes(), VCARD, "photo.vcf is a PNG image, not a vCard file"),
        ("binary.vcf", bytes(range(256)) * 8, VCARD, "binary.vcf holds binary data"),
        ("notes.vcf", b"Dear diary,\nno cards here.\n", VCARD, "no vCard (no BEGIN:VCARD"),
        ("bad16.vcf", b"\xff\xfe\x00\xd8", VCARD, "bad16.vcf claims UTF-16"),
        ("empty.csv", b"", GOOGLE, "empty.csv is empty"),
        ("photo.csv", png_bytes(), GOOGLE, "photo.csv is a PNG image"),
        ("other.csv", b"Date,Amount\n2024-01-01,3\n", GOOGLE, "not a Google Contacts CSV"),
        ("header.csv", GOOGLE_OLD.splitlines()[0].encode(), GOOGLE, "header but no contacts"),
        (
            "quote.csv",
            (GOOGLE_OLD.splitlines()[0] + '\n"Open,\x00').encode(),
            GOOGLE,
            "binary data",
        ),
    ],
)
def test_bad_files_are_refused_with_the_file_and_the_problem(
    services, tmp_path, name, content, kind, message
) -> None:
    services.contacts.save(ADA)
    before = dump(services.paths.database)
    path = tmp_path / name
    path.write_bytes(content)
    read = (
        services.interchange.import_vcard
        if kind == VCARD
        else services.interchange.import_google_csv
    )
    with pytest.raises(ImportFormatError, match=message.replace("(", r"\(")) as raised:
        read(path)
    assert name in str(raised.value)
    assert dump(services.paths.database) == before


def test_a_missing_file_and_a_folder_are_clear_errors(services, tmp_path) -> None:
    with pytest.raises(ImportFormatError, match=r"gone\.vcf: file not found"):
        services.interchange.import_vcard(tmp_path / "gone.vcf")
    (tmp_path / "dir.vcf").mkdir()
    with pytest.raises(ImportFormatError, match=r"dir\.vcf is a folder"):
        services.interchange.import_vcard(tmp_path / "dir.vcf")


def test_a_file_of_only_bad_cards_is_an_error_not_an_empty_batch(services, tmp_path) -> None:
    path = write(tmp_path / "nameless.vcf", "BEGIN:VCARD\nVERSION:3.0\nORG:X\nEND:VCARD\n")
    summary = services.interchange.import_vcard(path)
    # Every card skipped is still a report worth showing, as with LinkedIn's blank rows.
    assert (summary.added, summary.skipped) == (0, 1)


def test_wrongly_encoded_latin1_vcard_is_read_as_windows_1252(services, tmp_path) -> None:
    path = tmp_path / "latin.vcf"
    path.write_bytes("BEGIN:VCARD\nVERSION:3.0\nFN:José Müller\nEND:VCARD\n".encode("latin-1"))
    services.interchange.import_vcard(path)
    assert "José Müller" in everyone(services)


def test_import_is_one_undoable_batch(services, tmp_path) -> None:
    before = dump(services.paths.database, history=False)
    services.interchange.import_file(write(tmp_path / "contacts.csv", GOOGLE_NEW))
    preview = services.imports.undo_preview()
    assert preview is not None and preview.removed == 2
    result = services.imports.undo_last_import()
    assert result.removed == 2
    assert dump(services.paths.database, history=False) == before


def test_big_address_book(services, tmp_path) -> None:
    cards = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {i}\nEMAIL:p{i}@example.org\n"
        f"EMAIL:other{i}@example.org\nTEL:+1 555 {i:04d}\nEND:VCARD\n"
        for i in range(2000)
    )
    summary = services.interchange.import_vcard(write(tmp_path / "big.vcf", cards))
    assert summary.added == 2000
    person = everyone(services)["Person 1999"]
    assert person.emails == ["p1999@example.org", "other1999@example.org"]
