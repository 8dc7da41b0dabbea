"""A projection made ready to draw (`prepare_scene`): numpy arrays, batches of points
and pens, and the budgeted lines of a frame. Plain data, no widgets, so the map page
makes it on a worker thread and the GUI thread only swaps it in (`MapScene.apply`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QPen, QPolygonF

from netdesk.services.network.model import GroupLabel, MapData, MapNode
from netdesk.services.vocabulary import LINKEDIN_ONLY
from netdesk.views.map.colours import CLUSTER_KIND, KINDS, edge_pen

SCALE = 20.0  # scene pixels per layout unit at 100 %
EDGE_BUDGET = 5000  # lines drawn per frame at most
PIXEL_BUDGET = 750_000  # and this many pixels of line on screen (drawing costs per pixel)
AA_PIXEL_BUDGET = 300_000  # antialiased line pixels per frame (about 3.5 times dearer)


def node_radius(node: MapNode) -> float:
    """Size by closeness: scene pixels at 100 %."""
    if node.kind == "me":
        return 16.0
    if node.kind == "cluster":
        return node.radius * SCALE
    if node.relation == LINKEDIN_ONLY:
        return 4.0
    return 4.5 + 2.3 * node.closeness


def _covers(rect: QRectF, content: QRectF) -> bool:
    """The shown rectangle holds (nearly) the whole map."""
    shared = rect.intersected(content)
    return shared.width() * shared.height() >= 0.97 * content.width() * content.height()


def clipped_lengths(
    ax: np.ndarray, ay: np.ndarray, bx: np.ndarray, by: np.ndarray, rect: QRectF
) -> np.ndarray:
    """How much of each segment lies inside *rect* (Liang–Barsky, all at once)."""
    dx, dy = bx - ax, by - ay
    start, end = np.zeros(len(ax)), np.ones(len(ax))
    for p, q in (
        (-dx, ax - rect.left()),
        (dx, rect.right() - ax),
        (-dy, ay - rect.top()),
        (dy, rect.bottom() - ay),
    ):
        with np.errstate(divide="ignore", invalid="ignore"):
            r = q / p
        start = np.where(p < 0, np.maximum(start, r), start)
        end = np.where(p > 0, np.minimum(end, r), end)
        end = np.where((p == 0) & (q < 0), -1.0, end)  # parallel to the side, outside it
    return np.clip(end - start, 0.0, None) * np.hypot(dx, dy)


Batches = list[tuple[QPen, QPolygonF]]
EdgeFrame = tuple[int, Batches, Batches, int]


@dataclass(eq=False)
class SceneData:
    """A projection made ready to draw: arrays and batches, built off the GUI thread."""

    data: MapData
    points: list[QPointF]
    radii: list[float]
    xs: np.ndarray
    ys: np.ndarray
    radius_array: np.ndarray
    content: QRectF
    # edges, one row each, in drawing priority (my ties and real relationships' links
    # first, then the shortest): the two node indices, style (pen), geometry
    ends: np.ndarray
    style_ids: np.ndarray
    styles: list[QPen]
    priority: np.ndarray  # my ties and links between real relationships
    ax: np.ndarray
    ay: np.ndarray
    bx: np.ndarray
    by: np.ndarray
    span: np.ndarray  # full length, scene pixels
    left: np.ndarray  # bounding boxes
    right: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    # nodes: people batched by colour and size, clusters, real, LinkedIn-only
    group_keys: list[tuple[str, int]]
    group_members: list[list[int]]
    group_index: np.ndarray
    full: list[QPolygonF]
    clusters: np.ndarray
    real: np.ndarray
    linkedin: np.ndarray
    group_labels: list[tuple[GroupLabel, QPointF]]
    # The whole map's lines at one zoom band, ready to draw: (band, plain, antialiased,
    # count). Made ahead for the zoom that fits the view, so the first frame need not.
    whole: EdgeFrame | None = None

    def visible_edges(self, rect: QRectF) -> tuple[np.ndarray, np.ndarray]:
        """The edges that cross *rect* (not just their bounding boxes), in drawing
        priority, and how long each is inside it (scene pixels)."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        near = (self.left <= right) & (self.right >= left)
        near &= (self.top <= bottom) & (self.bottom >= top)
        ids = np.flatnonzero(near)
        inside = (self.left[ids] >= left) & (self.right[ids] <= right)
        inside &= (self.top[ids] >= top) & (self.bottom[ids] <= bottom)
        lengths = self.span[ids]
        crossing = np.flatnonzero(~inside)
        if len(crossing):
            c = ids[crossing]
            lengths[crossing] = clipped_lengths(
                self.ax[c], self.ay[c], self.bx[c], self.by[c], rect
            )
        shown = lengths > 0
        return ids[shown], lengths[shown]

    def affordable_edges(
        self, ids: np.ndarray, lengths: np.ndarray, lod: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """What a frame can afford of the visible edges (*ids*, in drawing priority, and
        their *lengths* on screen at 100 %), and which of it is antialiased: at most
        EDGE_BUDGET lines and PIXEL_BUDGET pixels, my ties and links between real
        relationships first, then the shortest (local structure says more than a long
        line passing through, and costs fewer pixels)."""
        pixels = lengths * lod
        affordable = np.cumsum(pixels) <= PIXEL_BUDGET  # a prefix: they are in order
        count = min(int(np.count_nonzero(affordable)), EDGE_BUDGET)
        picked, pixels = ids[:count], pixels[:count]
        important = self.priority[picked]
        # Antialiasing costs about three times as much per pixel: the whole frame gets
        # it when it can afford it, else my ties and real relationships' links.
        if pixels.sum() <= AA_PIXEL_BUDGET:
            smooth = np.ones(count, dtype=bool)
        elif pixels[important].sum() <= AA_PIXEL_BUDGET:
            smooth = important
        else:
            smooth = np.zeros(count, dtype=bool)
        return picked, smooth

    def edge_batches(self, ids: np.ndarray) -> Batches:
        """One polygon of line ends per pen."""
        points = self.points
        batches = []
        styles = self.style_ids[ids]
        for style in np.unique(styles).tolist():
            pairs = self.ends[ids[styles == style]].ravel().tolist()
            batches.append((self.styles[style], QPolygonF([points[i] for i in pairs])))
        return batches

    def edge_frame(self, rect: QRectF, lod: float) -> EdgeFrame:
        picked, smooth = self.affordable_edges(*self.visible_edges(rect), lod)
        return (
            zoom_band(lod),
            self.edge_batches(picked[~smooth]),
            self.edge_batches(picked[smooth]),
            len(picked),
        )


def zoom_band(lod: float) -> int:
    return round(math.log2(max(lod, 1e-6)) * 4)


def fitting_zoom(content: QRectF, view: QSize) -> float:
    """The zoom QGraphicsView.fitInView gives *content* in a viewport of *view*."""
    width, height = view.width() - 4, view.height() - 4  # its 2-pixel margin
    if width <= 0 or height <= 0 or content.isEmpty():
        return 1.0
    return min(width / content.width(), height / content.height())


def prepare_scene(data: MapData, fit: QSize | None = None) -> SceneData:
    """Everything `MapScene` draws from, for *data*, and with *fit* (a viewport's size)
    the whole map's lines at the zoom that fits it. Safe on any thread (no widgets)."""
    nodes = data.nodes
    count = len(nodes)
    xs = np.fromiter((n.x for n in nodes), np.float64, count) * SCALE
    ys = np.fromiter((n.y for n in nodes), np.float64, count) * SCALE
    radii = [node_radius(n) for n in nodes]
    radius_array = np.array(radii, dtype=np.float64)
    points = [QPointF(x, y) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)]
    if count:
        left, right = float(np.min(xs - radius_array)), float(np.max(xs + radius_array))
        top, bottom = float(np.min(ys - radius_array)), float(np.max(ys + radius_array))
        content = QRectF(left, top, right - left, bottom - top).adjusted(-60, -60, 60, 60)
    else:
        content = QRectF(-200, -200, 400, 400)

    # Edges, vectorised: a 55,000-edge projection takes a few tens of milliseconds.
    linkedin_node = np.fromiter((n.relation == LINKEDIN_ONLY for n in nodes), bool, count)
    kind_code = {kind: i for i, kind in enumerate(KINDS)}
    knows = kind_code["knows"]
    m = len(data.edges)
    if m:
        # Column by column in Python loops, not zip(*edges): one C call that long would
        # hold the GIL (and so the GUI) for most of a tenth of a second.
        edges = data.edges
        ends = np.empty((m, 2), dtype=np.int64)
        ends[:, 0] = np.fromiter((e[0] for e in edges), np.int64, m)
        ends[:, 1] = np.fromiter((e[1] for e in edges), np.int64, m)
        code = np.fromiter((kind_code.get(e[2], knows) for e in edges), np.int64, m)
        weight = np.fromiter((e[3] for e in edges), np.float64, m)
    else:
        ends = np.empty((0, 2), dtype=np.int64)
        code = np.empty(0, dtype=np.int64)
        weight = np.empty(0, dtype=np.float64)
    folded = np.minimum(3, np.floor(np.log2(np.maximum(weight, 1.0)))).astype(np.int64)
    bucket = np.where(code == kind_code["tie"], weight.astype(np.int64), folded)
    keys, style_ids = np.unique(code * 16 + bucket, return_inverse=True)
    styles = [edge_pen(KINDS[int(k) // 16], int(k) % 16) for k in keys.tolist()]
    priority = (code != CLUSTER_KIND) & ~(linkedin_node[ends[:, 0]] & linkedin_node[ends[:, 1]])
    span = np.hypot(xs[ends[:, 1]] - xs[ends[:, 0]], ys[ends[:, 1]] - ys[ends[:, 0]])
    # Sorted once, so a frame takes a prefix of the visible edges instead of sorting.
    order = np.lexsort((span, ~priority))
    ends, style_ids, priority, span = ends[order], style_ids[order], priority[order], span[order]
    a, b = ends[:, 0], ends[:, 1]
    ax, ay, bx, by = xs[a], ys[a], xs[b], ys[b]

    # People by colour and size; clusters; real relationships; LinkedIn-only people.
    grouped: dict[tuple[str, int], list[int]] = {}
    clusters, real, linkedin = [], [], []
    for i, node in enumerate(nodes):
        if node.kind == "person":
            grouped.setdefault((node.relation, node.closeness), []).append(i)
            (linkedin if node.relation == LINKEDIN_ONLY else real).append(i)
        elif node.kind == "cluster":
            clusters.append(i)
    group_index = np.full(count, -1, dtype=np.int32)
    for g, ids in enumerate(grouped.values()):
        group_index[ids] = g
    labels = [(label, QPointF(label.x * SCALE, label.y * SCALE)) for label in data.groups]
    prepared = SceneData(
        data,
        points,
        radii,
        xs,
        ys,
        radius_array,
        content,
        ends,
        style_ids.astype(np.int32),
        styles,
        priority,
        ax,
        ay,
        bx,
        by,
        span,
        np.minimum(ax, bx),
        np.maximum(ax, bx),
        np.minimum(ay, by),
        np.maximum(ay, by),
        list(grouped),
        list(grouped.values()),
        group_index,
        [QPolygonF([points[i] for i in ids]) for ids in grouped.values()],
        np.array(clusters, dtype=np.int64),
        np.array(real, dtype=np.int64),
        np.array(linkedin, dtype=np.int64),
        labels,
    )
    if fit is not None and m:
        prepared.whole = prepared.edge_frame(content, fitting_zoom(content, fit))
    return prepared
