"""Hostile files through the real importer: FIFOs, devices, zip bombs, archives with too
many members, a stray Connections.csv deep in a folder, and huge vCards. Each is refused
in one line (or imported) quickly, in a child process whose peak memory is measured, and a
refusal leaves the database exactly as it was.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from netdesk.errors import ImportFormatError
from netdesk.services.imports.linkedin_csv import read_connections

ROOT = Path(__file__).resolve().parents[2]
CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ADDRESS_SPACE_CAP = 1536 * 1024 * 1024  # so a regression fails the test, not the machine
CHILD = """
import resource, sys
from netdesk.__main__ import main
status = main(sys.argv[1:])
for line in open("/proc/self/status"):  # this process's own high-water mark
    if line.startswith("VmHWM:"):
        print("MAXRSS", line.split()[1], file=sys.stderr)
sys.exit(status)
"""


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def import_in_child(path: Path, data: Path, timeout: float = 10) -> tuple[int, str, int]:
    """(exit status, error output, peak resident memory in MB) of `netdesk import path`."""
    child = subprocess.run(
        [sys.executable, "-c", CHILD, "import", str(path), "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        preexec_fn=_cap_memory,
    )
    peak = int(child.stderr.rsplit("MAXRSS", 1)[1].split()[0]) // 1024
    return child.returncode, child.stderr.rsplit("MAXRSS", 1)[0].strip(), peak


def dump(data: Path) -> list[str]:
    with sqlite3.connect(data / "netdesk.sqlite3") as conn:
        return list(conn.iterdump())


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder that already holds one imported person."""
    folder = tmp_path / "data"
    first = tmp_path / "first" / "Connections.csv"
    first.parent.mkdir()
    first.write_text(CONNECTIONS + "Mia,Chen,,,A,B,07 Feb 2026\n")
    status, _, _ = import_in_child(first, folder)
    assert status == 0
    return folder


def assert_refused(path: Path, data: Path, words: str, memory_mb: int = 200) -> None:
    before = dump(data)
    status, error, peak = import_in_child(path, data)
    assert status != 0
    lines = error.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], error
    assert peak < memory_mb, f"peak memory {peak} MB"
    assert dump(data) == before


# --- special files -------------------------------------------------------------


def test_a_fifo_is_refused_without_hanging(tmp_path: Path, data: Path) -> None:
    fifo = tmp_path / "Connections.csv"
    os.mkfifo(fifo)
    assert_refused(fifo, data, "FIFO")


def test_a_fifo_named_like_a_vcard_is_refused(tmp_path: Path, data: Path) -> None:
    fifo = tmp_path / "people.vcf"
    os.mkfifo(fifo)
    assert_refused(fifo, data, "FIFO")


def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path, data: Path) -> None:
    link = tmp_path / "Connections.csv"
    link.symlink_to("/dev/zero")
    assert_refused(link, data, "device")


def test_reading_refuses_a_device_in_process(tmp_path: Path) -> None:
    link = tmp_path / "Connections.csv"
    link.symlink_to("/dev/null")
    with pytest.raises(ImportFormatError, match="device"):
        read_connections(link)


# --- zip bombs -----------------------------------------------------------------


def zeros_member(path: Path, name: str, size: int, method: int) -> Path:
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", compression=method) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return path


def lie_about_size(path: Path, declared: int) -> None:
    """Patch every header of a one-member zip to claim *declared* bytes unpacked."""
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    data = bytearray(path.read_bytes())
    local = info.header_offset
    data[local + 22 : local + 26] = declared.to_bytes(4, "little")
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = declared.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def test_a_bzip2_member_that_lies_about_its_size_is_refused(tmp_path: Path, data: Path) -> None:
    bomb = zeros_member(tmp_path / "bomb.zip", "Connections.csv", 100 << 20, zipfile.ZIP_BZIP2)
    lie_about_size(bomb, 1000)
    assert bomb.stat().st_size < 100_000
    assert_refused(bomb, data, "bomb.zip")


def test_a_deflate_bomb_is_refused(tmp_path: Path, data: Path) -> None:
    bomb = zeros_member(tmp_path / "bomb.zip", "Connections.csv", 512 << 20, zipfile.ZIP_DEFLATED)
    assert_refused(bomb, data, "bomb.zip")


def test_a_member_that_lies_about_its_size_is_damaged(tmp_path: Path) -> None:
    from netdesk.services.imports.activity import read_activity_files

    liar = zeros_member(tmp_path / "liar.zip", "messages.csv", 4 << 20, zipfile.ZIP_BZIP2)
    lie_about_size(liar, 10)
    with pytest.raises(ImportFormatError, match=r"liar\.zip is a damaged zip"):
        read_activity_files(liar)


ACTIVITY_CHILD = """
import resource, sys
from netdesk.errors import ImportFormatError
from netdesk.services.imports.activity import read_activity_files
try:
    read_activity_files(sys.argv[1])
except ImportFormatError as error:
    print("REFUSED", error)
for line in open("/proc/self/status"):  # this process's own high-water mark
    if line.startswith("VmHWM:"):
        print("MAXRSS", line.split()[1])
"""


