"""Applying imported people to the database in one transaction, and undoing it.

Set-based SQL throughout: 30,000 people are matched in Python dictionaries and
written with a handful of statements, new people a hundred per INSERT (per-row ORM
inserts are about 25x slower on this kind of machine).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import peewee

from netdesk.db.disk_full import full_disk_reported
from netdesk.db.models import ImportBatch, Tag
from netdesk.errors import ImportFormatError
from netdesk.services import search_index
from netdesk.services.base import Service
from netdesk.services.changes import NETWORK, Change, announces
from netdesk.services.clock import FrozenClock
from netdesk.services.imports.bulk import (
    _checkpoint_left_to_caller,
    _collector_paused,
    _contact_indexes_built_after,
    _insert_contacts,
    _is_bulk_load,
)
from netdesk.services.imports.incoming import (
    _KEEP_WHEN_MISSING,
    IMPORT_OWNED,
    IncomingPerson,
    ParsedFile,
)
from netdesk.services.imports.linkedin_csv import read_connections
from netdesk.services.imports.matching import (
    _edited_fields,
    _Existing,
    _match_all,
    _organisation_of,
    _tags_of,
    _url_taken,
)
from netdesk.services.imports.summary import ImportSummary, Problem
from netdesk.services.imports.undo import (
    ImportUndo,
    batch_people,
)
from netdesk.services.positions.tracking import (
    follow_current,
    record_job_changes,
)
from netdesk.services.progress import Progress, no_progress
from netdesk.services.text import (
    fold,
    join_lines,
    sort_name,
    split_lines,
)

NOTHING_IMPORTED = "The disk is full: nothing was imported, nothing changed."


class ImportService(ImportUndo, Service):
    # --- import ----------------------------------------------------------

    @announces(Change.PEOPLE | Change.IMPORTS)
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

    @announces(Change.PEOPLE | Change.IMPORTS)
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
        with (
            full_disk_reported(self._db, NOTHING_IMPORTED),
            _checkpoint_left_to_caller(conn),
            self._db.atomic("IMMEDIATE"),
        ):
            existing_by_url, existing_by_key = self._load_existing(conn)
            progress(55, "Saving…")
            organisation_ids, new_organisations = self._ensure_organisations(conn, parsed.people)
            tag_ids, new_tags = self._ensure_tags(self._db, parsed.people)
            now = self._clock.timestamp()
            batch_id = (
                ImportBatch.insert(
                    source=source, file_name=parsed.file_name, file_path=file_path, imported_at=now
                )
                .bind(self._db)
                .execute()
            )
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
            if source == "linkedin":  # a newer export: who moved, read before writing
                summary.job_changes = record_job_changes(
                    conn, [(row[-1], row[4], row[5]) for row in updates], batch_id,
                    self._clock.today().isoformat(), now,
                )  # fmt: skip
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
            if source != "linkedin":  # another file corrects the jobs it names
                follow_current(
                    conn, [row[-1] for row in updates], self._clock.today().isoformat(), now
                )
            ImportBatch.update(
                added=summary.added,
                updated=summary.updated,
                unchanged=summary.unchanged,
                skipped=summary.skipped,
                problems=json.dumps([p.as_dict() for p in summary.problems]),
            ).where(ImportBatch.id == batch_id).bind(self._db).execute()
        progress(100, "Done")
        return summary

    def checkpoint(self) -> None:
        """Copy what an import left in the write-ahead log into the database file.

        PASSIVE: it never waits for readers; whatever a reader still holds is copied by a
        later checkpoint. Callers run it in the background once the summary is shown.
        """
        self._db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")  # a pragma: no table, no model

    def _load_existing(self, conn: sqlite3.Connection):
        # Plain SQL, as the rest of the bulk path: everyone is read at 30,000 people, and
        # bench_foundation's re-import measures it.
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
        # Plain SQL: thousands of organisations on a first import (bench_foundation).
        before = {key for (key,) in conn.execute("SELECT name_key FROM organisation")}
        new = [(name, key) for key, name in names.items() if key not in before]
        conn.executemany("INSERT INTO organisation (name, name_key) VALUES (?, ?)", new)
        ids = dict(conn.execute("SELECT name_key, id FROM organisation"))
        return ids, [ids[key] for _, key in new]

    @staticmethod
    def _ensure_tags(db: peewee.SqliteDatabase, people: list[IncomingPerson]):
        names: dict[str, str] = {}
        for tag in itertools.chain.from_iterable(map(_tags_of, people)):
            names.setdefault(fold(tag), tag)
        if not names:
            return {}, []
        tags = Tag.select(Tag.id, Tag.name).bind(db).tuples()
        existing = {fold(name): tag_id for tag_id, name in tags}
        new_ids = []
        for key, name in names.items():
            if key not in existing:
                existing[key] = Tag.insert(name=name).bind(db).execute()
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
        # Plain SQL: executemany over up to 30,000 rows, the bulk path bench_foundation times.
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

    @announces(NETWORK)
    def import_sample_network(self) -> ImportSummary:
        """Load the invented sample network as an ordinary (undoable) import batch: its
        people, who knows whom, and what they have been doing (meetings, referrals,
        interactions, to-dos, outreach), all in one transaction.

        Everything is stamped with the import's own instant, so that undoing the import
        tells the sample's rows from what the user added since.
        """
        from netdesk.services.sample.network import add_sample_activity
        from netdesk.services.sample.people import sample_network

        clock = FrozenClock(self._clock.now(), self._clock.tz)
        parsed = sample_network(today=clock.today())
        with full_disk_reported(self._db, NOTHING_IMPORTED), self._db.atomic("IMMEDIATE"):
            summary = ImportService(self._db, clock).apply(parsed, source="sample", file_path="")
            if summary.batch_id is not None:
                add_sample_activity(self._db, clock, summary.batch_id)
        return summary
