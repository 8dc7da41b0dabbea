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
process (`place_in_process`: `python -m netdesk.services.graph_layout`), which reads
one `LayoutJob` of plain arrays on stdin and writes progress and the positions back
on stdout; the GUI process only waits on the pipe. Small networks are laid out in the
calling thread (`place_in_thread`), where starting a process would cost more than
the layout.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import pickle
import random
import struct
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

import numpy as np

from netdesk.services.cancel import CancelToken
from netdesk.services.progress import Progress, no_progress

Point = tuple[float, float]

SUNFLOWER = 1 / math.sqrt(math.pi)  # radius step: one person per square unit
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
PERSON_RADIUS = 1.6  # room around a real relationship for its dot and name
CENTRE_RADIUS = 3.0
GAP = 1.0
CHUNK = 10  # Fruchterman–Reingold iterations per call
ITERATIONS = 400
FILL = 0.55  # share of the plane the discs cover after spreading
ME_KEY = 0  # macro key of the centre; groups are negative, people positive
NO_GROUP = -(2**31)  # the group of people without one (no organisation, no tag)
WORKER_FLAG = "--layout-worker"  # how a bundled (frozen) app starts its layout process
MODULE = "netdesk.services.graph_layout"


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
        _pack(order, known, unknown, preferred, radius, closeness_of)
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
            seed.append(_seed_point(i, order, known, neighbours, scale, half, rng))
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
        return _spread_in_sectors(order, seed, radius, invisible, sectors)
    if first:
        return _spread(order, seed, radius, invisible)
    return {key: (seed[i][0] * scale, seed[i][1] * scale) for i, key in enumerate(order)}


def _spread(
    order: list[int], coords: list[list[float]], radius: dict[int, float], invisible: set[int]
) -> dict[int, Point]:
    """Keep each node's direction from the centre and its rank in distance, but give
    every ring the room its discs need, so packing only has local overlaps to fix.
    Real relationships come first, nearest me (the closest ties pulled in furthest by
    the layout); LinkedIn-only clusters ring them, each on the side of the people who
    know its members."""

    def rank(i: int) -> tuple[int, float]:
        key = order[i]
        return (1 if key < 0 else 0), math.hypot(*coords[i])

    ranked = sorted((i for i, key in enumerate(order) if key not in invisible), key=rank)
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


def _spread_in_sectors(
    order: list[int],
    coords: list[list[float]],
    radius: dict[int, float],
    invisible: set[int],
    group_of: dict[int, int],
) -> dict[int, Point]:
    """Like `_spread`, but each group's real relationships share one sector of the
    inner disc (its width in proportion to their number, so all sectors reach equally
    far), nearest me those the layout pulled in furthest; the groups go round in the
    order the layout put them, and each group's LinkedIn-only disc sits outside its
    sector. Grouped by how I know them or by tag, the groups are then plain to see."""
    index = {key: i for i, key in enumerate(order)}
    members: dict[int, list[int]] = {}
    discs: dict[int, int] = {}
    for key in order:
        if key == ME_KEY or key in invisible:
            continue
        if key < 0:
            discs[group_of[key]] = key
        else:
            members.setdefault(group_of[key], []).append(key)

    def direction(group: int) -> float:
        keys = [*members.get(group, ()), *([discs[group]] if group in discs else ())]
        if group in invisible:
            keys.append(group)
        sx = sy = 0.0
        for key in keys:
            x, y = coords[index[key]]
            length = math.hypot(x, y) or 1.0
            sx, sy = sx + x / length, sy + y / length
        return math.atan2(sy, sx) % (2 * math.pi)

    groups = sorted(set(members) | set(discs), key=lambda g: (direction(g), g))
    one = math.pi * (PERSON_RADIUS + GAP) ** 2
    area = {g: sum(math.pi * (radius[k] + GAP) ** 2 for k in members.get(g, ())) for g in groups}
    area = {g: a or one for g, a in area.items()}
    total = sum(area.values())
    result: dict[int, Point] = {ME_KEY: (0.0, 0.0)}
    inner = CENTRE_RADIUS + GAP + PERSON_RADIUS
    reach = inner
    middle: dict[int, float] = {}
    start = direction(groups[0]) - math.pi * area[groups[0]] / total if groups else 0.0
    for group in groups:
        width = 2 * math.pi * area[group] / total
        placed = 0.0
        keys = sorted(members.get(group, ()), key=lambda k: math.hypot(*coords[index[k]]))
        for n, key in enumerate(keys):
            placed += math.pi * (radius[key] + GAP) ** 2
            # The part of the sector out to r holds everyone placed so far.
            r = math.sqrt(inner**2 + 2 * placed / (width * FILL))
            angle = start + width * (0.1 + 0.8 * ((n + 0.5) * GOLDEN_ANGLE / (2 * math.pi) % 1))
            result[key] = (r * math.cos(angle), r * math.sin(angle))
            reach = max(reach, r + radius[key])
        middle[group] = start + width / 2
        start += width
    for group, key in discs.items():
        r = reach + GAP + radius[key]
        result[key] = (r * math.cos(middle[group]), r * math.sin(middle[group]))
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
    closeness: dict[int, int],
) -> None:
    """Place unknown macro nodes where the layout wants them, without overlapping."""
    packer = _Packer(cell=max(2.0, 2 * PERSON_RADIUS))
    for key in order:
        if key in known:
            packer.add(*known[key], radius[key])

    def priority(key: int) -> tuple[int, float]:
        if key > 0:  # real relationships first, closest ties nearest the middle
            return 0, -closeness[key]
        return 1, -radius[key]

    for key in sorted(unknown, key=priority):
        x, y = packer.nearest_free(*preferred[key], radius[key])
        known[key] = (x, y)
        packer.add(x, y, radius[key])


