"""The relationship map's graph as plain data (no Qt): who knows whom, filters, warm paths.

The map page is a projection of a `Network`: `project()` turns it into the nodes and
edges to draw for a filter, with LinkedIn-only people folded into one cluster per
organisation. Positions come from `graph_layout` and are stored in `map_position`,
so the map looks the same next time and only new people move.
"""

from __future__ import annotations

import heapq
import math
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import peewee

from netdesk.services import graph_layout
from netdesk.services.contacts import ValidationError
from netdesk.services.text import fold
from netdesk.services.vocabulary import LINKEDIN_ONLY, relation_label

Progress = Callable[[int, str], None]

# The user's own node when no contact is marked as "me" (contact ids start at 1).
ME = 0
# Cluster keys are negative: -organisation_id, or this for people without one.
NO_ORGANISATION = -(2**31)
ME_SETTING = "me_contact_id"

# How strong a tie is, 0..1. A path's strength is the product of its ties, so
# ranking by the sum of -log(strength) ranks by strength and penalises length.
MY_TIE_STRENGTH = {1: 0.2, 2: 0.35, 3: 0.55, 4: 0.75, 5: 0.9}
LINKEDIN_TIE_STRENGTH = 0.1
LINK_STRENGTH = {"introduced": 0.75, "referred": 0.6, "knows": 0.6}
# Paths weaker than this are not worth an introduction request.
WEAKEST_PATH = 0.02
MAX_HOPS = 3  # people between my contact and the target, at most


def _noop(_percent: int, _message: str) -> None:
    pass


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
    """A link between two people; referrals appear as kind 'referred' with no link id."""

    a: int
    b: int
    kind: str
    link_id: int | None = None


def my_tie_strength(person: Person) -> float:
    if person.linkedin_only:
        return LINKEDIN_TIE_STRENGTH
    return MY_TIE_STRENGTH.get(person.closeness, 0.35)


@dataclass
class Network:
    """Everyone on the map, their ties and stored positions (layout units)."""

    people: dict[int, Person]
    organisations: dict[int, str]
    tags: dict[str, set[int]]  # folded tag name -> contact ids
    ties: list[Tie]
    positions: dict[int, tuple[float, float]]
    me_id: int | None = None
    _adjacency: dict[int, list[tuple[int, float]]] | None = field(default=None, repr=False)
    _direct: dict[int, float] | None = field(default=None, repr=False)

    @property
    def centre(self) -> int:
        """The node at the middle: the contact marked as me, or the synthetic ME."""
        return self.me_id if self.me_id in self.people else ME

    def organisation_name(self, organisation_id: int | None) -> str:
        return self.organisations.get(organisation_id, "") if organisation_id else ""

    def cluster_key(self, person: Person) -> int:
        return -person.organisation_id if person.organisation_id else NO_ORGANISATION

    def add_tie(self, tie: Tie) -> None:
        self.ties.append(tie)
        self._adjacency = self._direct = None

    def remove_link(self, link_id: int) -> None:
        self.ties = [t for t in self.ties if t.link_id != link_id]
        self._adjacency = self._direct = None

    def direct_costs(self) -> dict[int, float]:
        """My tie to each person as a cost; with a contact marked as me, their links too."""
        if self._direct is None:
            centre = self.centre
            direct = {
                p.id: -math.log(my_tie_strength(p)) for p in self.people.values() if p.id != centre
            }
            if centre != ME:
                for neighbour, step in self.adjacency().get(centre, ()):
                    direct[neighbour] = min(direct.get(neighbour, math.inf), step)
            self._direct = direct
        return self._direct

    def adjacency(self) -> dict[int, list[tuple[int, float]]]:
        """Person -> [(neighbour, cost)] over links and referrals, cost = -log(strength)."""
        if self._adjacency is None:
            adjacency: dict[int, list[tuple[int, float]]] = {pid: [] for pid in self.people}
            best: dict[tuple[int, int], float] = {}
            for tie in self.ties:
                key = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
                cost = -math.log(LINK_STRENGTH.get(tie.kind, 0.5))
                if cost < best.get(key, math.inf):
                    best[key] = cost
            for (a, b), cost in best.items():
                if a in adjacency and b in adjacency:
                    adjacency[a].append((b, cost))
                    adjacency[b].append((a, cost))
            self._adjacency = adjacency
        return self._adjacency

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


