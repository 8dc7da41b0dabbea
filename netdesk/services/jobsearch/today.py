"""The job search on Today: applications' next actions due by today ("Tidewater Bank ·
Data Engineer: send the portfolio — due today") and open applications silent for two
weeks ("No answer from Northwind (Data Lead) for 16 days: follow up?"), each with the
person to write to (the referrer, else someone there now)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from netdesk.services.jobsearch.applications import WAIT_DAYS, ApplicationService
from netdesk.services.jobsearch.records import ApplicationRecord

SNOOZE_DAYS = 7
FOLLOW_UP = "Follow up"  # the next action a silent application snoozed becomes


@dataclass(frozen=True)
class JobSearchItem:
    application_id: int
    kind: str  # next_action or waiting
    text: str
    organisation: str
    role: str
    next_action: str
    due_on: str | None
    days: int  # overdue by (next_action) or silent for (waiting)
    write_to: int | None  # the referrer, else someone there now, else nobody
    write_to_name: str


def _lower_first(text: str) -> str:
    """ "Send the portfolio" reads "send the portfolio" after a colon; "CV" stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _where(app: ApplicationRecord) -> str:
    organisation = app.organisation or "No organisation"
    return f"{organisation} · {app.role}" if app.role else organisation


def _due_words(days_over: int) -> str:
    if days_over <= 0:
        return "due today"
    if days_over == 1:
        return "due yesterday"
    return f"{days_over} days overdue"


def next_action_line(app: ApplicationRecord, today: date) -> str:
    over = (today - date.fromisoformat(app.due_on or today.isoformat())).days
    return f"{_where(app)}: {_lower_first(app.next_action.strip())} — {_due_words(over)}"


def waiting_line(app: ApplicationRecord, days: int) -> str:
    role = f" ({app.role})" if app.role else ""
    return f"No answer from {app.organisation or 'them'}{role} for {days} days: follow up?"


def job_search_today(
    applications: ApplicationService, today: date, limit: int | None = None
) -> tuple[list[JobSearchItem], int]:
    """Next actions due (soonest first), then silent applications (longest first), the
    first *limit* of them, and how many there are; an application with an action due
    is not asked about twice. Whom to write to is read only for those returned."""
    due = applications.next_actions(today)
    shown = {app.id for app in due}
    silent = [app for app in applications.waiting(today) if app.id not in shown]
    chosen = [*due, *silent][:limit]
    there = applications.person_there({a.organisation_id for a in chosen if a.organisation_id})
    items = []
    for app in chosen:
        if app.id in shown:
            over = (today - date.fromisoformat(app.due_on or today.isoformat())).days
            items.append(_item(app, "next_action", next_action_line(app, today), over, there))
        else:
            last = date.fromisoformat(app.last_step_on or app.applied_on or today.isoformat())
            days = (today - last).days
            items.append(_item(app, "waiting", waiting_line(app, days), days, there))
    return items, len(due) + len(silent)


def _item(app: ApplicationRecord, kind: str, text: str, days: int, there: dict) -> JobSearchItem:
    if app.referrer_id is not None:
        write_to, name = app.referrer_id, app.referrer
    elif app.organisation_id in there:
        write_to, name = there[app.organisation_id].id, there[app.organisation_id].name
    else:
        write_to, name = None, ""
    return JobSearchItem(app.id, kind, text, app.organisation, app.role, app.next_action,
                         app.due_on, days, write_to, name)  # fmt: skip


def snoozed(item: JobSearchItem, today: date) -> tuple[str, str]:
    """(next action, due day) a week later: a silent application's is "Follow up"."""
    action = item.next_action.strip() or FOLLOW_UP
    return action, (today + timedelta(days=SNOOZE_DAYS)).isoformat()


__all__ = ["WAIT_DAYS", "JobSearchItem", "job_search_today", "snoozed"]
