"""The search's funnel: conversations → referrals → applications → interviews → offers,
warm against cold, and how long each step took (the median days between the first day
of one stage and the first day of the next, from the applications' steps)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import NamedTuple

import peewee

from netdesk.services.contacts.records import me_id
from netdesk.services.jobsearch import there
from netdesk.services.vocabulary import LINKEDIN_ONLY

FUNNEL = ("conversations", "referrals", "applications", "interviews", "offers")
PROGRESS = ("applied", "screen", "interview", "offer")  # a step forward, in order
ENDS = ("rejected", "withdrawn")


@dataclass(frozen=True)
class FunnelStage:
    name: str
    total: int
    warm: int  # through someone: a referrer, or a real relationship there
    cold: int


@dataclass(frozen=True)
class Transition:
    from_stage: str
    to_stage: str
    count: int  # applications that made this step
    median_days: float


@dataclass(frozen=True)
class Funnel:
    stages: tuple[FunnelStage, ...]
    transitions: tuple[Transition, ...]

    def stage(self, name: str) -> FunnelStage:
        return next(s for s in self.stages if s.name == name)

    def transition(self, from_stage: str, to_stage: str) -> Transition | None:
        wanted = (from_stage, to_stage)
        return next((t for t in self.transitions if (t.from_stage, t.to_stage) == wanted), None)


class _Row(NamedTuple):
    id: int
    organisation_id: int | None
    stage: str
    source: str
    warm: bool


def _applications(db: peewee.SqliteDatabase) -> list[_Row]:
    """Every application, and whether it is warm. Warm: someone referred it,
    or someone the user really knows (not only on LinkedIn) works there now."""
    sql = (
        "SELECT a.id, a.organisation_id, a.stage, a.source, (a.referrer_id IS NOT NULL "
        "OR a.source = 'referral' OR EXISTS (SELECT 1 FROM contact c WHERE "
        "c.organisation_id = a.organisation_id AND c.relation <> ? AND c.id IS NOT ?)) "
        "FROM application a"
    )
    rows = db.execute_sql(sql, (LINKEDIN_ONLY, me_id(db)))
    return [_Row(*row[:4], bool(row[4])) for row in rows]


def _first_days(db: peewee.SqliteDatabase) -> dict[int, dict[str, date]]:
    """application -> stage -> the first day it reached that stage."""
    sql = "SELECT application_id, stage, min(on_day) FROM application_step GROUP BY 1, 2"
    found: dict[int, dict[str, date]] = {}
    for aid, stage, day in db.execute_sql(sql):
        found.setdefault(aid, {})[stage] = date.fromisoformat(day[:10])
    return found


def _reached(stage: str, days: dict[str, date], wanted: str) -> bool:
    """Whether an application reached *wanted* (a step says so, or its stage does)."""
    return wanted in days or stage == wanted or (wanted == "interview" and stage == "offer")


def _transitions(first_days: dict[int, dict[str, date]]) -> tuple[Transition, ...]:
    spans: dict[tuple[str, str], list[int]] = {}
    for days in first_days.values():
        forward = [s for s in PROGRESS if s in days]
        pairs = list(itertools.pairwise(forward))
        end = next((s for s in ENDS if s in days), None)
        if forward and end:
            pairs.append((forward[-1], end))
        for a, b in pairs:
            spans.setdefault((a, b), []).append((days[b] - days[a]).days)
    order = (*PROGRESS, *ENDS)
    ranked = sorted(spans, key=lambda pair: (order.index(pair[0]), order.index(pair[1])))
    return tuple(Transition(a, b, len(spans[a, b]), float(median(spans[a, b]))) for a, b in ranked)


def funnel(db: peewee.SqliteDatabase, held: Mapping[int, set[int]] | None = None) -> Funnel:
    """The whole search as it stands. Conversations: held meetings with people who work
    or worked at an organisation targeted or applied to. Referrals: applications sent
    through a referral, and targets marked referred that have none yet. *held*:
    `there.held_meetings` when already read, covering at least those organisations."""
    applications = _applications(db)
    first_days = _first_days(db)
    targets = dict(db.execute_sql("SELECT organisation_id, stage FROM target"))
    searched = {a.organisation_id for a in applications if a.organisation_id} | set(targets)
    if held is None:
        held = there.held_meetings(db, searched)
    conversations = len(set().union(*(held.get(org, ()) for org in searched)))
    referred = [a for a in applications if a.source == "referral"]
    places = {a.organisation_id for a in referred}
    referrals = len(referred) + sum(
        1 for org, stage in targets.items() if stage == "referred" and org not in places
    )

    def split(name: str, rows: list[_Row]) -> FunnelStage:
        warm = sum(1 for row in rows if row.warm)
        return FunnelStage(name, len(rows), warm, len(rows) - warm)

    def reaching(wanted: str) -> list[_Row]:
        return [a for a in applications if _reached(a.stage, first_days.get(a.id, {}), wanted)]

    stages = (
        FunnelStage("conversations", conversations, conversations, 0),
        FunnelStage("referrals", referrals, referrals, 0),
        split("applications", applications),
        split("interviews", reaching("interview")),
        split("offers", reaching("offer")),
    )
    return Funnel(stages, _transitions(first_days))
