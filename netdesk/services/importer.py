"""Applying imported people to the database in one transaction, and undoing it.

Set-based SQL throughout: 30,000 people are matched in Python dictionaries and
written with a handful of statements, new people a hundred per INSERT (per-row ORM
inserts are about 25x slower on this kind of machine).
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import operator
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from netdesk.services import search_index
from netdesk.services.clock import SYSTEM_CLOCK, Clock, FrozenClock
from netdesk.services.linkedin import (
    ImportFormatError,
    IncomingPerson,
    ParsedFile,
    Problem,
    read_connections,
)
from netdesk.services.progress import Progress, no_progress
from netdesk.services.text import fold, join_lines, name_key, sort_name, split_lines

# Fields LinkedIn owns: a re-import refreshes them unless the user edited them.
IMPORT_OWNED = (
    "given_name",
    "family_name",
    "display_name",
    "organisation",
    "role",
    "linkedin_url",
    "connected_on",
)
_KEEP_WHEN_MISSING = {"linkedin_url", "connected_on"}


@dataclass
class ImportSummary:
    batch_id: int | None
    file_name: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "problems": [p.as_dict() for p in self.problems],
        }

    def describe(self) -> str:
        parts = [
            f"{self.added:,} added",
            f"{self.updated:,} updated",
            f"{self.unchanged:,} unchanged",
            f"{self.skipped:,} skipped",
        ]
        return f"{self.file_name}: " + ", ".join(parts)


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


class _Existing:
    """A person already in the database, as the matcher needs them."""

    __slots__ = (
        "edited",
        "emails",
        "id",
        "key",
        "organisation_id",
        "tag_ids",
        "updated_at",
        "url",
        "values",
    )

    def __init__(self, row: tuple) -> None:
        self.id, self.url = row[0], row[1]
        self.values: tuple = row[2:9]  # in IMPORT_OWNED order
        self.key = name_key(self.values[2], self.values[3])  # display name, organisation
        self.emails: str = row[9]
        self.edited: str = row[10]
        self.organisation_id: int | None = row[11]
        self.updated_at: str = row[12]
        self.tag_ids: set[int] = set()


# The passes over every incoming person run in C where they can.
_organisation_of = operator.attrgetter("organisation")
_tags_of = operator.attrgetter("tags")


@contextmanager
def _collector_paused():
    """Tens of thousands of new objects would trigger repeated full collections for nothing:
    nothing here makes reference cycles, so the cycle collector can wait until we are done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ImportService:
    def __init__(self, db: peewee.SqliteDatabase, clock: Clock = SYSTEM_CLOCK) -> None:
        self._clock = clock
        self._db = db

    # --- import ----------------------------------------------------------

    def import_linkedin(self, path: Path, progress: Progress = no_progress) -> ImportSummary:
        """Import a Connections.csv / export zip / export folder. Raises ImportFormatError."""
        with _collector_paused():
            return self._read_and_apply(path, progress)

    def _read_and_apply(self, path: Path, progress: Progress) -> ImportSummary:
        # A frame of its own: the parsed people are freed before the collector resumes,
        # which would otherwise walk all of them once.
        progress(5, f"Reading {Path(path).name}…")
        parsed = read_connections(Path(path))
        progress(40, f"Matching {len(parsed.people):,} people…")
        return self.apply(parsed, source="linkedin", file_path=str(path), progress=progress)

    def apply(
        self,
        parsed: ParsedFile,
        source: str,
        file_path: str,
        progress: Progress = no_progress,
    ) -> ImportSummary:
        """Add or update *parsed.people* as one batch in one transaction."""
        if not parsed.people and not parsed.problems:
            raise ImportFormatError(f"{parsed.file_name} has no people to import")
        conn: sqlite3.Connection = self._db.connection()
        summary = ImportSummary(None, parsed.file_name, problems=list(parsed.problems))
        summary.skipped = sum(1 for p in parsed.problems if p.kind == "skipped")
        with _checkpoint_left_to_caller(conn), self._db.atomic("IMMEDIATE"):
            existing_by_url, existing_by_key = self._load_existing(conn)
            progress(55, "Saving…")
            organisation_ids, new_organisations = self._ensure_organisations(conn, parsed.people)
            tag_ids, new_tags = self._ensure_tags(conn, parsed.people)
            now = self._clock.timestamp()
            batch_id = conn.execute(
                "INSERT INTO import_batch (source, file_name, file_path, imported_at) "
                "VALUES (?, ?, ?, ?)",
                (source, parsed.file_name, file_path, now),
            ).lastrowid
            summary.batch_id = batch_id
            updates, changes, tag_links = [], [], []
            new_people = parsed.people  # on a first import there is nobody to match
            if existing_by_key:
                new_people = []
                # Profile URLs in the database, so that no update or new person takes one
                # that someone else already has (the UNIQUE index would fail the import).
                taken: dict[str, object] = {url: item.id for url, item in existing_by_url.items()}
                matches = _match_all(parsed.people, existing_by_url, existing_by_key)
                for person, match in zip(parsed.people, matches, strict=True):
                    if match is None:
                        new_people.append(person)
                        continue
                    person_tags = [tag_ids[fold(t)] for t in person.tags]
                    update = self._update_for(
                        person, match, organisation_ids, person_tags, taken, summary.problems
                    )
                    if update is None:
                        summary.unchanged += 1
                        continue
                    row, previous, added_tags = update
                    previous["imported_at"] = now  # undo restores updated_at only if still this
                    updates.append((*row, now, match.id))
                    changes.append((batch_id, "contact", match.id, "updated", json.dumps(previous)))
                    tag_links.extend((match.id, tag_id) for tag_id in added_tags)
                for person in new_people:
                    url = person.linkedin_url
                    if url and taken.setdefault(url, person) is not person:
                        summary.problems.append(
                            _url_taken(person, url, "this person was added without it")
                        )
                        person.linkedin_url = None
            summary.added = len(new_people)
            summary.updated = len(updates)
            with _contact_indexes_built_after(conn, _is_bulk_load(conn, len(new_people))):
                _insert_contacts(conn, new_people, organisation_ids, batch_id, source, now)
            self._write(
                conn,
                updates,
                changes,
                tag_links,
                parsed.people,
                tag_ids,
                batch_id,
                new_organisations,
                new_tags,
            )
            conn.execute(
                "UPDATE import_batch SET added = ?, updated = ?, unchanged = ?, skipped = ?, "
                "problems = ? WHERE id = ?",
                (
                    summary.added,
                    summary.updated,
                    summary.unchanged,
                    summary.skipped,
                    json.dumps([p.as_dict() for p in summary.problems]),
                    batch_id,
                ),
            )
        progress(100, "Done")
        return summary

    def checkpoint(self) -> None:
        """Copy what an import left in the write-ahead log into the database file.

        PASSIVE: it never waits for readers; whatever a reader still holds is copied by a
        later checkpoint. Callers run it in the background once the summary is shown.
        """
        self._db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def _load_existing(self, conn: sqlite3.Connection):
        by_url: dict[str, _Existing] = {}
        by_key: dict[str, list[_Existing]] = {}
        everyone: dict[int, _Existing] = {}
        rows = conn.execute(
            "SELECT c.id, c.linkedin_url, c.given_name, c.family_name, "
            "c.display_name, coalesce(o.name, ''), c.role, c.linkedin_url, c.connected_on, "
            "c.emails, c.user_edited, c.organisation_id, c.updated_at "
            "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id"
        )
        for row in rows:
            item = _Existing(row)
            everyone[item.id] = item
            if item.url:
                by_url[item.url] = item
            found = by_key.get(item.key)
            if found is None:
                by_key[item.key] = [item]
            else:
                found.append(item)
        for cid, tag_id in conn.execute("SELECT contact_id, tag_id FROM contact_tag"):
            if cid in everyone:
                everyone[cid].tag_ids.add(tag_id)
        return by_url, by_key

    @staticmethod
    def _ensure_organisations(conn, people: list[IncomingPerson]):
        names: dict[str, str] = {}  # folded -> first spelling met
        for organisation in dict.fromkeys(map(_organisation_of, people)):
            if organisation:
                names.setdefault(fold(organisation), organisation)
        before = {key for (key,) in conn.execute("SELECT name_key FROM organisation")}
        new = [(name, key) for key, name in names.items() if key not in before]
        conn.executemany("INSERT INTO organisation (name, name_key) VALUES (?, ?)", new)
        ids = dict(conn.execute("SELECT name_key, id FROM organisation"))
        return ids, [ids[key] for _, key in new]

    @staticmethod
    def _ensure_tags(conn, people: list[IncomingPerson]):
        names: dict[str, str] = {}
        for tag in itertools.chain.from_iterable(map(_tags_of, people)):
            names.setdefault(fold(tag), tag)
        if not names:
            return {}, []
        existing = {fold(name): tid for tid, name in conn.execute("SELECT id, name FROM tag")}
        new_ids = []
        for key, name in names.items():
            if key not in existing:
                existing[key] = conn.execute("INSERT INTO tag (name) VALUES (?)", (name,)).lastrowid
                new_ids.append(existing[key])
        return existing, new_ids

    @staticmethod
    def _update_for(
        person: IncomingPerson,
        match: _Existing,
        organisation_ids,
        person_tags,
        taken: dict[str, object],
        problems: list[Problem],
    ):
        """Return (row, previous values, tag ids to add) or None if nothing would change."""
        current = match.values
        organisation = person.organisation
        if organisation != current[3] and fold(organisation) == fold(current[3]):
            organisation = current[3]  # "ACME corp" is the "Acme Corp" already known
        incoming = (
            person.given_name,
            person.family_name,
            person.display_name,
            organisation,
            person.role,
            person.linkedin_url,
            person.connected_on,
        )
        edited = _edited_fields(match.edited)
        # Emails and tags the user edited are theirs: an import neither re-adds one they
        # removed nor adds to a list they curated.
        added_email = (
            person.email
            if person.email
            and "emails" not in edited
            and person.email not in split_lines(match.emails)
            else None
        )
        added_tags = (
            [t for t in dict.fromkeys(person_tags) if t not in match.tag_ids]
            if person_tags and "tags" not in edited
            else []
        )
        if incoming == current and not added_email and not added_tags:
            return None  # the common case on a re-import
        merged = list(current)
        for index, name in enumerate(IMPORT_OWNED):
            value = incoming[index]
            # An older export without URLs or dates never erases what a newer one gave;
            # what the user edited is theirs.
            if name in edited or (value in (None, "") and name in _KEEP_WHEN_MISSING):
                continue
            merged[index] = value
        url = merged[5]
        if url != current[5] and url:
            # The UNIQUE index compares exact strings; so does this.
            if taken.setdefault(url, match.id) != match.id:
                problems.append(_url_taken(person, url, "this person's own URL was kept"))
                merged[5] = current[5]
            elif current[5]:
                taken.pop(current[5], None)
        if tuple(merged) == current and not added_email and not added_tags:
            return None
        previous = {
            name: current[i] for i, name in enumerate(IMPORT_OWNED) if merged[i] != current[i]
        }
        previous.update(
            organisation_id=match.organisation_id,
            added_email=added_email,
            added_tag_ids=added_tags,
            updated_at=match.updated_at,
        )
        given, family, display, organisation, role, url, connected = merged
        emails = (
            match.emails
            if not added_email
            else join_lines([*split_lines(match.emails), added_email])
        )
        row = (
            given,
            family,
            display,
            sort_name(display),
            organisation_ids.get(fold(organisation)) if organisation else None,
            role,
            url,
            connected,
            emails,
        )
        return row, previous, added_tags

    @staticmethod
    def _write(
        conn,
        updates,
        changes,
        tag_links,
        people,
        tag_ids,
        batch_id,
        new_organisations,
        new_tags,
    ):
        conn.executemany(
            "UPDATE contact SET given_name = ?, family_name = ?, display_name = ?, sort_name = ?, "
            "organisation_id = ?, role = ?, linkedin_url = ?, connected_on = ?, "
            "emails = ?, updated_at = ? WHERE id = ?",
            updates,
        )
        changes.extend((batch_id, "organisation", oid, "added", None) for oid in new_organisations)
        changes.extend((batch_id, "tag", tid, "added", None) for tid in new_tags)
        conn.executemany(
            "INSERT INTO import_change (batch_id, entity, entity_id, action, previous) "
            "VALUES (?, ?, ?, ?, ?)",
            changes,
        )
        tagged_new = [p for p in people if p.tags] if tag_ids else []
        if tagged_new:
            ids_by_identity = {identity: cid for cid, identity, _ in batch_people(conn, batch_id)}
            for person in tagged_new:
                cid = ids_by_identity.get(person.linkedin_url or person.key)
                if cid is not None:
                    tag_links.extend((cid, tag_ids[fold(t)]) for t in person.tags)
        conn.executemany(
            "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", tag_links
        )
        search_index.index_batch(conn, batch_id, with_tags=bool(tag_links))
        search_index.reindex(
            conn, sorted({row[-1] for row in updates} | {cid for cid, _ in tag_links})
        )

    def import_sample_network(self) -> ImportSummary:
        """Load the invented sample network as an ordinary (undoable) import batch: its
        people, who knows whom, and what they have been doing (meetings, referrals,
        interactions, to-dos, outreach), all in one transaction.

        Everything is stamped with the import's own instant, so that undoing the import
        tells the sample's rows from what the user added since.
        """
        from netdesk.services.sample import sample_network
        from netdesk.services.sample_network import add_sample_activity

        clock = FrozenClock(self._clock.now(), self._clock.tz)
        parsed = sample_network(today=clock.today())
        with self._db.atomic("IMMEDIATE"):
            summary = ImportService(self._db, clock).apply(parsed, source="sample", file_path="")
            if summary.batch_id is not None:
                add_sample_activity(self._db, clock, summary.batch_id)
        return summary

    # --- undo ------------------------------------------------------------

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


