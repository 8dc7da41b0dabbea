"""Drafts for the job search: the words an application gives a referral request (or an
informational interview at its organisation), and what asking for a referral notes on
the application once the email has gone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import peewee

from netdesk.db.models import Application, Organisation

REFERRAL_PURPOSE = "referral_request"
REFERRAL_WAIT_DAYS = 7  # a week for the answer, then Today asks again


@dataclass(frozen=True)
class JobContext:
    """What a draft from the Search page is about: an application (a referral request
    names its role and link), else an organisation (an informational interview there)."""

    application_id: int | None = None
    organisation: str = ""


def job_words(
    db: peewee.SqliteDatabase, application_id: int | None, organisation: str = ""
) -> dict[str, Any]:
    """job_title/job_organisation/job_link of an application (KeyError when there is
    none of that id), and the organisation the email names (the application's, else
    *organisation*); empty when neither is given."""
    words: dict[str, Any] = {}
    if application_id is not None:
        row = (
            Application.select(Application.role, Application.link, Organisation.name)
            .join(Organisation, peewee.JOIN.LEFT_OUTER)
            .where(Application.id == application_id)
            .bind(db)
            .tuples()
            .first()
        )
        if row is None:
            raise KeyError(application_id)
        role, link, name = row
        words = {"job_title": role, "job_link": link}
        organisation = name or organisation
    if organisation:  # an informational interview there names it, not their employer now
        words |= {"job_organisation": organisation, "organisation": organisation}
    return words


def note_referral_asked(
    db: peewee.SqliteDatabase, application_id: int, name: str, today: date, now: str
) -> bool:
    """An application without a referrer notes whom it asked: a line in its notes and,
    when nothing else is planned, the next action "Waiting for Dana Cruz's referral"
    due a week later. False when it already has a referrer (or has gone)."""
    row = (
        Application.select(Application.referrer, Application.next_action, Application.notes)
        .where(Application.id == application_id)
        .bind(db)
        .tuples()
        .first()
    )
    if row is None or row[0] is not None:
        return False
    _referrer, next_action, notes = row
    line = f"Asked {name} for a referral on {today.isoformat()}."
    values: dict[str, Any] = {
        "notes": f"{notes.rstrip()}\n{line}".lstrip(),
        "updated_at": now,
    }
    if not next_action.strip():
        values |= {
            "next_action": f"Waiting for {name}'s referral",
            "due_on": (today + timedelta(days=REFERRAL_WAIT_DAYS)).isoformat(),
        }
    Application.update(**values).where(Application.id == application_id).bind(db).execute()
    return True
