"""Disc packing for the map layout: spreading the groups' discs apart, seeding new
people near their neighbours, and packing real relationships without overlap."""

from __future__ import annotations

import math
import random

Point = tuple[float, float]

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
PERSON_RADIUS = 1.6  # room around a real relationship for its dot and name
CENTRE_RADIUS = 3.0
GAP = 1.0
FILL = 0.55  # share of the plane the discs cover after spreading
ME_KEY = 0  # macro key of the centre; groups are negative, people positive


def spread(
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


def spread_in_sectors(
    order: list[int],
    coords: list[list[float]],
    radius: dict[int, float],
    invisible: set[int],
    group_of: dict[int, int],
) -> dict[int, Point]:
    """Like `spread`, but each group's real relationships share one sector of the
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


def seed_point(
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


def pack(
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
