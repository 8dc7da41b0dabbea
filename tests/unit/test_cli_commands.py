"""`netdesk people|meeting|log|today|paths`: the command line over everything, in-process
through main() on a data folder, at the frozen test time. Bad input exits 2 with one
line on stderr and leaves the database as it was."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import fields
from datetime import timedelta
from pathlib import Path

import pytest

from netdesk.__main__ import main
from netdesk.services.contacts.records import ContactRecord
from tests.frozen_time import TEST_NOW, TODAY, frozen_clock
from tests.helpers import dump


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "d"


def run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--data-dir", str(data)], clock=frozen_clock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys, data: Path, *args: str):
    status, out, err = run(capsys, data, *args, "--json")
    assert status == 0, err
    return json.loads(out)


def refused(capsys, data: Path, *args: str) -> str:
    """Run a command that must fail as bad input; returns its one line on stderr."""
    before = dump(data / "netdesk.sqlite3")
    status, out, err = run(capsys, data, *args)
    assert (status, out) == (2, ""), (args, status, out, err)
    assert err.startswith("netdesk: ") and err.count("\n") == 1, err
    assert dump(data / "netdesk.sqlite3") == before, args
    return err


def add(capsys, data: Path, name: str, *options: str) -> int:
    status, out, err = run(capsys, data, "people", "add", name, *options)
    assert status == 0, err
    return int(out)


def wall(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


# --- people ----------------------------------------------------------------------


def test_people_add_prints_the_id_and_show_has_everything(capsys, data: Path) -> None:
    mia = add(
        capsys, data, "Mia Chen", "--org", "Northwind", "--role", "Data Lead",
        "--relation", "mentor", "--closeness", "4", "--email", "Mia@Example.org",
        "--email", "mia.chen@example.org", "--tag", "data", "--tag", "Berlin",
        "--phone", "+49 30 1234567", "--notes", "Met at the meetup.",
    )  # fmt: skip
    assert mia == 1
    person = run_json(capsys, data, "people", "show", str(mia))
    assert {f.name for f in fields(ContactRecord)} <= person.keys()
    assert person["id"] == mia and person["name"] == person["display_name"] == "Mia Chen"
    assert (person["given_name"], person["family_name"]) == ("Mia", "Chen")
    assert person["organisation"] == "Northwind" and person["role"] == "Data Lead"
    assert person["relation"] == "mentor" and person["closeness"] == 4
    assert person["emails"] == ["mia@example.org", "mia.chen@example.org"]
    assert person["tags"] == ["Berlin", "data"]
    assert person["phones"] == ["+49 30 1234567"] and person["notes"] == "Met at the meetup."
    assert person["created_at"] == frozen_clock().timestamp() and person["is_me"] is False
    # By a name only one person has, in any case; the text shows the essentials.
    status, out, _ = run(capsys, data, "people", "show", "mia chen")
    assert status == 0 and out.startswith("Mia Chen (id 1) — Data Lead · Northwind\n")
    assert "  email: mia@example.org\n" in out and "  tags: Berlin, data\n" in out


def test_people_add_json_is_the_new_person(capsys, data: Path) -> None:
    person = run_json(capsys, data, "people", "add", "Omar Haddad", "--org", "Cobalt")
    assert person["id"] == 1 and person["organisation"] == "Cobalt"
    assert person["relation"] == "other" and person["closeness"] == 3
    assert run_json(capsys, data, "contacts")[0]["name"] == "Omar Haddad"


def test_people_add_can_leave_someone_out_of_the_mail_scan(capsys, data: Path) -> None:
    mia = add(capsys, data, "Mia Chen", "--email", "mia@example.org")
    dana = add(capsys, data, "Dana Cruz", "--email", "dana@example.org", "--no-track-mail")
    assert run_json(capsys, data, "people", "show", str(mia))["track_mail"] is True
    assert run_json(capsys, data, "people", "show", str(dana))["track_mail"] is False
    status, out, _ = run(capsys, data, "people", "show", str(dana))
    assert status == 0 and "  mail: not tracked" in out
    assert "not tracked" not in run(capsys, data, "people", "show", str(mia))[1]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("people", "add", "Ann", "--closeness", "7"), "invalid choice: 7"),
        (("people", "add", "Ann", "--closeness", "close"), "invalid int value"),
        (("people", "add", "Ann", "--relation", "boss"), "invalid choice: 'boss'"),
        (("people", "add", "Ann", "--email", "ann-at-example"), "Not an email address"),
        (("people", "add", "  "), "A person needs a name"),
        (("people", "show", "99"), "nobody has the id 99"),
        (("people", "show", "Nobody Here"), "nobody is called 'Nobody Here'"),
        (("people", "remove", "1"), "invalid choice: 'remove'"),
    ],
)
def test_bad_people_input_changes_nothing(capsys, data: Path, args, says: str) -> None:
    add(capsys, data, "Mia Chen")
    assert says in refused(capsys, data, *args)


def test_two_people_of_one_name_are_told_apart_by_id(capsys, data: Path) -> None:
    add(capsys, data, "Sam Lee", "--org", "Northwind")
    add(capsys, data, "Sam Lee", "--org", "Cobalt")
    assert "2 people are called 'Sam Lee': give the id" in refused(
        capsys, data, "people", "show", "Sam Lee"
    )
    assert run_json(capsys, data, "people", "show", "2")["organisation"] == "Cobalt"


# --- meetings --------------------------------------------------------------------


def test_meeting_plan_prepares_questions_across_the_three_layers(capsys, data: Path) -> None:
    add(capsys, data, "Mia Chen")
    add(capsys, data, "Omar Haddad")
    at = TEST_NOW + timedelta(days=2)
    meeting = run_json(
        capsys, data, "meeting", "plan", "--with", "1", "--with", "Omar Haddad",
        "--title", "Coffee about data teams", "--at", wall(at), "--questions", "7",
    )  # fmt: skip
    assert meeting["id"] == 1 and meeting["status"] == "scheduled"
    assert meeting["title"] == "Coffee about data teams" and meeting["kind"] == "informational"
    assert [p["name"] for p in meeting["people"]] == ["Mia Chen", "Omar Haddad"]
    assert meeting["starts_at"].startswith(at.strftime("%Y-%m-%dT%H:%M:00"))
    layers = [q["layer"] for q in meeting["questions"]]
    assert layers == ["industry"] * 3 + ["organisation"] * 2 + ["person"] * 2 + ["closing"] * 2
    assert [q["number"] for q in meeting["questions"]] == list(range(1, 10))
    assert all(q["text"] and q["answer"] == "" for q in meeting["questions"])
    # Without a date it is an idea, and without --questions it has none.
    status, out, _ = run(capsys, data, "meeting", "plan", "--with", "2", "--title", "Call")
    assert (status, out) == (0, "2\n")
    idea = run_json(capsys, data, "meeting", "show", "2")
    assert idea["status"] == "idea" and idea["starts_at"] is None and idea["questions"] == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("meeting", "plan", "--title", "Coffee"), "required: --with"),
        (("meeting", "plan", "--with", "99", "--title", "Coffee"), "nobody has the id 99"),
        (("meeting", "plan", "--with", "1", "--title", "  "), "A meeting needs a title"),
        (("meeting", "plan", "--with", "1", "--title", "C", "--at", "2026-02-30"), "No such date"),
        (("meeting", "plan", "--with", "1", "--title", "C", "--at", "soon"), "Not a date"),
        (("meeting", "plan", "--with", "1", "--title", "C", "--questions", "-1"), "invalid"),
        (("meeting", "show", "99"), "no meeting has the id 99"),
        (("meeting", "held", "99"), "no meeting has the id 99"),
        (("meeting", "answer", "1", "--question", "9", "--text", "x"), "has 0 prepared"),
    ],
)
def test_bad_meeting_input_changes_nothing(capsys, data: Path, args, says: str) -> None:
    add(capsys, data, "Mia Chen")
    run(capsys, data, "meeting", "plan", "--with", "1", "--title", "Coffee")
    assert says in refused(capsys, data, *args)


def test_meeting_notes_from_standard_input_or_a_file(
    capsys, data: Path, tmp_path: Path, monkeypatch
) -> None:
    add(capsys, data, "Mia Chen")
    run(capsys, data, "meeting", "plan", "--with", "1", "--title", "Coffee")
    typed = "## What I learned\n\nData teams hire in spring — ask Priya.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(typed.encode())))
    status, out, _ = run(capsys, data, "meeting", "notes", "1")
    assert status == 0 and out == "Saved 12 words of notes to “Coffee”.\n"
    assert run_json(capsys, data, "meeting", "show", "1")["notes"] == typed
    more = tmp_path / "more.md"
    more.write_text("- send the article\n", encoding="utf-8")
    notes = run_json(capsys, data, "meeting", "notes", "1", "--file", str(more), "--append")
    assert notes["notes"] == typed.rstrip("\n") + "\n\n- send the article\n"
    status, out, _ = run(capsys, data, "meeting", "show", "1")
    assert "## Notes\n## What I learned" in out


def test_meeting_notes_refuse_what_is_not_text_or_too_long(
    capsys, data: Path, tmp_path: Path, monkeypatch
) -> None:
    add(capsys, data, "Mia Chen")
    run(capsys, data, "meeting", "plan", "--with", "1", "--title", "Coffee")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    assert "is not UTF-8 text" in refused(
        capsys, data, "meeting", "notes", "1", "--file", str(binary)
    )
    assert "cannot be read" in refused(
        capsys, data, "meeting", "notes", "1", "--file", str(tmp_path / "missing.md")
    )
    monkeypatch.setattr("netdesk.cli.common.MAX_TEXT_BYTES", 10)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 11)))
    assert "more than 10 bytes" in refused(capsys, data, "meeting", "notes", "1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"notes")))
    assert "no meeting has the id 7" in refused(capsys, data, "meeting", "notes", "7")


def test_meeting_answer_by_number_or_words(capsys, data: Path) -> None:
    add(capsys, data, "Mia Chen")
    run(capsys, data, "meeting", "plan", "--with", "1", "--title", "Coffee", "--questions", "3")
    meeting = run_json(
        capsys, data, "meeting", "answer", "1", "--question", "2", "--text", "Hiring"
    )
    assert meeting["questions"][1]["answer"] == "Hiring"
    closing = meeting["questions"][3]["text"]  # "Who else do you think I should talk to?"
    words = " ".join(closing.split()[1:4]).upper()
    status, out, _ = run(
        capsys, data, "meeting", "answer", "1", "--question", words, "--text", "Priya"
    )
    assert status == 0 and out == f"Answered: {closing}\n"
    answers = [q["answer"] for q in run_json(capsys, data, "meeting", "show", "1")["questions"]]
    assert answers == ["", "Hiring", "", "Priya", ""]
    assert "5 questions of meeting 1 contain 'you'" in refused(
        capsys, data, "meeting", "answer", "1", "--question", "you", "--text", "x"
    )
    assert "has 5 prepared questions, not 6" in refused(
        capsys, data, "meeting", "answer", "1", "--question", "6", "--text", "x"
    )
    assert "no question like 'salary'" in refused(
        capsys, data, "meeting", "answer", "1", "--question", "salary", "--text", "x"
    )


def test_meeting_refer_held_and_show(capsys, data: Path) -> None:
    add(capsys, data, "Mia Chen")
    at = TEST_NOW - timedelta(days=2)
    run(capsys, data, "meeting", "plan", "--with", "1", "--title", "Coffee", "--at", wall(at))
    referral = run_json(
        capsys, data, "meeting", "refer", "1", "--name", "Priya Shah", "--org", "Contoso",
        "--may-mention", "yes",
    )  # fmt: skip
    assert referral["from_name"] == "Mia Chen" and referral["to_name"] == "Priya Shah"
    assert referral["permission"] == "yes" and referral["meeting_id"] == 1
    priya = run_json(capsys, data, "people", "show", str(referral["to_contact_id"]))
    assert priya["organisation"] == "Contoso" and priya["notes"] == "Suggested by Mia Chen."
    held = run_json(capsys, data, "meeting", "held", "1")
    assert held["status"] == "held" and held["referrals"][0]["to_name"] == "Priya Shah"
    status, out, _ = run(capsys, data, "meeting", "held", "1")
    assert (status, out) == (0, "“Coffee” is already held.\n")
    status, out, _ = run(capsys, data, "meeting", "show", "1")
    assert out.startswith("# Coffee (meeting 1)\nHeld, ")
    assert "## Referrals\n- Mia Chen → Priya Shah (mention: yes)" in out
    today = run_json(capsys, data, "today")
    assert [t["kind"] for t in today["followups"]] == ["thank_you"]  # the outreach: in 3 days
    assert today["numbers"]["followups_next_week"] == 1


def test_meeting_held_without_a_date_happened_now(capsys, data: Path) -> None:
    add(capsys, data, "Mia Chen")
    run(capsys, data, "meeting", "plan", "--with", "1", "--title", "Call")
    held = run_json(capsys, data, "meeting", "held", "1")
    assert held["status"] == "held"
    assert held["starts_at"].startswith(wall(TEST_NOW))


def test_a_referral_needs_to_know_who_made_it(capsys, data: Path) -> None:
    for name in ("Mia Chen", "Omar Haddad", "Priya Shah"):
        add(capsys, data, name)
    run(capsys, data, "meeting", "plan", "--with", "1", "--with", "2", "--title", "Lunch")
    assert "several people: say who referred you (--from ID)" in refused(
        capsys, data, "meeting", "refer", "1", "--name", "Lee Park"
    )
    assert "Priya Shah was not at meeting 1" in refused(
        capsys, data, "meeting", "refer", "1", "--name", "Lee Park", "--from", "Priya Shah"
    )
    assert "cannot refer you to themselves" in refused(
        capsys, data, "meeting", "refer", "1", "--person", "2", "--from", "2"
    )
    assert "invalid choice: 'maybe'" in refused(
        capsys, data, "meeting", "refer", "1", "--name", "Lee", "--may-mention", "maybe"
    )
    referral = run_json(capsys, data, "meeting", "refer", "1", "--person", "3", "--from", "2")
    assert (referral["from_name"], referral["to_name"]) == ("Omar Haddad", "Priya Shah")
    assert referral["permission"] == "ask"


# --- log ---------------------------------------------------------------------------


def test_log_an_interaction_today_or_earlier(capsys, data: Path) -> None:
    add(capsys, data, "Mia Chen")
    entry = run_json(capsys, data, "log", "1", "--kind", "email", "--gave", "--summary", "article")
    assert entry["kind"] == "email" and entry["give_ask"] == "give"
    assert entry["occurred_at"] == frozen_clock().timestamp() and entry["summary"] == "article"
    earlier = (TODAY - timedelta(days=3)).isoformat()
    status, out, _ = run(
        capsys, data, "log", "Mia Chen", "--kind", "call", "--asked", "--on", earlier
    )
    assert status == 0
    assert out == f"Logged a call with Mia Chen on {earlier}, something you asked.\n"
    assert run_json(capsys, data, "people", "show", "1")["last_interaction"] == TODAY.isoformat()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("log", "1", "--kind", "call", "--on", "TOMORROW"), "is in the future"),
        (("log", "1", "--kind", "call", "--on", "2026-02-30"), "invalid date"),
        (("log", "1", "--kind", "lunch"), "invalid choice: 'lunch'"),
        (("log", "1"), "required: --kind"),
        (("log", "1", "--kind", "call", "--gave", "--asked"), "not allowed with argument"),
        (("log", "42", "--kind", "call"), "nobody has the id 42"),
    ],
)
def test_bad_log_input_changes_nothing(capsys, data: Path, args, says: str) -> None:
    add(capsys, data, "Mia Chen")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    args = tuple(tomorrow if a == "TOMORROW" else a for a in args)
    assert says in refused(capsys, data, *args)


# --- today -------------------------------------------------------------------------


def test_today_json_has_every_part_of_the_page(capsys, data: Path) -> None:
    add(capsys, data, "Mia Chen", "--relation", "mentor", "--closeness", "5")
    at = TEST_NOW - timedelta(days=2)
    run(capsys, data, "meeting", "plan", "--with", "1", "--title", "Coffee", "--at", wall(at))
    run(capsys, data, "meeting", "held", "1")
    run(capsys, data, "log", "1", "--kind", "email", "--asked")
    today = run_json(capsys, data, "today")
    assert set(today) == {
        "today", "followups", "reconnect", "awaiting", "week", "prompts", "numbers",
        "job_search",
    }  # fmt: skip
    assert today["job_search"] == []  # no application has a next action or waits
    assert today["today"] == TODAY.isoformat()
    (thanks,) = today["followups"]
    assert thanks["kind"] == "thank_you" and thanks["contact_name"] == "Mia Chen"
    assert thanks["overdue"] is (thanks["due_on"] < TODAY.isoformat())
    assert today["reconnect"] == [] and today["awaiting"] == [] and today["prompts"] == []
    assert isinstance(today["week"], list)
    numbers = today["numbers"]
    assert numbers["followups_due"] == 1 and numbers["reciprocity"] == {"gives": 0, "asks": 1}
    assert numbers["network_by_relation"] == {"mentor": 1}
    assert sum(m["count"] for m in numbers["meetings_per_month"]) == 1
    assert set(numbers["acceptance"]) == {"warm", "cold", "overall"}
    status, out, _ = run(capsys, data, "today")
    assert status == 0 and "Follow-ups (1 due" in out and "Thank Mia Chen" in out


# --- paths -------------------------------------------------------------------------


def _network(data: Path) -> dict[str, int]:
    from netdesk.app import build_services
    from netdesk.paths import Paths
    from netdesk.services.credentials import MemoryCredentialStore

    services = build_services(Paths(data), MemoryCredentialStore(), clock=frozen_clock())
    try:
        save = services.contacts.save
        mia = save(ContactRecord(display_name="Mia Chen", relation="mentor", closeness=4)).id
        priya = save(
            ContactRecord(display_name="Priya Shah", organisation="Contoso", relation="linkedin")
        ).id
        services.contacts.add_link(mia, priya)
        return {"mia": mia, "priya": priya}
    finally:
        services.close()


def test_paths_to_an_organisation_say_who_to_ask_and_why(capsys, data: Path) -> None:
    people = _network(data)
    found = run_json(capsys, data, "paths", "--to", "contoso")
    assert found["to"]["name"] == "Contoso"
    first = found["paths"][0]
    assert [p["id"] for p in first["people"]] == [people["mia"], people["priya"]]
    assert first["ask"] == people["mia"]
    assert first["why"] == [
        "Mia Chen (mentor, closeness 4) knows Priya Shah",
        "Priya Shah works at Contoso",
    ]
    assert first["next_step"] == "Ask Mia Chen for an introduction to Priya Shah (Contoso)"
    by_id = run_json(capsys, data, "paths", "--to", str(people["priya"]))
    assert by_id["to"] == {"person": people["priya"], "name": "Priya Shah"}
    status, out, _ = run(capsys, data, "paths", "--to", "Priya")
    assert status == 0 and "1. You → Mia Chen (mentor) → Priya Shah" in out
    assert "   Mia Chen (mentor, closeness 4) knows Priya Shah.\n" in out


def test_paths_to_nobody_known(capsys, data: Path) -> None:
    _network(data)
    assert "no person or organisation matches 'Initech'" in refused(
        capsys, data, "paths", "--to", "Initech"
    )
    assert "nobody has the id 99" in refused(capsys, data, "paths", "--to", "99")
    assert "required: --to" in refused(capsys, data, "paths")
    add(capsys, data, "Lee Park", "--relation", "linkedin")
    found = run_json(capsys, data, "paths", "--to", "Lee Park")
    assert [p["why"] for p in found["paths"]] == [
        ["You are connected to Lee Park on LinkedIn only"]
    ]


def test_every_command_is_described_in_the_readme() -> None:
    from netdesk.cli.parser import BUILDERS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    for command in BUILDERS:
        assert f"netdesk {command}" in section, command
    actions = ["people add", "people show", "draft thank-you", "draft email"]
    actions += [f"meeting {a}" for a in ("plan", "notes", "answer", "refer", "held", "show")]
    for action in actions:
        assert f"netdesk {action}" in section, action
