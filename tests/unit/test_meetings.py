"""Meetings, the question bank, answers across people, referrals and their chain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from netdesk.errors import ValidationError
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.meetings.records import (
    MeetingRecord,
    PreparedQuestion,
    layer_counts,
    parse_when,
    preparation_nudge,
)
from netdesk.services.meetings.service import MeetingService
from tests.frozen_time import TEST_NOW

BERLIN_WINTER = timezone(timedelta(hours=1))


@pytest.fixture
def meetings(services) -> MeetingService:
    return services.meetings


def person(services, name: str) -> int:
    return services.contacts.save(ContactRecord(display_name=name)).id


def test_default_bank_has_three_layers_and_the_closing_questions(meetings) -> None:
    counts = layer_counts([meetings.prepared_from(q) for q in meetings.bank()])
    assert counts["industry"] >= 8 and counts["organisation"] >= 8 and counts["person"] >= 8
    closing = [q.text for q in meetings.bank("closing")]
    assert closing == [
        "Who else do you think I should talk to?",
        "May I mention that you suggested I contact them?",
    ]


def test_plan_a_meeting_and_record_answers(services, meetings) -> None:
    mia = person(services, "Mia Chen")
    picked = [meetings.prepared_from(q) for q in meetings.bank("industry")[:3]]
    picked.append(PreparedQuestion("person", "What would you do in my place?"))
    start = datetime(2026, 11, 24, 14, 30, tzinfo=BERLIN_WINTER)
    saved = meetings.save(
        MeetingRecord(
            title="Coffee with Mia",
            status="scheduled",
            starts_at=start,
            people=[mia],
            questions=picked,
        )
    )
    assert saved.starts_at == start and saved.starts_at.utcoffset() == timedelta(hours=1)
    assert saved.ends_at == start + timedelta(minutes=30)
    assert [q.text for q in saved.questions][-1] == "What would you do in my place?"
    meetings.save_answer(saved.questions[0].id, "Consolidation, and everyone hiring analysts.")
    meetings.save_text(saved.id, "notes", "She moved teams in spring.")
    again = meetings.get(saved.id)
    assert again.questions[0].answer.startswith("Consolidation")
    assert again.notes == "She moved teams in spring."
    assert [row.title for row in meetings.list("consolidation")] == ["Coffee with Mia"]
    assert [row.title for row in meetings.list("mia")] == ["Coffee with Mia"]
    assert [row.people for row in meetings.list(contact_id=mia)] == ["Mia Chen"]


def test_reordering_and_removing_questions_keeps_answers(services, meetings) -> None:
    questions = [PreparedQuestion("industry", f"Q{i}") for i in range(3)]
    saved = meetings.save(MeetingRecord(title="Call", questions=questions))
    meetings.save_answer(saved.questions[2].id, "third answer")
    record = meetings.get(saved.id)
    record.questions = [record.questions[2], record.questions[0]]
    reordered = meetings.save(record)
    assert [(q.text, q.answer) for q in reordered.questions] == [("Q2", "third answer"), ("Q0", "")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"duration_minutes": -15}, "duration_minutes"),
        ({"status": "held"}, "starts_at"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(meetings, changes, field) -> None:
    record = MeetingRecord(title="Coffee", **{k: v for k, v in changes.items() if k != "title"})
    if "title" in changes:
        record.title = changes["title"]
    with pytest.raises(ValidationError) as caught:
        meetings.save(record)
    assert field in caught.value.errors
    assert meetings.list() == []


def test_parse_when() -> None:
    tz = timezone(timedelta(hours=-5))
    assert parse_when("2026-11-24 14:30", tz) == datetime(2026, 11, 24, 14, 30, tzinfo=tz)
    assert parse_when("2026-11-24T09:00+01:00").utcoffset() == timedelta(hours=1)
    assert parse_when("") is None
    for bad in ("24/11/2026", "tomorrow", "2026-13-01 10:00", "2026-11-24 25:00"):
        with pytest.raises(ValueError):
            parse_when(bad, tz)


def test_nudge_toward_eight_to_twelve_across_layers() -> None:
    few = [PreparedQuestion("industry", "q")] * 3
    assert "aim for 8–12" in preparation_nudge(few)
    assert "the person" in preparation_nudge(few)
    balanced = (
        [PreparedQuestion("industry", "q")] * 3
        + [PreparedQuestion("organisation", "q")] * 3
        + [PreparedQuestion("person", "q")] * 3
        + [PreparedQuestion("closing", "q")] * 2
    )
    assert preparation_nudge(balanced) == "9 prepared: a good number."


def test_answers_across_people(services, meetings) -> None:
    question = meetings.bank("person")[0]
    for name, day, answer in (
        ("Mia Chen", 3, "Luck and a mentor"),
        ("Omar Haddad", 10, "Night school"),
        ("Lena Fischer", 5, ""),
    ):
        record = meetings.save(
            MeetingRecord(
                title=f"With {name}",
                starts_at=datetime(2026, 10, day, 9, tzinfo=UTC),
                people=[person(services, name)],
                questions=[meetings.prepared_from(question)],
            )
        )
        meetings.save_answer(record.questions[0].id, answer)
    answers = meetings.answers_across_people(question.id)
    assert [(a.people, a.answer) for a in answers] == [
        ("Omar Haddad", "Night school"),
        ("Mia Chen", "Luck and a mentor"),
    ]


def test_referral_creates_the_person_the_link_and_the_chain(services, meetings) -> None:
    aunt = person(services, "Aunt Ingrid")
    mia = meetings.record_referral(
        aunt,
        new_person=ContactRecord(display_name="Mia Chen"),
        permission="yes",
        note="Runs the data team",
    )
    assert mia.to_name == "Mia Chen" and mia.permission == "yes"
    assert "Suggested by Aunt Ingrid" in services.contacts.get(mia.to_contact_id).notes
    meeting = meetings.save(MeetingRecord(title="Coffee with Mia", people=[mia.to_contact_id]))
    omar = meetings.record_referral(
        mia.to_contact_id,
        meeting_id=meeting.id,
        new_person=ContactRecord(display_name="Omar Haddad"),
    )
    assert meetings.referral_chain(omar.to_contact_id) == [
        (mia.to_contact_id, "Mia Chen"),
        (aunt, "Aunt Ingrid"),
    ]
    assert [r.to_name for r in meetings.referrals(contact_id=mia.to_contact_id)] == [
        "Mia Chen",
        "Omar Haddad",
    ]
    links = services.db.execute_sql("SELECT kind FROM link").fetchall()
    assert links == [("introduced",), ("introduced",)]
    (outreach,) = services.todos.list(contact_id=omar.to_contact_id)
    assert outreach.kind == "outreach" and outreach.meeting_id == meeting.id
    assert outreach.title == "Reach out to Omar Haddad (ask Mia Chen before mentioning them)"
    assert outreach.due_on == services.clock.today() + timedelta(days=3)
    with pytest.raises(ValidationError):
        meetings.record_referral(aunt, to_contact_id=aunt)
    assert len(services.todos.list()) == 2  # the refused referral left no to-do behind


def test_delete_and_restore_a_meeting(services, meetings) -> None:
    saved = meetings.save(
        MeetingRecord(
            title="Call", questions=[PreparedQuestion("industry", "Where is it going?", "Up")]
        )
    )
    snapshot = meetings.delete(saved.id)
    assert meetings.list() == []
    restored = meetings.restore(snapshot)
    assert restored.id == saved.id and restored.questions[0].answer == "Up"
    assert [row.title for row in meetings.list("going")] == ["Call"]


def test_ics_round_trip_keeps_time_zone_and_details(services, meetings) -> None:
    import icalendar

    from netdesk.errors import NotScheduled
    from netdesk.services.calendar.ics import meeting_to_ics

    start = datetime(2026, 11, 24, 14, 30, tzinfo=BERLIN_WINTER)
    record = meetings.save(
        MeetingRecord(
            title="Coffee with Mia",
            status="scheduled",
            starts_at=start,
            duration_minutes=45,
            place="Café Lumière",
            purpose="Learn about data teams",
        )
    )
    parsed = icalendar.Calendar.from_ical(meeting_to_ics(record, ["Mia Chen"], now=TEST_NOW))
    (event,) = parsed.walk("VEVENT")
    assert event.decoded("dtstart") == start, "the same instant, stated in UTC"
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == start + timedelta(minutes=45)
    assert str(event["summary"]) == "Coffee with Mia"
    assert str(event["location"]) == "Café Lumière"
    assert "With: Mia Chen" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    with pytest.raises(NotScheduled, match="no date"):
        meeting_to_ics(MeetingRecord(id=9, title="Someday"), [], now=TEST_NOW)


def test_ics_with_a_named_zone_carries_its_vtimezone(meetings) -> None:
    from zoneinfo import ZoneInfo

    import icalendar

    from netdesk.services.calendar.ics import meeting_to_ics

    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 7, 1, 9, 0, tzinfo=berlin)  # summer time, UTC+2
    record = MeetingRecord(id=3, title="Call", starts_at=start)
    parsed = icalendar.Calendar.from_ical(meeting_to_ics(record, [], now=TEST_NOW))
    (event,) = parsed.walk("VEVENT")
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert parsed.walk("VTIMEZONE")
    assert event.decoded("dtstart") == start
    assert event.decoded("dtstart").utcoffset() == timedelta(hours=2)
