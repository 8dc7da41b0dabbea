"""People: listing (sorted and filtered in SQLite), editing, deleting and restoring."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import Enum

import peewee

from netdesk.services import search_index
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.imports.linkedin_csv import normalise_linkedin_url
from netdesk.services.settings import ME, SettingsStore
from netdesk.services.text import clean_cell, fold, join_lines, sort_name, split_lines
from netdesk.services.vocabulary import CLOSENESS_RANGE, LINKEDIN_ONLY, RELATIONS

# The user's own person (set on the welcome screen, the map's centre). They are listed
# like anyone else, so that they can edit their own role, but they are not a
# relationship: never counted, charted, reminded of, or filtered as one.
ME_SETTING = ME.name
IS_ME_SQL = f"(c.id IS (SELECT CAST(value AS INTEGER) FROM setting WHERE key = '{ME_SETTING}'))"
NOT_ME_SQL = f"NOT {IS_ME_SQL}"


class Scope(Enum):
    EVERYONE = "everyone"  # me included
    REAL = "real"  # people the user knows some way other than "LinkedIn only"
    LINKEDIN_ONLY = "linkedin"


class SortKey(Enum):
    NAME = "c.sort_name"
    ORGANISATION = "o.name_key"
    ROLE = "lower(c.role)"
    RELATION = "c.relation"
    CLOSENESS = "c.closeness"
    # Real interactions by date, then people never in touch by when they connected on
    # LinkedIn (see query_ids), then nobody-knows-when.
    LAST_INTERACTION = "c.last_interaction"


@dataclass(frozen=True)
class ContactFilter:
    text: str = ""
    relation: str | None = None
    tag: str | None = None
    min_closeness: int | None = None
    scope: Scope = Scope.EVERYONE


@dataclass(frozen=True)
class ContactRow:
    """What one line of the contact list shows."""

    id: int
    name: str
    organisation: str
    role: str
    relation: str
    closeness: int
    last_interaction: str | None
    connected_on: str | None
    linkedin_url: str | None
    is_me: bool = False


@dataclass
class ContactRecord:
    """Everything the editor shows and edits for one person."""

    id: int | None = None
    given_name: str = ""
    family_name: str = ""
    display_name: str = ""
    organisation: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin_url: str = ""
    location: str = ""
    relation: str = "other"
    closeness: int = 3
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    source: str = "manual"
    connected_on: str | None = None
    last_interaction: str | None = None
    created_at: str = ""
    updated_at: str = ""


# Fields compared to decide what the user edited (so imports leave them alone).
EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "display_name",
    "organisation",
    "role",
    "emails",
    "phones",
    "linkedin_url",
    "location",
    "relation",
    "closeness",
    "tags",
    "notes",
)


@dataclass(frozen=True)
class Counts:
    people: int  # everyone but me
    real: int  # real relationships: neither me nor LinkedIn-only connections
    listed: int = 0  # every row of the contact list, me included (0: nobody at all)


@dataclass(frozen=True)
class DeletedContacts:
    """A snapshot of deleted people, enough to put them back exactly."""

    rows: list[dict[str, object]]
    tags: list[tuple[int, str]]
    related: dict[str, list[dict[str, object]]]  # links, meeting places, referrals

    def __len__(self) -> int:
        return len(self.rows)


class ValidationError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class StorageError(Exception):
    """The database refused a write (such as "database is locked"); nothing was saved."""


_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}$")
_PHONE = re.compile(r"^[+()\d][\d\s().\-/]*(?:\s*(?:x|ext\.?)\s*\d+)?$", re.IGNORECASE)


def fts_query(text: str) -> str:
    """Turn what the user typed into an FTS5 query: every word, as a prefix, all required.

    Words are split the way the unicode61 tokenizer splits them, so each is one token
    (the index keeps no positions, so phrases are not available).
    """
    return " ".join(f'"{word}"*' for word in re.split(r"[\W_]+", text) if word)


class ContactService:
    def __init__(self, db: peewee.SqliteDatabase, clock: Clock = SYSTEM_CLOCK) -> None:
        self._clock = clock
        self._db = db

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    # --- listing ---------------------------------------------------------

    def query_ids(
        self, criteria: ContactFilter, sort: SortKey = SortKey.NAME, descending: bool = False
    ) -> list[int]:
        """Ids of matching people in display order; the list view fetches rows lazily."""
        where, params = self._where(criteria)
        join = (
            "LEFT JOIN organisation o ON o.id = c.organisation_id"
            if sort is SortKey.ORGANISATION
            else ""
        )
        direction = "DESC" if descending else "ASC"
        # Empty values sort last in both directions: nobody wants 20,000 blanks on top.
        nulls = f"({sort.value} IS NULL OR {sort.value} = '')"
        order = f"{nulls}, {sort.value} {direction}, c.sort_name, c.id"
        if sort is SortKey.NAME:
            order = f"c.sort_name {direction}, c.id {direction}"
        elif sort is SortKey.LAST_INTERACTION:
            # Connected On is not an interaction: never-contacted people come after
            # everyone really in touch, in the order they connected.
            order = (
                f"{nulls}, {sort.value} {direction}, (c.connected_on IS NULL), "
                f"c.connected_on {direction}, c.sort_name, c.id"
            )
        sql = f"SELECT c.id FROM contact c {join} {where} ORDER BY {order}"
        return [row[0] for row in self._conn().execute(sql, params)]

    def _where(self, criteria: ContactFilter) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        query = fts_query(criteria.text)
        if query:
            clauses.append("c.id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)")
            params.append(query)
        if criteria.relation:
            clauses.append("c.relation = ?")
            params.append(criteria.relation)
        if criteria.tag:
            clauses.append(
                "c.id IN (SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
                "WHERE t.name = ?)"
            )
            params.append(criteria.tag)
        if criteria.min_closeness:
            clauses.append("c.closeness >= ?")
            params.append(criteria.min_closeness)
        if criteria.scope is Scope.REAL:
            clauses.append("c.relation <> ?")
            params.append(LINKEDIN_ONLY)
        elif criteria.scope is Scope.LINKEDIN_ONLY:
            clauses.append("c.relation = ?")
            params.append(LINKEDIN_ONLY)
        if criteria.relation or criteria.min_closeness or criteria.scope is not Scope.EVERYONE:
            clauses.append(NOT_ME_SQL)  # me has no relationship to filter by
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def rows(self, ids: Sequence[int]) -> dict[int, ContactRow]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        cursor = self._conn().execute(
            "SELECT c.id, c.display_name, coalesce(o.name, ''), c.role, c.relation, c.closeness, "
            f"c.last_interaction, c.connected_on, c.linkedin_url, {IS_ME_SQL} FROM contact c "
            f"LEFT JOIN organisation o ON o.id = c.organisation_id WHERE c.id IN ({marks})",
            list(ids),
        )
        return {row[0]: ContactRow(*row[:-1], is_me=bool(row[-1])) for row in cursor}

    def counts(self) -> Counts:
        """People and real relationships, me left out of both; *listed* counts me too."""
        listed, people, real = (
            self._conn()
            .execute(
                f"SELECT count(*), coalesce(sum({NOT_ME_SQL}), 0), "
                f"coalesce(sum(c.relation <> ? AND {NOT_ME_SQL}), 0) FROM contact c",
                (LINKEDIN_ONLY,),
            )
            .fetchone()
        )
        return Counts(people, real, listed)

    def save_me(self, name: str) -> ContactRecord:
        """The user's own person under *name*: renamed, or created and made the map's
        centre. One profile: the welcome screen, Settings → Mail and every template."""
        me_id = self.me_id()
        record = (
            self.get(me_id) if me_id is not None else ContactRecord(relation="other", closeness=5)
        )
        if me_id is not None and record.display_name == name.strip():
            return record
        record.display_name = name
        record.given_name, record.family_name = "", ""  # derived again from the new name
        with self._db.atomic("IMMEDIATE"):
            saved = self.save(record)
            if me_id is None:
                SettingsStore(self._db).set(ME, str(saved.id))
        return saved

    def me_id(self) -> int | None:
        """The user's own person (the welcome screen's "me"), or None."""
        row = (
            self._conn()
            .execute(
                "SELECT c.id FROM setting s JOIN contact c ON c.id = CAST(s.value AS INTEGER) "
                "WHERE s.key = ?",
                (ME_SETTING,),
            )
            .fetchone()
        )
        return int(row[0]) if row else None

    def tag_names(self) -> list[str]:
        return [
            r[0] for r in self._conn().execute("SELECT name FROM tag ORDER BY name COLLATE NOCASE")
        ]

    def organisation_names(self) -> list[str]:
        return [
            r[0] for r in self._conn().execute("SELECT name FROM organisation ORDER BY name_key")
        ]

    # --- one person, or many ---------------------------------------------

    def get(self, contact_id: int) -> ContactRecord:
        found = self.records([contact_id])
        if not found:
            raise KeyError(contact_id)
        return found[0]

    def records(self, ids: Sequence[int]) -> list[ContactRecord]:
        """Full records in the order of *ids* (missing ids are left out), a few queries in all."""
        by_id: dict[int, ContactRecord] = {}
        conn = self._conn()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(f"{_RECORD_SELECT} WHERE c.id IN ({marks})", chunk):
                by_id[row[0]] = _record_from_row(row)
            for contact_id, tag in conn.execute(
                "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
                f"WHERE ct.contact_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
                chunk,
            ):
                by_id[contact_id].tags.append(tag)
        return [by_id[i] for i in ids if i in by_id]

    def validate(self, record: ContactRecord) -> dict[str, str]:
        """Field name -> message for every problem; empty when the record can be saved."""
        errors: dict[str, str] = {}
        if not (
            record.display_name.strip() or record.given_name.strip() or record.family_name.strip()
        ):
            errors["display_name"] = "A person needs a name."
        bad = [e for e in record.emails if not _EMAIL.match(e.strip())]
        if bad:
            errors["emails"] = f"Not an email address: {bad[0]!r} (expected name@example.org)."
        bad = [p for p in record.phones if not _PHONE.match(p.strip())]
        if bad:
            errors["phones"] = f"Not a phone number: {bad[0]!r}."
        url = record.linkedin_url.strip()
        if url and normalise_linkedin_url(url) is None:
            errors["linkedin_url"] = (
                f"Not a web address: {url!r} (expected https://www.linkedin.com/in/…)."
            )
        if record.relation not in RELATIONS:
            errors["relation"] = f"Unknown kind of relationship: {record.relation!r}."
        if record.closeness not in CLOSENESS_RANGE:
            errors["closeness"] = "Closeness is from 1 (acquaintance) to 5 (very close)."
        if url and "linkedin_url" not in errors:
            duplicate = (
                self._conn()
                .execute(
                    "SELECT display_name FROM contact WHERE linkedin_url = ? AND id IS NOT ?",
                    (normalise_linkedin_url(url), record.id),
                )
                .fetchone()
            )
            if duplicate:
                errors["linkedin_url"] = f"{duplicate[0]} already has this LinkedIn profile."
        return errors

    def save(self, record: ContactRecord, loaded: ContactRecord | None = None) -> ContactRecord:
        """Create or update; returns the saved record. Raises ValidationError, or
        StorageError when the database refuses the write (nothing is saved then).

        *loaded* is the record as the editor loaded it: then only the fields the user
        changed since are written, and every other field keeps what the database holds
        now, so that an import (or another window) that changed this person meanwhile
        is not overwritten with the editor's stale copy.
        """
        try:
            return self._save(record, loaded)
        except (sqlite3.OperationalError, peewee.OperationalError) as error:
            # Typically "database is locked": another program held the write lock for
            # longer than the busy timeout. The transaction was rolled back.
            raise StorageError(str(error)) from error

    def _save(self, record: ContactRecord, loaded: ContactRecord | None) -> ContactRecord:
        record = _normalised(record)
        if loaded is None or record.id is None:
            errors = self.validate(record)
            if errors:
                raise ValidationError(errors)
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            before = self._existing(record.id)
            changed: set[str] | None = None
            if loaded is not None and before is not None:
                changed, record = _merge_changes(record, _normalised(loaded), before)
                errors = self.validate(record)
                if errors:
                    raise ValidationError(errors)
            edited = self._edited_fields(record, before, changed)
            organisation_id = self._organisation_id(record.organisation)
            values = (
                record.given_name,
                record.family_name,
                record.display_name,
                sort_name(record.display_name),
                organisation_id,
                record.role,
                join_lines(record.emails),
                join_lines(record.phones),
                normalise_linkedin_url(record.linkedin_url) if record.linkedin_url else None,
                record.location,
                record.relation,
                record.closeness,
                record.notes,
            )
            now = self._clock.timestamp()
            if before is None:
                record.id = conn.execute(
                    "INSERT INTO contact (given_name, family_name, display_name, sort_name, "
                    "organisation_id, role, emails, phones, linkedin_url, location, "
                    "relation, closeness, notes, source, user_edited, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, record.source, "", now, now),
                ).lastrowid
            else:
                conn.execute(
                    "UPDATE contact SET given_name = ?, family_name = ?, display_name = ?, "
                    "sort_name = ?, organisation_id = ?, role = ?, emails = ?, "
                    "phones = ?, linkedin_url = ?, location = ?, relation = ?, closeness = ?, "
                    "notes = ?, user_edited = ?, updated_at = ? WHERE id = ?",
                    (*values, ",".join(sorted(edited)), now, record.id),
                )
            self._set_tags(record.id, record.tags)
            search_index.reindex(conn, [record.id])
        return self.get(record.id)

    def _existing(self, contact_id: int | None) -> ContactRecord | None:
        if contact_id is None:
            return None
        try:
            return self.get(contact_id)
        except KeyError:
            message = "This person was deleted meanwhile; these changes cannot be saved."
            raise ValidationError({"display_name": message}) from None

    def _edited_fields(
        self, record: ContactRecord, before: ContactRecord | None, changed: set[str] | None
    ) -> set[str]:
        """What the user has edited so far: imports leave these fields alone."""
        if before is None:
            return set()
        stored = (
            self._conn()
            .execute("SELECT user_edited FROM contact WHERE id = ?", (record.id,))
            .fetchone()[0]
        )
        edited = set(filter(None, stored.split(",")))
        if changed is not None:
            return edited | changed
        for name in EDITABLE_FIELDS:
            if getattr(record, name) != getattr(before, name):
                edited.add(name)
        return edited

    def _organisation_id(self, name: str) -> int | None:
        if not name:
            return None
        key = fold(name)
        conn = self._conn()
        row = conn.execute("SELECT id FROM organisation WHERE name_key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
        return int(
            conn.execute(
                "INSERT INTO organisation (name, name_key) VALUES (?, ?)", (name, key)
            ).lastrowid
        )

    def _set_tags(self, contact_id: int, tags: Iterable[str]) -> None:
        conn = self._conn()
        wanted: list[int] = []
        for name in dict.fromkeys(tags):
            row = conn.execute("SELECT id FROM tag WHERE name = ?", (name,)).fetchone()
            tag_id = (
                row[0]
                if row
                else conn.execute("INSERT INTO tag (name) VALUES (?)", (name,)).lastrowid
            )
            wanted.append(tag_id)
        current = {
            r[0]
            for r in conn.execute(
                "SELECT tag_id FROM contact_tag WHERE contact_id = ?", (contact_id,)
            )
        }
        conn.executemany(
            "DELETE FROM contact_tag WHERE contact_id = ? AND tag_id = ?",
            [(contact_id, t) for t in current - set(wanted)],
        )
        conn.executemany(
            "INSERT INTO contact_tag (contact_id, tag_id) VALUES (?, ?)",
            [(contact_id, t) for t in wanted if t not in current],
        )
        conn.execute("DELETE FROM tag WHERE id NOT IN (SELECT tag_id FROM contact_tag)")

    # --- delete and restore ----------------------------------------------

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

    # --- links -----------------------------------------------------------

    def add_link(self, from_id: int, to_id: int, kind: str = "knows", label: str = "") -> int:
        if from_id == to_id:
            raise ValidationError({"link": "A person cannot be linked to themselves."})
        return int(
            self._conn()
            .execute(
                "INSERT INTO link (from_contact_id, to_contact_id, kind, label, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (from_id, to_id, kind, label, self._clock.timestamp()),
            )
            .lastrowid
        )

    def as_export_dicts(self, records: Iterable[ContactRecord]) -> list[dict[str, object]]:
        return [
            {
                "id": r.id,
                "name": r.display_name,
                "organisation": r.organisation,
                "role": r.role,
                "linkedin_url": r.linkedin_url or None,
                "emails": r.emails,
                "phones": r.phones,
                "relation": r.relation,
                "closeness": r.closeness,
                "tags": r.tags,
                "connected_on": r.connected_on,
            }
            for r in records
        ]


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


_RECORD_SELECT = (
    "SELECT c.id, c.given_name, c.family_name, c.display_name, coalesce(o.name, ''), c.role, "
    "c.emails, c.phones, coalesce(c.linkedin_url, ''), c.location, c.relation, c.closeness, "
    "c.notes, c.source, c.connected_on, c.last_interaction, c.created_at, c.updated_at "
    "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id"
)


def _record_from_row(row: tuple) -> ContactRecord:
    (
        cid,
        given,
        family,
        display,
        org,
        role,
        emails,
        phones,
        url,
        location,
        relation,
        closeness,
        notes,
        source,
        connected,
        last,
        created,
        updated,
    ) = row
    return ContactRecord(
        cid,
        given,
        family,
        display,
        org,
        role,
        split_lines(emails),
        split_lines(phones),
        url,
        location,
        relation,
        closeness,
        [],
        notes,
        source,
        connected,
        last,
        created,
        updated,
    )


_LIST_FIELDS = ("emails", "phones", "tags")


def _merge_changes(
    form: ContactRecord, loaded: ContactRecord, current: ContactRecord
) -> tuple[set[str], ContactRecord]:
    """(fields the user changed, the record to save): *current* (the database now) with
    the user's changes to *loaded* (what the editor showed) applied on top.

    A list both sides changed is merged item by item: what the user added is added,
    what they removed is removed, and what arrived meanwhile stays.
    """
    changed = {name for name in EDITABLE_FIELDS if getattr(form, name) != getattr(loaded, name)}
    values: dict[str, object] = {}
    for name in changed:
        mine = getattr(form, name)
        theirs = getattr(current, name)
        if name in _LIST_FIELDS and theirs != getattr(loaded, name):
            mine = _merge_list(getattr(loaded, name), mine, theirs)
        values[name] = mine
    return changed, replace(current, **values)


def _merge_list(loaded: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    removed = {item.casefold() for item in loaded} - {item.casefold() for item in mine}
    known = {item.casefold() for item in loaded}
    kept = [item for item in theirs if item.casefold() not in removed]
    present = {item.casefold() for item in kept}
    added = [item for item in mine if item.casefold() not in known | present]
    return kept + added


def _normalised(record: ContactRecord) -> ContactRecord:
    """Trim every text field; derive the display name when only given/family were typed."""
    cleaned = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if isinstance(value, str) and item.name != "notes":
            cleaned[item.name] = clean_cell(value)
        elif isinstance(value, list):
            cleaned[item.name] = [clean_cell(v) for v in value if clean_cell(v)]
    record = replace(record, **cleaned)
    if not record.display_name:
        record.display_name = f"{record.given_name} {record.family_name}".strip()
    elif not (record.given_name or record.family_name):
        # Only the shown name was typed: "Mia van der Berg" -> "Mia" + "van der Berg".
        given, _, family = record.display_name.partition(" ")
        record.given_name, record.family_name = given, family
    record.emails = [e.lower() if _EMAIL.match(e) else e for e in record.emails]
    return record
