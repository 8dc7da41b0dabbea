"""Every Connections.csv variant in LINKEDIN_FORMAT.md, and the inputs that must be refused."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from netdesk.errors import ImportFormatError
from netdesk.services.imports.linkedin_csv import (
    normalise_linkedin_url,
    parse_connected_on,
    read_connections,
)
from tests.helpers import (
    HEADER_2016_TAGS,
    HEADER_2017_WIDE,
    HEADER_2018,
    HEADER_2023,
    PREAMBLE,
    export_zip,
    png_bytes,
    write,
)


def names(parsed) -> list[str]:
    return [p.display_name for p in parsed.people]


# --- eras --------------------------------------------------------------


def test_current_layout_with_preamble_and_urls(tmp_path: Path) -> None:
    text = (
        PREAMBLE + HEADER_2023 + "\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-chen,,Northwind Analytics,Data Lead,07 Feb 2026\n"
        "Omar,Haddad,https://www.linkedin.com/in/omar-h%C3%A9,omar@example.org,Cobalt,CTO,"
        "30 Jan 2026"
    )
    parsed = read_connections(write(tmp_path / "Connections.csv", text))
    assert names(parsed) == ["Mia Chen", "Omar Haddad"]
    mia, omar = parsed.people
    assert mia.linkedin_url == "https://www.linkedin.com/in/mia-chen"
    assert mia.organisation == "Northwind Analytics"
    assert mia.role == "Data Lead"
    assert mia.connected_on == "2026-02-07"
    assert omar.email == "omar@example.org"
    assert omar.linkedin_url == "https://www.linkedin.com/in/omar-h%C3%A9"


def test_2023_layout_with_empty_url_column(tmp_path: Path) -> None:
    text = PREAMBLE + HEADER_2023 + "\nLena,Fischer,,,Larkspur Labs,Engineer,02 Jul 2023"
    (person,) = read_connections(write(tmp_path / "Connections.csv", text)).people
    assert person.linkedin_url is None
    assert person.organisation == "Larkspur Labs"


def test_2021_preamble_six_columns(tmp_path: Path) -> None:
    text = PREAMBLE + HEADER_2018 + "\nTomás,Álvarez,,Meridian,Analyst,16 Sep 2021"
    (person,) = read_connections(write(tmp_path / "Connections.csv", text)).people
    assert person.display_name == "Tomás Álvarez"
    assert person.connected_on == "2021-09-16"


def test_2018_no_preamble_old_date_format(tmp_path: Path) -> None:
    text = HEADER_2018 + '\nAiko,Tanaka,,Halcyon Games,Producer,"1/8/18, 6:14 PM"'
    (person,) = read_connections(write(tmp_path / "Connections.csv", text)).people
    assert person.connected_on == "2018-01-08"


def test_2016_tags_layout(tmp_path: Path) -> None:
    text = HEADER_2016_TAGS + '\nPriya,Sharma,,Solace,PM,"3/4/16, 9:01 AM","Mentors, Alumni"'
    (person,) = read_connections(write(tmp_path / "Connections.csv", text)).people
    assert person.tags == ["Mentors", "Alumni"]
    assert person.connected_on == "2016-03-04"


def test_2017_nine_column_layout(tmp_path: Path) -> None:
    text = (
        HEADER_2017_WIDE
        + '\nJonas,Berg,"Oslo, Norway",jonas@example.net,Bluefjord,Engineer,"5/2/17, 1:00 PM",,'
    )
    (person,) = read_connections(write(tmp_path / "Connections.csv", text)).people
    assert person.email == "jonas@example.net"
    assert person.organisation == "Bluefjord"
    assert person.connected_on == "2017-05-02"


def test_columns_mapped_by_name_even_reordered_or_deleted(tmp_path: Path) -> None:
    text = "Company,Last Name,Connected On,First Name\nAcme,Okafor,01 Mar 2025,Kwame"
    (person,) = read_connections(write(tmp_path / "Connections.csv", text)).people
    assert (person.given_name, person.family_name, person.organisation) == (
        "Kwame",
        "Okafor",
        "Acme",
    )
    assert person.role == ""


# --- bytes --------------------------------------------------------------

ROWS = PREAMBLE + HEADER_2023 + "\nChloé,Dubois,,,Café Lumière,Barista,07 Feb 2026\nRavi,Iyer,,,,,"


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [
        ("utf-8", "\n", b""),
        ("utf-8", "\r\n", b"\xef\xbb\xbf"),
        ("cp1252", "\r\n", b""),
        ("utf-16-le", "\n", b"\xff\xfe"),
        ("utf-16-le", "\r\n", b""),
        ("utf-16-be", "\n", b"\xfe\xff"),
    ],
)
def test_encodings_boms_and_line_endings(tmp_path, encoding, newline, bom) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(bom + ROWS.replace("\n", newline).encode(encoding))
    parsed = read_connections(path)
    assert names(parsed) == ["Chloé Dubois", "Ravi Iyer"]
    assert parsed.people[0].organisation == "Café Lumière"


def test_utf16_tab_separated(tmp_path: Path) -> None:
    text = HEADER_2018.replace(",", "\t") + "\nSofia\tRossi\t\tVantage\tActuary\t11 Nov 2024"
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (person,) = read_connections(path).people
    assert person.display_name == "Sofia Rossi"
    assert person.role == "Actuary"


def test_european_excel_semicolons_and_excel_preamble(tmp_path: Path) -> None:
    text = (
        "Notes:;;;;;;\n;;;;;;\n"
        + HEADER_2023.replace(",", ";")
        + "\nMateo;Ortega;;;Brightwell Foods;Chef;16.09.2021\n"
    )
    (person,) = read_connections(write(tmp_path / "Connections.csv", text, "cp1252")).people
    assert person.organisation == "Brightwell Foods"
    assert person.connected_on == "2021-09-16"


def test_excel_resaved_comma_preamble(tmp_path: Path) -> None:
    text = "Notes:,,,,,,\n,,,,,,\n" + HEADER_2023 + "\nYara,Nasser,,,Tidewater,Teller,9-Sep-22"
    (person,) = read_connections(write(tmp_path / "Connections.csv", text)).people
    assert person.connected_on == "2022-09-09"


def test_last_person_without_trailing_newline_is_kept(tmp_path: Path) -> None:
    lines = [f"Person{i},Test,,,Org,Role,07 Feb 2026" for i in range(5)]
    text = PREAMBLE + HEADER_2023 + "\n" + "\n".join(lines)
    assert not text.endswith("\n")
    assert len(read_connections(write(tmp_path / "Connections.csv", text)).people) == 5


# --- rows ---------------------------------------------------------------


def test_blank_rows_are_skipped_and_counted_with_line_numbers(tmp_path: Path) -> None:
    text = (
        PREAMBLE + HEADER_2023 + "\n"
        "Mia,Chen,,,A,B,07 Feb 2026\n"
        ",,,,,,07 Feb 2026\n"
        ",,,,Ghost Corp,,07 Feb 2026\n"
        "Omar,Haddad,,,A,B,07 Feb 2026"
    )
    parsed = read_connections(write(tmp_path / "Connections.csv", text))
    assert names(parsed) == ["Mia Chen", "Omar Haddad"]
    assert [(p.line, p.kind) for p in parsed.problems] == [(6, "skipped"), (7, "skipped")]
    assert "blank row" in parsed.problems[0].reason
    assert parsed.problems[1].reason == "no name"
    assert parsed.total_rows == 4


def test_awkward_names(tmp_path: Path) -> None:
    text = (
        HEADER_2018 + "\n"
        '"Hans","Mueller, Jr.",,Acme,,07 Feb 2026\n'
        'Elif,"Kreuzer, PhD",,Acme,,07 Feb 2026\n'
        '"Robert ""Bob""",Smith,,Acme,,07 Feb 2026\n'
        "王,小明,,清华大学,,07 Feb 2026\n"
        "Лейла,Петрова,,,,07 Feb 2026\n"
        "  Noah  ,\u3164,,,,07 Feb 2026\n"
        "Zoë 🌱,Wu (she/her),,,,07 Feb 2026\n"
        "Amara,Okafor\ufffd,,,,07 Feb 2026\n"
        "\u200bSamuel\u200b,Adeyemi,,,,07 Feb 2026"
    )
    parsed = read_connections(write(tmp_path / "Connections.csv", text))
    assert names(parsed) == [
        "Hans Mueller, Jr.",
        "Elif Kreuzer, PhD",
        'Robert "Bob" Smith',
        "王 小明",
        "Лейла Петрова",
        "Noah",
        "Zoë 🌱 Wu (she/her)",
        "Amara Okafor\ufffd",
        "Samuel Adeyemi",
    ]
    noah = parsed.people[5]
    assert noah.family_name == ""


