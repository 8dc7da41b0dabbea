"""Keeping in touch: intervals by relation and per person, lapsed people strongest first,
and the cadence restarted by every kind of interaction."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import peewee
import pytest

from netdesk.errors import ValidationError
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.services.followups.keep_in_touch import DEFAULT_INTERVALS, describe_interval
from netdesk.services.followups.todos import SHARE_VALUE_AFTER_DAYS
from netdesk.services.meetings.records import MeetingRecord
from tests.helpers import PREAMBLE, write

TODAY = date(2026, 11, 30)


@pytest.fixture
def follow(services):
    return services.followups


def add(services, name: str, relation: str = "friend", closeness: int = 3, **fields) -> int:
    return services.contacts.save(
        ContactRecord(display_name=name, relation=relation, closeness=closeness, **fields)
    ).id


def set_last(services, contact_id: int, day: date | None) -> None:
    services.db.execute_sql(
        "UPDATE contact SET last_interaction = ? WHERE id = ?",
        (day.isoformat() if day else None, contact_id),
    )


def lapsed_names(follow, today: date = TODAY) -> list[str]:
    return [p.name for p in follow.keep_in_touch.lapsed(today).people]


def test_intervals_are_described_plainly() -> None:
    assert describe_interval(14) == "every 2 weeks"
    assert describe_interval(30) == "every month"
    assert describe_interval(90) == "every 3 months"
    assert describe_interval(365) == "every year"
    assert describe_interval(10) == "every 10 days"
    assert describe_interval(None) == "no reminders"


def test_linkedin_only_people_have_no_cadence_by_default(services, follow) -> None:
    stranger = add(services, "Connected Once", relation="linkedin", closeness=1)
    set_last(services, stranger, date(2019, 1, 1))
    cadence = follow.keep_in_touch.cadence(stranger)
    assert cadence.interval_days is None and cadence.due_on is None
    assert lapsed_names(follow) == []
    # Once the user says how they know them, reminders start.
    follow.keep_in_touch.set_interval(stranger, 180)
    assert lapsed_names(follow) == ["Connected Once"]


def test_lapsed_strongest_first_then_longest_overdue(services, follow) -> None:
    acquaintance = add(services, "Ann Acquaintance", closeness=1)
    close = add(services, "Cleo Close", closeness=5)
    mentor = add(services, "Max Mentor", relation="mentor", closeness=4)
    fresh = add(services, "Fred Fresh", closeness=5)
    set_last(services, acquaintance, TODAY - timedelta(days=400))
    set_last(services, close, TODAY - timedelta(days=31))
    set_last(services, mentor, TODAY - timedelta(days=61))
    set_last(services, fresh, TODAY - timedelta(days=3))
    result = follow.keep_in_touch.lapsed(TODAY)
    assert [p.name for p in result.people] == ["Cleo Close", "Max Mentor", "Ann Acquaintance"]
    assert result.total == 3
    assert result.people[1].due_on == TODAY - timedelta(days=1)
    assert result.people[1].days_overdue(TODAY) == 1
    limited = follow.keep_in_touch.lapsed(TODAY, limit=1)
    assert [p.name for p in limited.people] == ["Cleo Close"] and limited.total == 3


def test_due_on_the_day_the_interval_ends(services, follow) -> None:
    friend = add(services, "Fay Friend")
    set_last(services, friend, TODAY - timedelta(days=DEFAULT_INTERVALS["friend"]))
    assert lapsed_names(follow) == ["Fay Friend"]
    assert lapsed_names(follow, TODAY - timedelta(days=1)) == []


def test_someone_never_contacted_counts_from_when_they_were_added(services, follow) -> None:
    add(services, "New Friend")
    added = services.clock.today()
    assert lapsed_names(follow, added + timedelta(days=29)) == []
    (person,) = follow.keep_in_touch.lapsed(added + timedelta(days=30)).people
    assert person.last_touch == added and not person.touched


def reset_by(services, follow, kind: str, contact_id: int) -> None:
    """Each way the user can be in touch with someone."""
    now = services.clock.now()
    if kind in ("meeting", "email", "call", "message", "note"):
        follow.interactions.log(contact_id, kind, "We talked")
    elif kind == "held_meeting":
        services.meetings.save(
            MeetingRecord(
                title="Lunch",
                status="held",
                starts_at=now,
                people=[contact_id],
            )
        )
    elif kind == "sent_email":
        draft, _ = services.mail.drafts.compose(contact_id)
        services.mail.drafts.record_sent(draft)
    elif kind == "outreach":
        follow.outreach.add(contact_id, channel="linkedin")
    else:
        raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    ["meeting", "email", "call", "message", "note", "held_meeting", "sent_email", "outreach"],
)
def test_every_kind_of_interaction_restarts_the_cadence(services, follow, kind) -> None:
    today = services.clock.today()
    friend = add(services, "Fay Friend", emails=["fay@example.org"])
    set_last(services, friend, today - timedelta(days=45))
    assert lapsed_names(follow, today) == ["Fay Friend"]
    reset_by(services, follow, kind, friend)
    cadence = follow.keep_in_touch.cadence(friend)
    assert cadence.last_touch == today
    assert cadence.due_on == today + timedelta(days=30)
    assert lapsed_names(follow, today) == []
    assert lapsed_names(follow, today + timedelta(days=30)) == ["Fay Friend"]


def test_an_older_entry_logged_late_does_not_move_the_date_back(services, follow) -> None:
    friend = add(services, "Fay Friend")
    follow.interactions.log(friend, "call", occurred_at=datetime(2026, 11, 20, 9, 0))
    follow.interactions.log(friend, "note", occurred_at=datetime(2026, 10, 1, 9, 0))
    assert follow.keep_in_touch.cadence(friend).last_touch == date(2026, 11, 20)


def test_deleting_a_mistaken_entry_brings_the_reminder_back(services, follow) -> None:
    friend = add(services, "Fay Friend")
    follow.interactions.log(friend, "call", occurred_at=datetime(2026, 9, 1, 9, 0))
    mistake = follow.interactions.log(friend, "call", occurred_at=datetime(2026, 11, 29, 9))
    assert lapsed_names(follow) == []
    follow.interactions.delete(mistake.id)
    assert follow.keep_in_touch.cadence(friend).last_touch == date(2026, 9, 1)
    assert lapsed_names(follow) == ["Fay Friend"]


def test_snooze_stop_and_own_interval(services, follow) -> None:
    kit = follow.keep_in_touch
    friend = add(services, "Fay Friend")
    set_last(services, friend, TODAY - timedelta(days=40))
    kit.snooze(friend, TODAY + timedelta(days=7))
    assert lapsed_names(follow) == []
    assert lapsed_names(follow, TODAY + timedelta(days=7)) == ["Fay Friend"]
    kit.snooze(friend, None)
    kit.stop_reminding(friend)
    assert kit.cadence(friend).interval_days is None and lapsed_names(follow) == []
    # Choosing an interval turns reminders back on.
    cadence = kit.set_interval(friend, 60)
    assert cadence.own_interval == 60 and not cadence.stopped and lapsed_names(follow) == []
    kit.set_interval(friend, None)
    assert kit.cadence(friend).interval_days == DEFAULT_INTERVALS["friend"]
    with pytest.raises(ValidationError):
        kit.set_interval(friend, 0)
    with pytest.raises(KeyError):
        kit.snooze(9999, TODAY)


def test_relation_defaults_are_editable(services, follow) -> None:
    kit = follow.keep_in_touch
    colleague = add(services, "Cole Colleague", relation="colleague")
    set_last(services, colleague, TODAY - timedelta(days=40))
    assert lapsed_names(follow) == []
    kit.set_relation_default("colleague", 30)
    assert kit.relation_defaults()["colleague"] == 30 and lapsed_names(follow) == ["Cole Colleague"]
    kit.set_relation_default("colleague", None)
    assert kit.relation_defaults()["colleague"] is None and lapsed_names(follow) == []
    kit.set_relation_default("colleague", DEFAULT_INTERVALS["colleague"])
    assert services.db.execute_sql("SELECT count(*) FROM setting").fetchone()[0] == 0
    with pytest.raises(ValidationError):
        kit.set_relation_default("pen pal", 30)


def test_the_user_themselves_is_never_lapsed(services, follow) -> None:
    me = add(services, "Ada Me", closeness=5)
    set_last(services, me, TODAY - timedelta(days=400))
    services.db.execute_sql("INSERT INTO setting (key, value) VALUES ('me_contact_id', ?)", (me,))
    assert lapsed_names(follow) == []


def test_settings_go_with_the_person_and_come_back_on_undo(services, follow) -> None:
    friend = add(services, "Fay Friend")
    follow.keep_in_touch.set_interval(friend, 14)
    follow.outreach.add(friend, sent_on=TODAY)
    snapshot = services.contacts.delete([friend])
    assert services.db.execute_sql("SELECT count(*) FROM keep_in_touch").fetchone()[0] == 0
    services.contacts.restore(snapshot)
    assert follow.keep_in_touch.cadence(friend).own_interval == 14
    assert [o.contact_id for o in follow.outreach.list()] == [friend]


def test_a_thank_you_done_by_hand_schedules_something_of_value(services, follow) -> None:
    mia = add(services, "Mia Chen")
    meeting = services.meetings.save(
        MeetingRecord(
            title="Coffee",
            status="held",
            starts_at=datetime(2026, 11, 20, 10).astimezone(),
            people=[mia],
        )
    )
    (thanks,) = services.todos.list(contact_id=mia)
    done, follow_up = services.todos.finish(thanks.id, today=TODAY)
    assert done.is_done and follow_up is not None
    assert follow_up.kind == "share_value" and follow_up.meeting_id == meeting.id
    assert follow_up.due_on == TODAY + timedelta(days=SHARE_VALUE_AFTER_DAYS)
    # Reopening and finishing again does not plan a second one.
    services.todos.complete(thanks.id, done=False)
    assert services.todos.finish(thanks.id)[1] is None
    # Other to-dos have no next step.
    other = services.todos.add("Call the alumni office")
    assert services.todos.finish(other.id)[1] is None


def test_held_meetings_count_as_the_last_interaction(services, follow) -> None:
    mia = add(services, "Mia Chen")
    services.meetings.save(
        MeetingRecord(
            title="Coffee",
            status="held",
            starts_at=datetime(2026, 11, 20, 10).astimezone(),
            people=[mia],
        )
    )
    assert services.contacts.get(mia).last_interaction == "2026-11-20"
    # A later interaction wins; an older held meeting does not move the date back.
    follow.interactions.log(mia, "call", occurred_at=datetime(2026, 11, 25, 9))
    services.meetings.save(
        MeetingRecord(
            title="Old coffee",
            status="held",
            starts_at=datetime(2026, 1, 5, 10).astimezone(),
            people=[mia],
        )
    )
    assert services.contacts.get(mia).last_interaction == "2026-11-25"


def test_the_timeline_shows_interactions_and_meetings_newest_first(services, follow) -> None:
    mia = add(services, "Mia Chen")
    services.meetings.save(
        MeetingRecord(
            title="Coffee with Mia",
            status="held",
            starts_at=datetime(2026, 11, 20, 10).astimezone(),
            people=[mia],
        )
    )
    follow.interactions.log(
        mia, "email", "Sent the article", give_ask="give", occurred_at=datetime(2026, 11, 22, 9)
    )
    follow.interactions.log(mia, "call", "Quick call", occurred_at=datetime(2026, 11, 2, 18))
    timeline = follow.timeline.for_contact(mia)
    assert [(e.kind, e.summary) for e in timeline] == [
        ("email", "Sent the article"),
        ("meeting", "Coffee with Mia"),
        ("call", "Quick call"),
    ]
    assert timeline[0].give_ask == "give" and timeline[1].interaction_id is None
    marked = follow.interactions.mark(timeline[2].interaction_id, "ask")
    assert marked.give_ask == "ask"
    with pytest.raises(KeyError):
        follow.interactions.mark(9999, "give")


def test_reciprocity_and_its_gentle_nudge(services, follow) -> None:
    omar = add(services, "Omar Haddad")
    for _ in range(3):
        follow.interactions.log(omar, "email", "Asked for an intro", give_ask="ask")
    balance = follow.reciprocity.balance(omar)
    assert (balance.gives, balance.asks) == (0, 3)
    assert "asked Omar Haddad for something 3 times" in balance.nudge("Omar Haddad")
    assert [p.name for p in follow.reciprocity.owing()] == ["Omar Haddad"]
    follow.interactions.log(omar, "email", "Sent a useful paper", give_ask="give")
    assert follow.reciprocity.balance(omar).nudge() is None
    assert follow.reciprocity.owing() == []
    overall = follow.reciprocity.overall()
    assert (overall.gives, overall.asks) == (1, 3)
    assert overall.overall_nudge() is not None  # 3 asks, 1 give


def test_database_rejects_nonsense_values(services, follow) -> None:
    friend = add(services, "Fay Friend")
    with pytest.raises(peewee.IntegrityError):
        services.db.execute_sql(
            "INSERT INTO keep_in_touch (contact_id, interval_days) VALUES (?, 0)", (friend,)
        )


def test_undoing_an_import_keeps_people_with_requests_or_reminders(services, follow, tmp_path):
    csv = write(
        tmp_path / "Connections.csv",
        PREAMBLE
        + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + "Nia,Park,https://www.linkedin.com/in/nia,,Larkspur,Designer,07 Feb 2024\n"
        + "Ken,Ito,https://www.linkedin.com/in/ken,,Cobalt,CTO,07 Feb 2024\n"
        + "Ola,Berg,https://www.linkedin.com/in/ola,,Cobalt,Analyst,07 Feb 2024",
    )
    services.imports.import_linkedin(csv)
    everyone = services.contacts.query_ids(ContactFilter())
    ids = {services.contacts.get(i).display_name: i for i in everyone}
    follow.outreach.add(ids["Nia Park"], log_interaction=False)
    follow.keep_in_touch.set_interval(ids["Ken Ito"], 90)
    result = services.imports.undo_last_import()
    assert (result.removed, result.kept) == (1, 2)
    assert [o.name for o in follow.outreach.list()] == ["Nia Park"]
    assert follow.keep_in_touch.cadence(ids["Ken Ito"]).own_interval == 90


def test_connecting_on_linkedin_is_not_being_in_touch(services, follow) -> None:
    """A connection from 2019 made a colleague today: due from today, never "last in
    touch in 2019"."""
    old = add(services, "Old Connection", relation="colleague")
    services.db.execute_sql("UPDATE contact SET connected_on = '2019-03-01' WHERE id = ?", (old,))
    added = services.clock.today()
    cadence = follow.keep_in_touch.cadence(old)
    assert cadence.last_interaction is None
    assert cadence.last_touch == added
    assert cadence.due_on == added + timedelta(days=DEFAULT_INTERVALS["colleague"])
    assert lapsed_names(follow, added) == []
    follow.interactions.log(old, "call", occurred_at=datetime(2026, 11, 2, 10))
    cadence = follow.keep_in_touch.cadence(old)
    assert cadence.last_interaction == cadence.last_touch == date(2026, 11, 2)


def test_me_has_no_reminders_whatever_is_stored(services, follow) -> None:
    me = add(services, "Ada Me", closeness=5)
    services.graph.set_me(me)
    follow.keep_in_touch.set_interval(me, 14)
    cadence = follow.keep_in_touch.cadence(me)
    assert cadence.interval_days is None and cadence.due_on is None
