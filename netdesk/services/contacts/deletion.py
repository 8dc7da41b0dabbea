"""Deleting people with everything that hangs on them, and putting it all back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import peewee

from netdesk.services import search_index


@dataclass(frozen=True)
class DeletedContacts:
    """A snapshot of deleted people, enough to put them back exactly."""

    rows: list[dict[str, object]]
    tags: list[tuple[int, str]]
    related: dict[str, list[dict[str, object]]]  # links, meeting places, referrals

    def __len__(self) -> int:
        return len(self.rows)


class DeletionMixin:
    """ContactService's delete and restore (it supplies the connection, organisations, tags)."""

    _db: peewee.SqliteDatabase

    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def _organisation_id(self, name: str) -> int | None:
        raise NotImplementedError

    def _set_tags(self, contact_id: int, tags: Iterable[str]) -> None:
        raise NotImplementedError

    def delete(self, ids: Sequence[int]) -> DeletedContacts:
        """Delete people with everything that hangs on them; the snapshot restores it all."""
        conn = self._conn()
        ids = list(ids)
        rows: list[dict[str, object]] = []
        tags: list[tuple[int, str]] = []
        related: dict[str, dict[tuple, dict[str, object]]] = {t: {} for t in _DEPENDENT}
        with self._db.atomic("IMMEDIATE"):
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows.extend(_dict_rows(conn, f"SELECT * FROM contact WHERE id IN ({marks})", chunk))
                tags.extend(
                    conn.execute(
                        f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t "
                        f"ON t.id = ct.tag_id WHERE ct.contact_id IN ({marks})",
                        chunk,
                    )
                )
                for table, columns in _DEPENDENT.items():
                    where = " OR ".join(f"{column} IN ({marks})" for column in columns)
                    for row in _dict_rows(
                        conn, f"SELECT * FROM {table} WHERE {where}", chunk * len(columns)
                    ):
                        related[table][tuple(row.values())] = row
                conn.execute(f"DELETE FROM contact WHERE id IN ({marks})", chunk)
            conn.execute("DELETE FROM tag WHERE id NOT IN (SELECT tag_id FROM contact_tag)")
        for row in rows:  # the organisation may be gone by the time we restore
            org = conn.execute(
                "SELECT name FROM organisation WHERE id = ?", (row["organisation_id"],)
            ).fetchone()
            row["organisation_name"] = org[0] if org else None
        return DeletedContacts(rows, tags, {t: list(r.values()) for t, r in related.items()})

    def restore(self, snapshot: DeletedContacts) -> None:
        """Put deleted people back with their original ids, tags, links, meetings, referrals."""
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            for row in snapshot.rows:
                row = dict(row)
                org_name = row.pop("organisation_name")
                row["organisation_id"] = self._organisation_id(org_name) if org_name else None
                if (
                    row.get("import_batch_id") is not None
                    and not conn.execute(
                        "SELECT 1 FROM import_batch WHERE id = ? AND undone_at IS NULL",
                        (row["import_batch_id"],),
                    ).fetchone()
                ):
                    row["import_batch_id"] = None
                _insert_dict(conn, "contact", row)
            by_contact: dict[int, list[str]] = {}
            for contact_id, tag in snapshot.tags:
                by_contact.setdefault(contact_id, []).append(tag)
            for contact_id, names in by_contact.items():
                self._set_tags(contact_id, names)
            search_index.reindex(conn, [row["id"] for row in snapshot.rows])
            self._restore_related(conn, snapshot.related)

    @staticmethod
    def _restore_related(conn: sqlite3.Connection, related: dict[str, list[dict]]) -> None:
        people = {r[0] for r in conn.execute("SELECT id FROM contact")}
        meetings = {r[0] for r in conn.execute("SELECT id FROM meeting")}
        for table, columns in _DEPENDENT.items():
            for row in related.get(table, []):
                # Whatever else was deleted meanwhile stays deleted.
                if any(row[column] not in people for column in columns):
                    continue
                if row.get("meeting_id") is not None and row["meeting_id"] not in meetings:
                    continue
                _insert_dict(conn, table, row, ignore=True)


# Rows that name a person and disappear with them (ON DELETE CASCADE).
_DEPENDENT = {
    "link": ("from_contact_id", "to_contact_id"),
    "meeting_person": ("contact_id",),
    "referral": ("from_contact_id", "to_contact_id"),
    "todo": ("contact_id",),
    "map_position": ("contact_id",),
    "interaction": ("contact_id",),
    "keep_in_touch": ("contact_id",),
    "outreach": ("contact_id",),  # via_contact_id has no foreign key: it survives as is
}


def _dict_rows(conn: sqlite3.Connection, sql: str, params: Sequence[object]) -> list[dict]:
    cursor = conn.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _insert_dict(conn: sqlite3.Connection, table: str, row: dict, ignore: bool = False) -> None:
    names = ", ".join(row)
    marks = ", ".join("?" * len(row))
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    conn.execute(f"{verb} INTO {table} ({names}) VALUES ({marks})", list(row.values()))
