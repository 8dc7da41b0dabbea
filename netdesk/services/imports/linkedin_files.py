"""Reading LinkedIn's Connections.csv safely from a CSV, an export zip or a folder (see
LINKEDIN_FORMAT.md; the text is decoded by decoding.py). It never touches the database.
"""

from __future__ import annotations

import csv
from pathlib import Path

from netdesk.errors import ImportFormatError

MAX_CSV_BYTES = 64 * 1024 * 1024  # 30,000 connections are about 4 MB
HEADER_SEARCH_LINES = 20
CONNECTIONS_FILE = "connections.csv"

csv.field_size_limit(1_000_000)


# --- reading bytes -------------------------------------------------------


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


# --- header and columns --------------------------------------------------
