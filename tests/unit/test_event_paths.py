"""Networking events in the relationship network: introductions made at an event are
ties that warm paths go through and name, and the map can show one event's people."""

from __future__ import annotations

from datetime import date

import pytest

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.network.model import ME, MapEvent, MapFilter
from netdesk.services.network.projection import project
from netdesk.services.network.warm_paths import Target, warm_paths
from tests.frozen_time import TODAY

GUILD_DAY = date(TODAY.year, 12, 1)
GUILD_WORDS = f"at Data Guild evening on 1 {GUILD_DAY:%b}"  # month in the process's locale


def person(services, name: str, organisation: str = "", relation="linkedin", closeness=1) -> int:
    record = ContactRecord(
        display_name=name, organisation=organisation, relation=relation, closeness=closeness
    )
    return services.contacts.save(record).id


def to_person(services, contact_id: int):
    return warm_paths(services.graph.load(), Target(contact_id=contact_id))


def test_a_path_found_only_through_an_introduction_at_an_event(services) -> None:
    jordan = person(services, "Jordan Lee", "Acme", "mentor", 4)
    aiko = person(services, "Aiko Tanaka", "Kestrel")  # LinkedIn only
    guild = services.events.add("Data Guild evening", GUILD_DAY)
    # Nothing links my mentor to Aiko yet: she is reached on her own.
    assert [p.people for p in to_person(services, aiko)] == [[aiko]]

    services.events.add_introduction(guild.id, jordan, aiko)
    paths = to_person(services, aiko)
    assert [p.people for p in paths] == [[jordan, aiko], [aiko]]
    assert paths[0].sentences == (
        f"Jordan Lee (mentor, closeness 4) introduced you to Aiko Tanaka {GUILD_WORDS}",
    )
    assert paths[0].request_title() == "Ask Jordan Lee for an introduction to Aiko Tanaka"


def test_an_introduction_at_an_event_is_worded_from_either_end(services) -> None:
    aiko = person(services, "Aiko Tanaka", "Kestrel")  # LinkedIn only
    lena = person(services, "Lena Fischer", "", "friend", 3)
    omar = person(services, "Omar Haddad", "Northwind")
    earlier = services.events.add("Old meetup", date(TODAY.year - 1, 3, 4))
    guild = services.events.add("Data Guild evening", GUILD_DAY)
    services.events.add_introduction(guild.id, aiko, lena)  # Aiko introduced me to Lena
    services.graph.connect(aiko, omar)
    # An older plain "introduced" line between the same two people says less.
    services.graph.connect(aiko, lena, "introduced")
    services.events.add_introduction(earlier.id, omar, aiko)

    paths = to_person(services, omar)
    assert paths[0].people == [lena, aiko, omar]
    assert paths[0].sentences == (
        f"Lena Fischer (friend, closeness 3) knows Aiko Tanaka, who introduced you to "
        f"Lena Fischer {GUILD_WORDS}",
        # Omar introduced me to Aiko the year before: the year is named.
        f"Aiko Tanaka knows Omar Haddad, who introduced you to Aiko Tanaka at Old meetup "
        f"on 4 {date(TODAY.year - 1, 3, 4):%b} {TODAY.year - 1}",
    )
    # Someone I know myself is reached directly, and who introduced us where is said.
    (direct,) = to_person(services, lena)
    assert direct.sentences == (
        "You know Lena Fischer yourself (friend, closeness 3)",
        f"Aiko Tanaka introduced you to Lena Fischer {GUILD_WORDS}",
    )


def test_load_reads_the_events_their_people_and_introductions(services) -> None:
    jordan = person(services, "Jordan Lee", "Acme", "mentor", 4)
    older = services.events.add("Career fair", date(TODAY.year, 11, 20), kind="career_fair")
    guild = services.events.add("Data Guild evening", GUILD_DAY)
    aiko, ben = services.events.capture(guild.id, "Aiko Tanaka\nBen Okafor").added_people
    services.events.capture(older.id, "Ben Okafor")
    services.events.add_introduction(guild.id, jordan, aiko)

    network = services.graph.load()
    assert network.events == [
        MapEvent(guild.id, "Data Guild evening", GUILD_DAY),
        MapEvent(older.id, "Career fair", date(TODAY.year, 11, 20)),
    ]
    # Jordan introduced me there, so was there too.
    assert network.met_at == {guild.id: {aiko, ben, jordan}, older.id: {ben}}
    (tie,) = [t for t in network.ties if t.kind == "introduced"]
    assert (tie.a, tie.b, tie.day, tie.event) == (jordan, aiko, GUILD_DAY, "Data Guild evening")


@pytest.fixture
def met(services) -> dict[str, int]:
    """Jordan (my mentor) introduced me to Aiko at the Data Guild evening, where I also
    met Ben and Cleo (LinkedIn only); Ben knows Mia, whom I met at another event; Lena
    (a friend) was at neither."""
    people = {
        "jordan": person(services, "Jordan Lee", "Acme", "mentor", 4),
        "cleo": person(services, "Cleo Park", "Acme"),
        "lena": person(services, "Lena Fischer", "", "friend", 3),
    }
    guild = services.events.add("Data Guild evening", GUILD_DAY)
    other = services.events.add("Alumni night", date(TODAY.year, 6, 1), kind="alumni")
    aiko, ben = services.events.capture(guild.id, "Aiko Tanaka\nBen Okafor").added_people
    services.events.capture(guild.id, "Cleo Park, Acme")  # known already: linked, not added
    (mia,) = services.events.capture(other.id, "Mia Chen").added_people
    services.events.add_introduction(guild.id, people["jordan"], aiko)
    services.graph.connect(ben, mia)
    services.graph.connect(ben, people["lena"])
    return people | {"aiko": aiko, "ben": ben, "mia": mia, "guild": guild.id, "other": other.id}


def test_the_map_shows_the_people_met_at_one_event(services, met) -> None:
    network = services.graph.open_network()
    data = project(network, MapFilter(event_id=met["guild"]))
    nodes = {n.key: n.kind for n in data.nodes}
    # Cleo is LinkedIn only: shown one by one all the same, not folded into Acme.
    assert nodes == {
        ME: "me",
        met["jordan"]: "person",
        met["aiko"]: "person",
        met["ben"]: "person",
        met["cleo"]: "person",
    }
    assert data.people_shown == 4
    keys = [n.key for n in data.nodes]
    edges = {(keys[a], keys[b], kind) for a, b, kind, _weight in data.edges}
    # The introduction among them is drawn; Ben's ties to people not met there are not.
    assert (met["jordan"], met["aiko"], "introduced") in edges
    assert not any(kind == "knows" for _a, _b, kind in edges)
    assert {(a, b) for a, b, kind in edges if kind == "tie"} == {
        (ME, met["jordan"]),
        (ME, met["aiko"]),
        (ME, met["ben"]),
    }
    # With the other filters: my mentor alone; and another event, its own people.
    mentors = project(network, MapFilter(event_id=met["guild"], relations=frozenset(["mentor"])))
    assert {n.key for n in mentors.nodes if n.kind == "person"} == {met["jordan"]}
    other = project(network, MapFilter(event_id=met["other"]))
    assert {n.key for n in other.nodes if n.kind == "person"} == {met["mia"]}
    # No event chosen: everyone, LinkedIn-only people in their organisation's cluster.
    everyone = project(network, MapFilter())
    assert met["lena"] in everyone.index and met["cleo"] not in everyone.index
