"""People: listing (sorted and filtered in SQLite), editing and saving; deletion is mixed in."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

import peewee

from netdesk.db.cipher import errors
from netdesk.db.models import Contact, ContactTag, Link, Organisation, Tag
from netdesk.errors import StorageError, ValidationError
from netdesk.services import search_index
from netdesk.services.base import Service
from netdesk.services.changes import Change, announces
from netdesk.services.contacts.deletion import DeletionMixin, delete_unused_tags
from netdesk.services.contacts.merge import merge_changes, normalised
from netdesk.services.contacts.records import (
    EDITABLE_FIELDS,
    EMAIL,
    IS_ME_SQL,
    NOT_ME_SQL,
    PHONE,
    ContactFilter,
    ContactRecord,
    ContactRow,
    Counts,
    SortKey,
    among,
    me_id,
    record_from_row,
    record_query,
)
from netdesk.services.contacts.search import where_sql
from netdesk.services.imports.linkedin_csv import normalise_linkedin_url
from netdesk.services.positions.tracking import follow_current
from netdesk.services.settings import ME, SettingsStore
from netdesk.services.text import fold, join_lines, sort_name
from netdesk.services.vocabulary import CLOSENESS_RANGE, LINKEDIN_ONLY, RELATIONS


class ContactService(DeletionMixin, Service):
    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    # --- listing ---------------------------------------------------------

    def query_ids(
        self, criteria: ContactFilter, sort: SortKey = SortKey.NAME, descending: bool = False
    ) -> list[int]:
        """Ids of matching people in display order; the list view fetches rows lazily."""
        where, params = where_sql(criteria)
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
        # Plain SQL: the contact list's hot path at 30,000 people (FTS5 MATCH, an order
        # chosen per column); benchmarks/bench_foundation.py measures it per keystroke.
        sql = f"SELECT c.id FROM contact c {join} {where} ORDER BY {order}"
        return [row[0] for row in self._conn().execute(sql, params)]

    def rows(self, ids: Sequence[int]) -> dict[int, ContactRow]:
        if not ids:
            return {}
        # Plain SQL: the list fetches its visible rows on every keystroke, and building
        # this query with peewee takes 0.65 ms against 0.2 ms (bench_foundation's search).
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
        # Plain SQL, like query_ids: it runs with every change to the list at 30,000 people.
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

    @announces(Change.PEOPLE)
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
        return me_id(self._db)

    def tag_names(self) -> list[str]:
        names = Tag.select(Tag.name).order_by(Tag.name.collate("NOCASE"))
        return [name for (name,) in names.bind(self._db).tuples()]

    def organisation_names(self) -> list[str]:
        names = Organisation.select(Organisation.name).order_by(Organisation.name_key)
        return [name for (name,) in names.bind(self._db).tuples()]

    # --- one person, or many ---------------------------------------------

    def get(self, contact_id: int) -> ContactRecord:
        found = self.records([contact_id])
        if not found:
            raise KeyError(contact_id)
        return found[0]

    def records(self, ids: Sequence[int]) -> list[ContactRecord]:
        """Full records in the order of *ids* (missing ids are left out), two queries in all."""
        by_id = {row["id"]: record_from_row(row) for row in record_query(ids).bind(self._db)}
        tags = (
            ContactTag.select(ContactTag.contact_id, Tag.name)
            .join(Tag, on=Tag.id == ContactTag.tag_id)
            .where(among(ContactTag.contact_id, ids))
            .order_by(Tag.name.collate("NOCASE"))
            .bind(self._db)
            .tuples()
        )
        for contact_id, tag in tags:
            by_id[contact_id].tags.append(tag)
        return [by_id[i] for i in ids if i in by_id]

    def validate(self, record: ContactRecord) -> dict[str, str]:
        """Field name -> message for every problem; empty when the record can be saved."""
        errors: dict[str, str] = {}
        if not (
            record.display_name.strip() or record.given_name.strip() or record.family_name.strip()
        ):
            errors["display_name"] = "A person needs a name."
        bad = [e for e in record.emails if not EMAIL.match(e.strip())]
        if bad:
            errors["emails"] = f"Not an email address: {bad[0]!r} (expected name@example.org)."
        bad = [p for p in record.phones if not PHONE.match(p.strip())]
        if bad:
            errors["phones"] = f"Not a phone number: {bad[0]!r}."
        url = record.linkedin_url.strip()
        if url and normalise_linkedin_url(url) is None:
            errors["linkedin_url"] = (
                f"Not a LinkedIn profile address: {url!r} (expected https://www.linkedin.com/in/…)."
            )
        if record.relation not in RELATIONS:
            errors["relation"] = f"Unknown kind of relationship: {record.relation!r}."
        if record.closeness not in CLOSENESS_RANGE:
            errors["closeness"] = "Closeness is from 1 (acquaintance) to 5 (very close)."
        if url and "linkedin_url" not in errors:
            same_profile = [Contact.linkedin_url == normalise_linkedin_url(url)]
            if record.id is not None:
                same_profile.append(Contact.id != record.id)
            duplicate = (
                Contact.select(Contact.display_name).where(*same_profile).bind(self._db).scalar()
            )
            if duplicate:
                errors["linkedin_url"] = f"{duplicate} already has this LinkedIn profile."
        return errors

    @announces(Change.PEOPLE)
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
        except (*errors("OperationalError"), peewee.OperationalError) as error:
            # Typically "database is locked": another program held the write lock for
            # longer than the busy timeout. The transaction was rolled back.
            raise StorageError(str(error)) from error

    def _save(self, record: ContactRecord, loaded: ContactRecord | None) -> ContactRecord:
        record = normalised(record)
        if loaded is None or record.id is None:
            errors = self.validate(record)
            if errors:
                raise ValidationError(errors)
        with self._db.atomic("IMMEDIATE"):
            before = self._existing(record.id)
            changed: set[str] | None = None
            if loaded is not None and before is not None:
                changed, record = merge_changes(record, normalised(loaded), before)
                errors = self.validate(record)
                if errors:
                    raise ValidationError(errors)
            edited = self._edited_fields(record, before, changed)
            organisation_id = self._organisation_id(record.organisation)
            values = {
                Contact.given_name: record.given_name,
                Contact.family_name: record.family_name,
                Contact.display_name: record.display_name,
                Contact.sort_name: sort_name(record.display_name),
                Contact.organisation: organisation_id,
                Contact.role: record.role,
                Contact.emails: join_lines(record.emails),
                Contact.phones: join_lines(record.phones),
                Contact.linkedin_url: (
                    normalise_linkedin_url(record.linkedin_url) if record.linkedin_url else None
                ),
                Contact.location: record.location,
                Contact.relation: record.relation,
                Contact.closeness: record.closeness,
                Contact.notes: record.notes,
                Contact.track_mail: bool(record.track_mail),
            }
            now = self._clock.timestamp()
            if before is None:
                values |= {
                    Contact.source: record.source,
                    Contact.user_edited: "",
                    Contact.created_at: now,
                    Contact.updated_at: now,
                }
                record.id = Contact.insert(values).bind(self._db).execute()
            else:
                values |= {Contact.user_edited: ",".join(sorted(edited)), Contact.updated_at: now}
                Contact.update(values).where(Contact.id == record.id).bind(self._db).execute()
            self._set_tags(record.id, record.tags)
            follow_current(self._conn(), [record.id], self._clock.today().isoformat(), now)
            search_index.reindex(self._conn(), [record.id])
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
            Contact.select(Contact.user_edited)
            .where(Contact.id == record.id)
            .bind(self._db)
            .scalar()
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
        found = (
            Organisation.select(Organisation.id)
            .where(Organisation.name_key == key)
            .bind(self._db)
            .scalar()
        )
        if found is not None:
            return int(found)
        return int(Organisation.insert(name=name, name_key=key).bind(self._db).execute())

    def _set_tags(self, contact_id: int, tags: Iterable[str]) -> None:
        wanted: list[int] = []
        for name in dict.fromkeys(tags):
            tag_id = Tag.select(Tag.id).where(Tag.name == name).bind(self._db).scalar()
            if tag_id is None:
                tag_id = Tag.insert(name=name).bind(self._db).execute()
            wanted.append(tag_id)
        of_contact = ContactTag.contact_id == contact_id
        current = {
            tag_id
            for (tag_id,) in ContactTag.select(ContactTag.tag_id)
            .where(of_contact)
            .bind(self._db)
            .tuples()
        }
        unwanted = current - set(wanted)
        if unwanted:
            ContactTag.delete().where(of_contact, ContactTag.tag_id.in_(unwanted)).bind(
                self._db
            ).execute()
        added = [(contact_id, tag_id) for tag_id in wanted if tag_id not in current]
        if added:
            ContactTag.insert_many(added, fields=[ContactTag.contact, ContactTag.tag]).bind(
                self._db
            ).execute()
        delete_unused_tags(self._db)

    # --- links -----------------------------------------------------------

    @announces(Change.LINKS)
    def add_link(self, from_id: int, to_id: int, kind: str = "knows", label: str = "") -> int:
        if from_id == to_id:
            raise ValidationError({"link": "A person cannot be linked to themselves."})
        return int(
            Link.insert(
                from_contact=from_id,
                to_contact=to_id,
                kind=kind,
                label=label,
                created_at=self._clock.timestamp(),
            )
            .bind(self._db)
            .execute()
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