def _match_all(
    people: list[IncomingPerson],
    by_url: dict[str, _Existing],
    by_key: dict[str, list[_Existing]],
) -> list[_Existing | None]:
    """The person already in the database for each incoming one (None: someone new).

    Profile URLs are the stable key, so every row with a URL is matched by URL before
    any row is matched by name + organisation; otherwise a URL-less row met earlier in
    the file could take the person a later row names by URL. Among name matches, a row
    with a URL takes only someone without one (two URLs are two people who share a
    name), and a row without a URL prefers someone without one too.
    """
    found: list[_Existing | None] = [None] * len(people)
    claimed: set[int] = set()
    if by_url:
        # Slugs are case-insensitive: the exact URL first, else one differing only in case.
        folded: dict[str, _Existing] = {}
        for url, item in by_url.items():
            folded.setdefault(url.casefold(), item)
        for index, person in enumerate(people):
            url = person.linkedin_url
            if url:
                match = by_url.get(url)
                if match is None or match.id in claimed:
                    match = folded.get(url.casefold())
                if match is not None and match.id not in claimed:
                    found[index] = match
                    claimed.add(match.id)
    with_url = [i for i, p in enumerate(people) if found[i] is None and p.linkedin_url]
    without_url = [i for i, p in enumerate(people) if found[i] is None and not p.linkedin_url]
    for index in with_url:
        for candidate in by_key.get(people[index].key, ()):
            if not candidate.url and candidate.id not in claimed:
                found[index] = candidate
                claimed.add(candidate.id)
                break
    for index in without_url:
        candidates = by_key.get(people[index].key)
        if not candidates:
            continue
        for candidate in sorted(candidates, key=lambda c: bool(c.url)):  # URL-less first
            if candidate.id not in claimed:
                found[index] = candidate
                claimed.add(candidate.id)
                break
    return found