# --- projection ------------------------------------------------------------


@dataclass(frozen=True)
class MapFilter:
    relations: frozenset[str] = frozenset()  # empty: every relation
    tag: str | None = None
    min_closeness: int = 1
    organisation_id: int | None = None
    expand_linkedin: bool = False  # show LinkedIn-only people one by one
    reveal: frozenset[int] = frozenset()  # always shown one by one (search hit, path)

    def admits(self, person: Person, tagged: set[int] | None) -> bool:
        if self.relations and person.relation not in self.relations:
            return False
        if person.closeness < self.min_closeness:
            return False
        if self.organisation_id is not None and person.organisation_id != self.organisation_id:
            return False
        return tagged is None or person.id in tagged


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


@dataclass
class MapData:
    nodes: list[MapNode]
    # (node index, node index, kind, weight): kinds "tie" (mine, weight = closeness),
    # "knows", "introduced", "referred", "cluster" (weight = number of links folded in).
    edges: list[tuple[int, int, str, float]]
    index: dict[int, int]  # node key -> index in nodes
    people_shown: int = 0
    people_total: int = 0

    def node(self, key: int) -> MapNode | None:
        i = self.index.get(key)
        return None if i is None else self.nodes[i]


def project(network: Network, criteria: MapFilter = MapFilter()) -> MapData:
    """The nodes and edges to draw for *criteria*: a pure function of the network."""
    tagged = network.tags.get(fold(criteria.tag), set()) if criteria.tag else None
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
        if not (criteria.admits(person, tagged) or pid in criteria.reveal):
            continue
        shown += 1
        if person.linkedin_only and not criteria.expand_linkedin and pid not in criteria.reveal:
            clusters.setdefault(network.cluster_key(person), []).append(pid)
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
        name = network.organisation_name(-key) if key != NO_ORGANISATION else ""
        i = index[key] = len(nodes)
        nodes.append(
            MapNode(
                key,
                "cluster",
                cx,
                cy,
                name or "No organisation",
                LINKEDIN_ONLY,
                1,
                name,
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
    return MapData(nodes, edges, index, shown, len(network.people))


# --- warm paths --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PathStep:
    contact_id: int | None  # None for "You" and for the organisation at the end
    name: str
    note: str = ""  # how I know them, for the first step

    def describe(self) -> str:
        return f"{self.name} ({self.note})" if self.note else self.name


@dataclass(frozen=True)
class WarmPath:
    steps: tuple[PathStep, ...]  # You, the people in order, then the organisation if any
    strength: float  # product of the ties' strengths, 0..1

    @property
    def people(self) -> list[int]:
        return [s.contact_id for s in self.steps if s.contact_id is not None]

    @property
    def hops(self) -> int:
        return len(self.people)

    def describe(self) -> str:
        return " → ".join(step.describe() for step in self.steps)

    @property
    def introducer(self) -> PathStep | None:
        """Whom to ask: the first person, when someone stands between them and the target."""
        people = [s for s in self.steps if s.contact_id is not None]
        return people[0] if len(people) > 1 else None

    def request_title(self) -> str:
        people = [s for s in self.steps if s.contact_id is not None]
        target = people[-1].name
        organisation = self.steps[-1].name if self.steps[-1].contact_id is None else ""
        at = f" ({organisation})" if organisation and len(self.steps) > 2 else ""
        if len(people) == 1:
            return f"Reach out to {target}{at}"
        return f"Ask {people[0].name} for an introduction to {target}{at}"


@dataclass(frozen=True)
class Target:
    contact_id: int | None = None
    organisation_id: int | None = None


def warm_paths(network: Network, target: Target, limit: int = 8) -> list[WarmPath]:
    """The best introduction paths from me to a person or to anyone at an organisation.

    One Dijkstra from the target(s) over the people graph (me left out) gives each
    person's best way onwards; each of my own contacts then starts one candidate path,
    so the list offers different people to ask, strongest first.
    """
    adjacency = network.adjacency()
    centre = network.centre
    if target.contact_id is not None:
        sources = [target.contact_id] if target.contact_id in network.people else []
        end_label = ""
    else:
        sources = [
            p.id for p in network.people.values() if p.organisation_id == target.organisation_id
        ]
        end_label = network.organisation_name(target.organisation_id)
    sources = [s for s in sources if s != centre]
    if not sources:
        return []
    cutoff = -math.log(WEAKEST_PATH)
    direct = network.direct_costs()
    cheapest_start = min(direct.values(), default=0.0)
    dist: dict[int, float] = dict.fromkeys(sources, 0.0)
    hops: dict[int, int] = dict.fromkeys(sources, 0)
    onward: dict[int, int] = {}
    heap = [(0.0, s) for s in sources]
    heapq.heapify(heap)
    best: list[float] = []  # the *limit* best totals so far, negated (a max-heap)
    candidates: list[tuple[float, int]] = []
    while heap:
        cost, node = heapq.heappop(heap)
        if cost > dist.get(node, math.inf):
            continue
        # Nobody further away can beat the paths already found.
        if len(best) >= limit and cost + cheapest_start > -best[0]:
            break
        total = cost + direct.get(node, math.inf)
        if total <= cutoff:
            candidates.append((total, node))
            if len(best) < limit:
                heapq.heappush(best, -total)
            elif total < -best[0]:
                heapq.heapreplace(best, -total)
        if hops[node] >= MAX_HOPS:
            continue
        for neighbour, step in adjacency.get(node, ()):
            if neighbour == centre:
                continue
            reached = cost + step
            if reached < dist.get(neighbour, math.inf) and reached <= cutoff:
                dist[neighbour] = reached
                hops[neighbour] = hops[node] + 1
                onward[neighbour] = node
                heapq.heappush(heap, (reached, neighbour))

    candidates.sort()
    paths: list[WarmPath] = []
    seen: set[tuple[int, ...]] = set()
    for total, first in candidates:
        chain = [first]
        while chain[-1] in onward:
            chain.append(onward[chain[-1]])
        key = tuple(chain)
        if key in seen:
            continue
        seen.add(key)
        paths.append(_warm_path(network, chain, total, end_label))
        if len(paths) >= limit:
            break
    return paths


def _how_i_know(person: Person) -> str:
    label = relation_label(person.relation)
    return label if person.linkedin_only else label.lower()


def _warm_path(network: Network, chain: list[int], cost: float, end_label: str) -> WarmPath:
    centre = network.centre
    me_name = "You" if centre == ME else network.people[centre].name
    steps = [PathStep(None, me_name)]
    for position, pid in enumerate(chain):
        person = network.people[pid]
        note = _how_i_know(person) if position == 0 else ""
        steps.append(PathStep(pid, person.name, note))
    if end_label:
        steps.append(PathStep(None, end_label))
    return WarmPath(tuple(steps), math.exp(-cost))


# --- the service -------------------------------------------------------------


@dataclass(frozen=True)
class LayoutReport:
    placed: int  # people who got a position now
    kept: int  # people who kept their stored position
    seconds: float


def _now() -> str:
    return datetime.now().isoformat(sep=" ", timespec="seconds")


class GraphService:
    """Loads the network from SQLite, lays it out, stores positions and links."""

    def __init__(self, db: peewee.SqliteDatabase) -> None:
        self._db = db

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def load(self) -> Network:
        """Everyone and every tie, a handful of set-based queries."""
        conn = self._conn()
        people = {
            row[0]: Person(*row)
            for row in conn.execute(
                "SELECT id, display_name, organisation_id, relation, closeness, role FROM contact"
            )
        }
        organisations = dict(conn.execute("SELECT id, name FROM organisation"))
        tags: dict[str, set[int]] = {}
        for name, contact_id in conn.execute(
            "SELECT t.name, ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
        ):
            tags.setdefault(fold(name), set()).add(contact_id)
        ties = [
            Tie(a, b, kind, link_id)
            for link_id, a, b, kind in conn.execute(
                "SELECT id, from_contact_id, to_contact_id, kind FROM link"
            )
        ]
        ties += [
            Tie(a, b, "referred")
            for a, b in conn.execute("SELECT from_contact_id, to_contact_id FROM referral")
        ]
        positions = {
            cid: (x, y) for cid, x, y in conn.execute("SELECT contact_id, x, y FROM map_position")
        }
        return Network(people, organisations, tags, ties, positions, self.me_contact_id())

    # --- me ---------------------------------------------------------------

    def me_contact_id(self) -> int | None:
        row = (
            self._conn()
            .execute(
                "SELECT s.value FROM setting s JOIN contact c ON c.id = CAST(s.value AS INTEGER) "
                "WHERE s.key = ?",
                (ME_SETTING,),
            )
            .fetchone()
        )
        return int(row[0]) if row else None

    def set_me(self, contact_id: int | None) -> None:
        """Mark a contact as the user (the map's centre), or go back to a plain "You"."""
        with self._db.atomic("IMMEDIATE"):
            if contact_id is None:
                self._conn().execute("DELETE FROM setting WHERE key = ?", (ME_SETTING,))
            else:
                self._conn().execute(
                    "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                    (ME_SETTING, str(contact_id)),
                )

    # --- layout -----------------------------------------------------------

    def lay_out(
        self, network: Network, progress: Progress = _noop, *, again: bool = False
    ) -> LayoutReport:
        """Give everyone without a position one (or everyone, *again*), and store it.

        People with stored positions stay where they are; new people settle around them.
        """
        start = time.perf_counter()
        if again:
            network.positions.clear()
            with self._db.atomic("IMMEDIATE"):
                self._conn().execute("DELETE FROM map_position")
        kept = sum(1 for pid in network.people if pid in network.positions)
        placed = graph_layout.place_new_people(network, progress)
        progress(95, "Saving the map…")
        self.save_positions(placed)
        network.positions.update(placed)
        progress(100, "Map ready")
        return LayoutReport(len(placed), kept, time.perf_counter() - start)

    def open_network(self, progress: Progress = _noop) -> Network:
        """Load and lay out whoever is new: the map page's one background task."""
        progress(2, "Reading your network…")
        network = self.load()
        if any(pid not in network.positions for pid in network.people):
            self.lay_out(network, progress)
        return network

    def save_positions(self, positions: dict[int, tuple[float, float]]) -> None:
        if not positions:
            return
        with self._db.atomic("IMMEDIATE"):
            self._conn().executemany(
                "INSERT OR REPLACE INTO map_position (contact_id, x, y) VALUES (?, ?, ?)",
                [(cid, x, y) for cid, (x, y) in positions.items()],
            )

    # --- links drawn on the map -------------------------------------------

    def connect(self, a: int, b: int, kind: str = "knows") -> Tie | None:
        """Record that *a* knows *b*; None if they are already linked that way."""
        if a == b:
            raise ValidationError({"link": "A person cannot be linked to themselves."})
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            exists = conn.execute(
                "SELECT 1 FROM link WHERE kind = ? AND ((from_contact_id = ? AND to_contact_id = ?)"
                " OR (from_contact_id = ? AND to_contact_id = ?))",
                (kind, a, b, b, a),
            ).fetchone()
            if exists:
                return None
            link_id = conn.execute(
                "INSERT INTO link (from_contact_id, to_contact_id, kind, label, created_at) "
                "VALUES (?, ?, ?, '', ?)",
                (a, b, kind, _now()),
            ).lastrowid
        return Tie(a, b, kind, int(link_id))

    def disconnect(self, link_id: int) -> None:
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute("DELETE FROM link WHERE id = ?", (link_id,))

    def restore_link(self, tie: Tie) -> None:
        """Put a removed link back with its id (redo after undo)."""
        with self._db.atomic("IMMEDIATE"):
            self._conn().execute(
                "INSERT OR IGNORE INTO link (id, from_contact_id, to_contact_id, kind, label, "
                "created_at) VALUES (?, ?, ?, ?, '', ?)",
                (tie.link_id, tie.a, tie.b, tie.kind, _now()),
            )


def people_named(network: Network, ids: Iterable[int]) -> list[str]:
    return [network.people[i].name for i in ids if i in network.people]
