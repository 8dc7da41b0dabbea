"""The relationship map's data (no Qt): people, ties, the network, and what to draw.

A `Network` is who knows whom, grouped by organisation, by how I know them or by tag
(`GROUPINGS`), and whom I met at which event (`MapEvent`); `MapFilter`, `MapNode`,
`GroupLabel` and `MapData` describe what the map page draws (see `projection`).
Loading and storing a network is in `service`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from netdesk.services.network.layout import NO_GROUP as LAYOUT_NO_GROUP
from netdesk.services.text import fold
from netdesk.services.vocabulary import LINKEDIN_ONLY

log = logging.getLogger(__name__)


# The user's own node when no contact is marked as "me" (contact ids start at 1).
ME = 0
# Group (cluster) keys are negative: -organisation_id when grouped by organisation,
# -(1 + index) when grouped by how I know them or by tag, or this for no group.
NO_GROUP = NO_ORGANISATION = LAYOUT_NO_GROUP
GROUPINGS = {"organisation": "Organisation", "relation": "How I know them", "tag": "Tag"}
NO_GROUP_LABELS = {"organisation": "No organisation", "relation": "Other", "tag": "No tag"}
# Real relationships gather with their group; by organisation only gently, since
# my ties decide more there, by how I know them or tag firmly: that is the point.
GROUP_PULL = {"organisation": 0.6, "relation": 2.0, "tag": 2.0}
# Networks this big are laid out in a separate process (the GUI keeps its GIL);
# smaller ones in the worker thread, where starting a process would cost more.
PROCESS_THRESHOLD = 2000

# Which of several ties between the same two people says the most (lowest first): a
# referral recorded at a meeting (it has a date), an introduction, then the rest.
TIE_RANK = {"referred": 0, "introduced": 1, "knows": 2}
REFERRAL_KINDS = frozenset({"referred", "introduced"})  # a introduced me to b


@dataclass(slots=True)
class Person:
    id: int
    name: str
    organisation_id: int | None
    relation: str
    closeness: int
    role: str = ""

    @property
    def linkedin_only(self) -> bool:
        return self.relation == LINKEDIN_ONLY


@dataclass(frozen=True, slots=True)
class Tie:
    """A link between two people; referrals appear as kind 'referred' with no link id.

    'introduced' and 'referred' point one way: *a* introduced me to *b* (suggested I
    talk to them); *day* is the date of the meeting where a referral was made, or of
    the *event* (its name) where *a* introduced me to *b*."""

    a: int
    b: int
    kind: str
    link_id: int | None = None
    day: date | None = None
    event: str = ""


@dataclass(frozen=True, slots=True)
class MapEvent:
    """A networking event, to show the people met there on the map."""

    id: int
    name: str
    day: date


@dataclass
class Network:
    """Everyone on the map, their ties and stored positions (layout units)."""

    people: dict[int, Person]
    organisations: dict[int, str]
    tags: dict[str, set[int]]  # folded tag name -> contact ids
    ties: list[Tie]
    positions: dict[int, tuple[float, float]]
    me_id: int | None = None
    grouping: str = "organisation"
    group_of: dict[int, int] = field(default_factory=dict)  # person -> group (not by org)
    group_labels: dict[int, str] = field(default_factory=dict)  # group key -> its name
    group_idents: dict[int, str] = field(default_factory=dict)  # key -> stored identity
    tag_labels: dict[str, str] = field(default_factory=dict)  # folded tag -> as written
    today: date | None = None  # the user's calendar day when loaded (to word dates)
    events: list[MapEvent] = field(default_factory=list)  # the latest first
    met_at: dict[int, set[int]] = field(default_factory=dict)  # event id -> people met
    _adjacency: dict[int, list[tuple[int, Tie]]] | None = field(default=None, repr=False)
    # What the warm path search derives from the people (see warm_paths.path_index).
    path_cache: object | None = field(default=None, repr=False)

    @property
    def centre(self) -> int:
        """The node at the middle: the contact marked as me, or the synthetic ME."""
        return self.me_id if self.me_id in self.people else ME

    def organisation_name(self, organisation_id: int | None) -> str:
        return self.organisations.get(organisation_id, "") if organisation_id else ""

    def cluster_key(self, person: Person) -> int:
        """The person's group under the map's grouping (their cluster, if LinkedIn-only)."""
        if self.grouping == "organisation":
            return -person.organisation_id if person.organisation_id else NO_GROUP
        return self.group_of.get(person.id, NO_GROUP)

    def group_name(self, key: int) -> str:
        if key == NO_GROUP:
            return NO_GROUP_LABELS.get(self.grouping, "")
        if self.grouping == "organisation":
            return self.organisation_name(-key)
        return self.group_labels.get(key, "")

    def group_organisation(self, key: int) -> int | None:
        """The organisation a group is, when grouped by organisation."""
        if self.grouping == "organisation" and key != NO_GROUP and -key in self.organisations:
            return -key
        return None

    def add_tie(self, tie: Tie) -> None:
        self.ties.append(tie)
        self._adjacency = self.path_cache = None

    def remove_link(self, link_id: int) -> None:
        self.ties = [t for t in self.ties if t.link_id != link_id]
        self._adjacency = self.path_cache = None

    def adjacency(self) -> dict[int, list[tuple[int, Tie]]]:
        """Person -> [(neighbour, tie)] over links and referrals: for each pair of people
        the tie that says the most about them (`TIE_RANK`)."""
        if self._adjacency is None:
            adjacency: dict[int, list[tuple[int, Tie]]] = {pid: [] for pid in self.people}
            best: dict[tuple[int, int], Tie] = {}
            rank = TIE_RANK.get
            for tie in self.ties:
                key = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
                held = best.get(key)
                # Of two alike, the dated one (an introduction at an event) says more.
                if (
                    held is None
                    or rank(tie.kind, 3) < rank(held.kind, 3)
                    or (tie.kind == held.kind and held.day is None and tie.day is not None)
                ):
                    best[key] = tie
            for (a, b), tie in best.items():
                if a in adjacency and b in adjacency:
                    adjacency[a].append((b, tie))
                    adjacency[b].append((a, tie))
            self._adjacency = adjacency
        return self._adjacency

    def tie_between(self, a: int, b: int) -> Tie | None:
        for neighbour, tie in self.adjacency().get(a, ()):
            if neighbour == b:
                return tie
        return None

    def search(self, text: str, limit: int = 20) -> list[int]:
        """People whose name (or organisation) contains every typed word, best first."""
        words = fold(text).split()
        if not words:
            return []
        found: list[tuple[int, int, str, int]] = []
        for person in self.people.values():
            name = fold(person.name)
            haystack = f"{name} {fold(self.organisation_name(person.organisation_id))}"
            if all(word in haystack for word in words):
                rank = 0 if name.startswith(words[0]) else 1
                found.append(
                    (rank, -person.closeness * (not person.linkedin_only), name, person.id)
                )
        found.sort()
        return [item[-1] for item in found[:limit]]


# --- what the map draws ----------------------------------------------------


@dataclass(frozen=True)
class MapFilter:
    relations: frozenset[str] = frozenset()  # empty: every relation
    tag: str | None = None
    min_closeness: int = 1
    organisation_id: int | None = None
    event_id: int | None = None  # only the people met at this event
    expand_linkedin: bool = False  # show LinkedIn-only people one by one
    reveal: frozenset[int] = frozenset()  # always shown one by one (search hit, path)
    expand_groups: frozenset[int] = frozenset()  # clusters shown one by one (clicked)

    def admits(self, person: Person, among: set[int] | None) -> bool:
        """*among*: the people the tag and event chosen allow (None: anyone)."""
        if self.relations and person.relation not in self.relations:
            return False
        if person.closeness < self.min_closeness:
            return False
        if self.organisation_id is not None and person.organisation_id != self.organisation_id:
            return False
        return among is None or person.id in among


@dataclass(slots=True)
class MapNode:
    key: int  # contact id, ME, or a negative cluster key
    kind: str  # "me", "person" or "cluster"
    x: float
    y: float
    label: str
    relation: str = ""
    closeness: int = 0
    organisation: str = ""
    role: str = ""
    members: int = 1
    radius: float = 0.0  # clusters: the spread of their members (layout units)


@dataclass(frozen=True, slots=True)
class GroupLabel:
    """A group's name over its real relationships (grouped by how I know them or tag)."""

    key: int
    name: str
    x: float  # the middle of the group's people shown, layout units
    y: float
    people: int


@dataclass
class MapData:
    nodes: list[MapNode]
    # (node index, node index, kind, weight): kinds "tie" (mine, weight = closeness),
    # "knows", "introduced", "referred", "cluster" (weight = number of links folded in).
    edges: list[tuple[int, int, str, float]]
    index: dict[int, int]  # node key -> index in nodes
    people_shown: int = 0
    people_total: int = 0
    groups: list[GroupLabel] = field(default_factory=list)
    grouping: str = "organisation"

    def node(self, key: int) -> MapNode | None:
        i = self.index.get(key)
        return None if i is None else self.nodes[i]


def people_named(network: Network, ids: Iterable[int]) -> list[str]:
    return [network.people[i].name for i in ids if i in network.people]
