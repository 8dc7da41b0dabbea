"""The map's graph service: loading, filters, clusters, warm paths, stored incremental layout."""

from __future__ import annotations

import math

import pytest

from netdesk.errors import ValidationError
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.network.model import ME, NO_ORGANISATION, MapFilter
from netdesk.services.network.projection import project
from netdesk.services.network.warm_paths import Target, warm_paths


def person(services, name: str, organisation: str = "", relation: str = "friend", closeness=3):
    record = ContactRecord(
        display_name=name, organisation=organisation, relation=relation, closeness=closeness
    )
    return services.contacts.save(record).id


@pytest.fixture
def network(services):
    """Me; Mia (mentor, very close) knows Omar at Acme; Lena (acquaintance) knows Omar too;
    Tom is a LinkedIn-only connection at Acme; Ravi a LinkedIn-only one nowhere."""
    ids = {
        "mia": person(services, "Mia Chen", "Northwind", "mentor", 5),
        "lena": person(services, "Lena Fischer", "Bluefjord", "classmate", 1),
        "omar": person(services, "Omar Haddad", "Acme Corp", "linkedin", 1),
        "tom": person(services, "Tom Berg", "Acme Corp", "linkedin", 1),
        "ravi": person(services, "Ravi Iyer", "", "linkedin", 1),
    }
    services.contacts.add_link(ids["mia"], ids["omar"])
    services.contacts.add_link(ids["lena"], ids["omar"], kind="introduced")
    services.contacts.save(
        ContactRecord(**{**services.contacts.get(ids["mia"]).__dict__, "tags": ["mentors"]})
    )
    return ids


def test_load_reads_people_ties_tags_and_organisations(services, network) -> None:
    loaded = services.graph.load()
    assert set(loaded.people) == set(network.values())
    assert {(t.a, t.b, t.kind) for t in loaded.ties} == {
        (network["mia"], network["omar"], "knows"),
        (network["lena"], network["omar"], "introduced"),
    }
    assert loaded.tags == {"mentors": {network["mia"]}}
    assert "Acme Corp" in loaded.organisations.values()
    assert loaded.centre == ME


def test_linkedin_only_people_are_folded_into_organisation_clusters(services, network) -> None:
    graph = services.graph
    loaded = graph.open_network()
    data = project(loaded)
    kinds = {node.key: node.kind for node in data.nodes}
    assert kinds[ME] == "me"
    assert kinds[network["mia"]] == kinds[network["lena"]] == "person"
    assert network["omar"] not in kinds and network["tom"] not in kinds
    acme = next(n for n in data.nodes if n.kind == "cluster" and n.label == "Acme Corp")
    assert acme.members == 2
    assert data.node(NO_ORGANISATION).members == 1  # Ravi
    # Mia's link to Omar becomes a link to the Acme cluster; my ties go to real people only.
    by_key = {i: n.key for i, n in enumerate(data.nodes)}
    edges = {(by_key[a], by_key[b], kind) for a, b, kind, _w in data.edges}
    assert (ME, network["mia"], "tie") in edges and (ME, network["lena"], "tie") in edges
    assert any(kind == "cluster" and network["mia"] in (a, b) for a, b, kind in edges)

    expanded = project(loaded, MapFilter(expand_linkedin=True))
    assert {n.kind for n in expanded.nodes} == {"me", "person"}
    assert expanded.node(network["omar"]) is not None
    revealed = project(loaded, MapFilter(reveal=frozenset([network["tom"]])))
    assert revealed.node(network["tom"]).kind == "person"
    assert revealed.node(-loaded.people[network["omar"]].organisation_id).members == 1


def test_filters_by_relation_closeness_tag_and_organisation(services, network) -> None:
    loaded = services.graph.open_network()

    def shown(criteria: MapFilter) -> set[int]:
        return {n.key for n in project(loaded, criteria).nodes if n.kind == "person"}

    assert shown(MapFilter(relations=frozenset(["mentor"]))) == {network["mia"]}
    assert shown(MapFilter(min_closeness=4)) == {network["mia"]}
    assert shown(MapFilter(tag="Mentors")) == {network["mia"]}
    acme = loaded.people[network["omar"]].organisation_id
    only_acme = project(loaded, MapFilter(organisation_id=acme, expand_linkedin=True))
    assert {n.key for n in only_acme.nodes if n.kind == "person"} == {
        network["omar"],
        network["tom"],
    }
    assert project(loaded, MapFilter(min_closeness=2)).people_shown == 1


