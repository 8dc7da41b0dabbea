"""Networking events: adding them, capturing the people met (one person per line, in one
transaction, undone as one step), their follow-ups, and what came of each event."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

import peewee
from peewee import fn

from netdesk.db.models import (
    Contact,
    ContactTag,
    EventCapture,
    EventIntroduction,
    EventPerson,
    Interaction,
    KeepInTouch,
    Link,
    MeetingPerson,
    Organisation,
    Outreach,
    Referral,
    Todo,
)
from netdesk.db.models import (
    Event as EventRow,
)
from netdesk.errors import NothingToUndo, ValidationError
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ContactRecord, among
from netdesk.services.contacts.service import ContactService
from netdesk.services.events.capture import MAX_LINES, parse_capture
from netdesk.services.events.records import (
    KINDS,
    CapturedLine,
    CaptureResult,
    Event,
    EventNumbers,
    EventReport,
    MetPerson,
    PreviewLine,
    UndoCaptureResult,
)
from netdesk.services.followups.todos import TodoService
from netdesk.services.text import fold, name_key, sort_name
from netdesk.services.vocabulary import LINKEDIN_ONLY, MET_AT_AN_EVENT, RELATIONS

NICE_TO_MEET_YOU_KIND = "check_in"
CONVERSATION_KIND = "outreach"
CONVERSATION_AFTER_DAYS = 7
# A real relationship, as the contact list's "real relationships" scope has it (not
# LinkedIn-only), and more than "met once at an event": friendly or closer.
REAL_MIN_CLOSENESS = 3
# Meetings that are conversations: agreed or held (not ideas, requests or cancelled).
CONVERSATION_STATUSES = ("scheduled", "held")


def nice_to_meet_you_title(name: str, event: str, note: str) -> str:
    about = f"{event}: {note}" if note else event
    return f"Say nice to meet you to {name} ({about})"


def conversation_title(name: str) -> str:
    return f"Propose a 20–30 minute conversation to {name}"


class EventService:
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
        contacts: ContactService | None = None,
        todos: TodoService | None = None,
    ) -> None:
        self.changes = changes or Changes()  # what this service changes, announced
        self._clock = clock
        self._db = db
        self._contacts = contacts or ContactService(db, clock, self.changes)
        self._todos = todos or TodoService(db, clock, self.changes)

    # --- events ------------------------------------------------------------

    def validate(self, event: Event) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not event.name.strip():
            errors["name"] = "An event needs a name."
        try:
            date.fromisoformat(event.held_on)
        except (TypeError, ValueError):
            errors["held_on"] = f"Not a date: {event.held_on!r} (expected YYYY-MM-DD)."
        if event.kind not in KINDS:
            kinds = ", ".join(KINDS)
            errors["kind"] = f"Unknown kind of event: {event.kind!r} (one of {kinds})."
        return errors

    @announces(Change.EVENTS)
    def add(
        self, name: str, held_on: date | str, kind: str = "meetup", place: str = "", notes: str = ""
    ) -> Event:
        """Create an event; raises ValidationError for a missing name, a bad date or kind."""
        day = held_on.isoformat() if isinstance(held_on, date) else held_on.strip()
        event = Event(None, name.strip(), day, place.strip(), kind, notes.strip())
        return self.save(event)

    @announces(Change.EVENTS)
    def save(self, event: Event) -> Event:
        """Create (id None) or update an event."""
        event.name, event.place = event.name.strip(), event.place.strip()
        errors = self.validate(event)
        if errors:
            raise ValidationError(errors)
        values = {
            EventRow.name: event.name,
            EventRow.held_on: date.fromisoformat(event.held_on).isoformat(),
            EventRow.place: event.place,
            EventRow.kind: event.kind,
            EventRow.notes: event.notes,
            EventRow.updated_at: self._clock.timestamp(),
        }
        with self._db.atomic("IMMEDIATE"):
            if event.id is None:
                values[EventRow.created_at] = values[EventRow.updated_at]
                event_id = EventRow.insert(values).bind(self._db).execute()
            else:
                self.get(event.id)  # KeyError if it was deleted
                EventRow.update(values).where(EventRow.id == event.id).bind(self._db).execute()
                event_id = event.id
        return self.get(event_id)

    @announces(Change.EVENTS)
    def delete(self, event_id: int) -> None:
        """Delete an event and who was met there (the people themselves stay)."""
        EventRow.delete().where(EventRow.id == event_id).bind(self._db).execute()

    def get(self, event_id: int) -> Event:
        events = self._select([EventRow.id == event_id])
        if not events:
            raise KeyError(event_id)
        return events[0]

    def list(self) -> list[Event]:
        """Every event, the latest first."""
        return self._select([])

    def _select(self, conditions: list[peewee.Expression]) -> list[Event]:
        met = (
            EventPerson.select(fn.COUNT(EventPerson.contact_id))
            .where(EventPerson.event_id == EventRow.id)
            .alias("met")
        )
        query = EventRow.select(
            EventRow.id,
            EventRow.name,
            EventRow.held_on,
            EventRow.place,
            EventRow.kind,
            EventRow.notes,
            met,
        )
        if conditions:
            query = query.where(*conditions)
        rows = query.order_by(EventRow.held_on.desc(), EventRow.id.desc()).bind(self._db).tuples()
        return [Event(*row) for row in rows]

    def find(self, reference: str) -> Event:
        """An event by its id or its name (case-insensitive, unique); raises
        ValidationError naming what is wrong."""
        reference = reference.strip()
        if reference.isdigit():
            try:
                return self.get(int(reference))
            except KeyError:
                pass
        wanted = fold(reference)
        found = [event for event in self.list() if fold(event.name) == wanted]
        if not found:
            found = [event for event in self.list() if wanted and wanted in fold(event.name)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError({"event": f"No event is called {reference!r}."})
        names = ", ".join(f"{e.name} ({e.held_on}, id {e.id})" for e in found[:5])
        raise ValidationError({"event": f"{reference!r} could be several events: {names}."})

    @announces(Change.EVENTS)
    def add_introduction(self, event_id: int, introducer_id: int, introduced_id: int) -> int:
        """At the event, *introducer_id* introduced the user to *introduced_id*."""
        if introducer_id == introduced_id:
            raise ValidationError({"introduced": "Someone cannot introduce themselves."})
        return int(
            EventIntroduction.insert(
                event=event_id,
                introducer=introducer_id,
                introduced=introduced_id,
                created_at=self._clock.timestamp(),
            )
            .bind(self._db)
            .execute()
        )

    @announces(Change.EVENTS)
    def set_starred(self, event_id: int, contact_id: int, starred: bool) -> None:
        EventPerson.update(starred=starred).where(
            EventPerson.event_id == event_id, EventPerson.contact_id == contact_id
        ).bind(self._db).execute()

    # --- quick capture -----------------------------------------------------

    def preview(self, event_id: int, text: str, star_all: bool = False) -> list[PreviewLine]:
        """What capturing *text* would do, line by line: who is new, who is known."""
        self.get(event_id)
        return _Matcher(self._db).match(self._read(text, star_all))

    def _read(self, text: str, star_all: bool) -> list[CapturedLine]:
        lines = parse_capture(text)
        if len(lines) > MAX_LINES:
            raise ValidationError(
                {"text": f"{len(lines):,} lines: a capture takes up to {MAX_LINES:,} people."}
            )
        if star_all:
            lines = [_starred(line) for line in lines]
        return lines

    @announces(Change.EVENTS | Change.PEOPLE | Change.TODOS)
    def capture(
        self, event_id: int, text: str, relation: str = MET_AT_AN_EVENT, star_all: bool = False
    ) -> CaptureResult:
        """Add the people of *text* met at the event, in one transaction: new people are
        created (source "event", how I know them: *relation*), everyone is linked to the
        event with their note and star, and gets a "nice to meet you" to-do due the next
        day; the starred also get "propose a 20–30 minute conversation" a week later.
        Undo it with undo_capture(result.capture_id)."""
        if relation not in RELATIONS:
            raise ValidationError({"relation": f"Unknown kind of relationship: {relation!r}."})
        lines = self._read(text, star_all)
        if not any(not line.problem for line in lines):
            raise ValidationError({"text": "No line names a person (one person per line)."})
        db = self._db
        with db.atomic("IMMEDIATE"):
            event = self.get(event_id)
            now = self._clock.timestamp()
            last_organisation = Organisation.select(fn.MAX(Organisation.id)).bind(db).scalar() or 0
            preview = _Matcher(db).match(lines)
            people = _Capture(self, event, now)
            for item in preview:
                if not item.captured.problem:
                    people.take(item, relation)
            todos = people.follow_ups(self._clock.today())
            added_organisations = [
                organisation_id
                for (organisation_id,) in Organisation.select(Organisation.id)
                .where(Organisation.id > last_organisation)
                .bind(db)
                .tuples()
            ]
            record = {
                "people": people.added,
                "organisations": added_organisations,
                "links": people.linked,
                "relinked": people.relinked,
                "todos": todos,
            }
            capture_id = (
                EventCapture.insert(event=event_id, captured_at=now, added=json.dumps(record))
                .bind(db)
                .execute()
            )
        return CaptureResult(
            int(capture_id),
            preview,
            people.added,
            [*people.linked, *(r["contact_id"] for r in people.relinked)],
            [todo_id for todo_id, _ in todos],
        )

    def last_capture(self, event_id: int | None = None) -> int | None:
        """The latest capture not undone (of *event_id*, or of any event)."""
        query = EventCapture.select(EventCapture.id).where(EventCapture.undone_at.is_null())
        if event_id is not None:
            query = query.where(EventCapture.event_id == event_id)
        found = query.order_by(EventCapture.id.desc()).bind(self._db).scalar()
        return int(found) if found is not None else None

    @announces(Change.EVENTS | Change.PEOPLE | Change.TODOS)
    def undo_capture(self, capture_id: int) -> UndoCaptureResult:
        """Remove what a capture added: its new people, their links to the event and the
        to-dos it made; put back the notes and stars of people it linked again. What the
        user did since stays: people they have worked on (edited, tagged, met, linked,
        referred, written to, ...) are kept with their link, and a to-do done, snoozed
        or rescheduled is theirs."""
        db = self._db
        with db.atomic("IMMEDIATE"):
            row = (
                EventCapture.select()
                .where(EventCapture.id == capture_id, EventCapture.undone_at.is_null())
                .bind(db)
                .first()
            )
            if row is None:
                raise NothingToUndo("This capture was already undone, or its event deleted.")
            added = json.loads(row.added)
            removed_todos = self._remove_untouched_todos(added["todos"])
            kept = self._worked_on(added["people"], row.event_id, row.captured_at)
            removed_people = [i for i in added["people"] if i not in kept]
            unlinked = (
                EventPerson.delete()
                .where(
                    EventPerson.event_id == row.event_id,
                    among(EventPerson.contact_id, [i for i in added["links"] if i not in kept]),
                )
                .bind(db)
                .execute()
            )
            for previous in added["relinked"]:
                EventPerson.update(note=previous["note"], starred=previous["starred"]).where(
                    EventPerson.event_id == row.event_id,
                    EventPerson.contact_id == previous["contact_id"],
                ).bind(db).execute()
            Contact.delete().where(among(Contact.id, removed_people)).bind(db).execute()
            Organisation.delete().where(
                among(Organisation.id, added["organisations"]),
                Organisation.id.not_in(
                    Contact.select(Contact.organisation_id).where(
                        Contact.organisation_id.is_null(False)
                    )
                ),
            ).bind(db).execute()
            EventCapture.update(undone_at=self._clock.timestamp()).where(
                EventCapture.id == capture_id
            ).bind(db).execute()
        return UndoCaptureResult(len(removed_people), len(kept), unlinked, removed_todos)

    def _remove_untouched_todos(self, todos: list[list]) -> int:
        removed = 0
        for todo_id, due_on in todos:
            removed += (
                Todo.delete()
                .where(
                    Todo.id == todo_id,
                    Todo.done_at.is_null(),
                    Todo.snoozed_until.is_null(),
                    Todo.due_on == due_on,
                )
                .bind(self._db)
                .execute()
            )
        return removed

    def _worked_on(self, people: Iterable[int], event_id: int, captured_at: str) -> set[int]:
        """The people among *people* whom the user has worked on since the capture (of
        *event_id*): edited, tagged, met, referred, written to, met at another event..."""
        people = list(people)
        if not people:
            return set()
        other_event = (EventPerson.contact_id == Contact.id) & (EventPerson.event_id != event_id)
        about_them = [
            MeetingPerson.select().where(MeetingPerson.contact_id == Contact.id),
            Referral.select().where(Referral.from_contact == Contact.id),
            Referral.select().where(Referral.to_contact == Contact.id),
            Todo.select().where(Todo.contact == Contact.id),  # the capture's own are gone
            Interaction.select().where(Interaction.contact == Contact.id),
            Outreach.select().where(Outreach.contact == Contact.id),
            KeepInTouch.select().where(KeepInTouch.contact_id == Contact.id),
            ContactTag.select().where(ContactTag.contact_id == Contact.id),
            Link.select().where(Link.from_contact == Contact.id),
            Link.select().where(Link.to_contact == Contact.id),
            EventPerson.select().where(other_event),
            EventIntroduction.select().where(EventIntroduction.introducer == Contact.id),
            EventIntroduction.select().where(EventIntroduction.introduced == Contact.id),
        ]
        condition = (Contact.user_edited != "") | (Contact.updated_at > captured_at)
        for rows in about_them:
            condition |= fn.EXISTS(rows)
        return {
            contact_id
            for (contact_id,) in Contact.select(Contact.id)
            .where(among(Contact.id, people), condition)
            .bind(self._db)
            .tuples()
        }

    # --- what came of it ---------------------------------------------------

    def report(self, event_id: int) -> EventReport:
        """Who was met, and for each: followed up, a conversation, a referral, a real
        relationship."""
        event = self.get(event_id)
        # Their "nice to meet you" for this event: the title names the event after the person.
        before, _, _ = nice_to_meet_you_title("\x00", "", "").partition("\x00")
        followed_up_title = f"{_like_escape(before)}%({_like_escape(event.name)}%"
        sql = f"""
            SELECT c.id, c.display_name, coalesce(o.name, ''), ep.note, ep.starred,
                EXISTS (SELECT 1 FROM todo t WHERE t.contact_id = c.id AND t.kind = ?
                        AND t.done_at IS NOT NULL AND t.title LIKE ? ESCAPE '\\')
                OR EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id
                           AND substr(i.occurred_at, 1, 10) >= ?),
                {_conversation_sql("?")},
                EXISTS (SELECT 1 FROM referral r WHERE (r.from_contact_id = c.id
                        OR r.to_contact_id = c.id) AND substr(r.created_at, 1, 10) >= ?),
                c.relation NOT IN (?, ?) AND c.closeness >= ?
            FROM event_person ep
            JOIN contact c ON c.id = ep.contact_id
            LEFT JOIN organisation o ON o.id = c.organisation_id
            WHERE ep.event_id = ?
            ORDER BY c.sort_name, c.id
        """
        values = (
            NICE_TO_MEET_YOU_KIND,
            followed_up_title,
            event.held_on,
            event.held_on,
            event.held_on,
            LINKEDIN_ONLY,
            MET_AT_AN_EVENT,
            REAL_MIN_CLOSENESS,
            event_id,
        )
        rows = self._db.execute_sql(sql, values).fetchall()
        people = [
            MetPerson(
                contact_id=row[0],
                name=row[1],
                organisation=row[2],
                note=row[3],
                starred=bool(row[4]),
                followed_up=bool(row[5]),
                conversation=bool(row[6]),
                referral=bool(row[7]),
                real_relationship=bool(row[8]),
            )
            for row in rows
        ]
        introducer, introduced = Contact.alias("introducer"), Contact.alias("introduced")
        introductions = list(
            EventIntroduction.select(introducer.display_name, introduced.display_name)
            .join(introducer, on=introducer.id == EventIntroduction.introducer_id)
            .switch(EventIntroduction)
            .join(introduced, on=introduced.id == EventIntroduction.introduced_id)
            .where(EventIntroduction.event_id == event_id)
            .order_by(EventIntroduction.id)
            .bind(self._db)
            .tuples()
        )
        return EventReport(event, people, introductions)

    def numbers(self) -> list[EventNumbers]:
        """Per event (the latest first): the people met and how many became conversations."""
        sql = f"""
            SELECT e.id, e.name, e.held_on, count(ep.contact_id),
                coalesce(sum({_conversation_sql("e.held_on")}), 0)
            FROM event e
            LEFT JOIN event_person ep ON ep.event_id = e.id
            LEFT JOIN contact c ON c.id = ep.contact_id
            GROUP BY e.id
            ORDER BY e.held_on DESC, e.id DESC
        """
        return [EventNumbers(*row) for row in self._db.execute_sql(sql).fetchall()]


def _conversation_sql(day: str) -> str:
    """A meeting with the person (c), agreed or held, on or after *day* (SQL)."""
    statuses = ", ".join(f"'{status}'" for status in CONVERSATION_STATUSES)
    return f"""EXISTS (SELECT 1 FROM meeting_person mp JOIN meeting m
        ON m.id = mp.meeting_id WHERE mp.contact_id = c.id AND m.status IN ({statuses})
        AND substr(coalesce(m.starts_at, m.updated_at), 1, 10) >= {day})"""


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _starred(line: CapturedLine) -> CapturedLine:
    return replace(line, starred=True)


class _Matcher:
    """Who each captured line is: someone known (by email, LinkedIn profile, name and
    organisation, or a name only one person has), someone an earlier line adds, or
    someone new. Targeted queries: a capture is a few dozen lines against any network."""

    def __init__(self, db: peewee.SqliteDatabase) -> None:
        self._db = db

    def match(self, lines: list[CapturedLine]) -> list[PreviewLine]:
        people = [line for line in lines if not line.problem]
        by_email = self._by_email({line.email.casefold() for line in people if line.email})
        by_url = self._by_url({line.linkedin_url for line in people if line.linkedin_url})
        by_name = self._by_name({line.name for line in people})
        earlier: dict[str, int] = {}  # identities of new people an earlier line adds
        result = []
        for line in lines:
            if line.problem:
                result.append(PreviewLine(line))
                continue
            found = self._known(line, by_email, by_url, by_name)
            if found is not None:
                result.append(PreviewLine(line, found[0], found[1], found[2]))
                continue
            identities = _identities(line)
            same = next((earlier[i] for i in identities if i in earlier), None)
            for identity in identities:
                earlier.setdefault(identity, line.line)
            result.append(PreviewLine(line, same_as_line=same))
        return result

    @staticmethod
    def _known(
        line: CapturedLine,
        by_email: dict[str, tuple[int, str]],
        by_url: dict[str, tuple[int, str]],
        by_name: dict[str, list[tuple[int, str, str]]],
    ) -> tuple[int, str, str] | None:
        if line.email and line.email.casefold() in by_email:
            return (*by_email[line.email.casefold()], "email")
        if line.linkedin_url and line.linkedin_url.casefold() in by_url:
            return (*by_url[line.linkedin_url.casefold()], "LinkedIn profile")
        candidates = by_name.get(fold(line.name), [])
        key = name_key(line.name, line.organisation)
        same_key = [c for c in candidates if name_key(c[1], c[2]) == key]
        if same_key:
            return same_key[0][0], same_key[0][1], "name and organisation"
        if not line.organisation and len(candidates) == 1:
            return candidates[0][0], candidates[0][1], "name"
        return None

    def _by_email(self, emails: set[str]) -> dict[str, tuple[int, str]]:
        if not emails:
            return {}
        # One scan of the people with emails; LIKE narrows, the exact line decides.
        likes = " OR ".join("emails LIKE ? ESCAPE '\\'" for _ in emails)
        rows = self._db.execute_sql(
            f"SELECT id, display_name, emails FROM contact WHERE {likes} ORDER BY id",
            [f"%{_like_escape(email)}%" for email in emails],
        )
        found: dict[str, tuple[int, str]] = {}
        for contact_id, name, stored in rows:
            for email in stored.split("\n"):
                if email.strip().casefold() in emails:
                    found.setdefault(email.strip().casefold(), (contact_id, name))
        return found

    def _by_url(self, urls: set[str]) -> dict[str, tuple[int, str]]:
        if not urls:
            return {}
        found: dict[str, tuple[int, str]] = {}
        exact = (
            Contact.select(Contact.linkedin_url, Contact.id, Contact.display_name)
            .where(Contact.linkedin_url.in_(sorted(urls)))
            .bind(self._db)
            .tuples()
        )
        for url, contact_id, name in exact:
            found[url.casefold()] = (contact_id, name)
        missing = sorted({u.casefold() for u in urls} - set(found))
        if missing:  # profile slugs are case-insensitive: one scan for the rest
            folded = (
                Contact.select(fn.lower(Contact.linkedin_url), Contact.id, Contact.display_name)
                .where(fn.lower(Contact.linkedin_url).in_(missing))
                .bind(self._db)
                .tuples()
            )
            for url, contact_id, name in folded:
                found.setdefault(url, (contact_id, name))
        return found

    def _by_name(self, names: set[str]) -> dict[str, list[tuple[int, str, str]]]:
        """Folded name -> (id, name, organisation) of everyone called so (by the sort
        name index, then exactly)."""
        keys = sorted({sort_name(name) for name in names})
        rows = (
            Contact.select(Contact.id, Contact.display_name, fn.COALESCE(Organisation.name, ""))
            .join(Organisation, peewee.JOIN.LEFT_OUTER)
            .where(Contact.sort_name.in_(keys))
            .order_by(Contact.id)
            .bind(self._db)
            .tuples()
        )
        found: dict[str, list[tuple[int, str, str]]] = {}
        for contact_id, name, organisation in rows:
            found.setdefault(fold(name), []).append((contact_id, name, organisation))
        return found


def _identities(line: CapturedLine) -> list[str]:
    identities = [f"key:{name_key(line.name, line.organisation)}"]
    if line.email:
        identities.append(f"email:{line.email.casefold()}")
    if line.linkedin_url:
        identities.append(f"url:{line.linkedin_url.casefold()}")
    return identities


class _Capture:
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
            )
            todos.append([nice.id, tomorrow.isoformat()])
            if starred:
                propose = self._service._todos.add(
                    conversation_title(name),
                    kind=CONVERSATION_KIND,
                    contact_id=contact_id,
                    due_on=next_week,
                    note=f"Met at {event.name} ({event.held_on}). {note}".strip(),
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
