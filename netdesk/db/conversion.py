"""Converting a database file between plain and encrypted, without ever risking it.

SQLCipher's sqlcipher_export() writes every table, index, trigger and row into a new
file beside the old one; the copy is checked (quick_check, and every table's row count
against the original) and synced, and only then moved over the old name in one rename.
A kill at any moment leaves either the old file or the new, complete one at that name;
an unfinished copy is removed the next time the database is opened.

The caller closes every connection to the file first: rows written through a connection
to the old file after the copy would be lost, so a file still in use is refused.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netdesk.db.cipher import apply_key, cipher_module, connect_file, is_encrypted
from netdesk.errors import EncryptionError

CONVERTING = ".converting"
PROGRESS_EVERY = 20_000  # SQLite virtual-machine steps between progress reports

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Converted:
    path: Path
    tables: int
    rows: int
    encrypted: bool


def converting_name(path: Path) -> Path:
    return path.with_name(path.name + CONVERTING)


def remove_leftovers(path: Path) -> None:
    """Remove the unfinished copy a kill during a conversion may have left."""
    building = converting_name(Path(path))
    for leftover in (building, building.with_name(building.name + "-journal")):
        leftover.unlink(missing_ok=True)


def convert(
    path: Path, old_key: bytes | None, new_key: bytes | None, progress: Progress | None = None
) -> Converted:
    """Rewrite *path* (opened with *old_key*, None when plain) under *new_key* (None:
    plain). Raises EncryptionError, leaving *path* exactly as it was, on any failure."""
    path = Path(path)
    if is_encrypted(path) != (old_key is not None):
        state = "encrypted" if is_encrypted(path) else "not encrypted"
        raise EncryptionError(f"{path.name} is {state}; nothing was changed.")
    target = converting_name(path)
    remove_leftovers(path)
    try:
        counts = _export(path, old_key, target, new_key, progress)
        rows = _verify(target, new_key, counts)
        sync_path(target)
        _swap(path, target)
    except BaseException:
        remove_leftovers(path)
        raise
    return Converted(path, len(counts), rows, new_key is not None)


def _export(
    path: Path,
    old_key: bytes | None,
    target: Path,
    new_key: bytes | None,
    progress: Progress | None,
) -> dict[str, int]:
    """Copy *path* into the new file *target*; returns each table's row count."""
    source = cipher_module().connect(str(path), isolation_level=None, timeout=10)
    try:
        if old_key is not None:
            apply_key(source, old_key)
        busy = source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise EncryptionError(f"{path.name} is in use by another program; close it first.")
        counts = _table_counts(source)
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        literal = "" if new_key is None else f"x'{new_key.hex()}'"
        source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), literal))
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        if progress is not None:
            source.set_progress_handler(_reporter(path, target, progress), PROGRESS_EVERY)
        source.execute("SELECT sqlcipher_export('converted')")
        source.set_progress_handler(None, 0)
        source.execute(f"PRAGMA converted.user_version = {int(version)}")
        source.execute("DETACH DATABASE converted")
    except cipher_module().DatabaseError as error:
        raise EncryptionError(
            f"{path.name} could not be copied ({error}); nothing was changed."
        ) from error
    finally:
        source.close()
    return counts


def _reporter(path: Path, target: Path, progress: Progress) -> Callable[[], int]:
    total = max(1, path.stat().st_size)

    def report() -> int:
        with contextlib.suppress(OSError):
            progress(min(0.99, target.stat().st_size / total))
        return 0  # carry on

    return report


def _table_counts(conn: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _verify(target: Path, key: bytes | None, expected: dict[str, int]) -> int:
    """The new file opens with its key, is sound, and holds every row of the old one."""
    conn = connect_file(target, key)
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if verdict != ["ok"]:
            raise EncryptionError(
                f"the new copy failed its check ({verdict[0]}); nothing was changed."
            )
        found = _table_counts(conn)
    finally:
        conn.close()
    if found != expected:
        differing = sorted(
            name for name in expected.keys() | found.keys() if found.get(name) != expected.get(name)
        )
        raise EncryptionError(
            f"the new copy differs from the database in {', '.join(differing[:3])}; "
            "nothing was changed."
        )
    return sum(found.values())


def _swap(path: Path, target: Path) -> None:
    """Move the checked copy over *path*. The old file's WAL must be gone (folded in and
    removed when the last connection closed): one still there means a connection is open."""
    if path.with_name(path.name + "-wal").exists():
        raise EncryptionError(f"{path.name} is in use by another program; close it first.")
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    os.replace(target, path)
    sync_path(path.parent)


def sync_path(path: Path) -> None:
    """fsync a file or a folder (after a rename, so that the rename itself is durable)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
