"""Seeded, incremental map layout: igraph's Fruchterman–Reingold, then disc packing.

Positions are in layout units: LinkedIn-only people of one group (an organisation, by
default) sit in a disc at one person per square unit. The layout works on a small
"macro" graph — me, each real relationship, and one node per group's LinkedIn-only
cluster — so that 30,000 people take about a second, and then fills each cluster's
disc with a sunflower pattern (best-connected people in the middle). Real
relationships are pulled towards their group (its cluster, or an invisible anchor
when the group has no LinkedIn-only people), so the map's groups follow the grouping
the user chose: organisation, how I know them, or tag.

Why not Fruchterman–Reingold over all 30,000 people: igraph's grid variant files
vertices into grid cells once, at the start, and never moves them; on a big
small-world graph the core collapses into a ball (and a second, seeded run over
that ball is slow). Run on the macro graph in short chunks, the grid is rebuilt
from the current positions every chunk, which both fixes that and reports progress.

Incremental: anyone with a stored position stays put (their macro node is fixed in
the layout through equal min/max bounds); new people settle around them.

igraph holds Python's GIL while it computes, so a big layout runs in a separate
process (`layout_worker.place_in_process`: `python -m
netdesk.services.network.layout_worker`), which reads one `LayoutJob` of plain arrays
on stdin and writes progress and the positions back on stdout; the GUI process only
waits on the pipe. Small networks are laid out in the calling thread
(`layout_worker.place_in_thread`), where starting a process would cost more than the
layout. The disc spreading and packing are in `packing`.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from netdesk.services.network.packing import (
    CENTRE_RADIUS,
    GOLDEN_ANGLE,
    ME_KEY,
    PERSON_RADIUS,
    Point,
    pack,
    seed_point,
    spread,
    spread_in_sectors,
)
from netdesk.services.progress import Progress, no_progress

SUNFLOWER = 1 / math.sqrt(math.pi)  # radius step: one person per square unit
CHUNK = 10  # Fruchterman–Reingold iterations per call
ITERATIONS = 400
NO_GROUP = -(2**31)  # the group of people without one (no organisation, no tag)


@dataclass
class LayoutJob:
    """Everything the layout needs, as compact arrays with one row per person."""

    ids: np.ndarray  # int64 contact ids
    group: np.ndarray  # int64 group key per person (< 0), NO_GROUP for none
    linkedin: np.ndarray  # bool: LinkedIn-only, folded into their group's disc
    closeness: np.ndarray  # int8, 1..5
    xy: np.ndarray  # float64 (n, 2): stored positions, NaN where there is none
    ties: np.ndarray  # int32 (m, 2): the rows of two people who know each other
    centre: int = -1  # row of the contact marked as me, or -1 for a plain "You"
    group_pull: float = 0.6  # how strongly real relationships gather with their group
    sectors: bool = False  # a first layout gives each group its own sector around me
    seed: int = 7

    def to_wire(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_wire(cls, wire: dict[str, Any]) -> LayoutJob:
        return cls(**wire)

    def new_rows(self) -> np.ndarray:
        """Rows of the people without a stored position (the ones the layout places)."""
        return np.nonzero(np.isnan(self.xy[:, 0]))[0]


def sunflower(centre: Point, slot: int) -> Point:
    radius = SUNFLOWER * math.sqrt(slot + 0.5)
    angle = slot * GOLDEN_ANGLE
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


def cluster_radius(members: int) -> float:
    return SUNFLOWER * math.sqrt(members) + 0.6


def place(job: LayoutJob, progress: Progress = no_progress) -> np.ndarray:
    """Positions (n, 2) for everyone in *job*: stored rows keep theirs exactly."""
    rng = random.Random(job.seed)
    n = len(job.ids)
    xy = np.array(job.xy, dtype=np.float64).reshape(n, 2)
    ids = job.ids.tolist()
    groups = job.group.tolist()
    linkedin = job.linkedin.tolist()
    closeness = job.closeness.tolist()
    stored = (~np.isnan(xy[:, 0])).tolist()
    centre = job.centre
    if 0 <= centre < n and not stored[centre]:
        xy[centre] = 0.0, 0.0

    # Macro nodes: me, every real relationship, one cluster per group.
    owner = [ME_KEY] * n
    clusters: dict[int, list[int]] = {}
    singles: list[int] = []
    for row in range(n):
        if row == centre:
            continue
        if linkedin[row]:
            key = groups[row]
            clusters.setdefault(key, []).append(row)
            owner[row] = key
        else:
            singles.append(row)
            owner[row] = ids[row]
    # Groups of real relationships with no LinkedIn-only disc gather round an anchor
    # that only the force-directed step sees.
    anchors = sorted({groups[row] for row in singles} - set(clusters) - {NO_GROUP})

    known: dict[int, Point] = {ME_KEY: (0.0, 0.0)}
    radius: dict[int, float] = {ME_KEY: CENTRE_RADIUS}
    closeness_of: dict[int, int] = {}
    for row in singles:
        key = ids[row]
        radius[key] = PERSON_RADIUS
        closeness_of[key] = closeness[row]
        if stored[row]:
            known[key] = (float(xy[row, 0]), float(xy[row, 1]))
    for key, rows in clusters.items():
        kept = [(float(xy[r, 0]), float(xy[r, 1])) for r in rows if stored[r]]
        if kept:
            cx = sum(p[0] for p in kept) / len(kept)
            cy = sum(p[1] for p in kept) / len(kept)
            known[key] = (cx, cy)
            spread = max(math.hypot(x - cx, y - cy) for x, y in kept)
            radius[key] = max(spread + 0.6, cluster_radius(len(rows)))
        else:
            radius[key] = cluster_radius(len(rows))
    for key in anchors:
        radius[key] = 0.0
    order = [ME_KEY, *(ids[row] for row in singles), *clusters, *anchors]
    invisible = set(anchors)
    unknown = [key for key in order if key not in known and key not in invisible]

    progress(10, f"Laying out {n:,} people…")
    if unknown:
        weights = _macro_weights(job, owner, singles, set(clusters) | invisible)
        sectors = None
        if job.sectors:
            sectors = {ids[row]: groups[row] for row in singles}
            sectors.update({key: key for key in (*clusters, *anchors)})
        preferred = _force_directed(
            order, known, weights, radius, invisible, rng, progress, sectors
        )
        progress(70, "Packing groups…")
        pack(order, known, unknown, preferred, radius, closeness_of)
    for row in singles:
        if not stored[row]:
            xy[row] = known[ids[row]]

    progress(85, "Placing people in their groups…")
    degree = np.bincount(job.ties.ravel(), minlength=n).tolist() if len(job.ties) else [0] * n
    for key, rows in clusters.items():
        new = [r for r in rows if not stored[r]]
        if not new:
            continue
        new.sort(key=lambda r: (-degree[r], ids[r]))
        first_slot = len(rows) - len(new)
        for slot, row in enumerate(new, start=first_slot):
            xy[row] = sunflower(known[key], slot)
    return xy


def _macro_weights(
    job: LayoutJob, owner: list[int], singles: list[int], grouped: set[int]
) -> dict[tuple[int, int], float]:
    """Attraction between macro nodes: my ties by closeness, links folded by count,
    and each real relationship towards their group."""
    counts: dict[tuple[int, int], int] = {}
    for a, b in job.ties.tolist():
        ka, kb = owner[a], owner[b]
        if ka == kb:
            continue
        pair = (ka, kb) if ka < kb else (kb, ka)
        counts[pair] = counts.get(pair, 0) + 1
    weights: dict[tuple[int, int], float] = {}
    for (a, b), count in counts.items():
        if a < 0 and b < 0:  # two LinkedIn clusters: a hint, not a pull
            weights[(a, b)] = min(0.3, 0.02 * count)
        else:
            weights[(a, b)] = min(1.5, 0.3 * count)
    ids, groups, closeness = job.ids.tolist(), job.group.tolist(), job.closeness.tolist()
    for row in singles:
        key = ids[row]
        pair = (ME_KEY, key)
        weights[pair] = weights.get(pair, 0.0) + 0.2 + 0.25 * closeness[row]
        group = groups[row]
        if group != NO_GROUP and group in grouped:  # near the rest of their group
            weights[(group, key)] = weights.get((group, key), 0.0) + job.group_pull
    return weights


def _force_directed(
    order: list[int],
    known: dict[int, Point],
    weights: dict[tuple[int, int], float],
    radius: dict[int, float],
    invisible: set[int],
    rng: random.Random,
    progress: Progress,
    sectors: dict[int, int] | None = None,
) -> dict[int, Point]:
    """Preferred positions for the unknown macro nodes, in layout units; with
    *sectors* (macro key -> group), a first layout puts each group in a sector."""
    import igraph  # here, so that a GUI process that never lays out need not load it

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
            seed.append(seed_point(i, order, known, neighbours, scale, half, rng))
    graph = igraph.Graph(n=count, edges=edges)
    chunks = max(1, ITERATIONS // CHUNK)
    start_temp = max(0.5, half / 5)
    # igraph draws from Python's global random module unless told otherwise: seed it,
    # so the same network gives the same map here and in the layout process.
    igraph.set_random_number_generator(rng)
    try:
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
    finally:
        igraph.set_random_number_generator(random)
    if first and sectors is not None:
        return spread_in_sectors(order, seed, radius, invisible, sectors)
    if first:
        return spread(order, seed, radius, invisible)
    return {key: (seed[i][0] * scale, seed[i][1] * scale) for i, key in enumerate(order)}