def test_duplicates_within_one_file_are_skipped(tmp_path: Path) -> None:
    text = (
        HEADER_2023 + "\n"
        "Mia,Chen,https://www.linkedin.com/in/mia,,A,B,07 Feb 2026\n"
        "Mia,Chen,https://www.linkedin.com/in/mia/,,A,B,01 Feb 2026\n"
        "Mia,Chen,https://www.linkedin.com/in/mia-2,,A,B,01 Feb 2026"
    )
    parsed = read_connections(write(tmp_path / "Connections.csv", text))
    assert len(parsed.people) == 2
    assert parsed.problems[0].reason == "same person as line 2"


def test_unparseable_date_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    text = HEADER_2018 + "\nMia,Chen,,A,B,sometime last spring"
    parsed = read_connections(write(tmp_path / "Connections.csv", text))
    assert parsed.people[0].connected_on is None
    (problem,) = parsed.problems
    assert problem.kind == "warning" and problem.line == 2 and "date" in problem.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07 Feb 2026", "2026-02-07"),
        ("7 Feb 2026", "2026-02-07"),
        ("1/8/18, 6:14 PM", "2018-01-08"),
        ("12/31/19, 11:59 PM", "2019-12-31"),
        ("9-Sep-22", "2022-09-09"),
        ("16.09.2021", "2021-09-16"),
        ("1/27/2024", "2024-01-27"),
        ("27/1/2024", "2024-01-27"),
        ("30-oct-09", "2009-10-30"),
        ("3-okt-21", "2021-10-03"),
        ("12-mär-20", "2020-03-12"),
        ("2024-05-06", "2024-05-06"),
        ("Feb 7, 2026", "2026-02-07"),
        ("31 Feb 2026", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_connected_on_formats(text: str, expected: str | None) -> None:
    assert parse_connected_on(text) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.linkedin.com/in/mia-chen", "https://www.linkedin.com/in/mia-chen"),
        ("https://www.linkedin.com/in/mia-chen/", "https://www.linkedin.com/in/mia-chen"),
        ("http://linkedin.com/in/mia-chen?trk=x", "https://www.linkedin.com/in/mia-chen"),
        ("www.linkedin.com/in/mia-chen", "https://www.linkedin.com/in/mia-chen"),
        ("not a url", None),
        ("ftp://example.org/x", None),
    ],
)
def test_profile_urls(raw: str, expected: str | None) -> None:
    assert normalise_linkedin_url(raw) == expected


