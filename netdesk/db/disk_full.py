"""A full disk, told apart from SQLite's other errors and reported as DiskFull.

On SQLITE_FULL SQLite may already have rolled the whole transaction back; peewee's atomic()
then issues its own ROLLBACK, which fails with "cannot rollback - no transaction is active"
and hides the real error. Both leave the database as it was before the transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import peewee

from netdesk.db.cipher import errors
from netdesk.errors import DiskFull

_FULL_TEXT = "database or disk is full"


def is_disk_full(error: BaseException | None) -> bool:
    """*error*, or an error it was raised while handling, is SQLite's SQLITE_FULL."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(error, DiskFull) or (code is not None and code & 0xFF == sqlite3.SQLITE_FULL):
            return True
        if isinstance(error, (*errors("Error"), peewee.DatabaseError)) and _FULL_TEXT in str(error):
            return True
        error = error.__cause__ or error.__context__
    return False


@contextmanager
def full_disk_reported(db: peewee.SqliteDatabase, message: str) -> Iterator[None]:
    """Around a transaction: a full disk becomes DiskFull(*message*), the transaction is
    rolled back and the connection is ready for the next one."""
    try:
        yield
    except (*errors("Error"), peewee.DatabaseError) as error:
        if not is_disk_full(error):
            raise
        # Only when no outer transaction still owns the connection and peewee's own
        # rollback did not run.
        if db.transaction_depth() == 0 and db.connection().in_transaction:
            db.connection().rollback()
        raise DiskFull(message) from error
