"""Finding LinkedIn's job files — `Jobs/Job Applications.csv` (also split into
`Job Applications_1.csv`, `_2`…) and `Jobs/Saved Jobs.csv` — in an export zip, an
unpacked export folder, or one such file dropped alone, and reading their bytes through
the bounded readers (regular files only, capped sizes, zip bombs refused)."""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from netdesk.errors import ImportFormatError
from netdesk.services.imports.linkedin_files import export_folders
from netdesk.services.imports.reading import (
    ZipReader,
    damaged_zip_errors,
    is_folder,
    is_zip,
    read_limited,
)

APPLICATIONS = "applications"
SAVED = "saved"
# Years of applying stay far below this; a bigger file is not LinkedIn's.
MAX_JOBS_BYTES = 64 * 1024 * 1024
MAX_JOB_FILES = 50  # parts of one export (LinkedIn splits at 10 or so)
_NAMES = {
    APPLICATIONS: re.compile(r"job ?applications?(?:[ _-]\d{1,3})?\.csv"),
    SAVED: re.compile(r"saved ?jobs?(?:[ _-]\d{1,3})?\.csv"),
}
_JOBS_FOLDER = "jobs"


@dataclass(frozen=True)
class JobFile:
    kind: str  # APPLICATIONS or SAVED
    shown: str  # as the user knows it: "Export.zip/Jobs/Job Applications_1.csv"
    data: bytes


def job_file_kind(name: str) -> str | None:
    """APPLICATIONS or SAVED for a file name LinkedIn gives its job files, else None."""
    folded = " ".join(Path(name).name.casefold().split())
    for kind, pattern in _NAMES.items():
        if pattern.fullmatch(folded):
            return kind
    return None


def is_jobs_file(path: Path) -> bool:
    return job_file_kind(Path(path).name) is not None


def _order(name: str) -> tuple[str, int, str]:
    """Parts in LinkedIn's order: the unnumbered file, then _1, _2… (not _1, _10, _2)."""
    number = re.search(r"(\d+)\.csv$", name.casefold())
    return (str(job_file_kind(name)), int(number.group(1)) if number else -1, name)


def read_job_files(path: Path) -> list[JobFile]:
    """The job files in *path* (zip, folder or one file), parts in order. An export
    without them gives an empty list; anything unreadable is an ImportFormatError."""
    path = Path(path)
    if not os.path.lexists(path):
        raise ImportFormatError(f"{path.name}: file not found")
    if is_folder(path):
        return _read_folder(path)
    if is_zip(path):
        return _read_zip(path)
    kind = job_file_kind(path.name)
    if kind is None:
        raise ImportFormatError(
            f"{path.name} is neither Job Applications.csv nor Saved Jobs.csv from a LinkedIn export"
        )
    return [JobFile(kind, path.name, _read(path))]


def _read(path: Path) -> bytes:
    return read_limited(path, MAX_JOBS_BYTES, f"LinkedIn {path.name}")


def _read_folder(folder: Path) -> list[JobFile]:
    found: dict[str, Path] = {}  # lower-case name -> file, the shallowest first
    for place in export_folders(folder):
        for where in (place, *_subfolders(place)):
            try:
                names = sorted(os.listdir(where))
            except OSError:
                continue
            for name in names:
                if job_file_kind(name) and not is_folder(where / name):
                    found.setdefault(name.casefold(), where / name)
    if len(found) > MAX_JOB_FILES:
        raise ImportFormatError(f"{folder.name} holds {len(found):,} job files; too many")
    files = sorted(found.values(), key=lambda file: _order(file.name))
    return [
        JobFile(str(job_file_kind(file.name)), str(file.relative_to(folder.parent)), _read(file))
        for file in files
    ]


def _subfolders(place: Path) -> list[Path]:
    """The export's Jobs folder (any case); never deeper."""
    try:
        return [
            Path(entry.path)
            for entry in sorted(os.scandir(place), key=lambda entry: entry.name)
            if entry.name.casefold() == _JOBS_FOLDER and is_folder(Path(entry.path))
        ]
    except OSError:
        return []


def _read_zip(path: Path) -> list[JobFile]:
    try:
        with ZipReader(path) as archive:
            members: dict[str, zipfile.ZipInfo] = {}
            for info in sorted(archive.members, key=lambda info: info.filename.count("/")):
                name = Path(info.filename).name
                # At the root, in Jobs/, or in the export's own top folder: nowhere deeper.
                if job_file_kind(name) and not info.is_dir() and info.filename.count("/") <= 2:
                    members.setdefault(name.casefold(), info)
            if len(members) > MAX_JOB_FILES:
                raise ImportFormatError(f"{path.name} holds {len(members):,} job files")
            found = []
            for info in sorted(members.values(), key=lambda info: _order(Path(info.filename).name)):
                name = Path(info.filename).name
                if info.file_size > MAX_JOBS_BYTES:
                    raise ImportFormatError(
                        f"{path.name}: its {info.filename} is "
                        f"{info.file_size / 1_048_576:,.0f} MB, far larger than any "
                        "LinkedIn export; nothing was imported"
                    )
                data = archive.read(info, MAX_JOBS_BYTES, f"LinkedIn {name}")
                found.append(
                    JobFile(str(job_file_kind(name)), f"{path.name}/{info.filename}", data)
                )
            return found
    except NotImplementedError as error:
        raise ImportFormatError(
            f"{path.name} uses a zip compression this app cannot unpack ({error}); "
            "unzip it yourself and drop the Jobs folder"
        ) from error
    except (RuntimeError, *damaged_zip_errors()) as error:
        raise ImportFormatError(
            f"{path.name} is a damaged zip ({error}); download the export again"
        ) from error
