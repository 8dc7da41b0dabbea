"""The follow-up services together: keeping in touch, outreach, reciprocity, the timeline,
the Today page's data and LinkedIn activity dates. Built once in the composition root."""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from netdesk.services.changes import Changes
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.followups.interactions import InteractionService
from netdesk.services.followups.keep_in_touch import KeepInTouchService
from netdesk.services.followups.outreach import OutreachService
from netdesk.services.followups.reciprocity import ReciprocityService
from netdesk.services.followups.timeline import TimelineService
from netdesk.services.followups.today import TodayService
from netdesk.services.followups.todos import TodoService
from netdesk.services.imports.activity import ActivityImportService


@dataclass
class FollowUpServices:
    todos: TodoService
    interactions: InteractionService
    keep_in_touch: KeepInTouchService
    outreach: OutreachService
    reciprocity: ReciprocityService
    timeline: TimelineService
    today: TodayService
    activity: ActivityImportService
    clock: Clock


def build_followups(
    db: peewee.SqliteDatabase,
    todos: TodoService,
    interactions: InteractionService,
    outreach: OutreachService | None = None,
    clock: Clock = SYSTEM_CLOCK,
    changes: Changes | None = None,
) -> FollowUpServices:
    """*clock* gives "today" and "this week" in the user's time zone; *changes* hears
    what each of them changes."""
    changes = changes or Changes()
    keep_in_touch = KeepInTouchService(db, clock, changes)
    outreach = outreach or OutreachService(db, interactions, clock, changes)
    reciprocity = ReciprocityService(db)
    today = TodayService(db, todos, keep_in_touch, outreach, reciprocity, clock, changes)
    return FollowUpServices(
        todos,
        interactions,
        keep_in_touch,
        outreach,
        reciprocity,
        TimelineService(db, clock),
        today,
        ActivityImportService(db, clock, changes),
        clock,
    )
