"""Deleting people with everything that hangs on them, and putting it all back."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import peewee

from netdesk.db.models import (
    BaseModel,
    Contact,
    ContactTag,
    ImportBatch,
    Interaction,
    KeepInTouch,
    Link,
    MapPosition,
    Meeting,
    MeetingPerson,
    Organisation,
    Outreach,
    Referral,
    Tag,
    Todo,
)
from netdesk.services import search_index
from netdesk.services.changes import NETWORK, announces


@dataclass(frozen=True)
class DeletedContacts:
    """A snapshot of deleted people, enough to put them back exactly."""

    rows: list[dict[str, object]]
    tags: list[tuple[int, str]]
    related: dict[str, list[dict[str, object]]]  # links, meeting places, referrals

    def __len__(self) -> int:
        return len(self.rows)


class DeletionMixin:
    """ContactService's delete and restore (it supplies the database, organisations, tags)."""

    _db: peewee.SqliteDatabase

    def _organisation_id(self, name: str) -> int | None:
        raise NotImplementedError

    def _set_tags(self, contact_id: int, tags: Iterable[str]) -> None:
        raise NotImplementedError

    @announces(NETWORK)
    def delete(self, ids: Sequence[int]) -> DeletedContacts:
        """Delete people with everything that hangs on them; the snapshot restores it all."""
        ids = list(ids)
        rows: list[dict[str, object]] = []
        tags: list[tuple[int, str]] = []
        related: dict[str, dict[tuple, dict[str, object]]] = {
            model._meta.table_name: {} for model in _DEPENDENT
        }
        with self._db.atomic("IMMEDIATE"):
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows.extend(column_rows(Contact, Contact.id.in_(chunk)).bind(self._db))
                tags.extend(
                    ContactTag.select(ContactTag.contact_id, Tag.name)
                    .join(Tag, on=Tag.id == ContactTag.tag_id)
                    .where(ContactTag.contact_id.in_(chunk))
                    .bind(self._db)
                    .tuples()
                )
                for model, fields in _DEPENDENT.items():
                    naming = functools.reduce(operator.or_, (f.in_(chunk) for f in fields))
                    for row in column_rows(model, naming).bind(self._db):
                        related[model._meta.table_name][tuple(row.values())] = row
                Contact.delete().where(Contact.id.in_(chunk)).bind(self._db).execute()
            delete_unused_tags(self._db)
        names = self._organisation_names({row["organisation_id"] for row in rows})
        for row in rows:  # the organisation may be gone by the time we restore
            row["organisation_name"] = names.get(row["organisation_id"])
        return DeletedContacts(rows, tags, {t: list(r.values()) for t, r in related.items()})

    def _organisation_names(self, ids: set[object]) -> dict[object, str]:
        wanted = [i for i in ids if i is not None]
        names: dict[object, str] = {}
        for start in range(0, len(wanted), 500):
            names.update(
                Organisation.select(Organisation.id, Organisation.name)
                .where(Organisation.id.in_(wanted[start : start + 500]))
                .bind(self._db)
                .tuples()
            )
        return names

    @announces(NETWORK)
    def restore(self, snapshot: DeletedContacts) -> None:
        """Put deleted people back with their original ids, tags, links, meetings, referrals."""
        with self._db.atomic("IMMEDIATE"):
            live_batches = {
                batch_id
                for (batch_id,) in ImportBatch.select(ImportBatch.id)
                .where(ImportBatch.undone_at.is_null())
                .bind(self._db)
                .tuples()
            }
            for row in snapshot.rows:
                row = dict(row)
                org_name = row.pop("organisation_name")
                row["organisation_id"] = self._organisation_id(org_name) if org_name else None
                if row.get("import_batch_id") not in live_batches:
                    row["import_batch_id"] = None
                insert_columns(Contact, row).bind(self._db).execute()
            by_contact: dict[int, list[str]] = {}
            for contact_id, tag in snapshot.tags:
                by_contact.setdefault(contact_id, []).append(tag)
            for contact_id, names in by_contact.items():
                self._set_tags(contact_id, names)
            search_index.reindex(self._db.connection(), [row["id"] for row in snapshot.rows])
            self._restore_related(snapshot.related)

    def _restore_related(self, related: dict[str, list[dict]]) -> None:
        people = {r[0] for r in Contact.select(Contact.id).bind(self._db).tuples()}
        meetings = {r[0] for r in Meeting.select(Meeting.id).bind(self._db).tuples()}
        for model, fields in _DEPENDENT.items():
            for row in related.get(model._meta.table_name, []):
                # Whatever else was deleted meanwhile stays deleted.
                if any(row[field.column_name] not in people for field in fields):
                    continue
                if row.get("meeting_id") is not None and row["meeting_id"] not in meetings:
                    continue
                insert_columns(model, row).on_conflict_ignore().bind(self._db).execute()


# Rows that name a person and disappear with them (ON DELETE CASCADE), by the fields
# that name them. The snapshot keys them by table name, as it always has.
_DEPENDENT: dict[type[BaseModel], tuple[peewee.Field, ...]] = {
    Link: (Link.from_contact, Link.to_contact),
    MeetingPerson: (MeetingPerson.contact,),
    Referral: (Referral.from_contact, Referral.to_contact),
    Todo: (Todo.contact,),
    MapPosition: (MapPosition.contact,),
    Interaction: (Interaction.contact,),
    KeepInTouch: (KeepInTouch.contact,),
    Outreach: (Outreach.contact,),  # via_contact_id has no foreign key: it survives as is
}


def column_rows(model: type[BaseModel], where: peewee.Expression) -> peewee.ModelSelect:
    """Whole rows as dicts keyed by column name (organisation_id, not organisation)."""
    columns = [field.alias(field.column_name) for field in model._meta.sorted_fields]
    return model.select(*columns).where(where).dicts()


def insert_columns(model: type[BaseModel], row: dict[str, object]) -> peewee.ModelInsert:
    """An insert of a row keyed by column name, as column_rows reads them."""
    return model.insert({model._meta.columns[name]: value for name, value in row.items()})


def delete_unused_tags(db: peewee.SqliteDatabase) -> None:
    Tag.delete().where(Tag.id.not_in(ContactTag.select(ContactTag.tag_id))).bind(db).execute()