# --- where the layout runs ----------------------------------------------------


class LayoutError(RuntimeError):
    """The layout could not be computed; the message says why, for the user."""


def place_in_thread(
    job: LayoutJob, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> np.ndarray:
    """Lay out on the calling thread (small networks), stopping when *cancel* is set."""

    def checked(percent: int, message: str) -> None:
        if cancel is not None:
            cancel.check()
        progress(percent, message)

    return place(job, checked)


def worker_command() -> list[str]:
    """The command that starts a layout process."""
    if getattr(sys, "frozen", False):  # a bundled app has no -m: its entry point dispatches
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", MODULE]


_running: set[subprocess.Popen] = set()
_running_lock = threading.Lock()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(OSError):  # it ended meanwhile
            process.kill()


@atexit.register
def _stop_all() -> None:
    """No layout process outlives the app, however it exits."""
    with _running_lock:
        running = list(_running)
    for process in running:
        _stop(process)


def running_processes() -> int:
    """Layout processes alive now (for tests and the benchmark)."""
    with _running_lock:
        return sum(1 for process in _running if process.poll() is None)


def place_in_process(
    job: LayoutJob,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    command: Sequence[str] | None = None,
) -> np.ndarray:
    """Lay out in a separate process, so the GUI process's GIL stays free.

    Blocks the calling (worker) thread on the pipe; *progress* is called there. Setting
    *cancel* kills the process at once and raises `Cancelled`; any failure of the
    process raises `LayoutError` with a message for the user.
    """
    cancel = cancel or CancelToken()
    cancel.check()
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])  # so -m finds netdesk from any folder
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                list(command or worker_command()),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=env,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError as error:
            raise LayoutError(f"The layout process could not start: {error}") from error
        with _running_lock:
            _running.add(process)
        forget = cancel.on_cancel(lambda: _stop(process))
        try:
            return _converse(process, job, progress, cancel, errors)
        finally:
            forget()
            _stop(process)
            process.wait()
            with _running_lock:
                _running.discard(process)
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):  # a broken pipe's unsent bytes
                        stream.close()


def _converse(
    process: subprocess.Popen,
    job: LayoutJob,
    progress: Progress,
    cancel: CancelToken,
    errors: IO[bytes],
) -> np.ndarray:
    assert process.stdin is not None and process.stdout is not None
    # It may die before reading: then its exit status and last words say why, below.
    with contextlib.suppress(OSError):
        _write_frame(process.stdin, job.to_wire())
        process.stdin.close()
    while True:
        try:
            message = _read_frame(process.stdout)
        except EOFError:
            cancel.check()
            process.wait()
            raise LayoutError(_why_it_died(process.returncode, errors)) from None
        if message[0] == "progress":
            progress(message[1], message[2])
        elif message[0] == "done":
            return message[1]
        else:
            raise LayoutError(f"The layout failed: {message[1]}")


def _why_it_died(status: int | None, errors: IO[bytes]) -> str:
    errors.seek(0)
    lines = [
        line.strip()
        for line in errors.read()[-4000:].decode("utf-8", "replace").splitlines()
        if line.strip()
    ]
    if status is not None and status < 0:
        how = f"was stopped (signal {-status}; out of memory?)"
    else:
        how = f"stopped unexpectedly (exit status {status})"
    detail = f": {lines[-1]}" if lines else ""
    return f"The layout process {how}{detail}"


_HEADER = struct.Struct("<Q")


def _write_frame(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # only ever from our own parent or child process


def main(source: IO[bytes] | None = None, sink: IO[bytes] | None = None) -> int:
    """The layout process: one job in on stdin; progress, then positions, out on stdout."""
    source = source or sys.stdin.buffer
    if sink is None:
        sink = sys.stdout.buffer
        sys.stdout = sys.stderr  # a stray print must not corrupt the frames
    try:
        job = LayoutJob.from_wire(_read_frame(source))
        xy = place(job, lambda percent, text: _write_frame(sink, ("progress", percent, text)))
        _write_frame(sink, ("done", xy))
    except (BrokenPipeError, ConnectionResetError):
        return 1  # nobody is listening any more: the app is gone or cancelled us
    except Exception as error:
        traceback.print_exc()
        with contextlib.suppress(OSError):
            _write_frame(sink, ("error", f"{type(error).__name__}: {error}"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
