"""The relationship map's graph as plain data (no Qt): who knows whom, filters, layout.

The map page is a projection of a `Network`: `project()` turns it into the nodes and
edges to draw for a filter, with LinkedIn-only people folded into one cluster per
group. People are grouped by organisation, or by how I know them, or by tag
(`GROUPINGS`); the layout follows the grouping. Positions come from `graph_layout`
and are stored — the organisation map's in `map_position`, the others' in the
`setting` table — so the map looks the same next time and only new people move.
Warm introduction paths over the network are in `warm_paths`.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import math
import sqlite3
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import peewee

from netdesk.services import graph_layout
from netdesk.services.cancel import CancelToken
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts import ValidationError
from netdesk.services.progress import Progress, no_progress
from netdesk.services.settings import MAP_GROUPING, MAP_LAYOUT, SettingsStore
from netdesk.services.settings import ME as ME_KEY
from netdesk.services.text import fold
from netdesk.services.vocabulary import LINKEDIN_ONLY, RELATIONS, relation_label

log = logging.getLogger(__name__)

# The user's own node when no contact is marked as "me" (contact ids start at 1).
ME = 0
# Group (cluster) keys are negative: -organisation_id when grouped by organisation,
# -(1 + index) when grouped by how I know them or by tag, or this for no group.
NO_GROUP = NO_ORGANISATION = graph_layout.NO_GROUP
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
    talk to them); *day* is the date of the meeting where a referral was made."""

    a: int
    b: int
    kind: str
    link_id: int | None = None
    day: date | None = None


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
                if held is None or rank(tie.kind, 3) < rank(held.kind, 3):
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


# --- projection ------------------------------------------------------------


@dataclass(frozen=True)
class MapFilter:
    relations: frozenset[str] = frozenset()  # empty: every relation
    tag: str | None = None
    min_closeness: int = 1
    organisation_id: int | None = None
    expand_linkedin: bool = False  # show LinkedIn-only people one by one
    reveal: frozenset[int] = frozenset()  # always shown one by one (search hit, path)
    expand_groups: frozenset[int] = frozenset()  # clusters shown one by one (clicked)

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


# --- the service -------------------------------------------------------------


@dataclass(frozen=True)
class LayoutReport:
    placed: int  # people who got a position now
    kept: int  # people who kept their stored position
    seconds: float


def _groups(
    people: dict[int, Person],
    tags: dict[str, set[int]],
    tag_labels: dict[str, str],
    grouping: str,
) -> tuple[dict[int, int], dict[int, str], dict[int, str]]:
    """(person -> group key, key -> name, key -> identity) by how I know them or tag.

    By tag, someone with several tags goes with the biggest of them (then the first
    alphabetically), so groups are few and stay put as tags are added."""
    if grouping == "relation":
        present = {p.relation for p in people.values()}
        idents = [r for r in RELATIONS if r in present] + sorted(present - set(RELATIONS))
        key_of = {ident: -(1 + i) for i, ident in enumerate(idents)}
        group_of = {pid: key_of[p.relation] for pid, p in people.items()}
        labels = {key_of[i]: relation_label(i) for i in idents}
    elif grouping == "tag":
        idents = sorted(tags)
        key_of = {ident: -(1 + i) for i, ident in enumerate(idents)}
        best: dict[int, str] = {}
        for ident in sorted(idents, key=lambda t: (-len(tags[t]), t)):
            for pid in tags[ident]:
                best.setdefault(pid, ident)
        group_of = {pid: key_of[ident] for pid, ident in best.items() if pid in people}
        labels = {key_of[i]: tag_labels.get(i, i) for i in idents}
    else:
        return {}, {}, {}
    return group_of, labels, {key: ident for ident, key in key_of.items()}


def layout_job(network: Network, *, fresh: bool = False) -> graph_layout.LayoutJob:
    """The network as the layout's compact arrays (stored positions unless *fresh*)."""
    people = list(network.people.values())
    count = len(people)
    row = {p.id: i for i, p in enumerate(people)}
    xy = np.full((count, 2), np.nan)
    if not fresh:
        for pid, point in network.positions.items():
            i = row.get(pid)
            if i is not None:
                xy[i] = point
    pairs = [(row[t.a], row[t.b]) for t in network.ties if t.a in row and t.b in row]
    return graph_layout.LayoutJob(
        ids=np.fromiter((p.id for p in people), np.int64, count),
        group=np.fromiter((network.cluster_key(p) for p in people), np.int64, count),
        linkedin=np.fromiter((p.linkedin_only for p in people), bool, count),
        closeness=np.fromiter((p.closeness for p in people), np.int8, count),
        xy=xy,
        ties=np.array(pairs, dtype=np.int32).reshape(-1, 2),
        centre=row.get(network.centre, -1),
        group_pull=GROUP_PULL.get(network.grouping, 0.6),
        sectors=network.grouping != "organisation",
    )


