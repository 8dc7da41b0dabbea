"""Reading LinkedIn's Connections.csv safely from a CSV, an export zip or a folder, and decoding
UTF-8/UTF-16/cp1252 text (see LINKEDIN_FORMAT.md). It never touches the database.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from netdesk.errors import ImportFormatError

MAX_CSV_BYTES = 64 * 1024 * 1024  # 30,000 connections are about 4 MB
HEADER_SEARCH_LINES = 20
CONNECTIONS_FILE = "connections.csv"

csv.field_size_limit(1_000_000)


# --- reading bytes -------------------------------------------------------

_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office document (.xls/.doc)"),
    (b"PK\x03\x04", "a zip-based document (such as .xlsx) or a damaged zip"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
]


def read_connections_bytes(path: Path) -> tuple[str, bytes]:
    """Return (name shown to the user, raw bytes of Connections.csv) from a CSV, zip or folder."""
    path = Path(path)
    shown = path.name
    if not path.exists():
        raise ImportFormatError(f"{shown}: file not found")
    if path.is_dir():
        return _read_from_folder(path)
    import zipfile  # here: listing contacts needs only normalise_linkedin_url (~2 ms)

    try:
        if zipfile.is_zipfile(path):
            return _read_from_zip(path)
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise ImportFormatError(
                f"{shown} is {size / 1_048_576:.0f} MB, far larger than any LinkedIn "
                "Connections.csv (30,000 connections take about 4 MB); it is not a "
                "connections export"
            )
        return shown, path.read_bytes()
    except OSError as error:
        raise ImportFormatError(f"{shown}: cannot be read ({error.strerror or error})") from error


def _read_from_folder(folder: Path) -> tuple[str, bytes]:
    matches = sorted(
        (p for p in folder.rglob("*") if p.name.casefold() == CONNECTIONS_FILE and p.is_file()),
        key=lambda p: len(p.parts),
    )
    if not matches:
        raise ImportFormatError(
            f"{folder.name} is a folder without a Connections.csv; drop LinkedIn's export "
            "zip or the Connections.csv inside it"
        )
    shown, data = read_connections_bytes(matches[0])
    return f"{folder.name}/{shown}", data


def _read_from_zip(path: Path) -> tuple[str, bytes]:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir() and Path(info.filename).name.casefold() == CONNECTIONS_FILE
            ]
            if not members:
                raise ImportFormatError(
                    f"{path.name} is a zip archive without a Connections.csv; LinkedIn's "
                    "export (Basic or Complete) has it at the top level"
                )
            member = min(members, key=lambda info: info.filename.count("/"))
            if member.file_size > MAX_CSV_BYTES:
                raise ImportFormatError(
                    f"{path.name}: its Connections.csv is {member.file_size / 1_048_576:.0f} MB, "
                    "far larger than any LinkedIn export"
                )
            if member.flag_bits & _ENCRYPTED:
                raise ImportFormatError(
                    f"{path.name}: its {member.filename} is password-protected; LinkedIn's "
                    "export is not, so drop the zip as downloaded or the Connections.csv itself"
                )
            return f"{path.name}/{member.filename}", archive.read(member)
    except NotImplementedError as error:  # a compression method Python cannot unpack
        raise ImportFormatError(
            f"{path.name} uses a zip compression this app cannot unpack ({error}); "
            "unzip it yourself and drop the Connections.csv"
        ) from error
    except RuntimeError as error:  # encrypted members the flag check above did not see
        raise ImportFormatError(f"{path.name}: cannot read the zip ({error})") from error
    except _damaged_zip_errors() as error:
        raise ImportFormatError(
            f"{path.name} is a damaged zip ({_describe(error)}); download the export again"
        ) from error


_ENCRYPTED = 0x1  # general purpose flag bit 0


def _damaged_zip_errors() -> tuple[type[Exception], ...]:
    """What a damaged archive raises while it is opened or a member is inflated: a bad
    directory or CRC (BadZipFile), a broken deflate/bzip2/lzma stream (zlib.error,
    OSError, lzma.LZMAError), a truncated stream (EOFError), unreadable bytes (OSError)."""
    import lzma
    import zipfile
    import zlib

    return (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        lzma.LZMAError,
        EOFError,
        OSError,
        ValueError,
    )


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def decode_text(data: bytes, shown: str) -> str:
    """Decode with BOM sniffing, UTF-16 detection, then UTF-8, then cp1252."""
    if not data.strip():
        raise ImportFormatError(f"{shown} is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", shown)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", shown)
    for signature, description in _SIGNATURES:
        if data.startswith(signature):
            raise ImportFormatError(f"{shown} is {description}, not a CSV file")
    head = data[:4096]
    if b"\x00" in head:
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        half = len(head) // 2
        if odd_nuls > 0.4 * half and even_nuls < 0.1 * half:
            return _decode(data, "utf-16-le", shown)
        if even_nuls > 0.4 * half and odd_nuls < 0.1 * half:
            return _decode(data, "utf-16-be", shown)
        raise ImportFormatError(f"{shown} holds binary data, not a CSV file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportFormatError(
                f"{shown} is not readable text (neither UTF-8, UTF-16 nor Windows-1252)"
            ) from error
    _reject_binary_text(text, shown)
    return text


def _decode(data: bytes, encoding: str, shown: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportFormatError(
            f"{shown} claims {encoding.upper()} but is not valid {encoding}"
        ) from error
    _reject_binary_text(text, shown)
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _reject_binary_text(text: str, shown: str) -> None:
    sample = text[:65_536]
    controls = len(_CONTROL.findall(sample))
    if controls and (controls > 0.01 * len(sample) or "\x00" in sample):
        raise ImportFormatError(f"{shown} holds binary data, not a CSV file")


# --- header and columns --------------------------------------------------
