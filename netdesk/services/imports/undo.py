"""Undoing the last import batch: what it would remove, keep and restore, and doing it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import peewee
from peewee import fn

from netdesk.db.models import (
    Application,
    Contact,
    ContactTag,
    ImportBatch,
    ImportChange,
    Interaction,
    KeepInTouch,
    Link,
    Meeting,
    MeetingPerson,
    Organisation,
    Outreach,
    Referral,
    Tag,
    Target,
    Todo,
)
from netdesk.errors import NothingToUndo
from netdesk.services import search_index
from netdesk.services.changes import NETWORK, announces
from netdesk.services.clock import Clock
from netdesk.services.contacts.records import among
from netdesk.services.imports.incoming import IMPORT_OWNED
from netdesk.services.imports.jobs_undo import job_search_counts, undo_job_search
from netdesk.services.positions.tracking import follow_current, undo_batch
from netdesk.services.text import (
    count_of,
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
    job_search: int = 0  # applications and target organisations it added, to be deleted

    def describe(self) -> str:
        parts = []
        if self.job_search:
            jobs = count_of(self.job_search, "application or target", "applications and targets")
            parts.append(f"removes the {jobs} it added")
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
    job_search: int = 0  # applications and target organisations removed

    def describe(self) -> str:
        if self.job_search and not (self.removed or self.restored or self.kept):
            removed = count_of(self.job_search, "application or target", "applications and targets")
            return f"Undid the import of {self.file_name}: {removed} removed."
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


class ImportUndo:
    """ImportService's undo of its last batch (needs self._db and self._clock)."""

    _db: peewee.SqliteDatabase
    _clock: Clock

    def last_batch(self) -> BatchInfo | None:
        row = (
            ImportBatch.select(
                ImportBatch.id,
                ImportBatch.file_name,
                ImportBatch.imported_at,
                ImportBatch.added,
                ImportBatch.updated,
            )
            .where(ImportBatch.undone_at.is_null())
            .order_by(ImportBatch.id.desc())
            .bind(self._db)
            .dicts()
            .first()
        )
        return BatchInfo(**row) if row else None

    def undo_preview(self) -> UndoPreview | None:
        """How many people undoing the last import would remove, keep and restore."""
        batch = self.last_batch()
        if batch is None:
            return None
        scope = _Scope.of(self._db, batch)
        added, kept = (
            Contact.select(fn.COUNT(Contact.id), fn.COALESCE(fn.SUM(scope.worked_on()), 0))
            .where(Contact.import_batch_id == batch.id)
            .bind(self._db)
            .tuples()
            .get()
        )
        meetings = scope.sample_meetings().bind(self._db).count() if scope.sample else 0
        restored = (
            ImportChange.select()
            .join(Contact, on=Contact.id == ImportChange.entity_id)
            .where(
                ImportChange.batch_id == batch.id,
                ImportChange.entity == "contact",
                ImportChange.action == "updated",
            )
            .bind(self._db)
            .count()
        )
        job_search, _kept = job_search_counts(self._db.connection(), batch.id, batch.imported_at)
        return UndoPreview(batch, added - kept, kept, restored, meetings, job_search)

    @announces(NETWORK)
    def undo_last_import(self) -> UndoResult:
        """Remove what the last import added and restore what it updated.

        People it added whom the user has worked on since (edited, tagged, met, linked,
        referred, given a to-do) are kept: they leave the batch and become the user's own.
        """
        batch = self.last_batch()
        if batch is None:
            raise NothingToUndo("There is no import to undo.")
        db = self._db
        with db.atomic("IMMEDIATE"):
            scope = _Scope.of(db, batch)
            kept = [
                contact_id
                for (contact_id,) in Contact.select(Contact.id)
                .where(Contact.import_batch_id == batch.id, scope.worked_on())
                .bind(db)
                .tuples()
            ]
            if scope.sample:
                _remove_sample_activity(db, scope, kept)
            Contact.update(import_batch=None).where(among(Contact.id, kept)).bind(db).execute()
            restored = 0
            undo_batch(db.connection(), batch.id)  # job changes it showed
            changes = list(
                ImportChange.select(ImportChange.entity_id, ImportChange.previous)
                .where(ImportChange.batch_id == batch.id, ImportChange.action == "updated")
                .bind(db)
                .tuples()
            )
            for contact_id, previous_json in changes:
                restored += _restore_contact(db, contact_id, json.loads(previous_json))
            follow_current(  # a correction an import made is taken back in place too
                db.connection(),
                [contact_id for contact_id, _ in changes],
                self._clock.today().isoformat(),
                self._clock.timestamp(),
            )
            search_index.reindex(db.connection(), [contact_id for contact_id, _ in changes])
            removed = Contact.delete().where(Contact.import_batch_id == batch.id).bind(db).execute()
            job_search, _kept = undo_job_search(db.connection(), batch.id, batch.imported_at)
            used_organisations = Contact.select(Contact.organisation_id).where(
                Contact.organisation_id.is_null(False)
            )
            Organisation.delete().where(
                Organisation.id.in_(_added(batch, "organisation")),
                Organisation.id.not_in(used_organisations),
                # A target or an application on it, the user's or one kept, holds it.
                Organisation.id.not_in(Target.select(Target.organisation)),
                Organisation.id.not_in(
                    Application.select(Application.organisation).where(
                        Application.organisation.is_null(False)
                    )
                ),
            ).bind(db).execute()
            Tag.delete().where(
                Tag.id.in_(_added(batch, "tag")),
                Tag.id.not_in(ContactTag.select(ContactTag.tag_id)),
            ).bind(db).execute()
            ImportBatch.update(undone_at=self._clock.timestamp()).where(
                ImportBatch.id == batch.id
            ).bind(db).execute()
        return UndoResult(batch.file_name, removed, restored, len(kept), job_search)


