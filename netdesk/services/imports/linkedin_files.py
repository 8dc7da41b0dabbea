"""Reading LinkedIn's Connections.csv safely from a CSV, an export zip or a folder (see
LINKEDIN_FORMAT.md; the text is decoded by decoding.py). It never touches the database.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from netdesk.errors import ImportFormatError

MAX_CSV_BYTES = 64 * 1024 * 1024  # 30,000 connections are about 4 MB
HEADER_SEARCH_LINES = 20
CONNECTIONS_FILE = "connections.csv"

csv.field_size_limit(1_000_000)


# --- reading bytes -------------------------------------------------------


def read_connections_bytes(path: Path) -> tuple[str, bytes]:
    """Return (name shown to the user, raw bytes of Connections.csv) from a CSV, zip or folder."""
    from netdesk.services.imports.reading import is_folder, is_zip, read_limited

    path = Path(path)
    shown = path.name
    if not os.path.lexists(path):
        raise ImportFormatError(f"{shown}: file not found")
    if is_folder(path):
        return _read_from_folder(path)
    if is_zip(path):
        return _read_from_zip(path)
    return shown, read_limited(path, MAX_CSV_BYTES, _WHAT)


_WHAT = "LinkedIn Connections.csv (30,000 connections take about 4 MB)"


def export_folders(folder: Path) -> list[Path]:
    """Where an unpacked export's files may be: the folder itself, then its subfolders
    named like LinkedIn's export (Basic_LinkedInDataExport_MM-DD-YYYY). Never deeper:
    a folder such as / or a home folder must not be searched for a stranger's export."""
    from netdesk.services.imports.reading import is_folder

    try:
        children = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        raise ImportFormatError(
            f"{folder.name}: cannot be read ({error.strerror or error})"
        ) from error
    exports = [
        Path(entry.path)
        for entry in children
        if _EXPORT_NAME in entry.name.casefold() and is_folder(Path(entry.path))
    ]
    return [folder, *exports]


_EXPORT_NAME = "linkedindataexport"


def find_in_export_folder(folder: Path, wanted: str) -> Path | None:
    """The file named *wanted* (any case) in an unpacked export, or None."""
    for place in export_folders(folder):
        try:
            names = sorted(os.listdir(place))
        except OSError:
            continue
        for name in names:
            if name.casefold() == wanted:
                return place / name
    return None


def _read_from_folder(folder: Path) -> tuple[str, bytes]:
    found = find_in_export_folder(folder, CONNECTIONS_FILE)
    if found is None:
        raise ImportFormatError(
            f"{folder.name} is a folder without a Connections.csv; drop LinkedIn's export "
            "zip or the Connections.csv inside it"
        )
    from netdesk.services.imports.reading import read_limited

    return f"{folder.name}/{found.name}", read_limited(found, MAX_CSV_BYTES, _WHAT)


def _read_from_zip(path: Path) -> tuple[str, bytes]:
    from netdesk.services.imports.reading import ZipReader, damaged_zip_errors

    try:
        with ZipReader(path) as archive:
            members = [
                info
                for info in archive.members
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
            return f"{path.name}/{member.filename}", archive.read(member, MAX_CSV_BYTES, _WHAT)
    except NotImplementedError as error:  # a compression method Python cannot unpack
        raise ImportFormatError(
            f"{path.name} uses a zip compression this app cannot unpack ({error}); "
            "unzip it yourself and drop the Connections.csv"
        ) from error
    except RuntimeError as error:  # encrypted members the flag check did not see
        raise ImportFormatError(f"{path.name}: cannot read the zip ({error})") from error
    except damaged_zip_errors() as error:
        raise ImportFormatError(
            f"{path.name} is a damaged zip ({_describe(error)}); download the export again"
        ) from error


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


# --- header and columns --------------------------------------------------