def test_a_contact_marked_as_me_is_the_centre_and_their_links_are_mine(services, network):
    me = person(services, "Sam Me", "", "other", 5)
    services.contacts.add_link(me, network["omar"])
    services.graph.set_me(me)
    loaded = services.graph.open_network()
    assert loaded.centre == me and loaded.positions[me] == (0.0, 0.0)
    data = project(loaded)
    assert data.nodes[0].key == me and data.nodes[0].kind == "me"
    # Omar is a LinkedIn-only connection, but linked to me: I know him myself, so
    # nobody (not even my mentor, who knows him) is asked to introduce us.
    (path,) = warm_paths(loaded, Target(contact_id=network["omar"]))
    assert path.steps[0].name == "Sam Me" and path.people == [network["omar"]]
    assert path.sentences == (
        "You know Omar Haddad yourself (linked to you)",
        "Lena Fischer introduced you to Omar Haddad",
    )
    services.graph.set_me(None)
    assert services.graph.load().centre == ME


def test_layout_is_stored_and_only_new_people_move(services, network) -> None:
    graph = services.graph
    first = graph.open_network()
    assert set(first.positions) == set(network.values())
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.positions.values())
    before = dict(first.positions)
    # Nothing new: nothing is laid out, the same positions come back.
    again = graph.open_network()
    assert again.positions == before
    newcomer = person(services, "Kwame Mensah", "Acme Corp", "colleague", 4)
    colleague = person(services, "Yara Nasser", "Acme Corp", "linkedin", 1)
    services.contacts.add_link(newcomer, network["mia"])
    report_network = graph.load()
    report = graph.lay_out(report_network)
    assert (report.placed, report.kept) == (2, len(before))
    after = graph.load().positions
    assert {k: after[k] for k in before} == before
    assert newcomer in after and colleague in after
    # The new LinkedIn colleague joins Acme's cluster, near Omar and Tom.
    acme = [after[network["omar"]], after[network["tom"]]]
    cx, cy = sum(p[0] for p in acme) / 2, sum(p[1] for p in acme) / 2
    assert math.hypot(after[colleague][0] - cx, after[colleague][1] - cy) < 3


def test_people_do_not_overlap_and_close_ties_sit_nearer(services) -> None:
    ids = [person(services, f"Friend {i}", f"Org {i % 4}", "friend", 1 + i % 5) for i in range(40)]
    ids += [person(services, f"Li {i}", f"Org {i % 4}", "linkedin", 1) for i in range(80)]
    positions = services.graph.open_network().positions
    points = [positions[i] for i in ids]
    nearest = min(math.dist(a, b) for k, a in enumerate(points) for b in points[k + 1 :])
    assert nearest > 0.3
    close = [math.hypot(*positions[i]) for i in ids[:40] if (ids.index(i) % 5) == 4]
    loose = [math.hypot(*positions[i]) for i in ids[:40] if (ids.index(i) % 5) == 0]
    assert sum(close) / len(close) < sum(loose) / len(loose)


def test_rearranging_lays_everyone_out_again(services, network) -> None:
    graph = services.graph
    loaded = graph.open_network()
    report = graph.lay_out(loaded, again=True)
    assert report.placed == len(network) and report.kept == 0


def test_links_drawn_on_the_map(services, network) -> None:
    graph = services.graph
    tie = graph.connect(network["lena"], network["mia"])
    assert tie is not None and tie.kind == "knows"
    assert graph.connect(network["mia"], network["lena"]) is None  # already linked
    with pytest.raises(ValidationError):
        graph.connect(network["mia"], network["mia"])
    graph.disconnect(tie.link_id)
    assert all(t.link_id != tie.link_id for t in graph.load().ties)
    graph.restore_link(tie)
    assert any(t.link_id == tie.link_id for t in graph.load().ties)


def test_deleting_someone_drops_their_position_and_undo_brings_it_back(services, network):
    graph = services.graph
    before = graph.open_network().positions[network["mia"]]
    snapshot = services.contacts.delete([network["mia"]])
    assert network["mia"] not in graph.load().positions
    services.contacts.restore(snapshot)
    assert graph.load().positions[network["mia"]] == before


def test_search_finds_people_by_name_and_organisation(services, network) -> None:
    loaded = services.graph.load()
    assert loaded.search("mia") == [network["mia"]]
    assert set(loaded.search("acme")) == {network["omar"], network["tom"]}
    assert loaded.search("") == []


# --- grouping: by organisation, by how I know them, by tag --------------------


def tagged(services, contact_id: int, *tags: str) -> None:
    record = services.contacts.get(contact_id)
    services.contacts.save(ContactRecord(**{**record.__dict__, "tags": list(tags)}))


