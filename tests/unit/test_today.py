"""Today's data: reminder arithmetic in the user's time zone, across the Europe/Berlin
clock changes; this week's meetings; the numbers; and the start-up notification text."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from netdesk.services.clock import FrozenClock, add_months, first_of_month, local_day, week_of
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.followups.bundle import build_followups
from netdesk.services.followups.event_followups import EventGroup, EventName, group_by_event
from netdesk.services.followups.todos import Todo
from netdesk.services.meetings.records import MeetingRecord
from tests.frozen_time import TEST_NOW, TODAY

BERLIN = ZoneInfo("Europe/Berlin")
# 2026: summer time starts Sunday 29 March (02:00 -> 03:00) and ends Sunday 25 October.
SPRING_SUNDAY = date(2026, 3, 29)
AUTUMN_SUNDAY = date(2026, 10, 25)


@pytest.fixture
def berlin():
    """The machine's own zone is Berlin too (what the app writes local times in)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield BERLIN
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def follow(services, berlin):
    clock = FrozenClock(datetime(2026, 3, 29, 12), tz=berlin)
    return build_followups(services.db, services.todos, services.interactions, clock=clock)


def person(services, name: str, relation: str = "friend", closeness: int = 3) -> int:
    return services.contacts.save(
        ContactRecord(display_name=name, relation=relation, closeness=closeness)
    ).id


def meeting(services, title: str, starts_at: datetime, status: str = "scheduled") -> int:
    return services.meetings.save(MeetingRecord(title=title, status=status, starts_at=starts_at)).id


# --- calendar arithmetic -----------------------------------------------------


def test_the_day_is_the_users_day_not_utcs(berlin) -> None:
    just_after_midnight = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # 00:30 in Berlin
    assert local_day(just_after_midnight, berlin) == SPRING_SUNDAY
    assert local_day(just_after_midnight, UTC) == date(2026, 3, 28)
    summer_evening = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 00:30 CEST on 2 July
    assert local_day(summer_evening, berlin) == date(2026, 7, 2)


def test_weeks_around_the_clock_changes_are_not_168_hours(berlin) -> None:
    start, end = week_of(SPRING_SUNDAY, berlin)
    assert start == datetime(2026, 3, 23, tzinfo=berlin) and start.utcoffset() == timedelta(hours=1)
    assert end == datetime(2026, 3, 30, tzinfo=berlin) and end.utcoffset() == timedelta(hours=2)
    # (Subtracting two times in the same zone gives wall-clock time: measure in UTC.)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=167)
    start, end = week_of(AUTUMN_SUNDAY, berlin)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=169)
    # The machine's zone (tz=None) gives the same wall-clock week.
    assert week_of(SPRING_SUNDAY) == week_of(SPRING_SUNDAY, berlin)


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert first_of_month(date(2026, 3, 29), 11) == date(2025, 4, 1)


# --- to-dos ------------------------------------------------------------------


def test_due_and_overdue_flip_at_the_users_midnight(services, follow) -> None:
    todos = services.todos
    saturday = todos.add("Thank Mia", due_on=date(2026, 3, 28))
    sunday = todos.add("Send Omar the article", due_on=SPRING_SUNDAY)
    monday = todos.add("Call Lena", due_on=date(2026, 3, 30))
    # 23:30 UTC on Saturday is already Sunday 00:30 in Berlin.
    data = follow.today.build(datetime(2026, 3, 28, 23, 30, tzinfo=UTC))
    assert data.today == SPRING_SUNDAY
    assert [t.id for t in data.todos] == [saturday.id, sunday.id]
    assert [t.id for t in data.overdue_todos] == [saturday.id]
    assert data.upcoming_todos == 1
    # An hour earlier it is still Saturday in Berlin: Sunday's to-do is not due yet.
    earlier = follow.today.build(datetime(2026, 3, 28, 22, 30, tzinfo=UTC))
    assert earlier.today == date(2026, 3, 28) and [t.id for t in earlier.todos] == [saturday.id]
    # Late on the short Sunday (23:30 CEST = 21:30 UTC) it is still Sunday.
    late = follow.today.build(datetime(2026, 3, 29, 21, 30, tzinfo=UTC))
    assert late.today == SPRING_SUNDAY and monday.id not in [t.id for t in late.todos]


