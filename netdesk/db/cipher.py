"""The database file, plain or encrypted with SQLCipher 4.

An encrypted file has no "SQLite format 3" header: its first bytes are SQLCipher's random
salt, so a file's kind is read from its first 16 bytes and never stored elsewhere. The
key is 32 random bytes handed in by the caller (the composition root finds it); SQLCipher
uses it as the raw AES key, without its slow passphrase derivation on every connection.

Plain files are opened with the standard sqlite3 module and SQLCipher (sqlcipher3, through
peewee's playhouse.sqlcipher_ext) is imported only when a key is given, so a plain
database costs nothing more at start-up than before.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import peewee

from netdesk.errors import EncryptionError, WrongDatabaseKey

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32

# Temporary tables and sorts stay in memory: nothing decrypted ever reaches a temp file.
CIPHER_PRAGMAS = ("PRAGMA temp_store = MEMORY",)


def is_encrypted(path: Path) -> bool:
    """True when *path* is a non-empty file that is not a plain SQLite database."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_HEADER


def key_literal(key: bytes) -> str:
    """The key as SQLCipher's raw-key literal, for PRAGMA key and ATTACH ... KEY."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"a database key is {KEY_BYTES} bytes")
    return f"\"x'{key.hex()}'\""


def cipher_module() -> Any:
    """sqlcipher3's DB-API module, set up by playhouse.sqlcipher_ext (its adapters)."""
    from playhouse.sqlcipher_ext import sqlcipher

    return sqlcipher


def errors(name: str) -> tuple[type[Exception], ...]:
    """sqlite3's exception called *name* and, once SQLCipher is loaded, its own: code that
    talks to a DB-API connection directly catches both with `except errors("...")`."""
    kinds: list[type[Exception]] = [getattr(sqlite3, name)]
    loaded = sys.modules.get("sqlcipher3.dbapi2")
    if loaded is not None:
        kinds.append(getattr(loaded, name))
    return tuple(kinds)


def apply_key(conn: Any, key: bytes) -> None:
    """Key a fresh sqlcipher3 connection and prove the key opens the file."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is ours to explain, not stderr's
    conn.execute(f"PRAGMA key = {key_literal(key)}")
    for pragma in CIPHER_PRAGMAS:
        conn.execute(pragma)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher_module().DatabaseError as error:
        if "not a database" not in str(error):
            raise
        raise WrongDatabaseKey(
            "The key does not open this database (or the file is damaged); nothing was changed."
        ) from None


def connect_file(path: Path | str, key: bytes | None = None, **kwargs: Any) -> Any:
    """A DB-API connection to *path*: sqlite3 for a plain file, SQLCipher with *key*."""
    if key is None:
        return sqlite3.connect(path, **kwargs)
    conn = cipher_module().connect(str(path), **kwargs)
    try:
        apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


class Database(peewee.SqliteDatabase):
    """peewee's SQLite database, encrypted when it has a key. The key can change while
    the database is closed (turning encryption on or off), so every service keeps the
    same object.

    It counts its connections in every thread: a conversion needs the file to itself,
    and two SQLite libraries in one process (sqlite3's and SQLCipher's) cannot see each
    other's locks, so the file cannot tell. While one runs, a thread that wants a
    connection waits for it to end (seconds) instead of opening the file being replaced.
    """

    def __init__(self, database: Any, key: bytes | None = None, **kwargs: Any) -> None:
        self._key = key
        self._guard = threading.Condition()
        self._open_connections = 0
        self._held = False
        super().__init__(database, **kwargs)

    @contextmanager
    def held_alone(self) -> Iterator[None]:
        """Close this thread's connection and keep every thread from opening one until
        the block ends; refuse (EncryptionError) while another thread still has one."""
        self.close()
        with self._guard:
            if self._open_connections:
                raise EncryptionError(
                    "NetDesk is still using your data in the background; nothing was "
                    "changed. Try again in a moment."
                )
            self._held = True
        try:
            yield
        finally:
            with self._guard:
                self._held = False
                self._guard.notify_all()

    @property
    def key(self) -> bytes | None:
        return self._key

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    def set_key(self, key: bytes | None) -> None:
        if not self.is_closed():
            raise peewee.ImproperlyConfigured("close the database before changing its key")
        self._key = key

    def _connect(self) -> Any:
        with self._guard:
            while self._held:
                self._guard.wait()
            self._open_connections += 1
        try:
            return self._connect_file()
        except BaseException:
            self._closed_one()
            raise

    def _close(self, conn: Any) -> None:
        try:
            super()._close(conn)
        finally:
            self._closed_one()

    def _closed_one(self) -> None:
        with self._guard:
            self._open_connections -= 1
            self._guard.notify_all()

    def _connect_file(self) -> Any:
        if self._key is None:
            return super()._connect()
        conn = cipher_module().connect(
            self.database, timeout=self._timeout, isolation_level=None, **self.connect_params
        )
        try:
            apply_key(conn, self._key)
            self._add_conn_hooks(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def connect_file(self, path: Path | str, **kwargs: Any) -> Any:
        """A DB-API connection to another file (a backup, a copy) with this one's key."""
        return connect_file(path, self._key, **kwargs)
