"""The job search's services: dated steps with numbered interview rounds, targets that
follow their applications forward, undo of removals, the people known at a target now
and formerly, and Today's next actions and 14-day silences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netdesk.db.models import Organisation, Position
from netdesk.errors import ValidationError
from netdesk.services.changes import Change
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.jobsearch.warm import way_in
from netdesk.services.meetings.records import MeetingRecord
from tests.frozen_time import TODAY
from tests.helpers import dump

DAY = timedelta(days=1)


def person(services, name: str, organisation: str = "", relation: str = "friend") -> int:
    record = ContactRecord(display_name=name, organisation=organisation, relation=relation)
    return services.contacts.save(record).id


def worked_at(services, contact_id: int, organisation: str, ended_on: str) -> None:
    """A position at *organisation* that ended (as a newer export would leave it)."""
    org = Organisation.get_or_create(name=organisation, name_key=organisation.casefold())
    Position.insert(
        contact=contact_id, organisation=org[0].id, role="Analyst", started_on="2019-01-01",
        ended_on=ended_on, created_at="2026-01-01 00:00:00",
    ).bind(services.db).execute()  # fmt: skip


def meeting(services, who: list[int], days_ago: int, status: str = "held") -> int:
    day = TODAY - days_ago * DAY
    starts = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    record = MeetingRecord(title="Coffee", status=status, starts_at=starts, people=who)
    return services.meetings.save(record).id


def labels(services, application_id: int) -> list[tuple[str, str]]:
    return [(s.label(), s.on_day) for s in services.applications.steps(application_id)]


def iso(days_ago: int) -> str:
    return (TODAY - days_ago * DAY).isoformat()


# --- applications and their steps -------------------------------------------------


def test_each_move_is_a_dated_step_and_interviews_are_numbered_rounds(services) -> None:
    apps = services.applications
    added = apps.add("Northwind", "Data Analyst", applied_on=TODAY - 30 * DAY)
    apps.move(added.id, "screen", TODAY - 25 * DAY, note="recruiter call")
    first = apps.move(added.id, "interview", TODAY - 20 * DAY)
    second = apps.move(added.id, "interview", TODAY - 12 * DAY, note="the team")
    apps.move(added.id, "offer", TODAY - 2 * DAY)
    assert (first.round, second.round, second.note) == (1, 2, "the team")
    assert labels(services, added.id) == [
        ("applied", iso(30)), ("screen", iso(25)), ("interview 1", iso(20)),
        ("interview 2", iso(12)), ("offer", iso(2)),
    ]  # fmt: skip
    now = apps.get(added.id)
    assert (now.stage, now.last_step_on) == ("offer", iso(2))
    assert apps.move(added.id, "interview", round=5).round == 5  # a round given is kept


def test_an_application_added_at_a_later_stage_has_its_applied_step_too(services) -> None:
    added = services.applications.add(
        "Kestrel", "Engineer", applied_on=TODAY - 9 * DAY, stage="interview"
    )
    assert labels(services, added.id) == [("applied", iso(9)), ("interview", iso(9))]
    assert services.applications.add("Harbor", "Analyst").applied_on == TODAY.isoformat()


def test_bad_steps_and_values_are_refused_and_change_nothing(services) -> None:
    apps = services.applications
    added = apps.add("Northwind", "Analyst", link="https://jobs.example/1", applied_on=TODAY)
    before = dump(services.paths.database)
    with pytest.raises(ValidationError, match="only sent on"):
        apps.move(added.id, "screen", TODAY - DAY)
    with pytest.raises(ValidationError, match="stage"):
        apps.move(added.id, "hired")
    with pytest.raises(ValidationError, match="link"):
        apps.add("Kestrel", "Engineer", link="https://jobs.example/1")
    with pytest.raises(ValidationError, match="Nobody"):
        apps.add("Kestrel", "Engineer", referrer_id=999)
    with pytest.raises(ValidationError, match="source"):
        apps.add("Kestrel", "Engineer", source="friend")
    with pytest.raises(KeyError):
        apps.move(999, "screen")
    assert dump(services.paths.database) == before


def test_update_changes_the_fields_and_a_new_organisation_gets_its_target(services) -> None:
    apps = services.applications
    added = apps.add("Northwind", "Analyst", applied_on=TODAY - DAY)
    changed = apps.update(
        added.id, organisation="Kestrel", role="Senior Analyst", next_action="Write to Mia",
        due_on=TODAY + DAY, notes="remote",
    )  # fmt: skip
    assert (changed.organisation, changed.role, changed.due_on, changed.notes) == (
        "Kestrel", "Senior Analyst", (TODAY + DAY).isoformat(), "remote",
    )  # fmt: skip
    assert services.targets.find("kestrel").stage == "applied"
    with pytest.raises(TypeError):
        apps.update(added.id, stage="offer")  # a stage is a step: move


# --- targets follow their applications --------------------------------------------


def test_a_target_follows_its_applications_forward_only(services) -> None:
    targets, apps = services.targets, services.applications
    target = targets.add("Northwind", "referred", "Mia's team")
    first = apps.add("NORTHWIND", "Analyst", applied_on=TODAY - 10 * DAY)
    assert targets.get(target.id).stage == "applied"
    apps.move(first.id, "interview", TODAY - 5 * DAY)
    assert targets.get(target.id).stage == "interviewing"
    apps.move(first.id, "rejected", TODAY - DAY)  # an ending moves nothing back
    apps.add("Northwind", "Engineer")  # a new application behind it neither
    assert targets.get(target.id).stage == "interviewing"
    apps.move(first.id, "offer")
    assert targets.get(target.id).stage == "offer"
    assert targets.get(target.id).notes == "Mia's team"


def test_an_application_makes_its_target_when_missing_but_leaves_a_closed_one(services) -> None:
    apps, targets = services.applications, services.targets
    apps.add("Kestrel", "Engineer", stage="interview")
    (made,) = targets.list()
    assert (made.organisation, made.stage, made.applications) == ("Kestrel", "interviewing", 1)
    closed = targets.add("Harbor", "closed")
    apps.add("Harbor", "Analyst")
    assert targets.get(closed.id).stage == "closed"


def test_targets_are_added_once_per_organisation_in_any_case(services) -> None:
    person(services, "Priya Wei", "Northwind")
    target = services.targets.add("northwind")
    assert (target.organisation, target.stage) == ("Northwind", "exploring")
    with pytest.raises(ValidationError, match="already a target"):
        services.targets.add("NorthWind")
    with pytest.raises(ValidationError, match="stage"):
        services.targets.add("Kestrel", stage="hopeful")
    updated = services.targets.update(target.id, stage="talking", notes="data team")
    assert (updated.stage, updated.notes) == ("talking", "data team")


# --- undo ----------------------------------------------------------------------------


def test_deleting_an_application_is_undone_with_its_steps_and_referrer(services) -> None:
    apps = services.applications
    mia = person(services, "Mia Chen", "Northwind")
    added = apps.add(
        "Northwind", "Analyst", link="https://jobs.example/7", source="referral",
        referrer_id=mia, applied_on=TODAY - 8 * DAY, next_action="Thank Mia", due_on=TODAY,
    )  # fmt: skip
    apps.move(added.id, "interview", TODAY - 3 * DAY, note="panel")
    steps = labels(services, added.id)
    deleted = apps.delete(added.id)
    assert apps.list() == [] and apps.steps(added.id) == []
    assert services.targets.find("Northwind").stage == "interviewing"  # the target stays
    restored = apps.restore(deleted)
    assert restored == apps.get(added.id)
    assert (restored.id, restored.referrer, restored.stage) == (added.id, "Mia Chen", "interview")
    assert labels(services, added.id) == steps


def test_removing_a_target_is_undone_and_its_applications_stay(services) -> None:
    target = services.targets.add("Northwind", "talking", "ask about the data team")
    services.applications.add("Northwind", "Analyst")
    removed = services.targets.remove(target.id)
    assert services.targets.list() == [] and len(services.applications.list()) == 1
    restored = services.targets.restore(removed)
    assert (restored.id, restored.stage, restored.notes) == (
        target.id, "applied", "ask about the data team",
    )  # fmt: skip
    with pytest.raises(KeyError):
        services.targets.remove(999)
    again = services.targets.remove(target.id)
    Organisation.delete().where(Organisation.name == "Northwind").bind(services.db).execute()
    with pytest.raises(KeyError):  # its organisation is gone: nothing to bring back
        services.targets.restore(again)


def test_writes_announce_the_job_search(services) -> None:
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    target = services.targets.add("Northwind")
    added = services.applications.add("Northwind", "Analyst")
    services.applications.move(added.id, "screen")
    services.targets.update(target.id, notes="x")
    assert all(Change.JOB_SEARCH in change for change in heard) and len(heard) == 4


# --- the people there ----------------------------------------------------------------


def test_a_target_lists_the_people_there_now_and_formerly_and_its_conversations(
    services,
) -> None:
    priya = person(services, "Priya Wei", "Northwind")
    omar = person(services, "Omar Haddad", "Kestrel")
    lena = person(services, "Lena Fischer", "Northwind")
    me = person(services, "Me Myself", "Northwind")
    services.graph.set_me(me)
    worked_at(services, omar, "Northwind", "2024-03-01")
    worked_at(services, lena, "Northwind", "2022-01-01")  # back there now: not "formerly"
    person(services, "Sam Park", "Harbor")
    meeting(services, [omar], 20)  # held, with someone who worked there
    meeting(services, [priya, omar], 10)  # one conversation, two people from there
    meeting(services, [priya], -3, status="scheduled")  # not held yet
    target = services.targets.add("Northwind")
    services.applications.add("Northwind", "Analyst")
    found = services.targets.get(target.id)
    assert [p.name for p in found.people_now] == ["Lena Fischer", "Priya Wei"]
    assert [p.name for p in found.people_before] == ["Omar Haddad"]
    assert (found.applications, found.conversations) == (1, 2)
    other = services.targets.add("Harbor")
    assert services.targets.get(other.id).conversations == 0


def test_the_way_into_a_target_gives_warm_paths_and_conversations_there(services) -> None:
    priya = person(services, "Priya Wei", "Northwind")
    meeting(services, [priya], 4)
    target = services.targets.add("Northwind")
    added = services.applications.add("Northwind", "Analyst")
    into = way_in(services.db, services.graph, target_id=target.id)
    assert into.organisation == "Northwind"
    assert [path.target.name for path in into.paths] == ["Priya Wei"]
    assert [(c.title, [p.name for p in c.people]) for c in into.conversations] == [
        ("Coffee", ["Priya Wei"])
    ]
    assert way_in(services.db, services.graph, application_id=added.id) == into
    nowhere = services.applications.add("", "Freelance")
    assert way_in(services.db, services.graph, application_id=nowhere.id).paths == ()


# --- Today ------------------------------------------------------------------------------


def test_next_actions_due_by_today_come_soonest_first(services) -> None:
    apps = services.applications
    for name, due in (("Tomorrow", 1), ("Today", 0), ("Last week", -7), ("Yesterday", -1)):
        apps.add(name, "Analyst", next_action=f"Write to {name}", due_on=TODAY + due * DAY)
    apps.add("No action", "Analyst", due_on=TODAY - DAY)
    found = apps.next_actions(TODAY)
    assert [a.organisation for a in found] == ["Last week", "Yesterday", "Today"]


def test_open_applications_silent_for_14_days_are_asked_about(services) -> None:
    apps = services.applications
    silent = apps.add("Silent", "Analyst", applied_on=TODAY - 30 * DAY)
    exactly = apps.add("Exactly", "Analyst", applied_on=TODAY - 20 * DAY)
    apps.move(exactly.id, "interview", TODAY - 14 * DAY)
    recent = apps.add("Recent", "Analyst", applied_on=TODAY - 30 * DAY)
    apps.move(recent.id, "screen", TODAY - 13 * DAY)
    ended = apps.add("Ended", "Analyst", applied_on=TODAY - 40 * DAY)
    apps.move(ended.id, "rejected", TODAY - 35 * DAY)
    apps.add(
        "Planned", "Analyst", applied_on=TODAY - 30 * DAY, next_action="Call", due_on=TODAY + DAY
    )
    found = apps.waiting(TODAY)
    assert [a.id for a in found] == [silent.id, exactly.id]
    assert [a.id for a in apps.waiting(TODAY - DAY)] == [silent.id]