def test_an_activity_bomb_under_its_declared_limit_is_refused(tmp_path: Path) -> None:
    bomb = zeros_member(tmp_path / "bomb.zip", "messages.csv", 600 << 20, zipfile.ZIP_DEFLATED)
    lie_about_size(bomb, 500 << 20)  # under the 512 MB a messages.csv may have
    child = subprocess.run(
        [sys.executable, "-c", ACTIVITY_CHILD, str(bomb)],
        capture_output=True,
        text=True,
        timeout=10,
        cwd=ROOT,
        preexec_fn=_cap_memory,
    )
    assert "REFUSED bomb.zip/messages.csv unpacks to more than 512 MB" in child.stdout, child
    peak = int(child.stdout.rsplit("MAXRSS", 1)[1].split()[0]) // 1024
    assert peak < 200, f"peak memory {peak} MB"


def test_too_many_members_are_refused(tmp_path: Path, data: Path) -> None:
    crowded = tmp_path / "crowded.zip"
    with zipfile.ZipFile(crowded, "w") as archive:
        archive.writestr("Connections.csv", CONNECTIONS + "Ann,Lee,,,A,B,07 Feb 2026\n")
        for number in range(10_001):
            archive.writestr(f"x/{number}", b"")
    assert_refused(crowded, data, "crowded.zip")


@pytest.mark.parametrize(
    "method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)
def test_an_export_zip_still_imports(tmp_path: Path, method: int) -> None:
    rows = "".join(f"Ann{n},Lee,,,A,{'B' * 80},07 Feb 2026\n" for n in range(30_000))  # ~3 MB
    export = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(export, "w", compression=method) as archive:
        archive.writestr("Basic_LinkedInDataExport/Connections.csv", CONNECTIONS + rows)
    parsed = read_connections(export)
    assert len(parsed.people) == 30_000
    assert parsed.people[-1].display_name == "Ann29999 Lee"


def test_a_damaged_member_is_refused(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", CONNECTIONS + "Ann,Lee,,,A,B,07 Feb 2026\n" * 50)
    data = bytearray(export.read_bytes())
    data[60] ^= 0xFF  # inside the compressed data
    export.write_bytes(bytes(data))
    with pytest.raises(ImportFormatError, match=r"export\.zip is a damaged zip"):
        read_connections(export)


# --- folders -------------------------------------------------------------------


def test_a_folder_is_not_searched_deeply(tmp_path: Path) -> None:
    root = tmp_path / "home"
    stray = root / "someone" / "else" / "Connections.csv"
    stray.parent.mkdir(parents=True)
    stray.write_text(CONNECTIONS + "Eve,Stranger,,,A,B,07 Feb 2026\n")
    with pytest.raises(ImportFormatError, match="home"):
        read_connections(root)


def test_an_unpacked_export_one_level_down_is_found(tmp_path: Path) -> None:
    export = tmp_path / "Downloads" / "Basic_LinkedInDataExport_02-07-2026" / "Connections.csv"
    export.parent.mkdir(parents=True)
    export.write_text(CONNECTIONS + "Mia,Chen,,,A,B,07 Feb 2026\n")
    parsed = read_connections(tmp_path / "Downloads")
    assert [p.display_name for p in parsed.people] == ["Mia Chen"]


# --- vCards --------------------------------------------------------------------


def big_vcard(path: Path, megabytes: int) -> Path:
    photo = "A" * 74
    photo_lines = "\r\n ".join([photo] * (3 * 1024 * 1024 // 75))
    with path.open("w", newline="") as handle:
        number = 0
        while handle.tell() < megabytes * 1024 * 1024:
            handle.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {number}\r\nN:{number};Person;;;\r\n"
                f"PHOTO;ENCODING=b;TYPE=JPEG:{photo_lines}\r\nEND:VCARD\r\n"
            )
            number += 1
    return path


def test_photos_and_overlong_values_are_left_out_of_a_card() -> None:
    from netdesk.services.imports.vcard import parse_vcards

    photo = "\r\n ".join(["QUJD" * 18] * 50)
    note = "x" * 300_000
    text = (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada King\r\nPHOTO;ENCODING=b:{photo}\r\n"
        f"NOTE:{note}\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"
    )
    parsed, _ = parse_vcards(text, "people.vcf")
    [person] = parsed.people
    assert (person.display_name, person.email, person.notes) == ("Ada King", "ada@example.org", "")
    assert [p.reason for p in parsed.problems] == ["its NOTE is too long to keep; left out"]


def test_a_60_mb_vcard_of_photos_imports_in_bounded_memory(tmp_path: Path, data: Path) -> None:
    cards = big_vcard(tmp_path / "people.vcf", 60)
    status, error, peak = import_in_child(cards, data, timeout=30)
    assert status == 0, error
    assert peak < 300, f"peak memory {peak} MB"
    assert any("Person 19" in line for line in dump(data))


@pytest.mark.parametrize("name", ["PHOTO;ENCODING=b", "NOTE"])
def test_one_60_mb_line_in_a_card_imports_in_bounded_memory(
    tmp_path: Path, data: Path, name: str
) -> None:
    cards = tmp_path / "people.vcf"
    with cards.open("w", newline="") as handle:
        handle.write(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada King\r\n{name}:")
        handle.write("QUJD" * (15 << 20))
        handle.write("\r\nEND:VCARD\r\n")
    status, error, peak = import_in_child(cards, data, timeout=30)
    assert status == 0, error
    assert peak < 180, f"peak memory {peak} MB"  # the text once, not copies of the line
    assert any("Ada King" in line for line in dump(data))
