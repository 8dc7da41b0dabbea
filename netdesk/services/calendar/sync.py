"""Keeping meetings and the user's CalDAV calendar in step, incrementally (the
sync-token of RFC 6578, else a full listing compared by ETag):

- pulled first: a meeting's event moved or cancelled in the calendar moves or cancels
  the meeting; deleted there, a meeting still to come is cancelled (its notes stay);
  the user's own events with people NetDesk knows are remembered, and once one has
  ended without a meeting, Today asks "Did you meet Priya Wei on 3 Dec?";
- then pushed: every scheduled or held meeting (and any pushed before that changed
  since) as an event with its people as attendees, the prepared questions and notes in
  the description; a meeting deleted in NetDesk is deleted from the calendar;
- meetings and follow-up to-dos (as VTODOs) carry NetDesk's own fields, so that another
  NetDesk of the user's syncing with the same calendar takes them in (travel.py).
"""

from __future__ import annotations

import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import peewee

from netdesk.db.models import CalendarAccount as CalendarAccountRow
from netdesk.db.models import CalendarEvent, Meeting
from netdesk.errors import CalendarError
from netdesk.services.base import Service
from netdesk.services.calendar.account import CalendarAccount, CalendarAccountService
from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.calendar.items import CalendarItem, meeting_event, read_item
from netdesk.services.calendar.meeting_travel import (
    MeetingTravel,
    meeting_version,
    meeting_versions,
)
from netdesk.services.calendar.people_keys import PeopleKeys
from netdesk.services.calendar.todo_travel import TodoTravel
from netdesk.services.calendar.travel import (
    TravellingTodo,
    read_meeting,
    read_todo,
)
from netdesk.services.cancel import CancelToken
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.service import ContactService
from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccountService
from netdesk.services.mailscan.recording import AddressBook
from netdesk.services.meetings.service import MeetingService
from netdesk.services.progress import Progress, no_progress
from netdesk.services.settings import (
    CALENDAR_SYNC_MINUTES,
    SettingsStore,
    clamped_minutes,
    interval_minutes,
)
from netdesk.services.text import split_lines

PROMPT_DAYS = 14  # events that ended longer ago are history, not a question for Today
PUSHED = ("scheduled", "held")  # meetings written to the calendar (and any pushed before)
ETAG = "{DAV:}getetag"


@dataclass
class SyncResult:
    pushed: int = 0  # meetings written to the calendar
    events: int = 0  # events read that changed (in the chosen calendar or the others)
    moved: int = 0  # meetings given a new time from the calendar
    cancelled: int = 0  # meetings cancelled (in the calendar, or deleted there)
    deleted: int = 0  # events deleted (from the calendar, or there)
    prompts: int = 0  # new "did you meet" questions for Today
    meetings_pulled: int = 0  # meetings taken in (or changed) from another NetDesk
    todos_pushed: int = 0  # follow-up to-dos written to the calendar
    todos_pulled: int = 0  # to-dos taken in (or changed, or deleted) from there

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


@dataclass(frozen=True)
class _Travel:
    """What one pass needs to carry meetings and to-dos both ways."""

    keys: PeopleKeys
    meetings: MeetingTravel
    todos: TodoTravel | None  # None when the calendar keeps no to-dos