def test_snoozed_to_dos_return_on_the_calendar_day(services, follow) -> None:
    todo = services.todos.add("Thank Mia", due_on=date(2026, 10, 24))
    services.todos.snooze(todo.id, date(2026, 10, 31))  # "for a week" from Saturday
    for moment, shown in (
        (datetime(2026, 10, 30, 22, 59, tzinfo=UTC), False),  # 23:59 CET on the 30th
        (datetime(2026, 10, 30, 23, 0, tzinfo=UTC), True),  # 00:00 CET on the 31st
    ):
        data = follow.today.build(moment)
        assert (todo.id in [t.id for t in data.todos]) is shown, moment


def test_a_thank_you_is_due_the_day_after_on_the_users_calendar(services, berlin) -> None:
    mia = person(services, "Mia Chen")
    # A late call set in New York's zone: 18:30 there is 00:30 on Monday in Berlin.
    new_york = timezone(timedelta(hours=-4))
    services.meetings.save(
        MeetingRecord(
            title="Call with Mia",
            status="held",
            starts_at=datetime(2026, 3, 29, 18, 30, tzinfo=new_york),
            people=[mia],
        )
    )
    (thanks,) = services.todos.list(contact_id=mia)
    assert thanks.due_on == date(2026, 3, 31)
    assert services.contacts.get(mia).last_interaction == "2026-03-30"


# --- keeping in touch ----------------------------------------------------------


def test_intervals_count_calendar_days_across_the_change(services, follow) -> None:
    friend = person(services, "Fay Friend")  # every 30 days
    services.db.execute_sql(
        "UPDATE contact SET last_interaction = '2026-02-27' WHERE id = ?", (friend,)
    )
    # Due on 29 March, the 23-hour day: from its first minute in Berlin, not 24 h later.
    before = follow.today.build(datetime(2026, 3, 28, 22, 59, tzinfo=UTC))
    at = follow.today.build(datetime(2026, 3, 28, 23, 0, tzinfo=UTC))
    assert before.lapsed == [] and [p.name for p in at.lapsed] == ["Fay Friend"]
    assert at.lapsed[0].due_on == SPRING_SUNDAY


def test_an_interaction_after_midnight_counts_on_the_local_day(services, follow) -> None:
    friend = person(services, "Fay Friend")
    follow.interactions.log(
        friend, "call", "Late call", occurred_at=datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    )
    cadence = follow.keep_in_touch.cadence(friend)
    assert cadence.last_touch == SPRING_SUNDAY  # not Saturday, as UTC would have it
    assert cadence.due_on == date(2026, 4, 28)


# --- this week's meetings --------------------------------------------------------


def test_this_weeks_meetings_by_the_users_clock(services, follow) -> None:
    inside = [
        # Monday 00:30 CET, stored in UTC: its text says Sunday the 22nd.
        meeting(services, "Early Monday", datetime(2026, 3, 22, 23, 30, tzinfo=UTC)),
        meeting(services, "Saturday coffee", datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN)),
        meeting(services, "Sunday night", datetime(2026, 3, 29, 23, 30, tzinfo=BERLIN)),
    ]
    outside = [
        meeting(services, "Previous Sunday", datetime(2026, 3, 22, 23, 30, tzinfo=BERLIN)),
        # 00:30 CEST on Monday the 30th: a week of 7 x 24 h from Monday 00:00 CET
        # would end at 01:00 CEST and wrongly include it.
        meeting(services, "Next Monday", datetime(2026, 3, 30, 0, 30, tzinfo=BERLIN)),
        meeting(services, "Cancelled", datetime(2026, 3, 26, 9, 0, tzinfo=BERLIN), "cancelled"),
    ]
    data = follow.today.build(datetime(2026, 3, 26, 9, 0, tzinfo=BERLIN))
    assert [m.id for m in data.meetings] == inside
    assert not set(outside) & {m.id for m in data.meetings}
    assert data.meetings[0].starts_at == datetime(2026, 3, 23, 0, 30, tzinfo=BERLIN)
    assert data.meetings[0].starts_at.utcoffset() == timedelta(hours=1)


# --- numbers and notification -----------------------------------------------------


def test_numbers_for_the_charts(services, follow) -> None:
    mia = person(services, "Mia Chen", closeness=5)
    omar = person(services, "Omar Haddad", relation="mentor")
    services.contacts.save(ContactRecord(display_name="Lin Kedin", relation="linkedin"))
    for month in (1, 1, 3):
        services.meetings.save(
            MeetingRecord(
                title="Coffee",
                status="held",
                starts_at=datetime(2026, month, 10, 10, tzinfo=BERLIN),
                people=[mia],
            )
        )
    meeting(services, "Planned", datetime(2026, 3, 20, 10, tzinfo=BERLIN))  # not held
    services.meetings.record_referral(mia, to_contact_id=omar)
    stats = follow.today.stats(date(2026, 3, 26))
    months = {m.month: m.count for m in stats.meetings_per_month}
    assert len(months) == 12 and min(months) == date(2025, 4, 1)
    assert months[date(2026, 1, 1)] == 2 and months[date(2026, 3, 1)] == 1
    assert stats.network_by_relation == [("friend", 1), ("mentor", 1)]
    assert stats.linkedin_only == 1
    assert stats.referrals_total == 1


