"""Rolling backups of the one SQLite file with SQLite's online backup API, and restoring one.

A backup is a complete, self-contained SQLite file (rollback journal, not WAL) in the
backups folder, named ``netdesk-<date>_<time>-<kind>.sqlite3``. The daily backups and
the copies made before a restore roll: only the newest N are kept. Backups the user
asked for ("Back up now") are never deleted by NetDesk.

A backup never copies damage: the live database passes ``PRAGMA quick_check`` first, or
no backup is made and none is rotated away. Files are owner-only from their creation and
a failed copy leaves nothing behind.

A restore never trusts the file it is given: a private copy of it is checked first
(``PRAGMA integrity_check``, exactly the schema its version must have: see
backup_check.py), the current database is itself backed up, and only then is the copy
written into the live database, again with the backup API, so the app keeps running on
the same connection.

The SQL here stays SQL on purpose: it runs on DB-API connections (sqlite3, or SQLCipher
with the live key when the database is encrypted) to other files
(a candidate backup, the live file opened a second time for the backup API), not on the
app's database, and is mostly PRAGMAs. A candidate may be damaged, foreign or of an older
schema than the models describe, so it is checked before any model could trust it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import peewee

from netdesk.db.cipher import connect_file, errors, is_encrypted
from netdesk.db.conversion import convert
from netdesk.db.migrations import LATEST_VERSION, migrate
from netdesk.errors import BackupError, EncryptionError
from netdesk.services.backup_check import check_candidate, live_damage, shown_name
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.settings import BACKUP_DAILY, BACKUP_FOLDER, BACKUP_KEEP, SettingsStore
from netdesk.services.text import count_of

BACKUP_FOLDER_NAME = "backups"
DEFAULT_KEEP = int(BACKUP_KEEP.default or 10)
KEEP_RANGE = range(1, 366)
DAILY_EVERY = timedelta(days=1)

DAILY, MANUAL, BEFORE_RESTORE = "daily", "manual", "before-restore"
KINDS = {DAILY: "Daily", MANUAL: "Made by you", BEFORE_RESTORE: "Before a restore"}
ROLLING = (DAILY, BEFORE_RESTORE)  # kinds pruned to the newest N

_NAME = re.compile(
    r"^netdesk-(\d{4}-\d{2}-\d{2})_(\d{6})(?:\.(\d+))?-(" + "|".join(KINDS) + r")\.sqlite3$"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    kind: str
    size: int

    @property
    def label(self) -> str:
        return f"{self.made_at:%Y-%m-%d %H:%M} · {KINDS[self.kind]} · {_size(self.size)}"


@dataclass(frozen=True)
class BackupCheck:
    """What a checked backup holds."""

    path: Path
    schema_version: int
    people: int
    meetings: int


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Backup  # the database as it was just before the restore
    people: int
    upgraded_from: int | None  # the backup's schema, when it was older than this app's

    def describe(self) -> str:
        people = count_of(self.people, "person", "people")
        return (
            f"Restored {self.restored_from.name} ({people}). The database as it was before "
            f"is kept as {self.safety_copy.path.name}."
        )


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, size // 1024)} kB"


class BackupService(Service):
    """*database* is the live file that *db* has open; *default_folder* holds backups
    unless the user chose another folder."""

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        database: Path,
        default_folder: Path | None = None,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._database = Path(database)
        self._default_folder = default_folder or self._database.parent / BACKUP_FOLDER_NAME
        self._settings = SettingsStore(db)

    def _key(self) -> bytes | None:
        """The live database's key (None: plain); it changes when encryption is turned
        on or off, and every backup is written and read with the current one."""
        return getattr(self._db, "key", None)

    def _local_now(self) -> datetime:
        """Naive wall-clock time, as backup file names carry it."""
        return self._clock.now().replace(tzinfo=None)

    # --- preferences (kept in the database's setting table) -----------------

    def keep(self) -> int:
        value = self._settings.get(BACKUP_KEEP)
        if value and value.isdigit() and int(value) in KEEP_RANGE:
            return int(value)
        return DEFAULT_KEEP

    @announces(Change.SETTINGS)
    def set_keep(self, count: int) -> None:
        if count not in KEEP_RANGE:
            raise ValueError(f"keep between {KEEP_RANGE.start} and {KEEP_RANGE.stop - 1} backups")
        self._settings.set(BACKUP_KEEP, None if count == DEFAULT_KEEP else str(count))

    def daily(self) -> bool:
        return self._settings.get(BACKUP_DAILY) != "0"  # on unless the user turned it off

    @announces(Change.SETTINGS)
    def set_daily(self, on: bool) -> None:
        self._settings.set(BACKUP_DAILY, None if on else "0")

    @property
    def default_folder(self) -> Path:
        return self._default_folder

    def folder(self) -> Path:
        chosen = self._settings.get(BACKUP_FOLDER)
        return Path(chosen) if chosen else self._default_folder

    @announces(Change.SETTINGS)
    def set_folder(self, folder: Path | None) -> None:
        """Back up to *folder* from now on (None: the default, inside the data folder)."""
        if folder is not None:
            folder = Path(folder).expanduser().resolve()
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as error:
                raise BackupError(f"{folder}: cannot be used ({_reason(error)})") from error
            if folder == self._default_folder.resolve():
                folder = None
        self._settings.set(BACKUP_FOLDER, None if folder is None else str(folder))

    # --- making backups ---------------------------------------------------

    def backups(self) -> list[Backup]:
        """Backups in the folder, newest first (files of other names are left alone)."""
        folder = self.folder()
        found = []
        try:
            entries = list(folder.iterdir())
        except OSError:
            return []
        for path in entries:
            match = _NAME.match(path.name)
            if match is None or not path.is_file():
                continue
            day, clock, _serial, kind = match.groups()
            made_at = datetime.strptime(f"{day} {clock}", "%Y-%m-%d %H%M%S")
            found.append(Backup(path, made_at, kind, path.stat().st_size))
        return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)

    def back_up(self, kind: str = MANUAL) -> Backup:
        """Copy the live database into the backups folder, consistently, while it is in use.
        A damaged database is not copied: older backups are worth more than its damage."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind of backup {kind!r}")
        self._refuse_if_damaged()
        made = self._copy_to_folder(kind)
        if kind in ROLLING:
            self.prune()
        return made

    def _refuse_if_damaged(self) -> None:
        try:
            problem = live_damage(self._database, self._key())
        except errors("Error") as error:
            raise BackupError(f"cannot back up {self._database.name}: {_reason(error)}") from error
        if problem is not None:
            raise BackupError(
                f"{self._database.name} is damaged ({problem}): no backup was made, and the "
                "older backups are kept"
            )

    def _copy_to_folder(self, kind: str) -> Backup:
        folder = self.folder()
        made_at = self._local_now().replace(microsecond=0)
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            target = self._free_name(folder, made_at, kind)
            partial = target.with_name(target.name + ".partial")
            try:
                _create_private(partial)
                _copy_database(self._database, partial, self._key())
                partial.replace(target)  # a crash mid-copy never leaves a half backup behind
            except BaseException:
                _remove_with_journal(partial)
                raise
        except (OSError, *errors("Error")) as error:
            raise BackupError(f"cannot back up to {folder}: {_reason(error)}") from error
        return Backup(target, made_at, kind, target.stat().st_size)

    @staticmethod
    def _free_name(folder: Path, made_at: datetime, kind: str) -> Path:
        stem = f"netdesk-{made_at:%Y-%m-%d_%H%M%S}"
        target = folder / f"{stem}-{kind}.sqlite3"
        serial = 1
        while target.exists():
            serial += 1
            target = folder / f"{stem}.{serial}-{kind}.sqlite3"
        return target

    def due(self) -> bool:
        """A daily backup is due when none of any kind was made in the last day."""
        if not self.daily():
            return False
        found = self.backups()
        return not found or self._local_now() - found[0].made_at >= DAILY_EVERY

    def back_up_if_due(self) -> Backup | None:
        return self.back_up(DAILY) if self.due() else None

    def prune(self) -> list[Path]:
        """Delete the rolling backups beyond the newest N; the user's own are kept."""
        rolling = [b for b in self.backups() if b.kind in ROLLING]
        removed = []
        for backup in rolling[self.keep() :]:
            try:
                backup.path.unlink()
                removed.append(backup.path)
            except OSError:
                pass  # still there next time; never worth failing a backup for
        return removed

    # --- checking and restoring -----------------------------------------------

    def check(self, path: Path) -> BackupCheck:
        """Check *path* as a backup this app can restore; raises BackupError saying why not."""
        with tempfile.TemporaryDirectory(prefix="netdesk-check-") as scratch:
            return self._checked_copy(Path(path), Path(scratch))[1]

    @announces(Change.EVERYTHING)
    def restore(self, path: Path) -> RestoreResult:
        """Replace the database's content with the backup at *path*, after checking it and
        backing up the current database. On any failure the database is unchanged."""
        path = Path(path)
        with tempfile.TemporaryDirectory(prefix="netdesk-restore-") as scratch:
            copy, check = self._checked_copy(path, Path(scratch))
            self._match_key(copy, shown_name(path))
            self._match_page_size(copy)
            safety = self._safety_copy()
            source = connect_file(copy, self._key())
            target = connect_file(self._database, self._key(), timeout=10)
            try:
                # One step: the live file goes from the old content to the new in a single
                # write transaction; readers see one or the other, never a mix.
                source.backup(target)
            except errors("Error") as error:
                raise BackupError(
                    f"{shown_name(path)}: cannot be written into {self._database.name} "
                    f"({_reason(error)})"
                ) from error
            finally:
                target.close()
                source.close()
        upgraded_from = None
        if check.schema_version < LATEST_VERSION:
            upgraded_from = check.schema_version
            migrate(self._db, self._database)
        return RestoreResult(path, safety, check.people, upgraded_from)

    def _safety_copy(self) -> Backup:
        """The database as it is, before a restore replaces it. A damaged one is copied
        too (it may be all there is of recent work) but then rotates nothing away."""
        damaged = live_damage(self._database, self._key()) is not None
        made = self._copy_to_folder(BEFORE_RESTORE)
        if not damaged:
            self.prune()
        return made

    def _checked_copy(self, path: Path, scratch: Path) -> tuple[Path, BackupCheck]:
        """A private copy of *path* (with its -wal, if any), checked. The file the user
        picked is only read: it may sit on a read-only stick or be someone's only copy."""
        shown = shown_name(path)
        if not path.is_file():
            raise BackupError(f"{shown}: file not found")
        copy = scratch / "candidate.sqlite3"
        try:
            with path.open("rb") as handle:
                head = handle.read(16)
            if not head or (head != b"SQLite format 3\x00" and self._key() is None):
                raise BackupError(
                    f"{shown} is not a NetDesk backup (not an SQLite database, or an "
                    "encrypted one while your data is not encrypted)"
                )
            _private_copy(path, copy)
            wal = path.with_name(path.name + "-wal")
            if wal.is_file():
                _private_copy(wal, copy.with_name(copy.name + "-wal"))
        except OSError as error:
            raise BackupError(f"{shown}: cannot be read ({_reason(error)})") from error
        facts = check_candidate(copy, shown, self._key())
        return copy, BackupCheck(path, facts.schema_version, facts.people, facts.meetings)

    def _match_key(self, copy: Path, shown: str) -> None:
        """The backup API copies between files of one key: a plain backup restored into
        an encrypted database is encrypted first (in the private copy)."""
        if is_encrypted(copy) or self._key() is None:
            return  # already the live key (check_candidate opened it), or both plain
        try:
            convert(copy, None, self._key())
        except EncryptionError as error:
            raise BackupError(f"{shown}: cannot be encrypted for restoring ({error})") from error

    def _match_page_size(self, copy: Path) -> None:
        """The backup API cannot write into a WAL database of another page size."""
        live = connect_file(self._database, self._key())
        try:
            page_size = live.execute("PRAGMA page_size").fetchone()[0]
        finally:
            live.close()
        conn = connect_file(copy, self._key())
        try:
            if conn.execute("PRAGMA page_size").fetchone()[0] != page_size:
                conn.execute(f"PRAGMA page_size = {int(page_size)}")
                conn.execute("VACUUM")
        finally:
            conn.close()


def _copy_database(source_path: Path, target: Path, key: bytes | None) -> None:
    """SQLite's online backup API: a consistent copy even while the app is writing. An
    encrypted database's copy is encrypted with the same key."""
    source = connect_file(source_path, key, timeout=10)
    destination = connect_file(target, key)
    try:
        source.backup(destination)
        # A backup is one self-contained file: no -wal beside it to lose when copied.
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()
        source.close()


def _create_private(path: Path) -> None:
    """An empty owner-only file: readable by nobody else for even a moment."""
    path.unlink(missing_ok=True)  # left by a crash: never reuse its permissions
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _private_copy(source: Path, target: Path) -> None:
    _create_private(target)
    with source.open("rb") as reading, target.open("wb") as writing:
        shutil.copyfileobj(reading, writing)


def _remove_with_journal(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):  # the error being reported matters more
            leftover.unlink(missing_ok=True)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(str(error).split()) or type(error).__name__
