"""Warm introductions on hand-built networks: who ranks first, who is never routed
through, and the sentences that explain each path."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.meetings.records import MeetingRecord
from netdesk.services.network.warm_paths import MAX_LINKS, Target, WarmPath, warm_paths
from tests.frozen_time import TODAY


def person(services, name: str, organisation: str = "", relation="linkedin", closeness=1) -> int:
    record = ContactRecord(
        display_name=name, organisation=organisation, relation=relation, closeness=closeness
    )
    return services.contacts.save(record).id


def held_meeting(services, who: int, day: date) -> int:
    """A meeting with *who* on *day* (10:00 UTC: the same calendar day everywhere).
    Month names are the process's locale's, as in the app (Qt sets it)."""
    starts = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    record = MeetingRecord(title="Coffee", status="held", starts_at=starts, people=[who])
    return services.meetings.save(record).id


def to_organisation(services, name: str) -> list[WarmPath]:
    network = services.graph.load()
    organisation = next(k for k, v in network.organisations.items() if v == name)
    return warm_paths(network, Target(organisation_id=organisation))


def to_person(services, contact_id: int) -> list[WarmPath]:
    return warm_paths(services.graph.load(), Target(contact_id=contact_id))


def test_a_real_mentor_path_beats_a_linkedin_only_path_to_the_same_organisation(services):
    jordan = person(services, "Jordan Lee", "Acme", "mentor", 4)
    priya = person(services, "Priya Shah", "Northwind")
    mia = person(services, "Mia Chen", "Northwind")
    sam = person(services, "Sam Berg", "Acme")
    services.graph.connect(jordan, priya)  # they know each other
    # The best kind of link, but from someone I only know on LinkedIn.
    services.meetings.record_referral(sam, to_contact_id=mia)

    paths = to_organisation(services, "Northwind")
    assert [p.people for p in paths] == [[jordan, priya], [priya], [mia], [sam, mia]]
    assert paths[0].sentences == (
        "Jordan Lee (mentor, closeness 4) knows Priya Shah",
        "Priya Shah works at Northwind",
    )
    assert paths[0].introducer.contact_id == jordan and paths[0].organisation == "Northwind"
    assert paths[0].request_title() == (
        "Ask Jordan Lee for an introduction to Priya Shah (Northwind)"
    )


def test_a_recorded_referral_chain_is_found_and_ranked_first(services) -> None:
    jordan = person(services, "Jordan Lee", "Acme", "mentor", 4)
    alex = person(services, "Alex Kim", "Bluefjord")  # both only LinkedIn connections
    priya = person(services, "Priya Shah", "Northwind")
    mia = person(services, "Mia Chen", "Northwind")
    lena = person(services, "Lena Fischer", "", "friend", 3)
    services.graph.connect(lena, mia)  # a good friend who knows someone there
    last_year = date(TODAY.year - 1, 11, 3)
    this_year = date(TODAY.year, 1, 1)
    services.meetings.record_referral(
        jordan, meeting_id=held_meeting(services, jordan, last_year), to_contact_id=alex
    )
    services.meetings.record_referral(
        alex, meeting_id=held_meeting(services, alex, this_year), to_contact_id=priya
    )

    paths = to_organisation(services, "Northwind")
    assert [p.people for p in paths][:2] == [[jordan, alex, priya], [lena, mia]]
    assert paths[0].sentences == (
        "Jordan Lee (mentor, closeness 4) suggested you talk to Alex Kim at your meeting on "
        f"3 {last_year:%b} {last_year.year}",
        f"Alex Kim suggested you talk to Priya Shah at your meeting on 1 {this_year:%b}",
        "Priya Shah works at Northwind",
    )
    assert paths[0].request_title() == (
        "Ask Jordan Lee for an introduction to Priya Shah (Northwind)"
    )
    # Every LinkedIn-only way in ranks below both.
    assert all(p.people[0] in (priya, mia, alex) for p in paths[2:])


def test_someone_i_know_directly_is_reached_without_a_go_between(services) -> None:
    rosa = person(services, "Rosa Diaz", "Northwind", "client", 2)
    marta = person(services, "Marta Novak", "Acme", "manager", 5)
    omar = person(services, "Omar Haddad", "Northwind")
    services.graph.connect(marta, rosa)  # my manager knows my own client
    services.graph.connect(rosa, omar)
    services.graph.connect(marta, omar)

    (path,) = to_person(services, rosa)
    assert path.people == [rosa] and path.introducer is None
    assert path.sentences == ("You know Rosa Diaz yourself (client, closeness 2)",)
    assert path.request_title() == "Reach out to Rosa Diaz"

    # Nor is anyone I know an intermediate: my client and my manager each could
    # introduce me to Omar, but nobody is asked to introduce me to either of them.
    paths = to_person(services, omar)
    assert [p.people for p in paths] == [[marta, omar], [rosa, omar], [omar]]
    organisation = to_organisation(services, "Northwind")
    assert organisation[0].people == [rosa]
    assert organisation[0].sentences == (
        "You know Rosa Diaz yourself (client, closeness 2)",
        "Rosa Diaz works at Northwind",
    )
    assert all(rosa not in p.people[1:] and marta not in p.people[1:] for p in organisation)


def test_a_referred_person_in_my_contacts_is_reached_directly_and_the_referral_named(
    services,
) -> None:
    jordan = person(services, "Jordan Lee", "Acme", "mentor", 4)
    new_year = date(TODAY.year, 1, 1)
    meeting = held_meeting(services, jordan, new_year)
    referral = services.meetings.record_referral(
        jordan,
        meeting_id=meeting,
        new_person=ContactRecord(display_name="Priya Shah", organisation="Northwind"),
    )
    mia = person(services, "Mia Chen", "Northwind")

    paths = to_organisation(services, "Northwind")
    assert [p.people for p in paths] == [[referral.to_contact_id], [mia]]
    assert paths[0].sentences == (
        "You know Priya Shah yourself (other, closeness 3)",
        f"Jordan Lee suggested you talk to Priya Shah at your meeting on 1 {new_year:%b}",
        "Priya Shah works at Northwind",
    )


def test_each_kind_of_link_is_explained_in_words(services) -> None:
    person(services, "Jordan Lee", "Acme", "mentor", 4)
    omar = person(services, "Omar Haddad", "Acme")
    priya = person(services, "Priya Shah", "Northwind")
    mia = person(services, "Mia Chen")
    lena = person(services, "Lena Fischer", "", "classmate", 2)
    services.graph.connect(mia, priya)
    services.meetings.record_referral(priya, to_contact_id=lena)  # no meeting: no date

    # Nobody recorded that Jordan knows Omar: they work at the same place.
    assert [p.sentences for p in to_person(services, omar)] == [
        ("Jordan Lee (mentor, closeness 4) may know Omar Haddad: both work at Acme",),
        ("You are connected to Omar Haddad on LinkedIn only",),
    ]
    assert [p.sentences for p in to_person(services, priya)] == [
        (
            "Lena Fischer (classmate, closeness 2) knows Priya Shah, "
            "who suggested you talk to Lena Fischer",
        ),
        ("You are connected to Priya Shah on LinkedIn only",),
        ("Mia Chen (LinkedIn only) knows Priya Shah",),
    ]
    assert to_organisation(services, "Northwind")[1].sentences == (
        "You are connected to Priya Shah on LinkedIn only",
        "Priya Shah works at Northwind",
    )


@pytest.mark.parametrize("links", range(1, MAX_LINKS + 1))
def test_a_linkedin_only_first_person_never_ranks_above_a_real_one_with_as_many_links(
    services, links: int
) -> None:
    """The weakest real path (an acquaintance, a shared employer, then bare "they know
    each other" lines) against the strongest LinkedIn-only one (referrals all the way),
    both with *links* links to the same person."""
    target = person(services, "Priya Shah", "Northwind")
    shared = "Northwind" if links == 1 else "Bluefjord"
    acquaintance = person(services, "Ana Ruiz", shared, "client", 1)
    between = [
        person(services, f"Colleague {i}", shared if i == 0 else "") for i in range(links - 1)
    ]
    real_chain = [acquaintance, *between, target]
    for a, b in itertools.pairwise(real_chain[1:]):
        services.graph.connect(a, b)
    linkedin_chain = [*(person(services, f"Connection {i}") for i in range(links)), target]
    for a, b in itertools.pairwise(linkedin_chain):
        services.meetings.record_referral(a, to_contact_id=b)

    paths = to_person(services, target)
    by_first = {p.people[0]: p for p in paths}
    real, linkedin = by_first[acquaintance], by_first[linkedin_chain[0]]
    assert real.people == real_chain and linkedin.people == linkedin_chain
    second = services.contacts.get(real_chain[1]).display_name
    assert real.sentences[0].startswith(f"Ana Ruiz (client, closeness 1) may know {second}")
    assert paths.index(real) < paths.index(linkedin)
