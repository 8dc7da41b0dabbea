"""The map page as a projection of a `Network`: `project()` turns it into the nodes
and edges to draw for a filter, with LinkedIn-only people folded into one cluster per
group, and places a label beside each group."""

from __future__ import annotations

import logging
import math

from netdesk.services.network.model import (
    ME,
    NO_GROUP,
    NO_GROUP_LABELS,
    GroupLabel,
    MapData,
    MapFilter,
    MapNode,
    Network,
)
from netdesk.services.text import fold
from netdesk.services.vocabulary import LINKEDIN_ONLY

log = logging.getLogger(__name__)


def project(network: Network, criteria: MapFilter = MapFilter()) -> MapData:
    """The nodes and edges to draw for *criteria*: a pure function of the network."""
    among = _chosen_people(network, criteria)
    # An event's people are few and seen for themselves: one by one, never a cluster.
    one_by_one = criteria.expand_linkedin or criteria.event_id is not None
    centre = network.centre
    nodes: list[MapNode] = []
    index: dict[int, int] = {}
    owner: dict[int, int] = {}  # contact id -> node index (own node or cluster)
    if centre == ME:
        nodes.append(MapNode(ME, "me", 0.0, 0.0, "You"))
    else:
        me = network.people[centre]
        nodes.append(
            MapNode(centre, "me", 0.0, 0.0, me.name, me.relation, me.closeness, "", me.role)
        )
        owner[centre] = 0
    index[nodes[0].key] = 0

    clusters: dict[int, list[int]] = {}
    shown = 0
    positions = network.positions
    for person in network.people.values():
        pid = person.id
        if pid == centre or pid not in positions:
            continue
        if not (criteria.admits(person, among) or pid in criteria.reveal):
            continue
        shown += 1
        if person.linkedin_only and not one_by_one and pid not in criteria.reveal:
            key = network.cluster_key(person)
            if key not in criteria.expand_groups:
                clusters.setdefault(key, []).append(pid)
                continue
        x, y = positions[pid]
        owner[pid] = index[pid] = len(nodes)
        nodes.append(
            MapNode(
                pid,
                "person",
                x,
                y,
                person.name,
                person.relation,
                person.closeness,
                network.organisation_name(person.organisation_id),
                person.role,
            )
        )

    for key, members in clusters.items():
        xs = [positions[m][0] for m in members]
        ys = [positions[m][1] for m in members]
        cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
        spread = max(math.hypot(x - cx, y - cy) for x, y in zip(xs, ys, strict=True))
        name = network.group_name(key)
        organisation = network.organisation_name(network.group_organisation(key))
        i = index[key] = len(nodes)
        nodes.append(
            MapNode(
                key,
                "cluster",
                cx,
                cy,
                name or NO_GROUP_LABELS.get(network.grouping, ""),
                LINKEDIN_ONLY,
                1,
                organisation,
                members=len(members),
                radius=max(spread, 0.5),
            )
        )
        for m in members:
            owner[m] = i

    edges: list[tuple[int, int, str, float]] = []
    for i, node in enumerate(nodes):
        if node.kind == "person" and node.relation != LINKEDIN_ONLY:
            edges.append((0, i, "tie", float(node.closeness)))
    folded: dict[tuple[int, int], float] = {}
    seen: set[tuple[int, int]] = set()
    for tie in network.ties:
        i, j = owner.get(tie.a), owner.get(tie.b)
        if i is None or j is None or i == j:
            continue
        pair = (i, j) if i < j else (j, i)
        if nodes[i].kind == "cluster" or nodes[j].kind == "cluster":
            folded[pair] = folded.get(pair, 0.0) + 1.0
        elif pair not in seen:
            seen.add(pair)
            edges.append((pair[0], pair[1], tie.kind, 1.0))
    edges.extend((i, j, "cluster", count) for (i, j), count in folded.items())
    return MapData(
        nodes,
        edges,
        index,
        shown,
        len(network.people),
        _group_labels(network, nodes),
        network.grouping,
    )


def _chosen_people(network: Network, criteria: MapFilter) -> set[int] | None:
    """The people the tag and the event chosen allow, or None when neither is chosen."""
    among = network.tags.get(fold(criteria.tag), set()) if criteria.tag else None
    if criteria.event_id is not None:
        met = network.met_at.get(criteria.event_id, set())
        among = met if among is None else among & met
    return among


def _group_labels(network: Network, nodes: list[MapNode]) -> list[GroupLabel]:
    """Where each group's real relationships are, to name them there (the clusters of
    LinkedIn-only people carry their own names). Not by organisation: there a group
    is rarely more than a person or two, and each person's card names it."""
    if network.grouping == "organisation":
        return []
    groups: dict[int, list[MapNode]] = {}
    for node in nodes:
        if node.kind == "person" and node.relation != LINKEDIN_ONLY:
            groups.setdefault(network.group_of.get(node.key, NO_GROUP), []).append(node)
    labels = []
    for key, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        # Just beyond the group's outermost person, in the group's direction from me
        # (its sector, when laid out by groups): on no one's dot or name.
        sx = sum(math.cos(math.atan2(n.y, n.x)) for n in members if n.x or n.y)
        sy = sum(math.sin(math.atan2(n.y, n.x)) for n in members if n.x or n.y)
        angle = math.atan2(sy, sx) if math.hypot(sx, sy) > 0.2 * len(members) else -math.pi / 2
        reach = max(math.hypot(n.x, n.y) for n in members) + 2.2
        name = network.group_name(key)
        labels.append(
            GroupLabel(key, name, reach * math.cos(angle), reach * math.sin(angle), len(members))
        )
    return labels
