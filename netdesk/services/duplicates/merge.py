"""Merging two people into one, in one transaction, and undoing it exactly.

The kept person takes the chosen fields and every email, phone and tag of both;
everything that named the other person names the kept one (merge_rows.REFERENCES);
the other person is deleted. What the merge changed or deleted is stored as JSON in
person_merge, so that undo puts it all back, also after a restart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import peewee

from netdesk.db.models import Contact, ContactTag, KeepInTouch, MeetingPerson, Merge, Tag
from netdesk.errors import MergeError
from netdesk.services import search_index
from netdesk.services.base import Service
from netdesk.services.changes import NETWORK, announces
from netdesk.services.contacts.deletion import column_rows
from netdesk.services.duplicates import merge_rows
from netdesk.services.duplicates.merge_choices import (
    EXTRAS,
    FIELDS,
    ChosenField,
    default_choices,
    merged_row,
    side_by_side,
)
from netdesk.services.duplicates.merge_rows import Pair, Row, RowChange
from netdesk.services.meetings.search_index import reindex_meeting
from netdesk.services.text import join_lines


@dataclass(frozen=True)
class MergeResult:
    merge_id: int
    kept_id: int
    merged_id: int
    kept_name: str
    merged_name: str
    choices: dict[str, str]
    moved: dict[str, int] = field(default_factory=dict)  # rows now the kept person's
    dropped: dict[str, int] = field(default_factory=dict)  # rows the kept person had too


@dataclass(frozen=True)
class MergeRecord:
    """A merge as Edit → Undo Last Merge names it."""

    merge_id: int
    kept_id: int
    merged_id: int
    merged_name: str
    merged_at: str


class MergeService(Service):
    # --- choosing ---------------------------------------------------------------

    def fields_side_by_side(self, keep_id: int, other_id: int) -> list[ChosenField]:
        """Both people's values, field by field, with the side kept by default."""
        kept, other = self._pair(keep_id, other_id)
        return side_by_side(kept, other)

    def default_choices(self, keep_id: int, other_id: int) -> dict[str, str]:
        kept, other = self._pair(keep_id, other_id)
        return default_choices(kept, other)

    def _pair(self, keep_id: int, other_id: int) -> tuple[Row, Row]:
        if keep_id == other_id:
            raise MergeError(f"#{keep_id} cannot be merged with themselves.")
        return self._person(keep_id), self._person(other_id)

    def _person(self, contact_id: int) -> Row:
        """The contact row, with its organisation's name, keep-in-touch and tags."""
        rows = list(column_rows(Contact, Contact.id == contact_id).bind(self._db))
        if not rows:
            raise MergeError(f"Nobody has the id #{contact_id}.")
        row = rows[0]
        organisation = Contact.organisation.rel_model
        row["organisation_name"] = (
            organisation.select(organisation.name)
            .where(organisation.id == row["organisation_id"])
            .bind(self._db)
            .scalar()
        )
        interval = (
            KeepInTouch.select(KeepInTouch.interval_days, KeepInTouch.stopped)
            .where(KeepInTouch.contact == contact_id)
            .bind(self._db)
            .tuples()
            .first()
        )
        if interval is not None:
            days, stopped = interval
            row["keep_in_touch"] = "stopped" if stopped else f"every {days or 'usual'} days"
        tags = (
            Tag.select(Tag.name)
            .join(ContactTag, on=ContactTag.tag == Tag.id)
            .where(ContactTag.contact == contact_id)
            .order_by(Tag.name)
        )
        row["tags"] = join_lines([name for (name,) in tags.bind(self._db).tuples()])
        return row

    # --- merging ----------------------------------------------------------------

    @announces(NETWORK)
    def merge(
        self, keep_id: int, other_id: int, choices: dict[str, str] | None = None
    ) -> MergeResult:
        """Merge *other_id* into *keep_id* (choices: field -> kept, other or both;
        unnamed fields take the default). Raises MergeError."""
        with self._db.atomic("IMMEDIATE"):  # read and written under one write lock
            kept, other = self._pair(keep_id, other_id)
            chosen = {**default_choices(kept, other), **_checked(choices or {})}
            pair = Pair(
                keep_id,
                other_id,
                chosen["keep_in_touch"] == "other",
                job_from_other=chosen["organisation"] == "other",
                day=self._clock.today().isoformat(),
            )
            changes = merge_rows.plan(self._db, pair)
            merge_rows.apply(self._db, changes)
            Contact.delete().where(Contact.id == other_id).bind(self._db).execute()
            before = _contact_columns(kept)
            after = merged_row(kept, other, chosen, self._clock.timestamp())
            _update_contact(self._db, keep_id, before, after)
            meetings = _meetings(changes)
            self._reindex([keep_id, other_id], meetings)
            snapshot = {
                "kept": before,
                "kept_after": after,
                "other": _contact_columns(other),
                "changes": [change.as_json() for change in changes],
                "meetings": meetings,
                "choices": chosen,
            }
            merge_id = (
                Merge.insert(
                    kept_id=keep_id,
                    merged_id=other_id,
                    merged_name=str(other["display_name"]),
                    snapshot=json.dumps(snapshot, ensure_ascii=False),
                    merged_at=self._clock.timestamp(),
                )
                .bind(self._db)
                .execute()
            )
        return MergeResult(
            int(merge_id),
            keep_id,
            other_id,
            str(after["display_name"]),
            str(other["display_name"]),
            chosen,
            *_counts(changes),
        )

    def _reindex(self, people: list[int], meetings: list[int]) -> None:
        search_index.reindex(self._db.connection(), people)
        for meeting_id in meetings:
            reindex_meeting(self._db, meeting_id)

    # --- undoing ----------------------------------------------------------------

    def last_merge(self) -> MergeRecord | None:
        """The latest merge not undone yet (kept in the database, so across restarts)."""
        row = (
            Merge.select(
                Merge.id, Merge.kept_id, Merge.merged_id, Merge.merged_name, Merge.merged_at
            )
            .where(Merge.undone_at.is_null())
            .order_by(Merge.id.desc())
            .bind(self._db)
            .tuples()
            .first()
        )
        return MergeRecord(*row) if row else None

    @announces(NETWORK)
    def undo(self, merge_id: int) -> MergeRecord:
        """Put back the merged person and everything the merge moved or deleted."""
        with self._db.atomic("IMMEDIATE"):
            merge = Merge.select().where(Merge.id == merge_id).bind(self._db).first()
            if merge is None or merge.undone_at is not None:
                raise MergeError(f"There is no merge #{merge_id} to undo.")
            self._check_undoable(merge)
            snapshot = json.loads(merge.snapshot)
            _update_contact(self._db, merge.kept_id, snapshot["kept_after"], snapshot["kept"])
            merge_rows.reinsert(self._db, Contact, snapshot["other"])
            changes = [RowChange.from_json(item) for item in snapshot["changes"]]
            merge_rows.revert(self._db, changes)
            self._reindex([merge.kept_id, merge.merged_id], snapshot["meetings"])
            Merge.update(undone_at=self._clock.timestamp()).where(Merge.id == merge_id).bind(
                self._db
            ).execute()
        return MergeRecord(
            merge.id, merge.kept_id, merge.merged_id, merge.merged_name, merge.merged_at
        )

    def _check_undoable(self, merge: Merge) -> None:
        people = (merge.kept_id, merge.merged_id)
        later = (
            Merge.select(Merge.id, Merge.merged_name)
            .where(
                Merge.id > merge.id,
                Merge.undone_at.is_null(),
                Merge.kept_id.in_(people) | Merge.merged_id.in_(people),
            )
            .bind(self._db)
            .tuples()
            .first()
        )
        if later is not None:
            raise MergeError(f"Undo the later merge of {later[1]} (#{later[0]}) first.")
        if not Contact.select().where(Contact.id == merge.kept_id).bind(self._db).exists():
            raise MergeError(f"#{merge.kept_id} was deleted since the merge: restore them first.")