def _added(batch: BatchInfo, entity: str) -> peewee.ModelSelect:
    """The ids of the organisations or tags an import added."""
    return ImportChange.select(ImportChange.entity_id).where(
        ImportChange.batch_id == batch.id,
        ImportChange.entity == entity,
        ImportChange.action == "added",
    )


@dataclass(frozen=True)
class _Scope:
    """What is the import's own and what is the user's work, for one batch."""

    batch: int
    imported_at: str
    sample: bool

    @staticmethod
    def of(db: peewee.SqliteDatabase, batch: BatchInfo) -> _Scope:
        source = ImportBatch.select(ImportBatch.source).where(ImportBatch.id == batch.id)
        return _Scope(batch.id, batch.imported_at, source.bind(db).scalar() == "sample")

    def _not_the_samples(self, created_at: peewee.Field) -> list[peewee.Expression]:
        """The sample network writes its own rows, stamped with the import's time or
        earlier: nothing about its people can be older than the import."""
        return [created_at > self.imported_at] if self.sample else []

    def worked_on(self) -> peewee.Expression:
        """True for a person (Contact) whom the user has worked on since the import:
        they edited or tagged them in the editor, or they are in a meeting, a referral,
        a to-do, a logged interaction, outreach, a keep-in-touch setting, or a link
        other than those the import itself made. A sample meeting edited since is the
        user's work."""
        meeting_is_users = (
            [(Meeting.created_at > self.imported_at) | (Meeting.updated_at > self.imported_at)]
            if self.sample
            else []
        )
        about_them = [
            MeetingPerson.select()
            .join(Meeting, on=Meeting.id == MeetingPerson.meeting_id)
            .where(MeetingPerson.contact_id == Contact.id, *meeting_is_users),
            *(
                model.select().where(field == Contact.id, *self._not_the_samples(model.created_at))
                for model, field in _ACTIVITY
            ),
            KeepInTouch.select().where(KeepInTouch.contact_id == Contact.id),
            *(self._links_not_made_by_import(mine, other) for mine, other in _LINK_ENDS),
        ]
        condition = Contact.user_edited != ""
        for rows in about_them:
            condition |= fn.EXISTS(rows)
        return condition

    def _links_not_made_by_import(
        self, mine: peewee.Field, other: peewee.Field
    ) -> peewee.ModelSelect:
        """Links at one end of a person that the import did not make (it links its own
        people at its own instant)."""
        other_person = Contact.alias("other_person")
        made_by_import = (Link.created_at == self.imported_at) & (
            other_person.import_batch_id >> self.batch
        )
        return (
            Link.select()
            .join(other_person, on=other_person.id == other)
            .where(mine == Contact.id, ~made_by_import)
        )

    def people(self) -> peewee.ModelSelect:
        return Contact.select(Contact.id).where(Contact.import_batch_id == self.batch)

    def sample_meetings(self) -> peewee.ModelSelect:
        """The sample's own meetings: written by the import with its people, and not
        edited since."""
        with_its_people = (
            MeetingPerson.select(MeetingPerson.meeting_id)
            .join(Contact, on=Contact.id == MeetingPerson.contact_id)
            .where(Contact.import_batch_id == self.batch)
        )
        return Meeting.select(Meeting.id).where(
            Meeting.created_at <= self.imported_at,
            Meeting.updated_at <= self.imported_at,
            Meeting.id.in_(with_its_people),
        )