# --- archives and folders ----------------------------------------------


def test_whole_export_zip_with_lowercase_name_and_other_files(tmp_path: Path) -> None:
    archive = export_zip(
        tmp_path / "Complete_LinkedInDataExport_02-07-2026.zip",
        {
            "Profile.csv": "First Name,Last Name\nMe,Myself",
            "connections.csv": PREAMBLE + HEADER_2023 + "\nMia,Chen,,,A,B,07 Feb 2026",
            "Jobs/Job Applications.csv": "x",
        },
    )
    parsed = read_connections(archive)
    assert names(parsed) == ["Mia Chen"]
    assert parsed.file_name.endswith("connections.csv")


def test_zip_with_connections_in_a_folder(tmp_path: Path) -> None:
    archive = export_zip(
        tmp_path / "export.zip",
        {"Basic_LinkedInDataExport/Connections.csv": HEADER_2018 + "\nMia,Chen,,A,B,07 Feb 2026"},
    )
    assert names(read_connections(archive)) == ["Mia Chen"]


def test_unpacked_export_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Basic_LinkedInDataExport_02-07-2026"
    folder.mkdir()
    write(folder / "Connections.csv", HEADER_2018 + "\nMia,Chen,,A,B,07 Feb 2026")
    assert names(read_connections(folder)) == ["Mia Chen"]


# --- refused -------------------------------------------------------------


