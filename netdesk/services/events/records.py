"""What the event service reads and returns."""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds of event, as stored, and their words.
KINDS: dict[str, str] = {
    "meetup": "Meetup",
    "conference": "Conference",
    "career_fair": "Career fair",
    "association": "Association",
    "alumni": "Alumni",
    "other": "Other",
}


@dataclass
class Event:
    id: int | None = None
    name: str = ""
    held_on: str = ""  # ISO date
    place: str = ""
    kind: str = "meetup"
    notes: str = ""
    people: int = 0  # how many the user met there


@dataclass(frozen=True)
class CapturedLine:
    """One line of a quick capture, read: a person, or the reason it is not one."""

    line: int  # 1-based, in the text as typed or pasted
    text: str
    name: str = ""
    organisation: str = ""
    role: str = ""
    email: str = ""
    linkedin_url: str = ""
    note: str = ""
    starred: bool = False
    problem: str = ""  # why this line cannot become a person ("" when it can)


@dataclass(frozen=True)
class PreviewLine:
    """What capturing one line would do: add someone new, or link someone known."""

    captured: CapturedLine
    contact_id: int | None = None  # the person it matches; None: someone new
    contact_name: str = ""
    matched_by: str = ""  # "email", "LinkedIn profile", "name and organisation", "name"
    same_as_line: int | None = None  # a new person an earlier line of this capture adds

    def describe(self) -> str:
        if self.captured.problem:
            return f"skipped: {self.captured.problem}"
        if self.contact_id is not None:
            return f"matches {self.contact_name} (id {self.contact_id}, by {self.matched_by})"
        if self.same_as_line is not None:
            return f"same person as line {self.same_as_line}"
        return "new"


@dataclass(frozen=True)
class CaptureResult:
    capture_id: int
    lines: list[PreviewLine]
    added_people: list[int]
    linked_people: list[int]
    todos: list[int]


@dataclass(frozen=True)
class UndoCaptureResult:
    removed_people: int
    kept_people: int  # people it added whom the user has worked on since
    unlinked: int
    removed_todos: int


@dataclass(frozen=True)
class MetPerson:
    """Someone met at an event, and what came of it."""

    contact_id: int
    name: str
    organisation: str
    note: str
    starred: bool
    followed_up: bool  # their "nice to meet you" done, or an interaction logged since
    conversation: bool  # a meeting with them after the event
    referral: bool  # a referral involving them since the event
    real_relationship: bool


@dataclass(frozen=True)
class EventReport:
    event: Event
    people: list[MetPerson] = field(default_factory=list)
    introductions: list[tuple[str, str]] = field(default_factory=list)  # (introducer, introduced)

    def count(self, what: str) -> int:
        return sum(1 for person in self.people if getattr(person, what))


@dataclass(frozen=True)
class EventNumbers:
    """Per event: the people met and how many became conversations."""

    event_id: int
    name: str
    held_on: str
    met: int
    conversations: int