def _checked(choices: dict[str, str]) -> dict[str, str]:
    for key, side in choices.items():
        if key not in FIELDS:
            raise MergeError(f"{key!r} is not a field that a merge chooses.")
        if side not in ("kept", "other") and not (key == "notes" and side == "both"):
            raise MergeError(f"{key}: choose 'kept' or 'other', not {side!r}.")
    return choices


def _contact_columns(person: Row) -> Row:
    return {column: value for column, value in person.items() if column not in EXTRAS}


def _update_contact(db: peewee.SqliteDatabase, contact_id: int, now: Row, wanted: Row) -> None:
    values = {Contact._meta.columns[c]: v for c, v in wanted.items() if now.get(c) != v}
    if values:
        Contact.update(values).where(Contact.id == contact_id).bind(db).execute()


def _meetings(changes: list[RowChange]) -> list[int]:
    """The meetings whose people changed (their search rows name them)."""
    table = MeetingPerson._meta.table_name
    return sorted({int(c.before["meeting_id"]) for c in changes if c.table == table})  # type: ignore[arg-type]


def _counts(changes: list[RowChange]) -> tuple[dict[str, int], dict[str, int]]:
    moved: dict[str, int] = {}
    dropped: dict[str, int] = {}
    for change in changes:
        counts = moved if change.after is not None else dropped
        counts[change.table] = counts.get(change.table, 0) + 1
    return moved, dropped
