"""How the Search page reads: the warm paths' network is kept between refreshes until a
change it is read from is announced (or the day turns), the held meetings are read once
for the target list and the funnel, and the conversations at an organisation include
people who worked there."""

from __future__ import annotations

from netdesk.services.changes import Change, Changes
from netdesk.services.jobsearch.warm import NetworkCache, conversations_at
from tests.unit.test_jobsearch import meeting, person, worked_at


def counting_loads(services, monkeypatch) -> list[int]:
    """Count the graph's loads from now on."""
    loads: list[int] = []
    load = services.graph.load

    def counted(*args, **kwargs):
        loads.append(1)
        return load(*args, **kwargs)

    monkeypatch.setattr(services.graph, "load", counted)
    return loads


def path_names(services, target_id: int) -> list[str]:
    way = services.applications.way_in(services.graph, target_id=target_id)
    return [path.target.name for path in way.paths]


def test_the_network_is_kept_until_the_people_or_their_ties_change(services, monkeypatch) -> None:
    person(services, "Priya Wei", "Northwind")
    target = services.targets.add("Northwind")
    loads = counting_loads(services, monkeypatch)
    assert path_names(services, target.id) == ["Priya Wei"]
    services.targets.update(target.id, stage="talking")  # the search only: kept
    services.applications.add("Northwind", "Analyst")
    assert path_names(services, target.id) == ["Priya Wei"]
    assert len(loads) == 1
    lena = person(services, "Lena Fischer", "Northwind")  # the people: dropped
    assert sorted(path_names(services, target.id)) == ["Lena Fischer", "Priya Wei"]
    assert len(loads) == 2
    path_names(services, target.id)
    assert len(loads) == 2
    services.contacts.add_link(lena, person(services, "Ola Berg"))  # a tie: dropped
    path_names(services, target.id)
    assert len(loads) == 3


def test_the_network_is_read_again_on_a_new_day(services, clock, monkeypatch) -> None:
    person(services, "Priya Wei", "Northwind")
    target = services.targets.add("Northwind")
    loads = counting_loads(services, monkeypatch)
    path_names(services, target.id)
    clock.advance(days=1)  # dates in the paths' sentences are worded against today
    path_names(services, target.id)
    assert len(loads) == 2


class FakeGraph:
    """Announces a change in the middle of loading, as a background write could."""

    def __init__(self) -> None:
        self.changes = Changes()
        self.loads = 0

    def load(self) -> object:
        self.loads += 1
        self.changes.announce(Change.LINKS)
        return object()


def test_a_network_loaded_while_something_changed_is_not_kept(clock) -> None:
    cache, graph = NetworkCache(clock), FakeGraph()
    first = cache.network(graph)  # type: ignore[arg-type]
    assert cache.network(graph) is not first  # type: ignore[arg-type]
    assert graph.loads == 2


def test_changes_the_network_is_not_read_from_keep_it(clock) -> None:
    cache, graph = NetworkCache(clock), FakeGraph()
    graph.load = lambda: object()  # type: ignore[method-assign]
    first = cache.network(graph)  # type: ignore[arg-type]
    graph.changes.announce(Change.JOB_SEARCH | Change.TODOS | Change.MAIL)
    assert cache.network(graph) is first  # type: ignore[arg-type]
    graph.changes.announce(Change.EVENTS)
    assert cache.network(graph) is not first  # type: ignore[arg-type]


def test_held_meetings_read_once_give_the_same_targets_and_funnel(services) -> None:
    priya = person(services, "Priya Wei", "Northwind")
    lena = person(services, "Lena Fischer", "Harbor")
    meeting(services, [priya], 3)
    meeting(services, [priya, lena], 9)
    meeting(services, [lena], 2, status="scheduled")
    services.targets.add("Northwind")
    services.applications.add("Harbor", "Analyst")
    held = services.applications.held_meetings()
    listed = services.targets.list(held=held)
    assert listed == services.targets.list()
    # Harbor's target followed its application; by name
    assert [(t.organisation, t.conversations) for t in listed] == [("Harbor", 1), ("Northwind", 2)]
    assert services.applications.funnel(held) == services.applications.funnel()
    assert services.applications.funnel(held).stage("conversations").total == 2


def test_conversations_include_people_who_worked_there_once_each(services) -> None:
    priya = person(services, "Priya Wei", "Northwind")
    omar = person(services, "Omar Haddad", "Harbor")
    worked_at(services, omar, "Northwind", "2024-06-30")
    worked_at(services, priya, "Northwind", "2022-01-31")  # there now and formerly
    together = meeting(services, [priya, omar], 5)
    alone = meeting(services, [omar], 2)
    meeting(services, [priya], 1, status="scheduled")
    found = conversations_at(services.db, services.targets.add("Northwind").organisation_id)
    assert [(c.meeting_id, [p.name for p in c.people]) for c in found] == [
        (alone, ["Omar Haddad"]),
        (together, ["Omar Haddad", "Priya Wei"]),
    ]