@contextmanager
def _checkpoint_left_to_caller(conn: sqlite3.Connection) -> Iterator[None]:
    """Keep SQLite from checkpointing inside the import's commit.

    A first import writes thousands of pages to the write-ahead log; past a thousand
    pages SQLite copies them all into the database file before COMMIT returns, and the
    user waits for it. The data is safe and visible once in the log, so the copy is
    left to ImportService.checkpoint(), which the window runs in the background (and
    SQLite itself runs when the last connection closes).
    """
    (pages,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")


def _is_bulk_load(conn: sqlite3.Connection, adding: int) -> bool:
    """Many new people next to few existing ones, as in a first import."""
    existing = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    return adding >= _BULK_LOAD and adding >= 2 * existing


@contextmanager
def _contact_indexes_built_after(conn: sqlite3.Connection, bulk: bool) -> Iterator[None]:
    """For a bulk load, drop the contact indexes and build each once at the end.

    Building an index from sorted rows is cheaper than growing it one random key at a
    time. It all happens inside the import's transaction: if anything fails, the
    rollback brings the indexes back untouched.
    """
    if not bulk:
        yield
        return
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = 'contact' AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.execute(sql)


_BULK_LOAD = 5_000


@functools.lru_cache(maxsize=256)
def _edited_fields(stored: str) -> frozenset[str]:
    """The user_edited column ("notes,role") as a set; most people share a handful."""
    return frozenset(filter(None, stored.split(",")))


def _url_taken(person: IncomingPerson, url: str, outcome: str) -> Problem:
    return Problem(
        person.line,
        f"profile URL {url} already belongs to someone else in your contacts; {outcome}",
        "warning",
    )


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


# A new person's columns: first those the whole batch shares (bound once per statement),
# then the person's own.
_BATCH_COLUMNS = ("source", "import_batch_id", "created_at", "updated_at")  # ?1, ?2, ?3, ?3
# What an importer decides for someone new. Most batches give everyone the same (a
# LinkedIn export's people are all "LinkedIn only", closeness 1, without notes or a
# location); then these too are bound once per statement instead of once per person.
_NEW_PERSON_DEFAULTS = ("relation", "closeness", "notes", "location")
_PERSON_COLUMNS = (
    "given_name",
    "family_name",
    "display_name",
    "sort_name",
    "organisation_id",
    "role",
    "emails",
    "linkedin_url",
    "connected_on",
)
_defaults_of = operator.attrgetter(*_NEW_PERSON_DEFAULTS)
_PEOPLE_PER_INSERT = 100


def _insert_contacts(conn: sqlite3.Connection, people, organisation_ids, batch_id, source, now):
    """Insert new people a hundred per statement.

    SQLite's work per statement (AUTOINCREMENT bookkeeping, statement journal, foreign-key
    set-up) is then paid once per hundred people rather than for each, and the values the
    batch shares are bound once per statement.
    """
    distinct_defaults = set(map(_defaults_of, people))
    shared = distinct_defaults.pop() if len(distinct_defaults) == 1 else None
    per_insert = _people_per_insert(conn, shared is not None)
    # Thousands of people share an organisation: fold each only once.
    organisations = _Derived(lambda name: organisation_ids.get(fold(name)) if name else None)
    for start in range(0, len(people), per_insert):
        chunk = people[start : start + per_insert]
        values = [source, batch_id, now, *(shared or ())]  # ?1-?3, then ?4-?7 if shared
        for person in chunk:  # this runs once per person: built inline
            display = person.display_name
            values += (  # in _PERSON_COLUMNS order
                person.given_name,
                person.family_name,
                display,
                sort_name(display),
                organisations[person.organisation],
                person.role,
                person.email,
                person.linkedin_url,
                person.connected_on,
            )
            if shared is None:
                values += _defaults_of(person)
        conn.execute(_insert_contacts_sql(len(chunk), shared is not None), values)


def _people_per_insert(conn: sqlite3.Connection, defaults_shared: bool) -> int:
    """_PEOPLE_PER_INSERT, or fewer if SQLite was built to take fewer values per statement."""
    shared, own = _statement_layout(defaults_shared)
    room = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) - 3 - len(shared)
    return max(1, min(_PEOPLE_PER_INSERT, room // len(own)))


def _statement_layout(defaults_shared: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(columns bound once after the batch's ?1-?3, columns bound for each person)"""
    if defaults_shared:
        return _NEW_PERSON_DEFAULTS, _PERSON_COLUMNS
    return (), _PERSON_COLUMNS + _NEW_PERSON_DEFAULTS


@functools.lru_cache(maxsize=8)
def _insert_contacts_sql(people: int, defaults_shared: bool) -> str:
    """INSERT of *people* rows: (?1, ?2, ?3, ?3, the shared defaults if any, then each
    person's own numbered values)."""
    shared, own = _statement_layout(defaults_shared)
    first = 4 + len(shared)
    prefix = "?1, ?2, ?3, ?3, " + "".join(f"?{4 + i}, " for i in range(len(shared)))
    width = len(own)
    rows = (
        f"({prefix}" + ", ".join(f"?{first + row * width + i}" for i in range(width)) + ")"
        for row in range(people)
    )
    columns = ", ".join(_BATCH_COLUMNS + shared + own)
    return f"INSERT INTO contact ({columns}) VALUES {', '.join(rows)}"


class _Derived(dict):
    """key -> derive(key), computed the first time a key is looked up."""

    def __init__(self, derive: Callable) -> None:
        super().__init__()
        self._derive = derive

    def __missing__(self, key):
        value = self[key] = self._derive(key)
        return value


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
