"""The sample network shows what NetDesk is for, on whatever day it is loaded: interviews
held and planned with notes, answers and referrals, months of interactions, follow-ups
due, outreach awaiting an answer; and undoing it takes all of that away again."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from netdesk.services.clock import local_day
from netdesk.services.meetings.records import GOOD_RANGE, layer_counts
from netdesk.services.meetings.service import MeetingService
from netdesk.services.sample.people import sample_names
from tests.frozen_time import TEST_NOW

# Two moments: the suite's own (a Sunday just before midnight by default) and one five
# months on, a weekday morning in another month and season.
MOMENTS = {
    "frozen": timedelta(0),
    "months later": timedelta(days=157, hours=-14, minutes=-20),
}
TABLES = (
    "contact",
    "meeting",
    "meeting_question",
    "meeting_person",
    "referral",
    "todo",
    "interaction",
    "outreach",
    "link",
    "organisation",
    "tag",
)


def count(services, table: str) -> int:
    return services.db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]


def person(services, key: str) -> int:
    name = sample_names()[key]
    return services.db.execute_sql(
        "SELECT id FROM contact WHERE display_name = ?", (name,)
    ).fetchone()[0]


@pytest.fixture(params=list(MOMENTS), ids=list(MOMENTS))
def loaded(request, services):
    services.clock.set(TEST_NOW + MOMENTS[request.param])
    services.imports.import_sample_network()
    return services


def test_today_has_something_in_every_section(loaded) -> None:
    services = loaded
    today = services.clock.today()
    data = services.followups.today.build()
    assert data.today == today
    kinds = {todo.kind for todo in data.todos}
    assert {"thank_you", "share_value"} <= kinds
    assert data.overdue_todos, "one follow-up is overdue"
    assert any(t.due_on == today for t in data.todos), "and one is due today"
    assert data.upcoming_todos >= 1
    assert data.meetings, "a meeting this week, whichever weekday it is"
    assert data.lapsed_total >= 3
    lapsed_by = {p.relation for p in data.lapsed}
    assert len(lapsed_by) >= 3  # not one kind of relationship only
    assert data.awaiting_total == 2
    warm = [a for a in data.awaiting if a.warm]
    cold = [a for a in data.awaiting if not a.warm]
    assert len(warm) == 1 and warm[0].via_name == sample_names()["hana"]
    assert len(cold) == 1 and cold[0].channel == "linkedin"
    assert all(0 < a.days_waiting(today) < data.no_answer_days for a in data.awaiting)
    stats = data.stats
    assert stats.acceptance.overall.accepted == 1
    assert stats.referrals_total == 5
    assert sum(m.count for m in stats.meetings_per_month) >= 3
    assert stats.reciprocity.gives >= 3 and stats.reciprocity.asks >= 3
    assert data.notification() is not None


def test_interviews_held_and_planned(loaded) -> None:
    services = loaded
    meetings: MeetingService = services.meetings
    now = services.clock.now()
    interviews = [
        meetings.get(row.id)
        for row in meetings.list()
        if meetings.get(row.id).kind == "informational"
    ]
    held = sorted(
        (m for m in interviews if m.status == "held"), key=lambda m: m.starts_at, reverse=True
    )
    planned = [m for m in interviews if m.status == "scheduled"]
    today = services.clock.today()
    held_on = [local_day(m.starts_at, services.clock.tz) for m in held]
    assert [(today - day).days for day in held_on] == [5, 21]  # last week, three weeks ago
    assert len(planned) == 1 and planned[0].starts_at > now
    monday = today - timedelta(days=today.weekday())
    planned_on = local_day(planned[0].starts_at, services.clock.tz)
    assert monday + timedelta(days=7) <= planned_on < monday + timedelta(days=14)  # next week
    for meeting in held + planned:
        counts = layer_counts(meeting.questions)
        prepared = counts["industry"] + counts["organisation"] + counts["person"]
        assert prepared in GOOD_RANGE
        assert min(counts["industry"], counts["organisation"], counts["person"]) >= 2
        assert counts["closing"] == 2
        assert meeting.purpose and meeting.research
        assert sum(q.question_id is not None for q in meeting.questions) >= 8  # from the bank
    for meeting in held:
        answered = [q for q in meeting.questions if q.answer.strip()]
        assert len(answered) >= 7 and len(answered) < len(meeting.questions)
        assert meeting.notes.count("## ") >= 3
        assert meeting.takeaways and meeting.promised and meeting.offered
        referrals = meetings.referrals(meeting_id=meeting.id)
        assert len(referrals) == 1
    permissions = {r.permission for m in held for r in meetings.referrals(meeting_id=m.id)}
    assert permissions == {"yes", "ask"}
    # The same bank question answered by both people: "answers across people".
    assert max(meetings.answer_counts().values()) >= 2
    # The chain that grew the network: my aunt, her tennis partner, then Mei.
    chain = meetings.referral_chain(person(services, "mei"))
    assert [name for _id, name in chain] == [sample_names()["hana"], sample_names()["aunt"]]


def test_last_interactions_vary_and_none_lies_ahead(loaded) -> None:
    services = loaded
    today = services.clock.today()
    rows = services.db.execute_sql(
        "SELECT last_interaction FROM contact WHERE relation <> 'linkedin'"
    ).fetchall()
    days = sorted((today - datetime.fromisoformat(r[0]).date()).days for r in rows if r[0])
    assert len(days) >= 20 and days[0] >= 1
    assert days[-1] > 200 and any(d < 14 for d in days)
    assert len(set(days)) >= 15
    stamps = services.db.execute_sql("SELECT max(occurred_at) FROM interaction").fetchone()[0]
    assert stamps < services.clock.timestamp()
    connected = services.db.execute_sql("SELECT max(connected_on) FROM contact").fetchone()[0]
    assert connected < today.isoformat()
    kinds = dict(
        services.db.execute_sql("SELECT kind, count(*) FROM interaction GROUP BY kind").fetchall()
    )
    assert {"call", "message", "email", "note"} <= set(kinds)


def test_undo_removes_everything_the_sample_brought(services) -> None:
    before = {table: count(services, table) for table in TABLES}
    services.imports.import_sample_network()
    preview = services.imports.undo_preview()
    assert preview.kept == 0 and preview.meetings == 6
    assert "the sample's 6 meetings" in preview.describe()
    result = services.imports.undo_last_import()
    assert result.kept == 0
    assert {table: count(services, table) for table in TABLES} == before
    assert count(services, "meeting_fts") == 0


def test_undo_keeps_what_the_user_did_with_sample_people(services) -> None:
    services.imports.import_sample_network()
    services.clock.advance(hours=2)
    hana, omar = person(services, "hana"), person(services, "omar")
    # The user logs a call with Hana and writes into the planned interview's notes.
    services.interactions.log(hana, "call", "Called about the checklist")
    planned = next(r for r in services.meetings.list() if r.status == "scheduled"
                   and "Inés" in r.title)  # fmt: skip
    services.meetings.save_text(planned.id, "notes", "Ask about the smart-meter data.")
    preview = services.imports.undo_preview()
    assert preview.kept == 2 and preview.meetings == 5
    result = services.imports.undo_last_import()
    assert result.kept == 2
    kept = {r[0] for r in services.db.execute_sql("SELECT display_name FROM contact")}
    assert kept == {sample_names()["hana"], sample_names()["ines"]}
    # Hana keeps the user's call, not the sample's story; her last touch is that call.
    assert [i.summary for i in services.interactions.for_contact(hana)] == [
        "Called about the checklist"
    ]
    assert services.contacts.get(hana).last_interaction == services.clock.today().isoformat()
    assert services.todos.list(contact_id=hana, include_done=True) == []
    assert [r.title for r in services.meetings.list()] == [planned.title]
    with pytest.raises(KeyError):
        services.contacts.get(omar)


def test_loading_the_sample_again_adds_no_second_story(services) -> None:
    services.imports.import_sample_network()
    counts = {table: count(services, table) for table in TABLES}
    again = services.imports.import_sample_network()
    assert again.added == 0
    assert {table: count(services, table) for table in TABLES} == counts


def test_the_sample_is_one_transaction(services, monkeypatch) -> None:
    def fail(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(MeetingService, "record_referral", fail)
    with pytest.raises(RuntimeError):
        services.imports.import_sample_network()
    assert {table: count(services, table) for table in TABLES} == dict.fromkeys(TABLES, 0)
    assert count(services, "import_batch") == 0


def test_this_week_has_a_meeting_whatever_the_weekday(services) -> None:
    for _weekday in range(7):
        services.imports.import_sample_network()
        week = services.followups.today.build().meetings
        assert week, f"nothing this week on a {services.clock.today():%A}"
        services.imports.undo_last_import()
        services.clock.advance(days=1)
