"""Turning encryption at rest on and off, and finding the key that opens the database.

Turning it on: a new key goes to the keyring (and, sealed by the passphrase, to the key
record) before the file is converted, so a kill at any moment leaves a file that opens.
The backups and the copies made before upgrades are converted after the database, with
the same key: plaintext copies of the data would defeat the point. Turning it off is the
same in reverse; the key is forgotten only once nothing needs it any more.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from netdesk.db.cipher import Database, is_encrypted
from netdesk.db.connection import open_database
from netdesk.db.conversion import convert
from netdesk.errors import DatabaseKeyNeeded, EncryptionError, WrongDatabaseKey
from netdesk.services.backup import BackupService
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.credentials import CredentialStore, KeyringStatus
from netdesk.services.encryption import keys
from netdesk.services.progress import Progress, no_progress

log = logging.getLogger(__name__)

DATABASE_SHARE = 80  # percent of the progress bar for the database; the copies get the rest


@dataclass(frozen=True)
class EncryptionStatus:
    encrypted: bool
    in_keyring: bool
    has_passphrase: bool
    keyring: KeyringStatus


@dataclass(frozen=True)
class Converted:
    """What turning encryption on or off did; *left* are copies it could not convert."""

    encrypted: bool
    rows: int
    copies: int
    left: list[Path] = field(default_factory=list)
    recovery_key: str | None = None  # shown once, on the recovery sheet


def find_key(
    database: Path,
    credentials: CredentialStore,
    passphrase: str | None = None,
    recovery: str | None = None,
) -> bytes | None:
    """The key that opens *database* (None when it is plain): the recovery key or the
    passphrase when given, else the keyring. Raises DatabaseKeyNeeded saying what to ask."""
    if not is_encrypted(database):
        return None
    if recovery is not None:
        return keys.parse_recovery(recovery)
    record = keys.load_record(database)
    if record is None:
        raise DatabaseKeyNeeded(
            f"{database.name} is encrypted and its key record "
            f"({keys.record_path(database).name}) is missing: enter the recovery key.",
            passphrase=False,
        )
    if passphrase is not None:
        if record.passphrase is None:
            raise WrongDatabaseKey("This database has no passphrase: enter the recovery key.")
        return keys.unseal(record.passphrase, passphrase, record.key_id)
    if record.in_keyring:
        key = keys.keyring_key(credentials, record)
        if key is not None:
            return key
        where = credentials.status().backend
        raise DatabaseKeyNeeded(
            f"The key of the encrypted database is not in {where}"
            + (
                ": enter your passphrase or the recovery key."
                if record.passphrase
                else ": enter the recovery key."
            ),
            passphrase=record.passphrase is not None,
        )
    raise DatabaseKeyNeeded(
        "Your data is encrypted: enter your passphrase to open it.", passphrase=True
    )


def open_encrypted(
    database: Path,
    credentials: CredentialStore,
    passphrase: str | None = None,
    recovery: str | None = None,
) -> Database:
    """Open the encrypted *database* with the key find_key finds. A keyring key that
    does not open it (an entry left from another copy) is asked for like a missing one;
    after an unlock by passphrase or recovery key, the key goes back into the keyring
    if the user keeps it there and the keyring had lost it."""
    key = find_key(database, credentials, passphrase, recovery)
    given = passphrase is not None or recovery is not None
    try:
        db = open_database(database, key)
    except WrongDatabaseKey:
        if given:
            raise
        record = keys.load_record(database)
        raise DatabaseKeyNeeded(
            "The key kept in your keyring does not open this database: enter your "
            "passphrase or the recovery key.",
            passphrase=bool(record and record.passphrase),
        ) from None
    record = keys.load_record(database)
    if given and record and record.in_keyring and keys.keyring_key(credentials, record) != key:
        keys.store_in_keyring(credentials, record, key)
    return db


class EncryptionService:
    """*db* is the app's database object: it keeps serving every service, with the new
    key, once a conversion is done."""

    def __init__(
        self,
        db: Database,
        database: Path,
        credentials: CredentialStore,
        backups: BackupService,
        changes: Changes | None = None,
    ) -> None:
        self._db = db
        self._database = Path(database)
        self._credentials = credentials
        self._backups = backups
        self.changes = changes or Changes()

    def status(self) -> EncryptionStatus:
        record = keys.load_record(self._database) if self._db.encrypted else None
        return EncryptionStatus(
            encrypted=self._db.encrypted,
            in_keyring=bool(record and record.in_keyring),
            has_passphrase=bool(record and record.passphrase),
            keyring=self._credentials.status(),
        )

    def release_this_thread(self) -> None:
        """Close the calling thread's connection: a conversion run on another thread
        needs the file to itself (it refuses while any thread still has one open)."""
        self._db.close()

    @staticmethod
    def new_key() -> bytes:
        return keys.new_key()

    @announces(Change.SETTINGS)
    def turn_on(
        self,
        key: bytes | None = None,
        passphrase: str | None = None,
        keep_in_keyring: bool = True,
        progress: Progress = no_progress,
    ) -> Converted:
        """Encrypt the database and its copies with *key* (a new one when None)."""
        if self._db.encrypted:
            raise EncryptionError("Your data is already encrypted.")
        key = key or keys.new_key()
        record = self._keep_key(key, passphrase, keep_in_keyring)
        copies = self._copies()
        try:
            rows = self._convert_database(None, key, progress)
        except BaseException:
            keys.forget_in_keyring(self._credentials, record)
            keys.remove_record(self._database)
            raise
        left = self._convert_copies(copies, None, key, progress)
        return Converted(True, rows, len(copies), left, keys.recovery_text(key))

    @announces(Change.SETTINGS)
    def turn_off(self, progress: Progress = no_progress) -> Converted:
        """Decrypt the database and its copies; then forget the key."""
        key = self._db.key
        if key is None:
            raise EncryptionError("Your data is not encrypted.")
        copies = self._copies()
        rows = self._convert_database(key, None, progress)
        left = self._convert_copies(copies, key, None, progress)
        record = keys.load_record(self._database)
        if not left and record is not None:  # a copy left encrypted still needs the key
            keys.forget_in_keyring(self._credentials, record)
            keys.remove_record(self._database)
        return Converted(False, rows, len(copies), left)

    @announces(Change.SETTINGS)
    def set_passphrase(self, passphrase: str | None) -> None:
        """Seal the key under a new *passphrase*, or (None) keep it in the keyring only."""
        key, record = self._db.key, keys.load_record(self._database)
        if key is None:
            raise EncryptionError("Your data is not encrypted.")
        if record is None:  # lost, and opened with the recovery key: start a new one
            record = keys.new_record(in_keyring=False)
        if passphrase is None and not record.in_keyring:
            raise EncryptionError(
                "The key is kept only behind your passphrase: keep it in the keyring first."
            )
        sealed = None if passphrase is None else keys.seal(key, passphrase, record.key_id)
        keys.save_record(self._database, keys.KeyRecord(record.key_id, record.in_keyring, sealed))

    def recovery_key(self) -> str:
        """The recovery key of the open database, to print again."""
        if self._db.key is None:
            raise EncryptionError("Your data is not encrypted.")
        return keys.recovery_text(self._db.key)

    # --- steps ------------------------------------------------------------------

    def _keep_key(self, key: bytes, passphrase: str | None, keep_in_keyring: bool):
        """Store the key where it will be found, before any byte is encrypted with it."""
        persistent = self._credentials.status().persistent
        if not passphrase and not (keep_in_keyring and persistent):
            raise EncryptionError(
                "There is no secure keyring on this computer to keep the key in: choose a "
                "passphrase. Nothing was changed."
            )
        stale = keys.load_record(self._database)
        if stale is not None:  # left by an earlier attempt that did not finish
            keys.forget_in_keyring(self._credentials, stale)
        record = keys.new_record(in_keyring=keep_in_keyring and persistent)
        if record.in_keyring and not keys.store_in_keyring(self._credentials, record, key):
            keys.forget_in_keyring(self._credentials, record)  # from this session's memory
            record = keys.KeyRecord(record.key_id, False, None)
            if not passphrase:
                raise EncryptionError(
                    "The keyring did not accept the key: choose a passphrase. Nothing was changed."
                )
        if passphrase:
            sealed = keys.seal(key, passphrase, record.key_id)
            record = keys.KeyRecord(record.key_id, record.in_keyring, sealed)
        keys.save_record(self._database, record)
        return record

    def _copies(self) -> list[Path]:
        """Backups and the copies made before upgrades: they hold the same data."""
        found = [backup.path for backup in self._backups.backups()]
        found += sorted(self._database.parent.glob(f"{self._database.name}.before-v*.bak"))
        return found

    def _convert_database(self, old: bytes | None, new: bytes | None, progress: Progress) -> int:
        """Convert the live file with no connection to it open in this process (another
        program's is found by the conversion), then re-key the database object."""
        verb = "Encrypting" if new else "Decrypting"
        with self._db.held_alone():
            progress(0, f"{verb} your data…")
            converted = convert(
                self._database,
                old,
                new,
                lambda done: progress(int(done * DATABASE_SHARE), f"{verb} your data…"),
            )
            self._db.set_key(new)
        log.info("database %s", "encrypted" if new else "decrypted")
        return converted.rows

    def _convert_copies(
        self, copies: Iterable[Path], old: bytes | None, new: bytes | None, progress: Progress
    ) -> list[Path]:
        copies = list(copies)
        left = []
        for number, copy in enumerate(copies, 1):
            progress(
                DATABASE_SHARE + (100 - DATABASE_SHARE) * (number - 1) // max(1, len(copies)),
                f"{'Encrypting' if new else 'Decrypting'} backup {number} of {len(copies)}…",
            )
            if is_encrypted(copy) == (new is not None):
                continue  # already as it should be
            try:
                convert(copy, old, new)
            except (EncryptionError, WrongDatabaseKey, OSError) as error:
                log.warning("could not convert %s: %s", copy.name, error)
                left.append(copy)
        progress(100, "Done")
        return left
