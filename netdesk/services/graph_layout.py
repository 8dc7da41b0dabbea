"""Seeded, incremental map layout: igraph's Fruchterman–Reingold, then disc packing.

Positions are in layout units: LinkedIn-only people of one organisation sit in a disc
at one person per square unit. The layout works on a small "macro" graph — me, each
real relationship, and one node per organisation's LinkedIn-only cluster — so that
30,000 people take about a second, and then fills each cluster's disc with a
sunflower pattern (best-connected people in the middle).

Why not Fruchterman–Reingold over all 30,000 people: igraph's grid variant files
vertices into grid cells once, at the start, and never moves them; on a big
small-world graph the core collapses into a ball (and a second, seeded run over
that ball is slow). Run on the macro graph in short chunks, the grid is rebuilt
from the current positions every chunk, which both fixes that and lets us report
progress (igraph holds the GIL while it runs, so chunks also keep the GUI fluid).

Incremental: anyone with a stored position stays put (their macro node is fixed in
the layout through equal min/max bounds); new people settle around them.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

import igraph

if TYPE_CHECKING:
    from netdesk.services.graph import Network

Progress = Callable[[int, str], None]
Point = tuple[float, float]

SUNFLOWER = 1 / math.sqrt(math.pi)  # radius step: one person per square unit
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
PERSON_RADIUS = 1.6  # room around a real relationship for its dot and name
CENTRE_RADIUS = 3.0
GAP = 1.0
CHUNK = 10  # Fruchterman–Reingold iterations per call (the GIL is held meanwhile)
ITERATIONS = 400
FILL = 0.55  # share of the plane the discs cover after spreading
ME_KEY = 0  # macro key of the centre; clusters are negative, people positive


def sunflower(centre: Point, slot: int) -> Point:
    radius = SUNFLOWER * math.sqrt(slot + 0.5)
    angle = slot * GOLDEN_ANGLE
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


def cluster_radius(members: int) -> float:
    return SUNFLOWER * math.sqrt(members) + 0.6


def place_new_people(network: Network, progress: Progress, seed: int = 7) -> dict[int, Point]:
    """Positions for everyone in *network* without one; stored positions never change."""
    rng = random.Random(seed)
    positions = network.positions
    centre = network.centre
    placed: dict[int, Point] = {}
    if centre in network.people and centre not in positions:
        placed[centre] = (0.0, 0.0)

    # Macro nodes: me, every real relationship, one cluster per organisation.
    owner: dict[int, int] = {}
    clusters: dict[int, list[int]] = {}
    singles: list[int] = []
    for person in network.people.values():
        if person.id == centre:
            owner[person.id] = ME_KEY
        elif person.linkedin_only:
            key = network.cluster_key(person)
            clusters.setdefault(key, []).append(person.id)
            owner[person.id] = key
        else:
            singles.append(person.id)
            owner[person.id] = person.id

    known: dict[int, Point] = {ME_KEY: (0.0, 0.0)}
    radius: dict[int, float] = {ME_KEY: CENTRE_RADIUS}
    for pid in singles:
        radius[pid] = PERSON_RADIUS
        if pid in positions:
            known[pid] = positions[pid]
    for key, members in clusters.items():
        stored = [positions[m] for m in members if m in positions]
        if stored:
            cx = sum(p[0] for p in stored) / len(stored)
            cy = sum(p[1] for p in stored) / len(stored)
            known[key] = (cx, cy)
            spread = max(math.hypot(x - cx, y - cy) for x, y in stored)
            radius[key] = max(spread + 0.6, cluster_radius(len(members)))
        else:
            radius[key] = cluster_radius(len(members))
    order = [ME_KEY, *singles, *clusters]
    unknown = [key for key in order if key not in known]

    progress(10, f"Laying out {len(network.people):,} people…")
    if unknown:
        weights = _macro_weights(network, owner, centre)
        preferred = _force_directed(order, known, weights, radius, rng, progress)
        progress(70, "Packing organisations…")
        _pack(order, known, unknown, preferred, radius, network)
    for pid in singles:
        if pid not in positions:
            placed[pid] = known[pid]

    progress(85, "Placing people in their organisations…")
    degree: dict[int, int] = {}
    for tie in network.ties:
        degree[tie.a] = degree.get(tie.a, 0) + 1
        degree[tie.b] = degree.get(tie.b, 0) + 1
    for key, members in clusters.items():
        new = [m for m in members if m not in positions]
        if not new:
            continue
        new.sort(key=lambda m: (-degree.get(m, 0), m))
        first_slot = len(members) - len(new)
        for slot, pid in enumerate(new, start=first_slot):
            placed[pid] = sunflower(known[key], slot)
    return placed


def _macro_weights(
    network: Network, owner: dict[int, int], centre: int
) -> dict[tuple[int, int], float]:
    """Attraction between macro nodes: my ties by closeness, links folded by count."""
    counts: dict[tuple[int, int], int] = {}
    for tie in network.ties:
        a, b = owner.get(tie.a), owner.get(tie.b)
        if a is None or b is None or a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        counts[pair] = counts.get(pair, 0) + 1
    cluster_keys = {key for key in owner.values() if key < 0}
    weights: dict[tuple[int, int], float] = {}
    for (a, b), count in counts.items():
        if a < 0 and b < 0:  # two LinkedIn clusters: a hint, not a pull
            weights[(a, b)] = min(0.3, 0.02 * count)
        else:
            weights[(a, b)] = min(1.5, 0.3 * count)
    for person in network.people.values():
        key = owner.get(person.id)
        if key is None or key <= 0:
            continue
        pair = (ME_KEY, key)
        weights[pair] = weights.get(pair, 0.0) + 0.2 + 0.25 * person.closeness
        # Near the colleagues I know only from LinkedIn.
        if person.organisation_id and -person.organisation_id in cluster_keys:
            cluster = (-person.organisation_id, key)
            weights[cluster] = weights.get(cluster, 0.0) + 0.6
    return weights


def _force_directed(
    order: list[int],
    known: dict[int, Point],
    weights: dict[tuple[int, int], float],
    radius: dict[int, float],
    rng: random.Random,
    progress: Progress,
) -> dict[int, Point]:
    """Preferred positions for the unknown macro nodes, in layout units."""
    vertex = {key: i for i, key in enumerate(order)}
    edges, edge_weights = [], []
    for (a, b), w in weights.items():
        if a in vertex and b in vertex:
            edges.append((vertex[a], vertex[b]))
            edge_weights.append(w)
    count = len(order)
    half = math.sqrt(count) / 2
    # igraph's grid covers +-sqrt(n)/2: scale known positions into it and back after.
    extent = max((max(abs(x), abs(y)) for x, y in known.values()), default=0.0)
    first = len(known) == 1
    scale = 1.0 if first else max(1.0, extent / (0.8 * half))
    neighbours: dict[int, list[int]] = {}
    for a, b in edges:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    seed: list[list[float]] = []
    inf = math.inf
    minx, maxx, miny, maxy = [-inf] * count, [inf] * count, [-inf] * count, [inf] * count
    for i, key in enumerate(order):
        if key in known:
            x, y = known[key][0] / scale, known[key][1] / scale
            minx[i] = maxx[i] = x
            miny[i] = maxy[i] = y
            seed.append([x, y])
        else:
            seed.append(_seed_point(i, order, known, neighbours, scale, half, rng))
    graph = igraph.Graph(n=count, edges=edges)
    chunks = max(1, ITERATIONS // CHUNK)
    start_temp = max(0.5, half / 5)
    for chunk in range(chunks):
        layout = graph.layout_fruchterman_reingold(
            weights=edge_weights or None,
            niter=CHUNK,
            seed=seed,
            start_temp=start_temp * (chunks - chunk) / chunks,
            minx=minx,
            maxx=maxx,
            miny=miny,
            maxy=maxy,
        )
        seed = layout.coords
        progress(10 + 60 * (chunk + 1) // chunks, "Laying out your network…")
    if first:
        return _spread(order, seed, radius)
    return {key: (seed[i][0] * scale, seed[i][1] * scale) for i, key in enumerate(order)}


def _spread(
    order: list[int], coords: list[list[float]], radius: dict[int, float]
) -> dict[int, Point]:
    """Keep each node's direction from the centre and its rank in distance, but give
    every ring the room its discs need, so packing only has local overlaps to fix.
    Real relationships come first, nearest me (the closest ties pulled in furthest by
    the layout); LinkedIn-only
    clusters ring them, each on the side of the people who know its members."""

    def rank(i: int) -> tuple[int, float]:
        key = order[i]
        return (1 if key < 0 else 0), math.hypot(*coords[i])

    ranked = sorted(range(len(order)), key=rank)
    result: dict[int, Point] = {}
    area = 0.0
    for i in ranked:
        key = order[i]
        x, y = coords[i]
        if key == ME_KEY:
            result[key] = (0.0, 0.0)
        else:
            distance = math.sqrt(area / (math.pi * FILL))
            angle = math.atan2(y, x)
            result[key] = (distance * math.cos(angle), distance * math.sin(angle))
        area += math.pi * (radius[key] + GAP) ** 2
    return result


def _seed_point(
    i: int,
    order: list[int],
    known: dict[int, Point],
    neighbours: dict[int, list[int]],
    scale: float,
    half: float,
    rng: random.Random,
) -> list[float]:
    anchors = [known[order[j]] for j in neighbours.get(i, ()) if order[j] in known]
    anchors = [a for a in anchors if a != (0.0, 0.0)] or anchors
    if anchors:
        x = sum(a[0] for a in anchors) / len(anchors) / scale
        y = sum(a[1] for a in anchors) / len(anchors) / scale
        return [x + rng.uniform(-0.5, 0.5), y + rng.uniform(-0.5, 0.5)]
    angle = rng.uniform(0, 2 * math.pi)
    distance = half * math.sqrt(rng.uniform(0.05, 0.8))
    return [distance * math.cos(angle), distance * math.sin(angle)]


class _Packer:
    """Discs on a spatial hash; finds the free spot nearest a preferred one."""

    def __init__(self, cell: float = 3.0) -> None:
        self.cell = cell
        self.grid: dict[tuple[int, int], list[int]] = {}
        self.discs: list[tuple[float, float, float]] = []

    def _cells(self, x: float, y: float, r: float):
        c = self.cell
        for i in range(math.floor((x - r) / c), math.floor((x + r) / c) + 1):
            for j in range(math.floor((y - r) / c), math.floor((y + r) / c) + 1):
                yield i, j

    def fits(self, x: float, y: float, r: float) -> bool:
        discs = self.discs
        for cell in self._cells(x, y, r):
            for k in self.grid.get(cell, ()):
                ox, oy, orad = discs[k]
                reach = r + orad + GAP
                dx, dy = x - ox, y - oy
                if dx * dx + dy * dy < reach * reach:
                    return False
        return True

    def add(self, x: float, y: float, r: float) -> None:
        k = len(self.discs)
        self.discs.append((x, y, r))
        for cell in self._cells(x, y, r):
            self.grid.setdefault(cell, []).append(k)

    def nearest_free(self, x: float, y: float, r: float) -> Point:
        if self.fits(x, y, r):
            return x, y
        step = max(0.5, r * 0.3)
        for _round in range(8):  # a wider, coarser spiral each round
            for t in range(1, 400):
                distance = step * math.sqrt(t)
                angle = t * GOLDEN_ANGLE
                cx, cy = x + distance * math.cos(angle), y + distance * math.sin(angle)
                if self.fits(cx, cy, r):
                    return cx, cy
            step *= 2
        return x, y  # crowded beyond reason: overlap rather than fail


def _pack(
    order: list[int],
    known: dict[int, Point],
    unknown: list[int],
    preferred: dict[int, Point],
    radius: dict[int, float],
    network: Network,
) -> None:
    """Place unknown macro nodes where the layout wants them, without overlapping."""
    packer = _Packer(cell=max(2.0, 2 * PERSON_RADIUS))
    for key in order:
        if key in known:
            packer.add(*known[key], radius[key])

    def priority(key: int) -> tuple[int, float]:
        if key > 0:  # real relationships first, closest ties nearest the middle
            return 0, -network.people[key].closeness
        return 1, -radius[key]

    for key in sorted(unknown, key=priority):
        x, y = packer.nearest_free(*preferred[key], radius[key])
        known[key] = (x, y)
        packer.add(x, y, radius[key])