# Activity about a person: by model and the field naming the person.
_ACTIVITY = (
    (Referral, Referral.from_contact),
    (Referral, Referral.to_contact),
    (Todo, Todo.contact),
    (Interaction, Interaction.contact),
    (Outreach, Outreach.contact),
)
# A link's two ends: the person's, and the other person's.
_LINK_ENDS = ((Link.from_contact, Link.to_contact), (Link.to_contact, Link.from_contact))


def batch_people(conn: sqlite3.Connection, batch_id: int) -> Iterator[tuple[int, str, str]]:
    """(id, identity, emails) of each person an import batch added. The identity is the
    profile URL, else the name key: IncomingPerson.linkedin_url or IncomingPerson.key."""
    # Plain SQL on the connection: the bulk import (and the address-book import) call
    # this inside their own executemany-based writes, with up to 30,000 people.
    for cid, url, display, organisation, emails in conn.execute(
        "SELECT c.id, c.linkedin_url, c.display_name, coalesce(o.name, ''), c.emails "
        "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id "
        "WHERE c.import_batch_id = ?",
        (batch_id,),
    ):
        yield cid, url or name_key(display, organisation), emails


def _restore_contact(db: peewee.SqliteDatabase, contact_id: int, previous: dict) -> int:
    """Put back what an import changed, except fields the user has edited since."""
    row = (
        Contact.select(
            Contact.given_name,
            Contact.family_name,
            Contact.display_name,
            fn.COALESCE(Organisation.name, "").alias("organisation"),
            Contact.role,
            Contact.linkedin_url,
            Contact.connected_on,
            Contact.emails,
            Contact.user_edited,
            Contact.organisation_id.alias("organisation_id"),
            Contact.updated_at,
        )
        .join(Organisation, peewee.JOIN.LEFT_OUTER, on=Organisation.id == Contact.organisation)
        .where(Contact.id == contact_id)
        .bind(db)
        .dicts()
        .first()
    )
    if row is None:  # deleted by the user since the import
        return 0
    current = {name: row[name] for name in IMPORT_OWNED}
    emails, organisation_id = row["emails"], row["organisation_id"]
    edited = set(row["user_edited"].split(","))
    for name in IMPORT_OWNED:
        if name in previous and name not in edited:
            current[name] = previous[name]
            if name == "organisation":
                organisation_id = previous["organisation_id"]
    if previous.get("added_email"):
        emails = join_lines([e for e in split_lines(emails) if e != previous["added_email"]])
    display = str(current["display_name"])
    values = {
        Contact.given_name: current["given_name"],
        Contact.family_name: current["family_name"],
        Contact.display_name: display,
        Contact.sort_name: sort_name(display),
        Contact.organisation: organisation_id,
        Contact.role: current["role"],
        Contact.linkedin_url: current["linkedin_url"],
        Contact.connected_on: current["connected_on"],
        Contact.emails: emails,
    }
    if row["updated_at"] == previous.get("imported_at") and previous.get("updated_at") is not None:
        values[Contact.updated_at] = previous["updated_at"]  # nobody has touched it since
    Contact.update(values).where(Contact.id == contact_id).bind(db).execute()
    added_tags = previous.get("added_tag_ids") or []
    if added_tags:
        ContactTag.delete().where(
            ContactTag.contact_id == contact_id, ContactTag.tag_id.in_(added_tags)
        ).bind(db).execute()
    return 1


def _remove_sample_activity(db: peewee.SqliteDatabase, scope: _Scope, kept: list[int]) -> None:
    """Undoing the sample: its own meetings, referrals, to-dos, interactions and outreach
    go, also those of people kept because the user worked on them (their last-interaction
    dates then count from what is left)."""
    Meeting.delete().where(Meeting.id.in_(scope.sample_meetings())).bind(db).execute()
    for model, field in _ACTIVITY:
        model.delete().where(model.created_at <= scope.imported_at, field.in_(scope.people())).bind(
            db
        ).execute()
    # Kept as SQL: one correlated UNION of interactions and held meetings per person,
    # which peewee's query builder only spells less clearly.
    db.connection().executemany(
        "UPDATE contact SET last_interaction = (SELECT max(day) FROM ("
        "  SELECT substr(occurred_at, 1, 10) AS day FROM interaction WHERE contact_id = :id "
        "  UNION ALL SELECT substr(m.starts_at, 1, 10) FROM meeting m "
        "  JOIN meeting_person mp ON mp.meeting_id = m.id "
        "  WHERE mp.contact_id = :id AND m.status = 'held')) WHERE id = :id",
        [{"id": contact_id} for contact_id in kept],
    )
