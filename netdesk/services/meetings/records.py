"""A meeting's records and constants, and pure helpers over them (no database)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

KINDS = {
    "informational": "Informational interview",
    "coffee": "Coffee",
    "call": "Call",
    "event": "Event",
    "other": "Other",
}
STATUSES = {
    "idea": "Idea",
    "requested": "Requested",
    "scheduled": "Scheduled",
    "held": "Held",
    "declined": "Declined",
    "cancelled": "Cancelled",
}
LAYERS = {
    "industry": "The industry's big picture",
    "organisation": "Their organisation and role",
    "person": "The person",
    "closing": "Closing questions",
}
PERMISSIONS = {"yes": "Yes, mention them", "no": "No, don't mention", "ask": "Ask first"}
GOOD_RANGE = range(8, 13)  # 8-12 prepared questions across the three layers
MAX_MINUTES = 24 * 60
OUTREACH_WITHIN_DAYS = 3  # a referral goes cold if left for weeks
TEXT_FIELDS = ("title", "place", "purpose", "research", "notes", "takeaways", "promised", "offered")


@dataclass
class PreparedQuestion:
    """A question chosen for one meeting, with the answer typed under it."""

    layer: str
    text: str
    answer: str = ""
    question_id: int | None = None  # the bank question it came from, if any
    id: int | None = None


@dataclass
class MeetingRecord:
    id: int | None = None
    title: str = ""
    kind: str = "informational"
    status: str = "idea"
    starts_at: datetime | None = None  # aware: keeps the user's time zone
    duration_minutes: int = 30
    place: str = ""
    purpose: str = ""
    research: str = ""
    notes: str = ""
    takeaways: str = ""
    promised: str = ""
    offered: str = ""
    people: list[int] = field(default_factory=list)
    questions: list[PreparedQuestion] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""

    @property
    def ends_at(self) -> datetime | None:
        return self.starts_at + timedelta(minutes=self.duration_minutes) if self.starts_at else None


class MeetingRow(NamedTuple):
    """One line of a meeting list (a tuple: cheap to build a page of them at a time)."""

    id: int
    title: str
    status: str
    starts_at: str | None
    people: str


@dataclass(frozen=True)
class Answer:
    """What one person answered to a bank question, and when."""

    meeting_id: int
    people: str
    when: str | None
    answer: str


def parse_when(text: str, tz=None) -> datetime | None:
    """'2026-11-24 14:30' (or with 'T', or a date alone) in the user's zone; ValueError if not."""
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|Z)?", text
    ):
        raise ValueError(f"Not a date and time: {text!r} (expected e.g. 2026-11-24 14:30).")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"No such date or time: {text!r}.") from None
    if moment.tzinfo is None:
        moment = moment.astimezone() if tz is None else moment.replace(tzinfo=tz)
    return moment


def layer_counts(questions: list[PreparedQuestion]) -> dict[str, int]:
    counts = dict.fromkeys(LAYERS, 0)
    for question in questions:
        counts[question.layer] = counts.get(question.layer, 0) + 1
    return counts


def preparation_nudge(questions: list[PreparedQuestion]) -> str:
    """A gentle hint toward 8-12 questions spread over all three layers."""
    counts = layer_counts(questions)
    prepared = counts["industry"] + counts["organisation"] + counts["person"]
    missing = [
        LAYERS[layer].lower()
        for layer in ("industry", "organisation", "person")
        if counts[layer] == 0
    ]
    if prepared < GOOD_RANGE.start:
        hint = f"{prepared} prepared; aim for 8–12"
    elif prepared >= GOOD_RANGE.stop:
        hint = f"{prepared} prepared; 8–12 fit in half an hour, consider trimming"
    else:
        hint = f"{prepared} prepared: a good number"
    if missing:
        hint += "; nothing yet on " + " or ".join(missing)
    if counts["closing"] < 2:
        hint += "; remember the two closing questions"
    return hint + "."