def test_grouping_by_how_i_know_them(services, network) -> None:
    graph = services.graph
    assert graph.grouping() == "organisation"
    organisation_map = graph.open_network().positions
    graph.set_grouping("relation")
    assert graph.grouping() == "relation"
    loaded = graph.open_network()
    assert loaded.grouping == "relation" and set(loaded.positions) == set(network.values())
    data = project(loaded)
    clusters = [n for n in data.nodes if n.kind == "cluster"]
    assert [(c.label, c.members) for c in clusters] == [("LinkedIn only", 3)]
    assert data.grouping == "relation"
    assert {(g.name, g.people) for g in data.groups} == {("Mentor", 1), ("Classmate", 1)}
    shown = project(loaded, MapFilter(expand_groups=frozenset([clusters[0].key])))
    assert {n.key for n in shown.nodes if n.kind == "person"} == set(network.values())
    # Each grouping keeps its own stored map: the organisation one did not move.
    assert graph.load("organisation").positions == organisation_map
    assert graph.load("relation").positions == loaded.positions
    with pytest.raises(ValueError):
        graph.set_grouping("colour")


def test_grouping_by_tag_gathers_each_tag_in_its_own_sector(services) -> None:
    climate = [person(services, f"Climate {i}", f"Org {i}", "friend", 2 + i % 3) for i in range(6)]
    berlin = [person(services, f"Berlin {i}", f"Org {i}", "colleague", 2 + i % 3) for i in range(6)]
    loose = [person(services, f"Loose {i}", "Org 9", "client", 3) for i in range(4)]
    linked = [person(services, f"Li {i}", "Org 9", "linkedin", 1) for i in range(5)]
    for i in climate:
        tagged(services, i, "Climate")
    for i in berlin[:5]:
        tagged(services, i, "Berlin")
    tagged(services, berlin[5], "Berlin", "Climate")  # with the bigger group: Climate
    for i in linked[:3]:
        tagged(services, i, "Climate")
    graph = services.graph
    graph.set_grouping("tag")
    loaded = graph.open_network()
    group = {
        pid: loaded.group_name(loaded.cluster_key(loaded.people[pid])) for pid in loaded.people
    }
    assert {group[i] for i in climate} == {"Climate"} and group[berlin[5]] == "Climate"
    assert {group[i] for i in berlin[:5]} == {"Berlin"} and {group[i] for i in loose} == {"No tag"}
    data = project(loaded)
    assert sorted((n.label, n.members) for n in data.nodes if n.kind == "cluster") == [
        ("Climate", 3),
        ("No tag", 2),
    ]
    assert {(g.name, g.people) for g in data.groups} == {
        ("Climate", 7),
        ("Berlin", 5),
        ("No tag", 4),
    }

    # Sectors: everyone is nearer the middle of their own group than of any other.
    def angle(pid: int) -> float:
        return math.atan2(loaded.positions[pid][1], loaded.positions[pid][0])

    def middle(ids: list[int]) -> float:
        return math.atan2(
            sum(math.sin(angle(i)) for i in ids), sum(math.cos(angle(i)) for i in ids)
        )

    def apart(a: float, b: float) -> float:
        return abs(math.remainder(a - b, 2 * math.pi))

    groups = [[*climate, berlin[5]], berlin[:5], loose]
    middles = [middle(ids) for ids in groups]
    for own, ids in enumerate(groups):
        for pid in ids:
            distances = [apart(angle(pid), m) for m in middles]
            assert distances.index(min(distances)) == own


def test_someone_whose_tag_changes_settles_again_in_their_new_group(services) -> None:
    ids = [person(services, f"Friend {i}", "Org", "friend", 3) for i in range(8)]
    for i in ids[:4]:
        tagged(services, i, "Climate")
    for i in ids[4:]:
        tagged(services, i, "Berlin")
    graph = services.graph
    before = graph.open_network(grouping="tag").positions
    tagged(services, ids[0], "Berlin")
    newcomer = person(services, "Kwame Mensah", "Org", "friend", 3)
    tagged(services, newcomer, "Climate")
    loaded = graph.load("tag")
    assert ids[0] not in loaded.positions and newcomer not in loaded.positions
    report = graph.lay_out(loaded)
    assert (report.placed, report.kept) == (2, 7)
    after = graph.load("tag").positions
    assert {k: after[k] for k in ids[1:]} == {k: before[k] for k in ids[1:]}
    assert after[ids[0]] != before[ids[0]]


def test_a_stored_layout_that_cannot_be_read_is_laid_out_again(services, network, caplog):
    graph = services.graph
    first = graph.open_network(grouping="relation").positions
    services.db.execute_sql(
        "UPDATE setting SET value = 'not a layout' WHERE key = 'map.layout.relation'"
    )
    assert graph.load("relation").positions == {}
    assert "could not be read" in caplog.text
    assert graph.open_network(grouping="relation").positions == first  # seeded: the same again
