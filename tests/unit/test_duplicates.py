"""DuplicateService over a real SQLite file: exact keys, names with organisation and
location as evidence, the hard negatives, pairs the user set apart, hostile input, and
`netdesk duplicates`."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from netdesk.__main__ import main
from netdesk.db.models.people import Contact
from netdesk.errors import Cancelled, ValidationError
from netdesk.services.cancel import CancelToken
from netdesk.services.changes import Change
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.duplicates.finder import DEFAULT_THRESHOLD
from tests.frozen_time import frozen_clock


def add(services, given: str, family: str = "", **fields) -> int:
    display = fields.pop("display_name", f"{given} {family}".strip() or "?")
    record = ContactRecord(given_name=given, family_name=family, display_name=display, **fields)
    return services.contacts.save(record).id


def found(services) -> dict[tuple[int, int], tuple[float, tuple[str, ...]]]:
    service = services.duplicates
    service.region = "US"
    return {(p.first_id, p.second_id): (p.score, p.evidence) for p in service.find()}


def test_one_mailbox_is_one_person_whatever_the_name_says(services) -> None:
    a = add(services, "Dana", "Cruz", emails=["dana.cruz@gmail.com"])
    b = add(services, "D.", "Cruz", emails=["DanaCruz+work@googlemail.com"])
    score, evidence = found(services)[a, b]
    assert score >= 0.95
    assert "same email danacruz@gmail.com" in evidence


def test_one_phone_in_two_formats(services) -> None:
    a = add(services, "Priya", "Wei", phones=["+1 415 555 0100"])
    b = add(services, "Priya", "Wei", phones=["(415) 555-0100"])
    assert "same phone +14155550100" in found(services)[a, b][1]


def test_one_linkedin_profile_even_after_a_change_of_name(services) -> None:
    a = add(services, "Marta", "Ruiz", linkedin_url="https://www.linkedin.com/in/marta-ruiz")
    b = add(services, "Marta", "Olsen", linkedin_url="http://de.linkedin.com/in/Marta-Ruiz/")
    assert found(services)[a, b] == (1.0, ("same LinkedIn profile",))


def test_a_nickname_at_the_same_organisation_says_why(services) -> None:
    a = add(services, "Robert", "Smith", organisation="Northwind")
    b = add(services, "Bob", "Smith", organisation="Northwind")
    score, evidence = found(services)[a, b]
    assert score >= DEFAULT_THRESHOLD
    assert evidence == ("Robert ~ Bob", "same family name", "same organisation Northwind")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Mia", "Chen"), ("Chen", "Mia")),  # reordered
        (("Mia", "Chen"), ("M.", "Chen")),  # an initial
        (("José", "García"), ("Jose", "Garcia")),  # accents
        (("Jonathan", "Smith"), ("Jonathan", "Smtih")),  # a typo
        (("Aleksandr", "Volkov"), ("Alexander", "Volkov")),  # a transliteration
    ],
)
def test_one_person_entered_twice_at_one_organisation(services, first, second) -> None:
    a = add(services, *first, organisation="Tidewater Bank")
    b = add(services, *second, organisation="Tidewater Bank")
    assert found(services)[a, b][0] >= DEFAULT_THRESHOLD


def test_the_same_name_in_the_same_city_without_other_details(services) -> None:
    a = add(services, "Kwame", "Mensah", organisation="Northwind", location="Accra")
    b = add(services, "Kwame", "Mensah", location="Accra")
    assert "same location Accra" in found(services)[a, b][1]


def test_two_people_of_one_common_name_at_one_organisation_are_not_proposed(services) -> None:
    add(services, "James", "Smith", organisation="Northwind", emails=["james@northwind.example"])
    add(services, "James", "Smith", organisation="Northwind", emails=["jsmith@northwind.example"])
    add(services, "Wei", "Wang", organisation="Northwind", linkedin_url="linkedin.com/in/wei-w")
    add(services, "Wei", "Wang", organisation="Northwind", linkedin_url="linkedin.com/in/wei-w2")
    assert found(services) == {}


def test_family_members_sharing_a_surname_address_and_home_phone(services) -> None:
    add(services, "Anna", "Kowalski", location="Warsaw", phones=["+48 22 123 45 67"])
    add(services, "Piotr", "Kowalski", location="Warsaw", phones=["+48 22 123 45 67"])
    add(services, "Daniel", "Kim", organisation="Kim & Sons", location="Seoul")
    add(services, "Daniela", "Kim", organisation="Kim & Sons", location="Seoul")
    assert found(services) == {}


def test_bob_and_robert_at_different_organisations_are_two_people(services) -> None:
    add(services, "Robert", "Brown", organisation="Northwind", location="Boston")
    add(services, "Bob", "Brown", organisation="Tidewater Bank", location="Austin")
    assert found(services) == {}


def test_a_switchboard_shared_by_colleagues_is_no_duplicate(services) -> None:
    add(services, "Mia", "Chen", organisation="Northwind", phones=["+44 20 7946 0000"])
    add(services, "Priya", "Patel", organisation="Northwind", phones=["+44 20 7946 0000"])
    assert found(services) == {}


def test_pairs_set_apart_are_not_proposed_and_undo_brings_them_back(services) -> None:
    a = add(services, "Robert", "Smith", organisation="Northwind")
    b = add(services, "Bob", "Smith", organisation="Northwind")
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    services.duplicates.mark_different(b, a)  # either order
    assert services.duplicates.is_marked_different(a, b)
    assert found(services) == {}
    services.duplicates.forget_different(a, b)
    assert (a, b) in found(services)
    assert heard == [Change.PEOPLE, Change.PEOPLE]
    with pytest.raises(ValidationError):
        services.duplicates.mark_different(a, a)
    with pytest.raises(ValidationError):
        services.duplicates.mark_different(a, 999_999)


def test_finding_can_be_cancelled_and_reports_progress(services) -> None:
    add(services, "Mia", "Chen")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        services.duplicates.find(cancel=token)
    steps: list[int] = []
    services.duplicates.find(progress=lambda percent, _: steps.append(percent))
    assert steps[0] == 0 and steps[-1] == 100


HOSTILE = [
    "",
    " ",
    "M" * 5_000,
    "Mia\u202eChen\u2066",
    "\x00\x1b[31mMia",
    "Mia 😀 Chen",
    "👩‍💻",
    "Dr. Mr. Mrs. Jr. III",
    "-- , .",
    "李小龍",
    "\u200b\u200d",
]


def test_hostile_names_never_break_the_finder(services) -> None:
    for text in HOSTILE:
        for given, family, display in ((text, text, text), (text, "", f"{text} Chen")):
            # No name left once cleaned: refused, as it should be.
            with contextlib.suppress(ValidationError):
                add(services, given, family, display_name=display, location=text[:100])
        # Rows as another program or an old version may have written them, uncleaned.
        Contact.insert(
            given_name=text,
            family_name=text,
            display_name=text,
            sort_name=text,
            emails=text,
            phones=text,
            linkedin_url=text,
            location=text,
            created_at="2026-01-01",
            updated_at="2026-01-01",
        ).execute()
    add(services, "Mia", "Chen", emails=["mia@x.example"], phones=["+1 415 555 0100"])
    pairs = services.duplicates.find()
    assert all(0.0 <= p.score <= 1.0 for p in pairs)
    assert all(len(" ".join(p.evidence)) < 2_000 for p in pairs)


def test_the_command_lists_the_pairs_in_words_and_as_json(capsys, tmp_path: Path) -> None:
    data = tmp_path / "d"

    def run(*args: str) -> str:
        status = main([*args, "--data-dir", str(data)], clock=frozen_clock())
        out = capsys.readouterr().out
        assert status == 0
        return out

    assert run("duplicates") == "No likely duplicates.\n"
    run("people", "add", "Robert Smith", "--org", "Northwind")
    run("people", "add", "Bob Smith", "--org", "Northwind")
    text = run("duplicates")
    assert "#1 Robert Smith" in text and "#2 Bob Smith" in text
    assert "Robert ~ Bob; same family name; same organisation Northwind" in text
    (pair,) = json.loads(run("duplicates", "--json"))
    assert pair["first"] == {"id": 1, "name": "Robert Smith"}
    assert pair["second"]["id"] == 2 and pair["score"] >= DEFAULT_THRESHOLD
    assert "same organisation Northwind" in pair["evidence"]
