"""Storage: peewee models over one SQLite file, opened by open_database()."""

from netdesk.db.connection import close_database, database, open_database
from netdesk.db.migrations import LATEST_VERSION

__all__ = [
    "LATEST_VERSION",
    "close_database",
    "database",
    "open_database",
]