def refused(path: Path) -> str:
    with pytest.raises(ImportFormatError) as caught:
        read_connections(path)
    message = str(caught.value)
    assert path.name in message, "the message names the file"
    return message


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in refused(write(tmp_path / "Connections.csv", ""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "empty" in refused(write(tmp_path / "Connections.csv", "\n\n  \r\n"))


def test_image_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(png_bytes())
    assert "PNG image" in refused(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(bytes(range(256)) * 40)
    assert "binary" in refused(path)


def test_text_that_is_not_a_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", "Dear diary,\nToday I met nobody.\n")
    assert "First Name" in refused(path)


def test_csv_without_the_needed_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "Connections.csv", "Name,Phone\nMia Chen,555-0100\n")
    assert "First Name" in refused(path)


def test_names_but_nothing_linkedin(tmp_path: Path) -> None:
    path = write(tmp_path / "contacts.csv", "First Name,Last Name,Phone\nMia,Chen,1\n")
    assert "not LinkedIn" in refused(path)


def test_header_only(tmp_path: Path) -> None:
    path = write(tmp_path / "Connections.csv", PREAMBLE + HEADER_2023)
    assert "no connections" in refused(path)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    assert "200 MB" in refused(path)


def test_zip_without_connections(tmp_path: Path) -> None:
    archive = export_zip(tmp_path / "export.zip", {"Profile.csv": "a,b\n1,2"})
    assert "without a Connections.csv" in refused(archive)


def test_damaged_zip(tmp_path: Path) -> None:
    archive = export_zip(tmp_path / "export.zip", {"Connections.csv": HEADER_2018 * 200})
    data = bytearray(archive.read_bytes())
    data[40:400] = b"\x00" * 360
    archive.write_bytes(bytes(data))
    message = refused(archive)
    assert "zip" in message or "binary" in message


def test_missing_file(tmp_path: Path) -> None:
    assert "not found" in refused(tmp_path / "Connections.csv")


def test_malformed_csv_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "Connections.csv", HEADER_2018 + '\nMia,Chen,,A,"B' + "x" * 1_100_000)
    message = refused(path)
    assert "line" in message and "malformed" in message


# --- damaged and unusual archives ------------------------------------------


def _zip_with_connections(path: Path, compression: int) -> Path:
    """An export zip whose Connections.csv is long and varied enough to need real
    compression blocks (invented people)."""
    rows = "\n".join(
        f"Person{i},Family{i * 7919 % 10007},https://www.linkedin.com/in/p-{i * 31 % 9973},,"
        f"Org {i % 97},Role {i % 53},{i % 28 + 1:02d} Feb 2026"
        for i in range(3000)
    )
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("Profile.csv", "First Name,Last Name\nMe,Myself")
        archive.writestr("Connections.csv", PREAMBLE + HEADER_2023 + "\n" + rows)
    return path


def _member_data_span(path: Path, name: str) -> tuple[int, int]:
    """Where the compressed bytes of *name* sit in the zip file."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    data = path.read_bytes()
    offset = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_length + extra_length
    return start, start + info.compress_size


@pytest.mark.parametrize(
    "compression",
    [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA],
    ids=["deflate", "bzip2", "lzma"],
)
@pytest.mark.parametrize("where", [0.02, 0.3, 0.5, 0.9])
def test_corrupted_compressed_stream_is_a_clear_refusal(
    tmp_path: Path, compression: int, where: float
) -> None:
    """Bytes flipped inside the compressed stream: zlib.error, OSError (bzip2), LZMAError,
    EOFError or a bad CRC, depending on where. Each is the importer's own error."""
    archive = _zip_with_connections(tmp_path / "Basic_LinkedInDataExport.zip", compression)
    start, end = _member_data_span(archive, "Connections.csv")
    data = bytearray(archive.read_bytes())
    middle = start + int((end - start) * where)
    for i in range(middle, min(middle + 16, end)):
        data[i] ^= 0xA5
    archive.write_bytes(bytes(data))
    message = refused(archive)
    assert "damaged zip" in message


def test_corrupted_deflate_stream_raises_zlib_error_underneath(tmp_path: Path) -> None:
    """The case above really is the one the review saw: zlib.error from the stream."""
    archive = _zip_with_connections(tmp_path / "export.zip", zipfile.ZIP_DEFLATED)
    start, _end = _member_data_span(archive, "Connections.csv")
    data = bytearray(archive.read_bytes())
    for i in range(start + 2, start + 18):
        data[i] ^= 0xA5
    archive.write_bytes(bytes(data))
    with pytest.raises(ImportFormatError) as caught:
        read_connections(archive)
    assert isinstance(caught.value.__cause__, (zlib.error, zipfile.BadZipFile))


def _set_member_header(path: Path, name: str, *, flags: int = 0, method: int | None = None):
    """Patch the local and central headers of *name* (flag bits or compression method)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    data = bytearray(path.read_bytes())
    local = info.header_offset
    central = data.find(name.encode(), data.find(b"PK\x01\x02")) - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    for flag_at, method_at in ((local + 6, local + 8), (central + 8, central + 10)):
        old = struct.unpack("<H", data[flag_at : flag_at + 2])[0]
        data[flag_at : flag_at + 2] = struct.pack("<H", old | flags)
        if method is not None:
            data[method_at : method_at + 2] = struct.pack("<H", method)
    path.write_bytes(bytes(data))


def test_password_protected_connections_is_a_clear_refusal(tmp_path: Path) -> None:
    archive = export_zip(
        tmp_path / "export.zip", {"Connections.csv": HEADER_2018 + "\nMia,Chen,,A,B,07 Feb 2026"}
    )
    _set_member_header(archive, "Connections.csv", flags=0x1)
    # Really encrypted, as zipfile sees it.
    with zipfile.ZipFile(archive) as check, pytest.raises(RuntimeError, match="encrypted"):
        check.read("Connections.csv")
    assert "password-protected" in refused(archive)


def test_unsupported_compression_method_is_a_clear_refusal(tmp_path: Path) -> None:
    archive = export_zip(
        tmp_path / "export.zip", {"Connections.csv": HEADER_2018 + "\nMia,Chen,,A,B,07 Feb 2026"}
    )
    _set_member_header(archive, "Connections.csv", method=99)  # WinZip AES
    assert "compression" in refused(archive)


# --- slash dates: one reading per file -------------------------------------


def test_slash_dates_are_read_one_way_for_the_whole_file(tmp_path: Path) -> None:
    """03/04/2024 alone is ambiguous; a later 27/01/2024 shows the file is day-first."""
    path = write(
        tmp_path / "Connections.csv",
        HEADER_2018 + "\n"
        "Mia,Chen,,Northwind,Lead,03/04/2024\n"
        "Omar,Haddad,,Cobalt,CTO,05/06/2023\n"
        "Lena,Fischer,,Larkspur,Engineer,27/01/2024",
    )
    dates = {p.display_name: p.connected_on for p in read_connections(path).people}
    assert dates == {
        "Mia Chen": "2024-04-03",
        "Omar Haddad": "2023-06-05",
        "Lena Fischer": "2024-01-27",
    }


def test_slash_dates_month_first_with_evidence_or_without(tmp_path: Path) -> None:
    month_first = write(
        tmp_path / "Connections.csv",
        HEADER_2018 + "\nMia,Chen,,N,L,03/04/2024\nOmar,Haddad,,C,CTO,01/27/2024",
    )
    dates = [p.connected_on for p in read_connections(month_first).people]
    assert dates == ["2024-03-04", "2024-01-27"]
    ambiguous = write(tmp_path / "Ambiguous.csv", HEADER_2018 + "\nMia,Chen,,N,L,03/04/2024")
    assert read_connections(ambiguous).people[0].connected_on == "2024-03-04"


def test_mixed_slash_dates_are_read_each_on_its_own(tmp_path: Path) -> None:
    path = write(
        tmp_path / "Connections.csv",
        HEADER_2018 + "\nA,One,,N,L,27/01/2024\nB,Two,,N,L,01/27/2024\nC,Three,,N,L,03/04/2024",
    )
    dates = [p.connected_on for p in read_connections(path).people]
    assert dates == ["2024-01-27", "2024-01-27", "2024-03-04"]


def test_unrecognised_dates_stay_warnings_in_line_order(tmp_path: Path) -> None:
    path = write(
        tmp_path / "Connections.csv",
        HEADER_2018 + "\nMia,Chen,not-an-email,N,L,someday\n,,,,,\nOmar,Haddad,,C,CTO,13/13/2024",
    )
    parsed = read_connections(path)
    assert [(p.line, p.kind, p.reason.split()[0]) for p in parsed.problems] == [
        (2, "warning", "email"),
        (2, "warning", "unrecognised"),
        (4, "warning", "unrecognised"),
    ]
    assert [p.connected_on for p in parsed.people] == [None, None]


def test_a_skipped_duplicate_row_gets_no_date_warning_of_its_own(tmp_path: Path) -> None:
    path = write(
        tmp_path / "Connections.csv",
        HEADER_2018 + "\nMia,Chen,,N,L,someday\nMia,Chen,,N,L,sometime\nOmar,Haddad,,C,CTO,"
        "03/04/2024\nOmar,Haddad,,C,CTO,27/01/2024\nLena,Fischer,,K,Lead,04/03/2024",
    )
    parsed = read_connections(path)
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (2, "unrecognised date 'someday'"),
        (3, "same person as line 2"),
        (5, "same person as line 4"),
    ]
    # Only the people kept are the file's evidence: without the skipped 27/01/2024 its
    # slash dates read month first.
    assert [p.connected_on for p in parsed.people] == [None, "2024-03-04", "2024-04-03"]
