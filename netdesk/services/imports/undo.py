"""Undoing the last import batch: what it would remove, keep and restore, and doing it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import peewee

from netdesk.services import search_index
from netdesk.services.clock import Clock
from netdesk.services.imports.incoming import IMPORT_OWNED
from netdesk.services.text import (
    join_lines,
    name_key,
    sort_name,
    split_lines,
)


@dataclass(frozen=True)
class BatchInfo:
    id: int
    file_name: str
    imported_at: str
    added: int
    updated: int


@dataclass(frozen=True)
class UndoPreview:
    """What undoing the last import would do, for the confirmation."""

    batch: BatchInfo
    removed: int  # people it added, to be deleted
    kept: int  # people it added whom the user has worked on since: they stay
    restored: int  # people it updated, to be put back as they were
    meetings: int = 0  # the sample network's own meetings, removed with it

    def describe(self) -> str:
        parts = []
        meetings = ""
        if self.meetings:
            meetings = "meeting" if self.meetings == 1 else f"{self.meetings} meetings"
            meetings = f"the sample's {meetings}"
        if self.removed:
            also = f" and {meetings}" if meetings else ""
            parts.append(f"removes {_people(self.removed, 'the ')} it added{also}")
        elif meetings:
            parts.append(f"removes {meetings}")
        if self.restored:
            parts.append(f"restores {_people(self.restored, 'the ')} it updated")
        text = "This " + " and ".join(parts) + "." if parts else "Nobody is removed or restored."
        if self.kept:
            stay = "stays" if self.kept == 1 else "stay"
            text += f"\n\n{_people(self.kept)} it added {stay}, because {KEPT_BECAUSE}."
        return text


@dataclass(frozen=True)
class UndoResult:
    file_name: str
    removed: int
    restored: int
    kept: int = 0  # added by the import, kept because the user worked on them

    def describe(self) -> str:
        return (
            f"Undid the import of {self.file_name}: {self.removed:,} removed, "
            f"{self.kept:,} kept because you worked on them, {self.restored:,} restored."
        )


def _people(count: int, article: str = "") -> str:
    return f"{article}1 person" if count == 1 else f"{article}{count:,} people"


# Why a person the import added is kept by its undo: the user has worked on them since.
KEPT_BECAUSE = (
    "you have worked on them since (edits, tags, meetings, links, referrals, to-dos, "
    "logged interactions, outreach or keep-in-touch settings)"
)


class NothingToUndo(Exception):
    pass


class ImportUndo:
    """ImportService's undo of its last batch (needs self._db and self._clock)."""

    _db: peewee.SqliteDatabase
    _clock: Clock

    def last_batch(self) -> BatchInfo | None:
        row = self._db.execute_sql(
            "SELECT id, file_name, imported_at, added, updated FROM import_batch "
            "WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return BatchInfo(*row) if row else None

    def undo_preview(self) -> UndoPreview | None:
        """How many people undoing the last import would remove, keep and restore."""
        batch = self.last_batch()
        if batch is None:
            return None
        conn: sqlite3.Connection = self._db.connection()
        params = _undo_params(conn, batch)
        added, kept = conn.execute(
            f"SELECT count(*), coalesce(sum({_WORKED_ON}), 0) FROM contact c "
            "WHERE c.import_batch_id = :batch",
            params,
        ).fetchone()
        meetings = conn.execute(_SAMPLE_MEETINGS, params).fetchall()
        restored = conn.execute(
            "SELECT count(*) FROM import_change ic JOIN contact c ON c.id = ic.entity_id "
            "WHERE ic.batch_id = ? AND ic.entity = 'contact' AND ic.action = 'updated'",
            (batch.id,),
        ).fetchone()[0]
        return UndoPreview(batch, added - kept, kept, restored, len(meetings))

    def undo_last_import(self) -> UndoResult:
        """Remove what the last import added and restore what it updated.

        People it added whom the user has worked on since (edited, tagged, met, linked,
        referred, given a to-do) are kept: they leave the batch and become the user's own.
        """
        batch = self.last_batch()
        if batch is None:
            raise NothingToUndo("There is no import to undo.")
        conn: sqlite3.Connection = self._db.connection()
        with self._db.atomic("IMMEDIATE"):
            params = _undo_params(conn, batch)
            kept = [
                row[0]
                for row in conn.execute(
                    f"SELECT c.id FROM contact c WHERE c.import_batch_id = :batch AND {_WORKED_ON}",
                    params,
                )
            ]
            if params["sample"]:
                _remove_sample_activity(conn, params, kept)
            conn.executemany(
                "UPDATE contact SET import_batch_id = NULL WHERE id = ?", [(i,) for i in kept]
            )
            restored = 0
            changes = conn.execute(
                "SELECT entity, entity_id, previous FROM import_change "
                "WHERE batch_id = ? AND action = 'updated'",
                (batch.id,),
            ).fetchall()
            for _entity, contact_id, previous_json in changes:
                restored += _restore_contact(conn, contact_id, json.loads(previous_json))
            search_index.reindex(conn, [change[1] for change in changes])
            removed = conn.execute(
                "DELETE FROM contact WHERE import_batch_id = ?", (batch.id,)
            ).rowcount
            conn.execute(
                "DELETE FROM organisation WHERE id IN (SELECT entity_id FROM import_change "
                "WHERE batch_id = ? AND entity = 'organisation' AND action = 'added') "
                "AND id NOT IN (SELECT organisation_id FROM contact "
                "WHERE organisation_id IS NOT NULL)",
                (batch.id,),
            )
            conn.execute(
                "DELETE FROM tag WHERE id IN (SELECT entity_id FROM import_change "
                "WHERE batch_id = ? AND entity = 'tag' AND action = 'added') "
                "AND id NOT IN (SELECT tag_id FROM contact_tag)",
                (batch.id,),
            )
            conn.execute(
                "UPDATE import_batch SET undone_at = ? WHERE id = ?",
                (self._clock.timestamp(), batch.id),
            )
        return UndoResult(batch.file_name, removed, restored, len(kept))


# True for a person (contact c) whom the user has worked on since the import
# (:imported_at): they edited or tagged them in the editor, or they are in a meeting, a
# referral, a to-do, a logged interaction, or a link other than those the import itself
# made. The sample network (:sample = 1) links its people and writes their meetings,
# referrals, to-dos, interactions and outreach itself, stamped with the import's time or
# earlier (a referral on the day it was made); those are not the user's work, as nothing
# about its people can be older than the import (a sample meeting edited since is).
_WORKED_ON = (
    "(c.user_edited <> '' "
    "OR EXISTS (SELECT 1 FROM meeting_person mp JOIN meeting m ON m.id = mp.meeting_id "
    "WHERE mp.contact_id = c.id AND NOT (:sample AND m.created_at <= :imported_at "
    "AND m.updated_at <= :imported_at)) "
    "OR EXISTS (SELECT 1 FROM referral r WHERE r.from_contact_id = c.id "
    "AND NOT (:sample AND r.created_at <= :imported_at)) "
    "OR EXISTS (SELECT 1 FROM referral r WHERE r.to_contact_id = c.id "
    "AND NOT (:sample AND r.created_at <= :imported_at)) "
    "OR EXISTS (SELECT 1 FROM todo t WHERE t.contact_id = c.id "
    "AND NOT (:sample AND t.created_at <= :imported_at)) "
    "OR EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id "
    "AND NOT (:sample AND i.created_at <= :imported_at)) "
    "OR EXISTS (SELECT 1 FROM outreach q WHERE q.contact_id = c.id "
    "AND NOT (:sample AND q.created_at <= :imported_at)) "
    "OR EXISTS (SELECT 1 FROM keep_in_touch k WHERE k.contact_id = c.id) "
    "OR EXISTS (SELECT 1 FROM link l JOIN contact o ON o.id = l.to_contact_id "
    "WHERE l.from_contact_id = c.id AND NOT (l.created_at = :imported_at "
    "AND o.import_batch_id IS :batch)) "
    "OR EXISTS (SELECT 1 FROM link l JOIN contact o ON o.id = l.from_contact_id "
    "WHERE l.to_contact_id = c.id AND NOT (l.created_at = :imported_at "
    "AND o.import_batch_id IS :batch)))"
)


def batch_people(conn: sqlite3.Connection, batch_id: int) -> Iterator[tuple[int, str, str]]:
    """(id, identity, emails) of each person an import batch added. The identity is the
    profile URL, else the name key: IncomingPerson.linkedin_url or IncomingPerson.key."""
    for cid, url, display, organisation, emails in conn.execute(
        "SELECT c.id, c.linkedin_url, c.display_name, coalesce(o.name, ''), c.emails "
        "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id "
        "WHERE c.import_batch_id = ?",
        (batch_id,),
    ):
        yield cid, url or name_key(display, organisation), emails


def _restore_contact(conn, contact_id: int, previous: dict) -> int:
    """Put back what an import changed, except fields the user has edited since."""
    row = conn.execute(
        "SELECT c.given_name, c.family_name, c.display_name, coalesce(o.name, ''), c.role, "
        "c.linkedin_url, c.connected_on, c.emails, c.user_edited, c.organisation_id, c.updated_at "
        "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id WHERE c.id = ?",
        (contact_id,),
    ).fetchone()
    if row is None:  # deleted by the user since the import
        return 0
    current = dict(zip(IMPORT_OWNED, row[:7], strict=True))
    emails, edited, organisation_id = row[7], set(row[8].split(",")), row[9]
    for name in IMPORT_OWNED:
        if name in previous and name not in edited:
            current[name] = previous[name]
            if name == "organisation":
                organisation_id = previous["organisation_id"]
    if previous.get("added_email"):
        emails = join_lines([e for e in split_lines(emails) if e != previous["added_email"]])
    display = str(current["display_name"])
    conn.execute(
        "UPDATE contact SET given_name = ?, family_name = ?, display_name = ?, sort_name = ?, "
        "organisation_id = ?, role = ?, linkedin_url = ?, connected_on = ?, "
        "emails = ?, updated_at = coalesce(?, updated_at) WHERE id = ?",
        (
            current["given_name"],
            current["family_name"],
            display,
            sort_name(display),
            organisation_id,
            current["role"],
            current["linkedin_url"],
            current["connected_on"],
            emails,
            previous.get("updated_at") if row[10] == previous.get("imported_at") else None,
            contact_id,
        ),
    )
    conn.executemany(
        "DELETE FROM contact_tag WHERE contact_id = ? AND tag_id = ?",
        [(contact_id, tag_id) for tag_id in previous.get("added_tag_ids") or []],
    )
    return 1


# The sample's own meetings (see _WORKED_ON): written by the import with its people,
# and not edited since.
_SAMPLE_MEETINGS = (
    "SELECT m.id FROM meeting m WHERE :sample AND m.created_at <= :imported_at "
    "AND m.updated_at <= :imported_at AND m.id IN (SELECT mp.meeting_id FROM meeting_person mp "
    "JOIN contact c ON c.id = mp.contact_id WHERE c.import_batch_id = :batch)"
)
# The sample's own rows about its people, by table and the column naming the person.
_SAMPLE_ROWS = (
    ("referral", "from_contact_id"),
    ("referral", "to_contact_id"),
    ("todo", "contact_id"),
    ("interaction", "contact_id"),
    ("outreach", "contact_id"),
)


def _undo_params(conn: sqlite3.Connection, batch: BatchInfo) -> dict[str, object]:
    (source,) = conn.execute("SELECT source FROM import_batch WHERE id = ?", (batch.id,)).fetchone()
    return {"batch": batch.id, "imported_at": batch.imported_at, "sample": int(source == "sample")}


def _remove_sample_activity(
    conn: sqlite3.Connection, params: dict[str, object], kept: list[int]
) -> None:
    """Undoing the sample: its own meetings, referrals, to-dos, interactions and outreach
    go, also those of people kept because the user worked on them (their last-interaction
    dates then count from what is left)."""
    conn.execute(f"DELETE FROM meeting WHERE id IN ({_SAMPLE_MEETINGS})", params)
    for table, column in _SAMPLE_ROWS:
        conn.execute(
            f"DELETE FROM {table} WHERE created_at <= :imported_at AND {column} IN "
            "(SELECT id FROM contact WHERE import_batch_id = :batch)",
            params,
        )
    conn.executemany(
        "UPDATE contact SET last_interaction = (SELECT max(day) FROM ("
        "  SELECT substr(occurred_at, 1, 10) AS day FROM interaction WHERE contact_id = :id "
        "  UNION ALL SELECT substr(m.starts_at, 1, 10) FROM meeting m "
        "  JOIN meeting_person mp ON mp.meeting_id = m.id "
        "  WHERE mp.contact_id = :id AND m.status = 'held')) WHERE id = :id",
        [{"id": contact_id} for contact_id in kept],
    )
