"""Networking events: reading a quick capture, matching people, the follow-ups made,
undoing a capture, and what came of each event."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from netdesk.errors import NothingToUndo, ValidationError
from netdesk.services.changes import Change
from netdesk.services.clock import FrozenClock
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.events.capture import parse_capture, parse_line
from netdesk.services.events.service import EventService
from netdesk.services.vocabulary import MET_AT_AN_EVENT, RELATIONS
from tests.helpers import dump

# --- reading lines ----------------------------------------------------------


def test_a_full_line_names_the_person_their_organisation_role_and_note() -> None:
    line = parse_line("Aiko Tanaka, Kestrel Aerospace, data platform — wants intros to fintech")
    assert (line.name, line.organisation, line.role, line.note) == (
        "Aiko Tanaka",
        "Kestrel Aerospace",
        "data platform",
        "wants intros to fintech",
    )
    assert not line.starred and not line.problem


@pytest.mark.parametrize("separator", ["—", " - ", "--", " – ", " — "])
def test_the_note_follows_any_dash(separator) -> None:
    line = parse_line(f"Ben Okafor, Ledgerly{separator}payments, hiring in spring")
    assert (line.name, line.organisation, line.note) == (
        "Ben Okafor",
        "Ledgerly",
        "payments, hiring in spring",
    )


def test_a_hyphenated_name_is_not_a_note() -> None:
    line = parse_line("Jean-Luc Picard-Dupont, Starfleet")
    assert (line.name, line.organisation, line.note) == ("Jean-Luc Picard-Dupont", "Starfleet", "")


def test_commas_inside_quotes_stay_in_the_name_and_a_dash_inside_quotes_too() -> None:
    line = parse_line('"Tanaka, Aiko", "Kestrel - Aerospace, Inc." -- met at the bar')
    assert (line.name, line.organisation, line.note) == (
        "Tanaka, Aiko",
        "Kestrel - Aerospace, Inc.",
        "met at the bar",
    )


def test_emails_and_linkedin_urls_are_recognised_in_any_place() -> None:
    line = parse_line("Mia Chen, linkedin.com/in/mia-chen/, Northwind, MIA@Northwind.example, CTO")
    assert line.email == "MIA@Northwind.example"
    assert line.linkedin_url == "https://www.linkedin.com/in/mia-chen"
    assert (line.organisation, line.role) == ("Northwind", "CTO")


def test_other_web_addresses_are_not_profiles_and_extra_parts_join_the_note() -> None:
    line = parse_line("Omar Haddad, Cobalt, CTO, cobalt.example, Berlin — loves climbing")
    assert line.linkedin_url == ""
    assert (line.organisation, line.role) == ("Cobalt", "CTO")
    assert line.note == "cobalt.example; Berlin; loves climbing"


def test_non_latin_names_are_kept_and_cleaned() -> None:
    lines = parse_capture(
        "田中\u00a0 愛子, 東京大学 — 研究者\nМария Иванова\u200b, Яндекс\nنور الهدى"
    )
    assert [(x.name, x.organisation, x.note) for x in lines] == [
        ("田中 愛子", "東京大学", "研究者"),
        ("Мария Иванова", "Яндекс", ""),
        ("نور الهدى", "", ""),
    ]


def test_stars_comments_blank_lines_and_lines_without_a_name() -> None:
    text = (
        "# met at the fintech meetup\n\n*  Aiko Tanaka\n  \naiko@x.org, Kestrel\n, Kestrel\n—\n!!!"
    )
    lines = parse_capture(text)
    assert [x.line for x in lines] == [3, 5, 6, 7, 8]
    assert lines[0].starred and lines[0].name == "Aiko Tanaka"
    assert [bool(x.problem) for x in lines] == [False, True, True, True, True]
    assert all(x.name == "" for x in lines[1:])


def test_a_tab_separated_paste_is_read_by_its_tabs() -> None:
    line = parse_line("Aiko Tanaka\tKestrel Aerospace\tdata platform")
    assert (line.name, line.organisation, line.role) == (
        "Aiko Tanaka",
        "Kestrel Aerospace",
        "data platform",
    )


# --- events -----------------------------------------------------------------


def test_an_event_is_added_listed_found_and_refused_when_wrong(services) -> None:
    events = services.events
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    added = events.add("Fintech Meetup", date(2026, 12, 10), kind="meetup", place="Berlin")
    assert heard == [Change.EVENTS]
    later = events.add("Alumni night", "2026-12-20", kind="alumni")
    assert [e.id for e in events.list()] == [later.id, added.id]
    assert events.find(str(added.id)).name == "Fintech Meetup"
    assert events.find("fintech meetup").id == added.id
    assert events.find("alumni").id == later.id
    for bad in ({"name": " "}, {"held_on": "10/12/2026"}, {"kind": "party"}):
        values = {"name": "X", "held_on": "2026-12-01", "kind": "meetup"} | bad
        with pytest.raises(ValidationError) as refused:
            events.add(**values)
        assert set(refused.value.errors) == set(bad)
    assert len(events.list()) == 2
    with pytest.raises(ValidationError):
        events.find("conference")
    events.add("Alumni lunch", "2026-12-21", kind="alumni")
    with pytest.raises(ValidationError, match="several"):
        events.find("alumni")


def test_met_at_an_event_is_a_way_of_knowing_someone() -> None:
    assert RELATIONS[MET_AT_AN_EVENT] == "Met at an event"


# --- matching ---------------------------------------------------------------


@pytest.fixture
def known(services) -> dict[str, int]:
    save = services.contacts.save
    return {
        "aiko": save(ContactRecord(display_name="Aiko Tanaka", organisation="Kestrel")).id,
        "mia": save(ContactRecord(display_name="Mia Chen", emails=["mia@northwind.example"])).id,
        "ben": save(
            ContactRecord(display_name="Benjamin Okafor", linkedin_url="linkedin.com/in/Ben-Okafor")
        ).id,
        "lena": save(ContactRecord(display_name="Léna Fischer", organisation="Cobalt")).id,
        "sam1": save(ContactRecord(display_name="Sam Lee", organisation="A")).id,
        "sam2": save(ContactRecord(display_name="Sam Lee", organisation="B")).id,
    }


def test_preview_matches_by_email_profile_name_and_organisation(services, known) -> None:
    event = services.events.add("Meetup", "2026-12-27")
    text = "\n".join(
        [
            "Aiko Tanaka, KESTREL — hello",  # name and organisation, case folded
            "M. Chen, MIA@northwind.example",  # email, whatever the name
            "Ben, https://www.linkedin.com/in/ben-okafor",  # profile, case-insensitive
            "Lena Fischer",  # accents folded, one person so called: by name
            "Sam Lee",  # two people so called: someone new
            "Aiko Tanaka, Other Org",  # another organisation: someone new
            "Ravi Kumar",
            "ravi kumar",  # the same new person twice
            "no-name@x.org",
        ]
    )
    preview = services.events.preview(event.id, text)
    assert [(p.contact_id, p.matched_by) for p in preview[:4]] == [
        (known["aiko"], "name and organisation"),
        (known["mia"], "email"),
        (known["ben"], "LinkedIn profile"),
        (known["lena"], "name"),
    ]
    assert [p.describe() for p in preview[4:]] == [
        "new",
        "new",
        "new",
        "same person as line 7",
        "skipped: no name: a line starts with the person's name, then their email or profile",
    ]
    assert preview[0].describe().startswith(f"matches Aiko Tanaka (id {known['aiko']}")


# --- capture: people, links and follow-ups ----------------------------------

PASTED = """\
Aiko Tanaka, Kestrel, data platform — wants intros to fintech
* Ravi Kumar, ravi@ledgerly.example, linkedin.com/in/ravi-k, Ledgerly -- payments
ravi kumar, Ledgerly — runs the Berlin chapter
"""


def test_a_capture_adds_links_and_plans_follow_ups(services, known, clock) -> None:
    event = services.events.add("Fintech Meetup", "2026-12-27")
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    result = services.events.capture(event.id, PASTED)
    assert heard == [Change.EVENTS | Change.PEOPLE | Change.TODOS]
    (ravi_id,) = result.added_people
    ravi = services.contacts.get(ravi_id)
    assert (ravi.relation, ravi.source, ravi.organisation, ravi.emails) == (
        MET_AT_AN_EVENT,
        "event",
        "Ledgerly",
        ["ravi@ledgerly.example"],
    )
    assert ravi.linkedin_url == "https://www.linkedin.com/in/ravi-k"
    assert sorted(result.linked_people) == sorted([known["aiko"], ravi_id])
    tomorrow = clock.today() + timedelta(days=1)
    todos = {(t.contact_id, t.title, t.due_on) for t in services.todos.list(event_id=event.id)}
    assert len(services.todos.list()) == len(todos)  # every to-do it made names the event
    assert todos == {
        (
            known["aiko"],
            "Say nice to meet you to Aiko Tanaka (Fintech Meetup: wants intros to fintech)",
            tomorrow,
        ),
        (
            ravi_id,
            "Say nice to meet you to Ravi Kumar "
            "(Fintech Meetup: payments; runs the Berlin chapter)",
            tomorrow,
        ),
        (
            ravi_id,
            "Propose a 20–30 minute conversation to Ravi Kumar",
            clock.today() + timedelta(days=7),
        ),
    }
    report = services.events.report(event.id)
    assert [(p.name, p.starred) for p in report.people] == [
        ("Aiko Tanaka", False),
        ("Ravi Kumar", True),
    ]


def test_the_circle_chosen_and_star_all(services) -> None:
    event = services.events.add("Alumni night", "2026-12-27", kind="alumni")
    result = services.events.capture(
        event.id, "Nia Obi\nTom Weber", relation="classmate", star_all=True
    )
    assert {services.contacts.get(i).relation for i in result.added_people} == {"classmate"}
    assert all(p.starred for p in services.events.report(event.id).people)
    assert len(services.todos.list()) == 4
    with pytest.raises(ValidationError):
        services.events.capture(event.id, "Ana Silva", relation="acquaintance")


@pytest.mark.parametrize(
    ("zone", "moment", "tomorrow"),
    [
        ("Pacific/Kiritimati", "2026-12-31T23:30", date(2027, 1, 1)),  # UTC+14
        ("Pacific/Pago_Pago", "2026-12-31T00:30", date(2027, 1, 1)),  # UTC-11
        ("Europe/Berlin", "2026-03-28T23:59", date(2026, 3, 29)),  # summer time starts
    ],
)
def test_follow_ups_are_due_by_the_users_calendar(services, zone, moment, tomorrow) -> None:
    tz = ZoneInfo(zone)
    clock = FrozenClock(datetime.fromisoformat(moment), tz)
    events = EventService(services.db, clock, services.changes)
    event = events.add("Late mixer", clock.today())
    events.capture(event.id, "* Aiko Tanaka")
    due = sorted(t.due_on for t in services.todos.list())
    assert due == [tomorrow, tomorrow + timedelta(days=6)]


def test_a_capture_with_no_person_changes_nothing(services) -> None:
    event = services.events.add("Meetup", "2026-12-27")
    before = dump(services.paths.database)
    with pytest.raises(ValidationError):
        services.events.capture(event.id, "# only a comment\n\naiko@x.org")
    assert dump(services.paths.database) == before


# --- undo ---------------------------------------------------------------------


def _without_capture_log(lines: list[str]) -> list[str]:
    return [line for line in lines if 'INSERT INTO "event_capture"' not in line]


def test_undoing_a_capture_restores_the_database(services, known) -> None:
    event = services.events.add("Fintech Meetup", "2026-12-27")
    services.events.capture(event.id, "Aiko Tanaka, Kestrel — earlier note")
    path = services.paths.database
    before = _without_capture_log(dump(path, history=False))
    result = services.events.capture(event.id, PASTED + "Zoë Brandt, Brandt GmbH, CEO")
    assert services.events.last_capture(event.id) == result.capture_id
    undone = services.events.undo_capture(result.capture_id)
    assert (undone.removed_people, undone.kept_people) == (2, 0)
    assert _without_capture_log(dump(path, history=False)) == before
    with pytest.raises(NothingToUndo):
        services.events.undo_capture(result.capture_id)


def test_undo_keeps_what_the_user_did_since(services, known, clock) -> None:
    event = services.events.add("Fintech Meetup", "2026-12-27")
    result = services.events.capture(event.id, "* Ravi Kumar, Ledgerly\nNia Obi\nTom Weber")
    ravi_id, nia_id, tom_id = result.added_people
    clock.advance(minutes=5)
    ravi = services.contacts.get(ravi_id)
    ravi.role = "Head of payments"
    services.contacts.save(ravi)  # edited: Ravi is the user's now
    services.interactions.log(nia_id, "email", "Nice to meet you")
    (tom_todo,) = services.todos.list(contact_id=tom_id)
    services.todos.complete(tom_todo.id)  # done: the user's work
    undone = services.events.undo_capture(result.capture_id)
    assert (undone.removed_people, undone.kept_people) == (0, 3)
    met = services.events.report(event.id).people
    assert {p.contact_id for p in met} == {ravi_id, nia_id, tom_id}, "kept with their link"
    assert {t.id for t in services.todos.list(include_done=True)} == {tom_todo.id}


def test_undo_takes_back_only_its_own_people(services) -> None:
    event = services.events.add("Fintech Meetup", "2026-12-27")
    first = services.events.capture(event.id, "Ravi Kumar")
    second = services.events.capture(event.id, "Nia Obi")
    services.events.undo_capture(first.capture_id)
    assert [p.name for p in services.events.report(event.id).people] == ["Nia Obi"]
    assert services.events.last_capture(event.id) == second.capture_id


# --- what came of it -------------------------------------------------------


def _history(services) -> tuple[int, int, dict[str, int]]:
    """Two events; of those met at the first, Aiko became a meeting and a referral,
    Ben was followed up by a logged email, Cleo by her done to-do, Dan nothing."""
    events = services.events
    first = events.add("Fintech Meetup", "2026-12-10")
    second = events.add("Career fair", "2026-12-20", kind="career_fair")
    result = events.capture(first.id, "* Aiko Tanaka\nBen Okafor\nCleo Park\nDan Moss")
    aiko, ben, cleo, dan = result.added_people
    events.capture(second.id, "Dan Moss\nEve Li")
    conn: sqlite3.Connection = services.db.connection()
    meeting = conn.execute(
        "INSERT INTO meeting (title, status, starts_at, created_at, updated_at) "
        "VALUES ('Coffee with Aiko', 'held', '2026-12-15T10:00:00+01:00', '2026-12-11', "
        "'2026-12-15')"
    ).lastrowid
    conn.execute("INSERT INTO meeting_person VALUES (?, ?)", (meeting, aiko))
    before = conn.execute(
        "INSERT INTO meeting (title, status, starts_at, created_at, updated_at) "
        "VALUES ('Old coffee with Dan', 'held', '2026-11-01T10:00:00', '2026-11-01', "
        "'2026-11-01')"
    ).lastrowid
    conn.execute("INSERT INTO meeting_person VALUES (?, ?)", (before, dan))
    idea = conn.execute(
        "INSERT INTO meeting (title, status, created_at, updated_at) "
        "VALUES ('Maybe Cleo', 'idea', '2026-12-12', '2026-12-12')"
    ).lastrowid
    conn.execute("INSERT INTO meeting_person VALUES (?, ?)", (idea, cleo))
    conn.execute(
        "INSERT INTO referral (meeting_id, from_contact_id, to_contact_id, created_at) "
        "VALUES (?, ?, ?, '2026-12-15 11:00:00')",
        (meeting, aiko, ben),
    )
    conn.execute(
        "INSERT INTO interaction (contact_id, kind, occurred_at, created_at) "
        "VALUES (?, 'email', '2026-12-11 09:00:00', '2026-12-11 09:00:00')",
        (ben,),
    )
    (cleo_todo,) = [t for t in services.todos.list(contact_id=cleo)]
    services.todos.complete(cleo_todo.id)
    conn.execute("UPDATE contact SET relation = 'friend', closeness = 4 WHERE id = ?", (aiko,))
    events.add_introduction(first.id, aiko, ben)
    return first.id, second.id, {"aiko": aiko, "ben": ben, "cleo": cleo, "dan": dan}


def test_the_report_shows_what_came_of_each_person(services) -> None:
    first, _second, _people = _history(services)
    report = services.events.report(first)
    rows = {
        p.name.split()[0].lower(): (p.followed_up, p.conversation, p.referral, p.real_relationship)
        for p in report.people
    }
    assert rows == {
        "aiko": (False, True, True, True),
        "ben": (True, False, True, False),
        "cleo": (True, False, False, False),
        "dan": (False, False, False, False),
    }
    assert report.introductions == [("Aiko Tanaka", "Ben Okafor")]
    assert (report.count("followed_up"), report.count("conversation")) == (2, 1)


def test_the_numbers_count_conversations_per_event(services) -> None:
    first, second, _people = _history(services)
    numbers = {n.event_id: (n.met, n.conversations) for n in services.events.numbers()}
    assert numbers == {first: (4, 1), second: (2, 0)}


def test_deleting_an_event_keeps_the_people_and_restoring_it_puts_all_back(services) -> None:
    first, _second, people = _history(services)
    before = services.events.report(first)
    todos = {t.id for t in services.todos.list(event_id=first, include_done=True)}
    assert todos
    deleted = services.events.delete(first)
    assert services.contacts.get(people["aiko"]).display_name == "Aiko Tanaka"
    assert [e.name for e in services.events.list()] == ["Career fair"]
    assert services.todos.list(event_id=first, include_done=True) == []
    # Someone met there is deleted meanwhile: the event comes back without them.
    services.contacts.delete([people["dan"]])
    restored = services.events.restore_event(deleted)
    assert restored == first
    after = services.events.report(first)
    assert after.event == replace(before.event, people=before.event.people - 1)
    assert after.people == [p for p in before.people if p.contact_id != people["dan"]]
    assert after.introductions == before.introductions
    assert {t.id for t in services.todos.list(event_id=first, include_done=True)} == {
        t for t in todos if t in {x.id for x in services.todos.list(include_done=True)}
    }
    assert services.events.last_capture(first) is not None


def test_someone_met_again_at_another_event_is_kept_by_the_undo(services) -> None:
    first = services.events.add("Fintech Meetup", "2026-12-20")
    second = services.events.add("Career fair", "2026-12-27", kind="career_fair")
    capture = services.events.capture(first.id, "Ravi Kumar, Ledgerly")
    services.events.capture(second.id, "Ravi Kumar, Ledgerly — again!")
    undone = services.events.undo_capture(capture.capture_id)
    assert (undone.removed_people, undone.kept_people) == (0, 1)
    assert [p.name for p in services.events.report(second.id).people] == ["Ravi Kumar"]


def test_starring_later_plans_the_conversation_and_unstarring_removes_it(services, clock) -> None:
    event = services.events.add("Fintech Meetup", clock.today() - timedelta(days=1))
    (sam,) = services.events.capture(
        event.id, "Sam Lee, Northwind — ask about the team"
    ).added_people

    def conversations() -> list:
        return [t for t in services.todos.list(event_id=event.id) if t.kind == "outreach"]

    assert conversations() == []
    services.events.set_starred(event.id, sam, True)
    (planned,) = conversations()
    assert planned.title == "Propose a 20–30 minute conversation to Sam Lee"
    assert planned.due_on == clock.today() + timedelta(days=7)
    assert planned.note.endswith("ask about the team")
    services.events.set_starred(event.id, sam, True)  # starring twice plans it once
    assert len(conversations()) == 1
    services.events.set_starred(event.id, sam, False)
    assert conversations() == []
    assert [p.starred for p in services.events.report(event.id).people] == [False]
    with pytest.raises(KeyError):
        services.events.set_starred(event.id, sam + 1000, True)


def test_an_introduction_with_someone_deleted_is_refused_clearly(services) -> None:
    event = services.events.add("Fintech Meetup", "2026-11-20")
    aiko, ben = services.events.capture(event.id, "Aiko Tanaka\nBen Okafor").added_people
    services.contacts.delete([ben])
    with pytest.raises(ValidationError, match="deleted meanwhile"):
        services.events.add_introduction(event.id, aiko, ben)