def test_me_is_not_in_the_network_chart(services) -> None:
    """The user is the centre of the network, not one of its relationships."""
    me = person(services, "Sam Rivera", relation="other", closeness=5)
    services.graph.set_me(me)
    person(services, "Mia Chen")
    stats = services.followups.today.stats(services.clock.today())
    assert stats.network_by_relation == [("friend", 1)]
    # Even were "me" marked a LinkedIn connection, it would not count as one.
    services.db.execute_sql("UPDATE contact SET relation = 'linkedin' WHERE id = ?", (me,))
    assert services.followups.today.stats(services.clock.today()).linkedin_only == 0


def test_the_notification_names_what_is_overdue(services, follow) -> None:
    assert follow.today.notify_at_start() is False  # off unless turned on
    follow.today.set_notify_at_start(True)
    assert follow.today.notify_at_start() is True
    now = datetime(2026, 3, 26, 9, 0, tzinfo=BERLIN)
    assert follow.today.build(now).notification() is None
    services.todos.add("Thank Mia", due_on=date(2026, 3, 20))
    services.todos.add("Due today, not overdue", due_on=date(2026, 3, 26))
    friend = person(services, "Fay Friend")
    services.db.execute_sql(
        "UPDATE contact SET last_interaction = '2026-01-01' WHERE id = ?", (friend,)
    )
    assert follow.today.build(now).notification() == (
        "1 overdue follow-up · 1 person to get back in touch with"
    )


# --- a networking event's follow-ups, gathered --------------------------------

GUILD = EventName(7, "Data Guild evening", date(2026, 11, 3))  # a Tuesday


def todo(id: int, kind: str, contact: int | None, due: date, event: int | None = 7, done=None):
    return Todo(id, f"To-do {id}", kind, contact, None, None, due, None, done, "", event)


def test_a_captures_to_dos_become_one_line_in_plain_words() -> None:
    thursday = date(2026, 11, 5)
    todos = [
        todo(1, "other", None, date(2026, 11, 1), event=None),
        todo(2, "check_in", 11, date(2026, 11, 4)),
        todo(3, "check_in", 12, date(2026, 11, 4)),
        todo(4, "other", None, date(2026, 11, 4), event=None),
        todo(5, "check_in", 13, date(2026, 11, 4)),
    ]
    entries = group_by_event(todos, {7: GUILD}, thursday)
    assert [type(e).__name__ for e in entries] == ["Todo", "EventGroup", "Todo"]
    group = entries[1]
    assert [t.id for t in group.todos] == [2, 3, 5]
    assert group.describe(thursday) == (
        "3 people from Tuesday's Data Guild evening still waiting for a note"
    )
    # A week on, the day is a date; one person left, and the starred one to propose to.
    later = date(2026, 11, 10)
    group = EventGroup(GUILD, (todo(2, "check_in", 11, date(2026, 11, 4)),))
    assert group.describe(later) == (
        "1 person from the Data Guild evening on 3 Nov still waiting for a note"
    )
    both = EventGroup(GUILD, (*group.todos, todo(6, "outreach", 12, date(2026, 11, 10))))
    assert both.describe(later) == (
        "1 person from the Data Guild evening on 3 Nov still waiting for a note, "
        "and 1 to propose a conversation to"
    )
    assert both.describe(date(2027, 1, 10)).startswith(
        "1 person from the Data Guild evening on 3 Nov 2026 "
    )
    assert (
        EventGroup(GUILD, both.todos)
        .describe(date(2026, 11, 3))
        .startswith("1 person from today's Data Guild evening")
    )


def test_a_group_counts_people_not_done_and_says_when_nothing_is_due_yet() -> None:
    friday = date(2026, 11, 6)
    done = EventGroup(GUILD, (todo(2, "check_in", 11, friday, done="2026-11-06 10:00:00"),))
    assert done.describe(friday) == "Everyone from Tuesday's Data Guild evening followed up"
    coming = [todo(8, "outreach", 11, date(2026, 11, 10)), todo(9, "outreach", 12, None)]
    (group,) = group_by_event([coming[0]], {7: GUILD}, friday)
    assert group.describe(friday) == (
        "1 person from Tuesday's Data Guild evening to propose a conversation to — due Tue 10 Nov"
    )
    # What is due and what is not yet are two lines; an unknown event leaves them single.
    due_now = todo(2, "check_in", 11, friday)
    entries = group_by_event([due_now, *coming], {7: GUILD}, friday)
    assert [len(e.todos) for e in entries] == [2, 1]  # undated counts as due, like Today
    assert group_by_event([due_now], {}, friday) == [due_now]


