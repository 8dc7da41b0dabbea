"""Running a migration's plain SQL script one statement at a time."""

from __future__ import annotations

import sqlite3

import peewee


def run_script(db: peewee.SqliteDatabase, script: str) -> None:
    # Statement by statement inside the caller's transaction: executescript would commit.
    for statement in split_statements(script):
        db.execute_sql(statement)


def split_statements(script: str) -> list[str]:
    """Split on ';' at statement ends, keeping trigger bodies (BEGIN ... END;) whole."""
    statements, current = [], []
    for line in script.splitlines():
        current.append(line)
        candidate = "\n".join(current).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            current = []
    rest = "\n".join(current).strip()
    if rest:
        statements.append(rest)
    return statements
