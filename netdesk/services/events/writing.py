"""Writing one capture: the new people, their links to the event and their follow-up to-dos."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from netdesk.db.models import (
    EventPerson,
)
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.events.records import (
    CapturedLine,
    Event,
    PreviewLine,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.services.events.service import EventService

NICE_TO_MEET_YOU_KIND = "check_in"
CONVERSATION_KIND = "outreach"
CONVERSATION_AFTER_DAYS = 7


def nice_to_meet_you_title(name: str, event: str, note: str) -> str:
    about = f"{event}: {note}" if note else event
    return f"Say nice to meet you to {name} ({about})"


def conversation_title(name: str) -> str:
    return f"Propose a 20–30 minute conversation to {name}"


def conversation_note(event: Event, note: str) -> str:
    return f"Met at {event.name} ({event.held_on}). {note}".strip()


def starred_line(line: CapturedLine) -> CapturedLine:
    return replace(line, starred=True)


class CaptureWriter:
    """The writes of one capture, and what they added (for its undo)."""

    def __init__(self, service: EventService, event: Event, now: str) -> None:
        self._service = service
        self._event = event
        self._now = now
        self._db = service._db
        self.added: list[int] = []
        self.linked: list[int] = []
        self.relinked: list[dict] = []
        self._by_line: dict[int, int] = {}  # line -> the person it names
        self._met: dict[int, tuple[str, str, bool]] = {}  # person -> (name, note, starred)

    def take(self, item: PreviewLine, relation: str) -> None:
        line = item.captured
        if item.contact_id is not None:
            contact_id, name = item.contact_id, item.contact_name
        elif item.same_as_line is not None:
            contact_id = self._by_line[item.same_as_line]
            name = self._met[contact_id][0]
        else:
            contact_id, name = self._create(line, relation), line.name
            self.added.append(contact_id)
        self._by_line[line.line] = contact_id
        if contact_id in self._met:  # named twice: one link, the notes joined
            _, note, starred = self._met[contact_id]
            note = "; ".join(filter(None, [note, line.note]))
            self._met[contact_id] = (name, note, starred or line.starred)
        else:
            self._met[contact_id] = (name, line.note, line.starred)

    def _create(self, line: CapturedLine, relation: str) -> int:
        words = line.name.split()
        record = ContactRecord(
            given_name=words[0] if len(words) > 1 else "",
            family_name=" ".join(words[1:]) if len(words) > 1 else "",
            display_name=line.name,
            organisation=line.organisation,
            role=line.role,
            emails=[line.email] if line.email else [],
            linkedin_url=line.linkedin_url,
            relation=relation,
            closeness=2,  # met once: a loose tie until the user says otherwise
            source="event",
        )
        saved = self._service._contacts.save(record)
        assert saved.id is not None
        return saved.id

    def follow_ups(self, today: date) -> list[list]:
        """Link everyone met and make their to-dos; returns [[to-do id, due on], ...]."""
        event, todos = self._event, []
        tomorrow, next_week = (
            today + timedelta(days=1),
            today + timedelta(days=CONVERSATION_AFTER_DAYS),
        )
        for contact_id, (name, note, starred) in self._met.items():
            self._link(contact_id, note, starred)
            nice = self._service._todos.add(
                nice_to_meet_you_title(name, event.name, note),
                kind=NICE_TO_MEET_YOU_KIND,
                contact_id=contact_id,
                due_on=tomorrow,
                note=note,
                event_id=event.id,
            )
            todos.append([nice.id, tomorrow.isoformat()])
            if starred:
                propose = self._service._todos.add(
                    conversation_title(name),
                    kind=CONVERSATION_KIND,
                    contact_id=contact_id,
                    due_on=next_week,
                    note=conversation_note(event, note),
                    event_id=event.id,
                )
                todos.append([propose.id, next_week.isoformat()])
        return todos

    def _link(self, contact_id: int, note: str, starred: bool) -> None:
        where = (EventPerson.event_id == self._event.id) & (EventPerson.contact_id == contact_id)
        before = EventPerson.select(EventPerson.note, EventPerson.starred).where(where)
        existing = before.bind(self._db).first()
        if existing is None:
            EventPerson.insert(
                event=self._event.id, contact=contact_id, note=note, starred=starred
            ).bind(self._db).execute()
            self.linked.append(contact_id)
            return
        self.relinked.append(
            {"contact_id": contact_id, "note": existing.note, "starred": existing.starred}
        )
        joined = "; ".join(filter(None, [existing.note, note])) if note != existing.note else note
        EventPerson.update(note=joined, starred=existing.starred or starred).where(where).bind(
            self._db
        ).execute()
