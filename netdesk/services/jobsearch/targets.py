"""Target organisations: one row each, its stage in the search and notes, with the
people the user knows there now and formerly and what happened there so far."""

from __future__ import annotations

from collections.abc import Mapping

import peewee

from netdesk.db.models import Application, Organisation, Target
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, announces
from netdesk.services.jobsearch import there
from netdesk.services.jobsearch.records import (
    TARGET_STAGES,
    Deleted,
    TargetRecord,
    check_choice,
    organisation_id,
)

_COLUMNS = (Target.id, Target.organisation, Organisation.name, Target.stage, Target.notes,
            Target.source)  # fmt: skip


def follow_application(
    db: peewee.SqliteDatabase, organisation: int | None, stage: str | None, now: str
) -> None:
    """An application at *organisation* reached target *stage*: its target is made if
    missing and moved forward if behind (a closed target stays closed: the user ended
    the search there)."""
    if organisation is None or stage is None:
        return
    row = Target.select(Target.id, Target.stage).where(Target.organisation == organisation)
    found = row.bind(db).tuples().first()
    if found is None:
        values = {"organisation": organisation, "stage": stage, "created_at": now}
        Target.insert(**values, updated_at=now).bind(db).execute()
        return
    target_id, current = found
    if current != "closed" and TARGET_STAGES.index(current) < TARGET_STAGES.index(stage):
        Target.update(stage=stage, updated_at=now).where(Target.id == target_id).bind(db).execute()


class TargetService(Service):
    # --- reading ---------------------------------------------------------

    def list(
        self, stage: str | None = None, *, held: Mapping[int, set[int]] | None = None
    ) -> list[TargetRecord]:
        """Every target (or those at *stage*) by organisation name, each with the
        people there now and formerly, its applications and conversations. *held*:
        `there.held_meetings` when already read (the Search page shares it with the
        funnel), covering at least the targets' organisations."""
        query = Target.select(*_COLUMNS).join(Organisation)
        if stage is not None:
            query = query.where(Target.stage == stage)
        rows = list(query.order_by(Organisation.name_key).bind(self._db).tuples())
        return self._summaries(rows, held)

    def get(self, target_id: int) -> TargetRecord:
        query = Target.select(*_COLUMNS).join(Organisation).where(Target.id == target_id)
        rows = list(query.bind(self._db).tuples())
        if not rows:
            raise KeyError(target_id)
        return self._summaries(rows)[0]

    def find(self, organisation: str) -> TargetRecord | None:
        """The target at the organisation of this name (any case), if there is one."""
        found = organisation_id(self._db, organisation, create=False)
        if found is None:
            return None
        target_id = Target.select(Target.id).where(Target.organisation == found)
        target_id = target_id.bind(self._db).scalar()
        return None if target_id is None else self.get(target_id)

    def _summaries(
        self, rows: list[tuple], held: Mapping[int, set[int]] | None = None
    ) -> list[TargetRecord]:
        ids = [row[1] for row in rows]
        now, before = there.people_now(self._db, ids), there.people_before(self._db, ids)
        if held is None:
            held = there.held_meetings(self._db, ids)
        counts = dict(
            Application.select(Application.organisation, peewee.fn.count(Application.id))
            .where(Application.organisation.in_(ids))
            .group_by(Application.organisation)
            .bind(self._db)
            .tuples()
        )
        return [
            TargetRecord(
                tid,
                org,
                name,
                stage,
                notes,
                source,
                tuple(now.get(org, ())),
                tuple(before.get(org, ())),
                counts.get(org, 0),
                len(held.get(org, ())),
            )
            for tid, org, name, stage, notes, source in rows
        ]

    # --- writing ---------------------------------------------------------

    @announces(Change.JOB_SEARCH | Change.PEOPLE)  # a new organisation is the people's too
    def add(self, organisation: str, stage: str = "exploring", notes: str = "") -> TargetRecord:
        check_choice("stage", stage, TARGET_STAGES)
        if not organisation.strip():
            raise ValidationError({"organisation": "Which organisation?"})
        with self._db.atomic("IMMEDIATE"):
            org = organisation_id(self._db, organisation)
            if Target.select().where(Target.organisation == org).bind(self._db).exists():
                raise ValidationError({"organisation": f"{organisation} is already a target."})
            now = self._clock.timestamp()
            target_id = (
                Target.insert(
                    organisation=org, stage=stage, notes=notes, created_at=now, updated_at=now
                )
                .bind(self._db)
                .execute()
            )
        return self.get(target_id)

    @announces(Change.JOB_SEARCH)
    def update(
        self, target_id: int, *, stage: str | None = None, notes: str | None = None
    ) -> TargetRecord:
        values: dict = {}
        if stage is not None:
            check_choice("stage", stage, TARGET_STAGES)
            values[Target.stage] = stage
        if notes is not None:
            values[Target.notes] = notes
        values[Target.updated_at] = self._clock.timestamp()
        changed = Target.update(values).where(Target.id == target_id).bind(self._db).execute()
        if not changed:
            raise KeyError(target_id)
        return self.get(target_id)

    @announces(Change.JOB_SEARCH)
    def remove(self, target_id: int) -> Deleted:
        """Stop targeting the organisation (its applications stay); returns what
        `restore` needs to bring the target back."""
        with self._db.atomic("IMMEDIATE"):
            row = Target.select().where(Target.id == target_id).bind(self._db).dicts().first()
            if row is None:
                raise KeyError(target_id)
            Target.delete().where(Target.id == target_id).bind(self._db).execute()
        return Deleted("target", row)

    @announces(Change.JOB_SEARCH)
    def restore(self, deleted: Deleted) -> TargetRecord:
        """Undo `remove`: the same target, id and all (unless the organisation was
        targeted again meanwhile: then that target keeps the stage it has now)."""
        row = deleted.row
        with self._db.atomic("IMMEDIATE"):
            there_still = Organisation.select().where(Organisation.id == row["organisation"])
            if not there_still.bind(self._db).exists():  # deleted meanwhile: nothing to restore
                raise KeyError(row["id"])
            Target.insert(row).on_conflict_ignore().bind(self._db).execute()
            found = Target.select(Target.id).where(Target.organisation == row["organisation"])
            target_id = found.bind(self._db).scalar()
        return self.get(target_id)
