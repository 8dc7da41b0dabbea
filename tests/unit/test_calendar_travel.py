"""What meetings and to-dos carry through the calendar: written and read back exactly
(texts with commas, semicolons, backslashes, new lines and non-Latin letters), the
user's own events and tasks left alone, and hostile calendar data never raising."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from netdesk.services.calendar.items import meeting_event
from netdesk.services.calendar.travel import (
    TodoFields,
    read_meeting,
    read_todo,
    todo_item,
)
from netdesk.services.meetings.records import MeetingRecord

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 2, 9, 30, tzinfo=BERLIN)
NOTES = 'Hiring in March; ask Jo, then Lü.\nPath: C:\\data\\team\n\n李小龍 said: "go"'


def test_a_meeting_round_trips_with_its_texts_and_people() -> None:
    record = MeetingRecord(
        id=7, title="Coffee with Dana", kind="coffee", status="held",
        starts_at=datetime(2026, 12, 1, 10, tzinfo=BERLIN), duration_minutes=45,
        place="Café Lumen", purpose="Learn about data teams", notes=NOTES, takeaways="RFC",
    )  # fmt: skip
    ics = meeting_event(record, "uid-1", ["dana@x.example"], ["Dana"], NOW, ["card-a", "card-b"])
    carried = read_meeting(ics, BERLIN)
    assert carried is not None
    assert (carried.uid, carried.title, carried.kind, carried.status) == (
        "uid-1", "Coffee with Dana", "coffee", "held"
    )  # fmt: skip
    assert carried.texts["notes"] == NOTES and carried.texts["takeaways"] == "RFC"
    assert carried.texts["research"] == "" and carried.place == "Café Lumen"
    assert carried.people == ("card-a", "card-b") and carried.attendees == ("dana@x.example",)
    assert carried.ends_at - carried.starts_at == record.ends_at - record.starts_at
    assert "Notes:\n" + NOTES in _unfolded_description(ics)  # what a phone shows


def _unfolded_description(ics: str) -> str:
    import icalendar

    event = next(iter(icalendar.Calendar.from_ical(ics).walk("VEVENT")))
    return str(event["description"])


def test_someone_elses_event_is_not_a_meeting_to_take_in() -> None:
    plain = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Dentist\r\n"
        "DTSTART:20261203T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert read_meeting(plain, BERLIN) is None
    assert read_todo(plain) is None


def test_a_todo_round_trips_done_or_not() -> None:
    open_todo = TodoFields(
        title="Thank Dana", kind="thank_you", due_on="2026-12-03", snoozed_until="2026-12-05",
        done_at=None, note=NOTES, person="card-a", email="dana@x.example", meeting_uid="uid-1",
    )  # fmt: skip
    carried = read_todo(todo_item(open_todo, "todo-1", NOW))
    assert carried is not None
    assert (carried.uid, carried.title, carried.kind, carried.note) == (
        "todo-1", "Thank Dana", "thank_you", NOTES
    )  # fmt: skip
    assert (carried.due_on, carried.snoozed_until, carried.done_at) == (
        date(2026, 12, 3), date(2026, 12, 5), None
    )  # fmt: skip
    assert (carried.person, carried.email, carried.meeting_uid) == (
        "card-a", "dana@x.example", "uid-1"
    )  # fmt: skip
    done = TodoFields("Thank Dana", "thank_you", None, None, "2026-12-02 10:15:00", "")
    carried = read_todo(todo_item(done, "todo-1", NOW))
    assert carried is not None and carried.done_at == datetime(2026, 12, 2, 9, 15, tzinfo=UTC)
    assert done.digest() != open_todo.digest()


def test_the_users_own_task_is_left_alone_and_unknown_kinds_are_other() -> None:
    task = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:t\r\nSUMMARY:Buy milk\r\n"
        "END:VTODO\r\nEND:VCALENDAR\r\n"
    )
    assert read_todo(task) is None
    odd = task.replace("SUMMARY:Buy milk", "SUMMARY:Odd\r\nX-NETDESK-KIND:=cmd|' /C calc'!A0")
    carried = read_todo(odd)
    assert carried is not None and carried.kind == "other"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff\xfe garbage",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nX-NETDESK-STATUS:held\r\nDTSTART:nonsense\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:t\r\nX-NETDESK-KIND:other\r\nDUE:2026-99-99\r\n"
        "COMPLETED:yesterday\r\nSTATUS:COMPLETED\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nX-NETDESK-STATUS:held\r\n"
        "X-NETDESK-NOTES:" + "x" * 300_000 + "\r\nDTSTART:20261203T090000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
    ],
)
def test_hostile_calendar_data_never_raises(data) -> None:
    carried = read_meeting(data, BERLIN)
    assert carried is None or len(carried.texts["notes"]) <= 100_000
    todo = read_todo(data)
    assert todo is None or todo.due_on is None
