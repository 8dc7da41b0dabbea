"""The events page's lists: the events (latest first) and the people met at one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from PySide6.QtCore import Qt

from netdesk.services.events.records import KINDS, Event, MetPerson
from netdesk.services.text import count_of
from netdesk.views.events.preview_model import STAR
from netdesk.views.models.rows import Column, Getter, RowListModel, RowTableModel

EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
DONE = "✓"


def when(event: Event) -> str:
    """'Tue 1 Dec 2026'."""
    day = date.fromisoformat(event.held_on)
    return f"{day:%a} {day.day} {day:%b %Y}"


def event_line(event: Event) -> str:
    """The event's second line: 'Tue 1 Dec 2026 · Meetup · 8 people'."""
    parts = [when(event), KINDS.get(event.kind, event.kind)]
    parts.append(count_of(event.people, "person", "people"))
    return " · ".join(parts)


class EventListModel(RowListModel[Event]):
    def columns(self) -> Iterable[Column]:
        return (
            Column(
                text=lambda event: f"{event.name}\n{event_line(event)}",
                tooltip=lambda event: event.place or event.name,
                accessible=lambda event: f"{event.name}, {event_line(event)}",
            ),
        )

    def row_roles(self) -> Mapping[int, Getter]:
        return {int(EVENT_ID_ROLE): lambda event: event.id}

    def row_of(self, event_id: int) -> int | None:
        return self.row_where(lambda event: event.id == event_id)


def _tick(what: str) -> Column:
    header = {"followed_up": "Followed up", "conversation": "Conversation"}.get(
        what, what.replace("_", " ").capitalize()
    )
    return Column(
        header,
        lambda person: DONE if getattr(person, what) else "",
        accessible=lambda person: f"{header}: {'yes' if getattr(person, what) else 'not yet'}",
        alignment=Qt.AlignmentFlag.AlignCenter,
    )


class MetPeopleTableModel(RowTableModel[MetPerson]):
    """Who was met at an event and what came of it, one person per row."""

    def columns(self) -> Iterable[Column]:
        return (
            Column(
                STAR,
                lambda person: STAR if person.starred else "",
                tooltip=lambda person: "Starred: worth a conversation" if person.starred else "",
                accessible=lambda person: "starred" if person.starred else "not starred",
                alignment=Qt.AlignmentFlag.AlignCenter,
            ),
            Column("Name", lambda person: person.name, accessible=True),
            Column("Organisation", lambda person: person.organisation, accessible=True),
            Column("Note", lambda person: person.note, tooltip=lambda person: person.note),
            _tick("followed_up"),
            _tick("conversation"),
            _tick("referral"),
            Column(
                "Relationship",
                lambda person: DONE if person.real_relationship else "",
                tooltip=lambda person: (
                    "A real relationship now (friendly or closer)"
                    if person.real_relationship
                    else ""
                ),
                accessible=lambda person: (
                    "Relationship: " + ("yes" if person.real_relationship else "not yet")
                ),
                alignment=Qt.AlignmentFlag.AlignCenter,
            ),
        )

    def row_roles(self) -> Mapping[int, Getter]:
        return {int(CONTACT_ID_ROLE): lambda person: person.contact_id}