def test_today_gathers_a_capture_under_its_event(services) -> None:
    held = TODAY - timedelta(days=1)
    event = services.events.add("Data Guild evening", held)
    services.events.capture(event.id, "* Aiko Tanaka, Kestrel\nBen Okafor\nCleo Park")
    services.todos.add("Update the résumé", due_on=TODAY)
    services.events.add("Career fair", held)  # nothing to do for it: not read
    today = services.followups.today

    next_day = today.build(TEST_NOW + timedelta(days=1))
    assert list(next_day.events) == [event.id]
    assert next_day.events[event.id].name == "Data Guild evening"
    plain, group = next_day.entries
    assert plain.title == "Update the résumé"
    assert {t.contact_name for t in group.todos} == {"Aiko Tanaka", "Ben Okafor", "Cleo Park"}
    assert group.describe(next_day.today) == (
        f"3 people from {held:%A}'s Data Guild evening still waiting for a note"
    )
    assert len(next_day.todos) == 4  # the summary still counts each to-do

    services.todos.complete(group.todos[0].id)
    week = today.build(TEST_NOW + timedelta(days=7))
    (group,) = [e for e in week.entries if isinstance(e, EventGroup)]
    on = f"{held.day} {held:%b}" + ("" if held.year == week.today.year else f" {held.year}")
    assert group.describe(week.today) == (
        f"2 people from the Data Guild evening on {on} still waiting for a note, "
        "and 1 to propose a conversation to"
    )


def _met_and_conversations(services) -> tuple[int, int]:
    """Of four met at a meetup, Aiko had a coffee after it (held) and Ben one planned
    (scheduled): two conversations; Dan's coffee before the event and Cleo's idea do not
    count. At the career fair, later, nobody yet."""
    events = services.events
    meetup = events.add("Fintech Meetup", "2026-12-10")
    fair = events.add("Career fair", "2026-12-20", kind="career_fair")
    aiko, ben, cleo, dan = events.capture(
        meetup.id, "* Aiko Tanaka\nBen Okafor\nCleo Park\nDan Moss"
    ).added_people
    events.capture(fair.id, "Dan Moss\nEve Li")
    for title, status, starts_at, who in (
        ("Coffee with Aiko", "held", "2026-12-15T10:00:00+01:00", aiko),
        ("Call with Ben", "scheduled", "2027-01-20T10:00:00+01:00", ben),
        ("Old coffee with Dan", "held", "2026-11-01T10:00:00", dan),
    ):
        meeting = services.db.execute_sql(
            "INSERT INTO meeting (title, status, starts_at, created_at, updated_at) "
            "VALUES (?, ?, ?, '2026-11-01', '2026-11-01')",
            (title, status, starts_at),
        ).lastrowid
        services.db.execute_sql("INSERT INTO meeting_person VALUES (?, ?)", (meeting, who))
    idea = services.db.execute_sql(
        "INSERT INTO meeting (title, status, created_at, updated_at) "
        "VALUES ('Maybe Cleo', 'idea', '2026-12-12', '2026-12-12')"
    ).lastrowid
    services.db.execute_sql("INSERT INTO meeting_person VALUES (?, ?)", (idea, cleo))
    return meetup.id, fair.id


def test_the_numbers_show_which_events_became_conversations(services) -> None:
    meetup, fair = _met_and_conversations(services)
    stats = services.followups.today.stats(TODAY)
    assert [(e.event_id, e.name, e.met, e.conversations) for e in stats.events] == [
        (fair, "Career fair", 2, 0),  # the latest first
        (meetup, "Fintech Meetup", 4, 2),
    ]
    assert stats.events[1].held_on == date(2026, 12, 10)
    # The same count as the event's own numbers.
    assert {(n.event_id, n.met, n.conversations) for n in services.events.numbers()} == {
        (e.event_id, e.met, e.conversations) for e in stats.events
    }


def test_the_numbers_show_the_latest_eight_events(services) -> None:
    assert services.followups.today.stats(TODAY).events == []
    for day in range(1, 11):
        services.events.add(f"Evening {day}", date(2026, 10, day))
    names = [e.name for e in services.followups.today.stats(TODAY).events]
    assert names == [f"Evening {day}" for day in range(10, 2, -1)]