def _pack_layout(positions: dict[int, tuple[float, float]], idents: list[str]) -> str:
    """Positions and each person's group identity as compact text for the setting table."""
    names = sorted(set(idents))
    code = {name: i for i, name in enumerate(names)}
    buffer = io.BytesIO()
    np.savez(
        buffer,
        ids=np.fromiter(positions, np.int64, len(positions)),
        xy=np.array(list(positions.values()), dtype=np.float64).reshape(-1, 2),
        group=np.array([code[i] for i in idents], dtype=np.int32),
        names=np.array(names, dtype=np.str_),
    )
    return base64.b64encode(zlib.compress(buffer.getvalue(), 6)).decode("ascii")


def _unpack_layout(text: str) -> dict[int, tuple[tuple[float, float], str]]:
    """person -> (position, group identity) from `_pack_layout`'s text."""
    raw = zlib.decompress(base64.b64decode(text))
    with np.load(io.BytesIO(raw), allow_pickle=False) as arrays:
        ids, xy = arrays["ids"].tolist(), arrays["xy"].tolist()
        names = arrays["names"].tolist()
        groups = [names[i] for i in arrays["group"].tolist()]
    return {pid: ((x, y), g) for pid, (x, y), g in zip(ids, xy, groups, strict=True)}


class GraphService:
    """Loads the network from SQLite, lays it out, stores positions and links.

    Big layouts run in a separate process (see `graph_layout.place_in_process`);
    *process_threshold* is the network size from which they do, *worker_command* the
    process to start (the default runs `python -m netdesk.services.graph_layout`).
    """

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        *,
        process_threshold: int = PROCESS_THRESHOLD,
        worker_command: list[str] | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._clock = clock
        self._db = db
        self._settings = SettingsStore(db)
        self.process_threshold = process_threshold
        self.worker_command = worker_command

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def load(self, grouping: str | None = None) -> Network:
        """Everyone and every tie, a handful of set-based queries; positions for
        *grouping* (default: the one chosen last)."""
        grouping = grouping if grouping in GROUPINGS else self.grouping()
        conn = self._conn()
        people = {
            row[0]: Person(*row)
            for row in conn.execute(
                "SELECT id, display_name, organisation_id, relation, closeness, role FROM contact"
            )
        }
        organisations = dict(conn.execute("SELECT id, name FROM organisation"))
        tags: dict[str, set[int]] = {}
        tag_labels: dict[str, str] = {}
        for name, contact_id in conn.execute(
            "SELECT t.name, ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
        ):
            folded = fold(name)
            tags.setdefault(folded, set()).add(contact_id)
            tag_labels.setdefault(folded, name)
        ties = [
            Tie(a, b, kind, link_id)
            for link_id, a, b, kind in conn.execute(
                "SELECT id, from_contact_id, to_contact_id, kind FROM link"
            )
        ]
        # The meeting's day in the zone it was held in, as the thank-you names it.
        ties += [
            Tie(a, b, "referred", None, datetime.fromisoformat(starts).date() if starts else None)
            for a, b, starts in conn.execute(
                "SELECT r.from_contact_id, r.to_contact_id, m.starts_at FROM referral r "
                "LEFT JOIN meeting m ON m.id = r.meeting_id"
            )
        ]
        group_of, labels, idents = _groups(people, tags, tag_labels, grouping)
        network = Network(
            people,
            organisations,
            tags,
            ties,
            {},
            self.me_contact_id(),
            grouping,
            group_of,
            labels,
            idents,
            tag_labels,
            self._clock.today(),
        )
        network.positions = self._stored_positions(network)
        return network

    # --- me and the grouping ------------------------------------------------

    def me_contact_id(self) -> int | None:
        row = (
            self._conn()
            .execute(
                "SELECT s.value FROM setting s JOIN contact c ON c.id = CAST(s.value AS INTEGER) "
                "WHERE s.key = ?",
                (ME_KEY.name,),
            )
            .fetchone()
        )
        return int(row[0]) if row else None

    def set_me(self, contact_id: int | None) -> None:
        """Mark a contact as the user (the map's centre), or go back to a plain "You"."""
        self._settings.set(ME_KEY, None if contact_id is None else str(contact_id))

    def grouping(self) -> str:
        """How the map groups people: "organisation" (the default), "relation" or "tag"."""
        value = self._settings.get(MAP_GROUPING)
        return value if value in GROUPINGS else "organisation"

    def set_grouping(self, grouping: str) -> None:
        if grouping not in GROUPINGS:
            raise ValueError(f"unknown grouping {grouping!r}")
        self._settings.set(MAP_GROUPING, grouping)

    # --- layout -----------------------------------------------------------

    def lay_out(
        self,
        network: Network,
        progress: Progress = no_progress,
        *,
        again: bool = False,
        cancel: CancelToken | None = None,
    ) -> LayoutReport:
        """Give everyone without a position one (or everyone, *again*), and store it.

        People with stored positions stay where they are; new people settle around them.
        Raises `Cancelled` if *cancel* is set meanwhile (nothing is stored then), and
        `graph_layout.LayoutError` if the layout process fails.
        """
        start = time.perf_counter()
        job = layout_job(network, fresh=again)
        new = job.new_rows()
        kept = len(job.ids) - len(new)
        if len(job.ids) >= self.process_threshold:
            xy = graph_layout.place_in_process(job, progress, cancel, self.worker_command)
        else:
            xy = graph_layout.place_in_thread(job, progress, cancel)
        if cancel is not None:
            cancel.check()
        ids = job.ids[new].tolist()
        placed = dict(zip(ids, map(tuple, xy[new].tolist()), strict=True))
        progress(95, "Saving the map…")
        if again:
            network.positions.clear()
        network.positions.update(placed)
        self._store_positions(network, placed, replace=again)
        return LayoutReport(len(placed), kept, time.perf_counter() - start)

    def open_network(
        self,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        grouping: str | None = None,
    ) -> Network:
        """Load and lay out whoever is new: the map page's one background task."""
        progress(2, "Reading your network…")
        network = self.load(grouping)
        if cancel is not None:
            cancel.check()
        if any(pid not in network.positions for pid in network.people):
            self.lay_out(network, progress, cancel=cancel)
        return network

    def _stored_positions(self, network: Network) -> dict[int, tuple[float, float]]:
        conn = self._conn()
        if network.grouping == "organisation":
            return {
                cid: (x, y)
                for cid, x, y in conn.execute("SELECT contact_id, x, y FROM map_position")
            }
        text = self._settings.get(MAP_LAYOUT.of(grouping=network.grouping))
        if not text:
            return {}
        try:
            stored = _unpack_layout(text)
        except (ValueError, KeyError, OSError, zlib.error, binascii.Error):
            log.warning(
                "the stored %s map could not be read; laying it out again", network.grouping
            )
            return {}
        # Someone whose group changed (a new tag, say) settles again in their new group.
        idents = network.group_idents
        return {
            pid: point
            for pid, (point, ident) in stored.items()
            if pid in network.people
            and idents.get(network.group_of.get(pid, NO_GROUP), "") == ident
        }

    def _store_positions(
        self, network: Network, placed: dict[int, tuple[float, float]], *, replace: bool
    ) -> None:
        if network.grouping == "organisation":
            with self._db.atomic("IMMEDIATE"):
                if replace:
                    self._conn().execute("DELETE FROM map_position")
                self.save_positions(placed)
            return
        positions = {
            pid: network.positions[pid] for pid in network.people if pid in network.positions
        }
        idents = [
            network.group_idents.get(network.group_of.get(pid, NO_GROUP), "") for pid in positions
        ]
        self._settings.set(
            MAP_LAYOUT.of(grouping=network.grouping), _pack_layout(positions, idents)
        )

    def save_positions(self, positions: dict[int, tuple[float, float]]) -> None:
        """Store organisation-map positions (contact id -> layout units)."""
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
                (a, b, kind, self._clock.timestamp()),
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
                (tie.link_id, tie.a, tie.b, tie.kind, self._clock.timestamp()),
            )


def people_named(network: Network, ids: Iterable[int]) -> list[str]:
    return [network.people[i].name for i in ids if i in network.people]