class CalendarSyncService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        accounts: CalendarAccountService,
        transport: CalendarTransport,
        meetings: MeetingService,
        contacts: ContactService,
        mail_accounts: MailAccountService | None = None,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._accounts = accounts
        self._transport = transport
        self._meetings = meetings
        self._contacts = contacts
        self._mail_accounts = mail_accounts
        self._settings = SettingsStore(db)

    @property
    def minutes(self) -> int:
        """Minutes between background syncs (settings.MIN_MINUTES to MAX_MINUTES)."""
        return interval_minutes(self._settings, CALENDAR_SYNC_MINUTES)

    @announces(Change.SETTINGS)
    def set_minutes(self, minutes: int) -> None:
        self._settings.set(CALENDAR_SYNC_MINUTES, str(clamped_minutes(minutes)))

    @announces(Change.MEETINGS | Change.TODOS | Change.SETTINGS)
    def sync(
        self,
        secret: Secret | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> SyncResult:
        """One pass, pull then push. *secret*: the password, else the keyring's."""
        account = self.account()
        if secret is None:
            secret = self._accounts.password(account)
        result = SyncResult()
        with self._transport.calendar(account, secret) as calendar:
            travel = self._travel(account, calendar)
            progress(10, "Reading what changed in your calendar…")
            token = self._pull(account, calendar, travel, result)
            if cancel is not None:
                cancel.check()
            progress(50, "Reading your other calendars' recent events…")
            self._read_other_calendars(account, calendar, result)
            progress(60, "Writing meetings and to-dos to your calendar…")
            self._push(account, calendar, travel, result, cancel)
        with self._db.atomic("IMMEDIATE"):
            result.prompts = self._open_prompts(account)
            CalendarAccountRow.update(sync_token=token, synced_at=self._clock.timestamp()).where(
                CalendarAccountRow.id == account.id
            ).bind(self._db).execute()
        progress(100, "Calendar in step")
        return result

    def _travel(self, account: CalendarAccount, calendar: Any) -> _Travel:
        keys = PeopleKeys(self._db, self._address_book(account))
        todos = None
        if "VTODO" in calendar.get_supported_components():
            todos = TodoTravel(self._db, account.id, keys, self._clock)
        return _Travel(keys, MeetingTravel(self._db, self._meetings, keys, self._clock), todos)

    def account(self) -> CalendarAccount:
        account = self._accounts.get()
        if account is None:
            raise CalendarError(
                "not_configured",
                "No calendar is set up: add it in Settings → Calendar (or `netdesk accounts "
                "set calendar`).",
            )
        return account

    # --- pulling ----------------------------------------------------------------

    def _pull(
        self, account: CalendarAccount, calendar: Any, travel: _Travel, result: SyncResult
    ) -> str | None:
        collection = calendar.get_objects_by_sync_token(
            sync_token=account.sync_token, load_objects=True
        )
        here = str(calendar.url)  # the other calendars' events are read on their own
        known = {row.href: row for row in self._rows(account) if row.href.startswith(here)}
        deleted = {str(url) for url in collection.deleted_urls}
        listed: set[str] = set()
        todos: list[tuple[str, str | None, TravellingTodo]] = []
        for obj in collection.objects:
            href = str(obj.url)
            if href in deleted or obj.data is None:
                deleted.add(href)
                continue
            listed.add(href)
            row, etag = known.get(href), obj.props.get(ETAG)
            if row is not None and etag and row.etag == etag:
                continue  # as NetDesk wrote it, or unchanged since read
            item = read_item(obj.data, self._clock.tz)
            if item is None:
                carried = read_todo(obj.data) if travel.todos is not None else None
                if carried is not None:
                    todos.append((href, etag, carried))  # after the meetings they follow
                continue
            if not item.uid:
                continue
            result.events += 1
            self._pulled_event(account, row, href, etag, item, obj.data, travel, result)
        for href, etag, carried in todos:
            assert travel.todos is not None
            result.todos_pulled += travel.todos.pulled(href, etag, carried, known.get(href))
        if not collection.sync_token or not account.sync_token:
            deleted |= {href for href in known if href not in listed}  # a full listing
        for href in deleted & set(known):
            row = known[href]
            if row.todo_id is not None and travel.todos is not None:
                result.todos_pulled += travel.todos.deleted_there(row)
            else:
                self._deleted_there(row, result)
        return collection.sync_token or None

    def _pulled_event(
        self,
        account: CalendarAccount,
        row: CalendarEvent | None,
        href: str,
        etag: str | None,
        item: CalendarItem,
        data: str,
        travel: _Travel,
        result: SyncResult,
    ) -> None:
        carried = read_meeting(data, self._clock.tz)
        if row is None and carried is not None:
            row = self._row_of(account, item.uid)  # known, at another address (moved)
        with self._db.atomic("IMMEDIATE"):
            if row is not None and row.meeting_id is not None:
                changed, moved, cancelled = travel.meetings.apply(row, item, carried)
                result.moved += moved
                result.cancelled += cancelled
                result.meetings_pulled += changed and carried is not None
            elif row is None and carried is not None:
                record = travel.meetings.adopt(carried)
                if record is not None:
                    CalendarEvent.insert(
                        account=account.id, uid=item.uid, href=href, etag=etag,
                        meeting=record.id, pushed_version=meeting_version(record),
                        summary=record.title, starts_at=self._wall(record.starts_at),
                        ends_at=self._wall(record.ends_at),
                    ).on_conflict_ignore().bind(self._db).execute()  # fmt: skip
                    result.meetings_pulled += 1
                return
            self._remember(account, row, href, etag, item, travel.keys.book)

    def _read_other_calendars(
        self, account: CalendarAccount, chosen: Any, result: SyncResult
    ) -> None:
        """The account's other calendars (a family one, a shared one) are only read for
        "did you meet" questions: their events of the last PROMPT_DAYS days."""
        now = self._clock.now()
        known = {row.href: row for row in self._rows(account)}
        book = self._address_book(account)
        for other in chosen.client.principal().calendars():
            if (
                str(other.url) == str(chosen.url)
                or "VEVENT" not in other.get_supported_components()
            ):
                continue
            found = other.search(
                start=now - timedelta(days=PROMPT_DAYS), end=now, event=True, expand=False
            )
            for obj in found:
                href, etag = str(obj.url), obj.props.get(ETAG)
                row = known.get(href)
                if row is not None and etag and row.etag == etag:
                    continue
                item = read_item(obj.data, self._clock.tz)
                if item is None or not item.uid or (row is not None and row.meeting_id):
                    continue
                result.events += 1
                with self._db.atomic("IMMEDIATE"):
                    self._remember(account, row, href, etag, item, book)

    def _remember(
        self,
        account: CalendarAccount,
        row: CalendarEvent | None,
        href: str,
        etag: str | None,
        item: CalendarItem,
        book: AddressBook,
    ) -> None:
        people = sorted(book.who(item.attendees)) if not item.all_day else []
        values = {
            CalendarEvent.href: href,
            CalendarEvent.etag: etag,
            CalendarEvent.summary: item.summary,
            CalendarEvent.starts_at: self._wall(item.starts_at),
            CalendarEvent.ends_at: self._wall(item.ends_at),
            CalendarEvent.people: "\n".join(map(str, people)),
        }
        if row is not None:
            if row.meeting_id is not None:
                values[CalendarEvent.pushed_version] = row.pushed_version
            CalendarEvent.update(values).where(CalendarEvent.id == row.id).bind(self._db).execute()
        elif people:  # the user's own event with people NetDesk knows
            CalendarEvent.insert(
                {**values, CalendarEvent.account: account.id, CalendarEvent.uid: item.uid}
            ).on_conflict_ignore().bind(self._db).execute()

    def _deleted_there(self, row: CalendarEvent, result: SyncResult) -> None:
        """Deleted in the calendar: a meeting still to come is cancelled (its notes,
        answers and people stay); the event is forgotten."""
        with self._db.atomic("IMMEDIATE"):
            if row.meeting_id is not None:
                try:
                    meeting = self._meetings.get(row.meeting_id)
                except KeyError:
                    meeting = None
                if meeting is not None and meeting.status == "scheduled":
                    meeting.status = "cancelled"
                    self._meetings.save(meeting)
                    result.cancelled += 1
            if row.prompt != "recorded":
                CalendarEvent.delete().where(CalendarEvent.id == row.id).bind(self._db).execute()
            result.deleted += 1

    # --- pushing ----------------------------------------------------------------

    def _push(
        self,
        account: CalendarAccount,
        calendar: Any,
        travel: _Travel,
        result: SyncResult,
        cancel: CancelToken | None,
    ) -> None:
        rows = {row.meeting_id: row for row in self._rows(account) if row.meeting_id}
        for row in self._rows(account):
            if row.meeting_id is None and row.todo_id is None and row.pushed_version:
                self._delete_there(calendar, row, result)  # deleted here
        wanted = (
            Meeting.select(Meeting.id)
            .where((Meeting.status.in_(PUSHED) & Meeting.starts_at.is_null(False))
                   | Meeting.id.in_(list(rows)))
            .bind(self._db)
            .tuples()
        )  # fmt: skip
        now = self._clock.now()
        versions = meeting_versions(self._db, [meeting_id for (meeting_id,) in wanted])
        for meeting_id, version in versions.items():
            row = rows.get(meeting_id)
            if row is not None and row.pushed_version == version:
                continue
            if cancel is not None:
                cancel.check()
            record = self._meetings.get(meeting_id)
            if record.starts_at is None:
                continue
            uid = row.uid if row is not None else f"netdesk-{uuid.uuid4()}"
            people = self._contacts.records(record.people)
            emails = [p.emails[0] for p in people if p.emails]
            names = [p.display_name for p in people]
            cards = [card for p in record.people if (card := travel.keys.uid(p))]
            obj = calendar.add_event(
                meeting_event(record, uid, emails, names, now, cards), increase_seqno=False
            )
            values = {
                CalendarEvent.href: str(obj.url),
                CalendarEvent.etag: (getattr(obj, "props", None) or {}).get(ETAG),
                CalendarEvent.pushed_version: meeting_version(record),
                CalendarEvent.summary: record.title,
                CalendarEvent.starts_at: self._wall(record.starts_at),
                CalendarEvent.ends_at: self._wall(record.ends_at),
            }
            with self._db.atomic("IMMEDIATE"):
                if row is None:
                    CalendarEvent.insert(
                        {**values, CalendarEvent.account: account.id, CalendarEvent.uid: uid,
                         CalendarEvent.meeting: meeting_id}
                    ).bind(self._db).execute()  # fmt: skip
                else:
                    CalendarEvent.update(values).where(CalendarEvent.id == row.id).bind(
                        self._db
                    ).execute()
            result.pushed += 1
        if travel.todos is not None:
            result.todos_pushed += travel.todos.push(calendar, self._rows(account), cancel)

    def _delete_there(self, calendar: Any, row: CalendarEvent, result: SyncResult) -> None:
        from caldav.lib import error as dav

        with suppress(dav.NotFoundError):  # gone already
            calendar.event_by_url(row.href).delete()
        with self._db.atomic("IMMEDIATE"):
            CalendarEvent.delete().where(CalendarEvent.id == row.id).bind(self._db).execute()
        result.deleted += 1

    # --- "did you meet …?" --------------------------------------------------------

    def _open_prompts(self, account: CalendarAccount) -> int:
        """Events of the user's own with people NetDesk knows, ended (in the last
        PROMPT_DAYS) without a meeting with any of them that day, become questions."""
        now = self._clock.now()
        ended = (
            CalendarEvent.select(CalendarEvent.id, CalendarEvent.starts_at, CalendarEvent.people)
            .where(
                CalendarEvent.account_id == account.id,
                CalendarEvent.meeting_id.is_null(),
                CalendarEvent.prompt == "none",
                CalendarEvent.people != "",
                CalendarEvent.ends_at <= self._clock.wall(now),
                CalendarEvent.ends_at >= self._clock.wall(now - timedelta(days=PROMPT_DAYS)),
            )
            .bind(self._db)
            .tuples()
        )
        opened = 0
        for event_id, starts_at, people in list(ended):
            if not self._met_that_day(starts_at[:10], [int(p) for p in split_lines(people)]):
                CalendarEvent.update(prompt="open").where(CalendarEvent.id == event_id).bind(
                    self._db
                ).execute()
                opened += 1
        return opened

    def _met_that_day(self, day: str, people: list[int]) -> bool:
        sql = (
            "SELECT 1 FROM meeting m JOIN meeting_person mp ON mp.meeting_id = m.id "
            f"WHERE mp.contact_id IN ({','.join('?' * len(people))}) "
            "AND substr(m.starts_at, 1, 10) = ? AND m.status IN ('scheduled', 'held') LIMIT 1"
        )
        return self._db.execute_sql(sql, (*people, day)).fetchone() is not None

    # --- helpers ------------------------------------------------------------------

    def _row_of(self, account: CalendarAccount, uid: str) -> CalendarEvent | None:
        query = CalendarEvent.select().where(
            CalendarEvent.account_id == account.id, CalendarEvent.uid == uid
        )
        return query.bind(self._db).first()

    def _rows(self, account: CalendarAccount) -> list[CalendarEvent]:
        return list(
            CalendarEvent.select().where(CalendarEvent.account_id == account.id).bind(self._db)
        )

    def _address_book(self, account: CalendarAccount) -> AddressBook:
        mail = self._mail_accounts.get() if self._mail_accounts is not None else None
        own = mail.address if mail is not None else account.username
        book = AddressBook.read(self._db, own)
        return book

    def _wall(self, moment: datetime | None) -> str | None:
        return self._clock.wall(moment) if moment is not None else None
