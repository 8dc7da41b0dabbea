"""Applications: where, which role, how it came about, and its dated steps (applied,
screen, interview rounds 1, 2, …, offer, rejected, withdrawn). The organisation's target
follows an application forward; Today asks about next actions and long silences."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import peewee

from netdesk.db.models import Application, ApplicationStep, Contact, Organisation
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import me_id
from netdesk.services.jobsearch import there
from netdesk.services.jobsearch.funnel import Funnel, funnel
from netdesk.services.jobsearch.records import (
    APPLICATION_STAGES,
    OPEN_STAGES,
    SOURCES,
    TARGET_FOR_APPLICATION,
    ApplicationRecord,
    Deleted,
    Person,
    StepRecord,
    check_choice,
    organisation_id,
)
from netdesk.services.jobsearch.targets import follow_application
from netdesk.services.jobsearch.warm import NetworkCache, WayIn, way_in

TYPE_CHECKING = False  # the graph's modules load only with the map or the Search page
if TYPE_CHECKING:
    from netdesk.services.network.service import GraphService

WAIT_DAYS = 14  # "no answer for 14 days: follow up?"
TEXT_FIELDS = ("role", "link", "next_action", "resume_file", "cover_letter_file", "notes")
DAY_FIELDS = ("applied_on", "due_on")
_SELECT = (
    "SELECT a.id, a.organisation_id, coalesce(o.name, ''), a.role, a.link, a.applied_on, "
    "a.source, a.referrer_id, coalesce(c.display_name, ''), a.stage, a.next_action, a.due_on, "
    "a.resume_file, a.cover_letter_file, a.notes, "
    "(SELECT max(s.on_day) FROM application_step s WHERE s.application_id = a.id) "
    "FROM application a LEFT JOIN organisation o ON o.id = a.organisation_id "
    "LEFT JOIN contact c ON c.id = a.referrer_id"
)


def _day(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value or None


class ApplicationService(Service):
    def __init__(
        self, db: peewee.SqliteDatabase, clock: Clock = SYSTEM_CLOCK, changes: Changes | None = None
    ) -> None:
        super().__init__(db, clock, changes)
        self._networks = NetworkCache(self._clock)
        self._networks.listen(self.changes)

    # --- reading ---------------------------------------------------------

    def _select(
        self, where: str = "", params: tuple = (), order: str = ""
    ) -> list[ApplicationRecord]:
        sql = f"{_SELECT}{f' WHERE {where}' if where else ''} {order or 'ORDER BY a.id'}"
        return [ApplicationRecord(*row) for row in self._db.execute_sql(sql, params)]

    def get(self, application_id: int) -> ApplicationRecord:
        found = self._select("a.id = ?", (application_id,))
        if not found:
            raise KeyError(application_id)
        return found[0]

    def list(
        self,
        *,
        stage: str | None = None,
        organisation_id: int | None = None,
        open_only: bool = False,
    ) -> list[ApplicationRecord]:
        """Applications, the newest applied first; *open_only*: still waiting for an answer."""
        where, params = [], []
        if stage is not None:
            where.append("a.stage = ?")
            params.append(stage)
        if organisation_id is not None:
            where.append("a.organisation_id = ?")
            params.append(organisation_id)
        if open_only:
            where.append(f"a.stage IN ({','.join('?' * len(OPEN_STAGES))})")
            params.extend(OPEN_STAGES)
        order = "ORDER BY a.applied_on IS NULL, a.applied_on DESC, a.id DESC"
        return self._select(" AND ".join(where), tuple(params), order)

    def steps(self, application_id: int) -> list[StepRecord]:
        """Its steps in the order they happened."""
        query = (
            ApplicationStep.select(
                ApplicationStep.id,
                ApplicationStep.application,
                ApplicationStep.stage,
                ApplicationStep.round,
                ApplicationStep.on_day,
                ApplicationStep.note,
            )
            .where(ApplicationStep.application == application_id)
            .order_by(ApplicationStep.on_day, ApplicationStep.id)
        )
        return [StepRecord(*row) for row in query.bind(self._db).tuples()]

    # --- Today -----------------------------------------------------------

    def next_actions(self, today: date) -> list[ApplicationRecord]:
        """Applications whose next action is due by *today*, the soonest due first."""
        return self._select(
            "a.next_action <> '' AND a.due_on IS NOT NULL AND a.due_on <= ?",
            (today.isoformat(),),
            "ORDER BY a.due_on, a.id",
        )

    def waiting(self, today: date, days: int = WAIT_DAYS) -> list[ApplicationRecord]:
        """Open applications whose last step is *days* or more old ("no answer for 14
        days: follow up?"), the longest silent first; those with a next action planned
        for a later day are left to it."""
        cutoff = (today - timedelta(days=days)).isoformat()
        stages = ",".join("?" * len(OPEN_STAGES))
        sql = (
            "SELECT id FROM (SELECT a.id, a.due_on, a.next_action, coalesce("
            "(SELECT max(s.on_day) FROM application_step s WHERE s.application_id = a.id), "
            f"a.applied_on) AS last FROM application a WHERE a.stage IN ({stages})) "
            "WHERE last <= ? AND NOT (next_action <> '' AND due_on > ?) ORDER BY last, id"
        )
        params = (*OPEN_STAGES, cutoff, today.isoformat())
        ids = [row[0] for row in self._db.execute_sql(sql, params)]
        if not ids:
            return []
        found = {a.id: a for a in self._select(f"a.id IN ({','.join('?' * len(ids))})", tuple(ids))}
        return [found[i] for i in ids]

    def person_there(self, organisation_ids: set[int]) -> dict[int, Person]:
        """organisation -> the first (by name) of the people there now, not the user:
        whom to ask about an application. One row per organisation, not thousands."""
        ids = sorted(organisation_ids)
        if not ids:
            return {}
        sql = (  # SQLite takes the bare columns from the row min() chose
            "SELECT organisation_id, id, display_name, min(sort_name) FROM contact "
            f"WHERE organisation_id IN ({','.join('?' * len(ids))}) AND id IS NOT ? "
            "GROUP BY organisation_id"
        )
        rows = self._db.execute_sql(sql, [*ids, me_id(self._db)])
        return {org: Person(pid, name) for org, pid, name, _sort in rows}

    # --- writing ---------------------------------------------------------

    def _check(self, values: dict) -> None:
        if "source" in values:
            check_choice("source", values["source"], SOURCES)
        referrer = values.get("referrer_id")
        if referrer is not None:
            exists = Contact.select().where(Contact.id == referrer).bind(self._db).exists()
            if not exists:
                raise ValidationError({"referrer": f"Nobody has the id {referrer}."})
        link = values.get("link")
        if link:
            taken = Application.select().where(Application.link == link)
            if "id" in values:
                taken = taken.where(Application.id != values["id"])
            if taken.bind(self._db).exists():
                raise ValidationError({"link": "Another application has this link."})

    @announces(Change.JOB_SEARCH)
    def add(
        self,
        organisation: str,
        role: str,
        *,
        link: str = "",
        applied_on: date | None = None,
        source: str = "cold",
        referrer_id: int | None = None,
        stage: str = "applied",
        next_action: str = "",
        due_on: date | None = None,
        resume_file: str = "",
        cover_letter_file: str = "",
        notes: str = "",
        on_day: date | None = None,
    ) -> ApplicationRecord:
        """A new application (applied today unless *applied_on* says otherwise); its
        first step is "applied" on that day, and a later *stage* is a step on *on_day*
        (default: the same day). The organisation's target follows."""
        check_choice("stage", stage, APPLICATION_STAGES)
        applied = applied_on or self._clock.today()
        values = {"role": role.strip(), "link": link.strip(), "source": source,
                  "referrer_id": referrer_id, "stage": stage, "next_action": next_action,
                  "due_on": _day(due_on), "resume_file": resume_file,
                  "cover_letter_file": cover_letter_file, "notes": notes,
                  "applied_on": applied.isoformat()}  # fmt: skip
        self._check(values)
        now = self._clock.timestamp()
        with self._db.atomic("IMMEDIATE"):
            org = organisation_id(self._db, organisation)
            new_id = (
                Application.insert(organisation=org, created_at=now, updated_at=now, **values)
                .bind(self._db)
                .execute()
            )
            self._step(new_id, "applied", applied.isoformat(), "")
            if stage != "applied":
                self._step(new_id, stage, _day(on_day) or applied.isoformat(), "")
            follow_application(self._db, org, TARGET_FOR_APPLICATION.get(stage), now)
        return self.get(new_id)

    @announces(Change.JOB_SEARCH)
    def update(self, application_id: int, **changes: object) -> ApplicationRecord:
        """Change its organisation (by name), role, link, days, source, referrer, next
        action, files or notes; a new stage is a step (`move`)."""
        allowed = {*TEXT_FIELDS, *DAY_FIELDS, "organisation", "source", "referrer_id"}
        unknown = set(changes) - allowed
        if unknown:
            raise TypeError(f"cannot update {', '.join(sorted(unknown))}")
        values = {k: _day(v) if k in DAY_FIELDS else v for k, v in changes.items()}
        for name in ("role", "link"):
            if name in values:
                values[name] = str(values[name]).strip()
        self._check({**values, "id": application_id})
        now = self._clock.timestamp()
        with self._db.atomic("IMMEDIATE"):
            current = self.get(application_id)
            if "organisation" in values:
                values["organisation"] = organisation_id(self._db, str(values["organisation"]))
            Application.update(**values, updated_at=now).where(
                Application.id == application_id
            ).bind(self._db).execute()
            if "organisation" in values:
                target = TARGET_FOR_APPLICATION.get(current.stage)
                follow_application(self._db, values["organisation"], target, now)
        return self.get(application_id)

    @announces(Change.JOB_SEARCH)
    def move(
        self,
        application_id: int,
        stage: str,
        on_day: date | None = None,
        note: str = "",
        round: int | None = None,
    ) -> StepRecord:
        """The application reached *stage* on *on_day* (default today): a dated step
        (another interview is the next round unless *round* says which), and the
        organisation's target follows."""
        check_choice("stage", stage, APPLICATION_STAGES)
        day = _day(on_day) or self._clock.today().isoformat()
        now = self._clock.timestamp()
        with self._db.atomic("IMMEDIATE"):
            current = self.get(application_id)
            if current.applied_on and day < current.applied_on:
                raise ValidationError(
                    {"on_day": f"The application was only sent on {current.applied_on}."}
                )
            if stage == "interview" and round is None:
                round = self._rounds(application_id) + 1
            step_id = self._step(application_id, stage, day, note, round or 0)
            Application.update(stage=stage, updated_at=now).where(
                Application.id == application_id
            ).bind(self._db).execute()
            follow_application(
                self._db, current.organisation_id, TARGET_FOR_APPLICATION.get(stage), now
            )
        return next(s for s in self.steps(application_id) if s.id == step_id)

    def _rounds(self, application_id: int) -> int:
        query = ApplicationStep.select(peewee.fn.max(ApplicationStep.round)).where(
            ApplicationStep.application == application_id, ApplicationStep.stage == "interview"
        )
        return int(query.bind(self._db).scalar() or 0)

    def _step(self, application_id: int, stage: str, day: str, note: str, round_: int = 0) -> int:
        return int(
            ApplicationStep.insert(
                application=application_id, stage=stage, round=round_, on_day=day, note=note
            )
            .bind(self._db)
            .execute()
        )

    @announces(Change.JOB_SEARCH)
    def delete(self, application_id: int) -> Deleted:
        """Delete it and its steps; returns what `restore` needs (the target stays)."""
        with self._db.atomic("IMMEDIATE"):
            query = Application.select().where(Application.id == application_id)
            row = query.bind(self._db).dicts().first()
            if row is None:
                raise KeyError(application_id)
            steps = ApplicationStep.select().where(ApplicationStep.application == application_id)
            saved = tuple(steps.bind(self._db).dicts())
            Application.delete().where(Application.id == application_id).bind(self._db).execute()
        return Deleted("application", row, saved)

    @announces(Change.JOB_SEARCH)
    def restore(self, deleted: Deleted) -> ApplicationRecord:
        """Undo `delete`: the same application and steps, ids and all. A referrer or
        organisation deleted meanwhile is left out; a link taken meanwhile is refused."""
        row = dict(deleted.row)
        with self._db.atomic("IMMEDIATE"):
            for field, model in (("referrer", Contact), ("organisation", Organisation)):
                if row[field] is not None:
                    found = model.select().where(model.id == row[field]).bind(self._db)
                    row[field] = row[field] if found.exists() else None
            self._check({"link": row["link"], "id": row["id"]})
            Application.insert(row).bind(self._db).execute()
            if deleted.steps:
                ApplicationStep.insert_many(deleted.steps).bind(self._db).execute()
        return self.get(int(row["id"]))

    # --- reading for the Search page ---------------------------------------------

    def funnel(self, held: Mapping[int, set[int]] | None = None) -> Funnel:
        """Conversations → referrals → applications → interviews → offers (*held*: the
        held meetings per organisation, when already read by `held_meetings`)."""
        return funnel(self._db, held)

    def held_meetings(self) -> dict[int, set[int]]:
        """organisation -> the held meetings with someone who works or worked there,
        every organisation: read once, the target list and the funnel share it."""
        return there.held_meetings(self._db)

    def way_in(
        self, graph: GraphService, *, target_id: int | None = None,
        application_id: int | None = None,
    ) -> WayIn:  # fmt: skip
        """Warm paths into the organisation, and the conversations held there. The
        network they run over is kept until a change it is read from is announced."""
        return way_in(
            self._db, graph, target_id=target_id, application_id=application_id,
            networks=self._networks,
        )  # fmt: skip
