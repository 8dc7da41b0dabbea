"""The map's drawing surface: a QGraphicsView over a scene that projects `MapData`.

Two items draw everything — one for all edges, one for all nodes and labels — in
batches (one drawLines/drawPoints call per colour), culled to the exposed rectangle
through numpy arrays, with level of detail: clusters and dots when far, names when
near, and at most EDGE_BUDGET lines and PIXEL_BUDGET pixels of them per frame (the
strongest ties first, then the nearest).

Everything a frame needs besides the painter — the arrays, the batches of points, the
pens — is made by `prepare_scene()`: plain data, no widgets, so the map page makes it
on a worker thread and the GUI thread only swaps it in (`MapScene.apply`).

Where a frame's time goes, and what keeps it short: line pixels (the budget; lines
are antialiased only while their pixels fit AA_PIXEL_BUDGET, my ties and real
relationships' links first), cluster discs (antialiased only when big enough on screen
to show it), and names (drawn once into a cache of small pixmaps, then blitted).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeySequence,
    QPaintEngine,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QStyleOptionGraphicsItem,
)

from netdesk.services.graph import GroupLabel, MapData, MapNode
from netdesk.services.vocabulary import CLOSENESS_LABELS, LINKEDIN_ONLY, RELATIONS

log = logging.getLogger(__name__)
SCALE = 20.0  # scene pixels per layout unit at 100 %
EDGE_BUDGET = 5000  # lines drawn per frame at most
PIXEL_BUDGET = 750_000  # and this many pixels of line on screen (drawing costs per pixel)
AA_PIXEL_BUDGET = 300_000  # antialiased line pixels per frame (about 3.5 times dearer)
SMOOTH_DISC = 7.0  # cluster discs smaller than this on screen (px) are drawn without AA
LABEL_BUDGET = 200
LABEL_CACHE = 2500  # ready-drawn names kept
MIN_ZOOM, MAX_ZOOM = 0.005, 6.0

RELATION_COLOURS = {
    "family": "#d62728",
    "friend": "#ff7f0e",
    "classmate": "#b8a000",
    "colleague": "#1f77b4",
    "manager": "#17becf",
    "mentor": "#9467bd",
    "teacher": "#8c564b",
    "client": "#2ca02c",
    "vendor": "#6b6ecf",
    "group": "#e377c2",
    "service": "#7f9f3f",
    LINKEDIN_ONLY: "#a5abb3",
    "other": "#5f6b7a",
}
ME_COLOUR = QColor("#1b2a41")
BACKGROUND = QColor("#f7f8fa")
# Exports show the whole network, however the view is zoomed: a print-size picture, with
# the legend as large as on a screen this many pixels wide.
EXPORT_LONG_SIDE, EXPORT_SVG_SIDE, EXPORT_LEGEND_WIDTH = 2400, 1600, 1400
PATH_COLOUR = QColor("#f28e00")
CLUSTER_FILL = QColor(165, 171, 179, 70)
CLUSTER_EDGE = QColor(120, 128, 140, 140)
LABEL_TEXT = QColor("#1d2633")
CLUSTER_TEXT = QColor("#3c4450")
GROUP_TEXT = QColor("#2b3442")
LABEL_BACK = QColor(255, 255, 255, 200)
EDGE_STYLES = {  # kind -> (colour, cosmetic width)
    "tie": (QColor(70, 110, 170, 70), 1.0),
    "knows": (QColor(95, 105, 120, 90), 1.0),
    "introduced": (QColor(230, 120, 0, 190), 2.0),
    "referred": (QColor(40, 150, 90, 170), 1.6),
    "cluster": (QColor(120, 128, 140, 55), 1.0),
}
KINDS = list(EDGE_STYLES)  # an edge's kind as a small number: its index here
CLUSTER_KIND = KINDS.index("cluster")


def opaque(colour: QColor, over: QColor = BACKGROUND) -> QColor:
    """The colour a translucent *colour* shows over *over*, as an opaque colour."""
    a = colour.alphaF()
    return QColor.fromRgbF(
        colour.redF() * a + over.redF() * (1 - a),
        colour.greenF() * a + over.greenF() * (1 - a),
        colour.blueF() * a + over.blueF() * (1 - a),
    )


def relation_colour(relation: str) -> QColor:
    return QColor(RELATION_COLOURS.get(relation, RELATION_COLOURS["other"]))


def node_radius(node: MapNode) -> float:
    """Size by closeness: scene pixels at 100 %."""
    if node.kind == "me":
        return 16.0
    if node.kind == "cluster":
        return node.radius * SCALE
    if node.relation == LINKEDIN_ONLY:
        return 4.0
    return 4.5 + 2.3 * node.closeness


def edge_pen(kind: str, bucket: int) -> QPen:
    # Opaque colours (pre-blended with the background) and whole-pixel widths: the
    # raster engine's fast line path, about ten times cheaper than translucent lines.
    colour, width = EDGE_STYLES.get(kind, EDGE_STYLES["knows"])
    if kind == "tie":
        width = 2.0 if bucket >= 4 else 1.0
        colour = QColor(colour)
        colour.setAlpha(min(255, 45 + 30 * bucket))
    elif kind == "cluster":
        width = 2.0 if bucket >= 2 else 1.0
    pen = QPen(opaque(colour), width)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


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


class MapScene(QGraphicsScene):
    """Holds the projection and what is highlighted; the two layers read from it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(BACKGROUND)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.path_nodes: list[int] = []  # node indices of the highlighted warm path
        self.selected: int | None = None
        self.edges_drawn = 0
        self.paint_error: Exception | None = None
        self.edge_layer = EdgeLayer(self)
        self.node_layer = NodeLayer(self)
        self._take(prepare_scene(MapData([], [], {})))
        self.addItem(self.edge_layer)
        self.addItem(self.node_layer)

    def set_data(self, data: MapData) -> None:
        self.apply(prepare_scene(data))

    def _take(self, prepared: SceneData) -> None:
        self.prepared = prepared
        self.data = prepared.data
        self.points, self.radii = prepared.points, prepared.radii
        self.xs, self.ys, self.radius_array = prepared.xs, prepared.ys, prepared.radius_array
        self.content = prepared.content

    def apply(self, prepared: SceneData) -> None:
        """Show a projection made by `prepare_scene` (cheap: the GUI thread's share)."""
        self.edge_layer.prepareGeometryChange()
        self.node_layer.prepareGeometryChange()
        self._take(prepared)
        self.selected = None
        self.path_nodes = []
        self.edge_layer.prepare()
        self.node_layer.prepare()
        margin = max(self.content.width(), self.content.height())
        self.setSceneRect(self.content.adjusted(-margin, -margin, margin, margin))
        self.edge_layer.update()
        self.node_layer.update()

    def visible_mask(self, rect: QRectF) -> np.ndarray:
        r = self.radius_array
        mask = (self.xs + r >= rect.left()) & (self.xs - r <= rect.right())
        mask &= (self.ys + r >= rect.top()) & (self.ys - r <= rect.bottom())
        return mask

    def hit(self, x: float, y: float, slack: float) -> int | None:
        """The node under (x, y): a person before the cluster disc they sit on."""
        if not self.data.nodes:
            return None
        distance = np.hypot(self.xs - x, self.ys - y)
        small = self.radius_array <= 4 * SCALE
        reach = self.radius_array + np.where(small, slack, 0.0)
        under = np.nonzero(distance <= reach)[0]
        if len(under) == 0:
            return None
        score = distance[under] + np.where(small[under], 0.0, 1e6)
        return int(under[int(np.argmin(score))])

    def set_path(self, keys: Iterable[int]) -> None:
        index = self.data.index
        self.path_nodes = [index[k] for k in keys if k in index]
        self.node_layer.update()

    def select(self, key: int | None) -> None:
        self.selected = self.data.index.get(key) if key is not None else None
        self.node_layer.update()


class _Layer(QGraphicsItem):
    def __init__(self, scene: MapScene) -> None:
        super().__init__()
        self.map = scene
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        # An exception escaping a paint override takes PySide 6.11's error printer down
        # with a segmentation fault: log it instead, and keep it for the tests to see.
        try:
            # QGraphicsView.render() exposes whole items; cull to what the device shows.
            device = painter.device()
            inverse, ok = painter.worldTransform().inverted()
            if ok and device is not None and device.width() > 0:
                shown = inverse.mapRect(QRectF(0, 0, device.width(), device.height()))
                option.exposedRect = option.exposedRect.intersected(shown.adjusted(-2, -2, 2, 2))
            self.draw(painter, option)
        except Exception as error:
            log.exception("the map could not draw %s", type(self).__name__)
            self.map.paint_error = error

    def boundingRect(self) -> QRectF:
        return self.map.content

    def prepare(self) -> None:
        pass

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem) -> None:
        raise NotImplementedError


class EdgeLayer(_Layer):
    """Every line on the map, batched per style, culled (numpy) and budgeted."""

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem) -> None:
        p = self.map.prepared
        if not len(p.ends):
            self.map.edges_drawn = 0
            return
        rect = option.exposedRect
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        if _covers(rect, self.map.content):
            # The whole map: the same budgeted batches every frame at about this zoom.
            if p.whole is None or p.whole[0] != zoom_band(lod):
                p.whole = p.edge_frame(rect, lod)
            _band, plain, smoothed, drawn = p.whole
        else:
            _band, plain, smoothed, drawn = p.edge_frame(rect, lod)
        # The others first, so that the antialiased (important) lines lie on top.
        for antialiased, batches in ((False, plain), (True, smoothed)):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)
            for pen, pairs in batches:
                painter.setPen(pen)
                painter.drawLines(pairs)
        self.map.edges_drawn = drawn


class NodeLayer(_Layer):
    """People, clusters, me and the names, with level of detail."""

    def __init__(self, scene: MapScene) -> None:
        super().__init__(scene)
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.group_font = QFont(self.font)
        self.group_font.setPointSizeF(10.5)
        self.group_font.setBold(True)
        self.metrics = QFontMetricsF(self.font)
        self.bold_metrics = QFontMetricsF(self.bold)
        self.group_metrics = QFontMetricsF(self.group_font)
        self.labels = LabelCache()
        self.label_widths: dict[int, tuple[str, float]] = {}

    def prepare(self) -> None:
        self.label_widths = {}

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem) -> None:
        scene = self.map
        p = scene.prepared
        points, radii = p.points, p.radii
        if not p.data.nodes:
            return
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        rect = option.exposedRect
        shown = scene.visible_mask(rect)
        visible_count = int(np.count_nonzero(shown))

        # The clusters of LinkedIn-only people: soft discs under everything else. A
        # translucent antialiased fill costs five times a plain one over a big disc, so
        # big discs are filled plainly and get an antialiased rim that hides the steps;
        # small ones are drawn plainly (no one sees a 7-pixel disc's edge).
        visible_clusters = p.clusters[shown[p.clusters]]
        if len(visible_clusters):
            big = p.radius_array[visible_clusters] * lod >= SMOOTH_DISC
            small, big = visible_clusters[~big].tolist(), visible_clusters[big].tolist()
            rim = QPen(CLUSTER_EDGE, 0)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setBrush(CLUSTER_FILL)
            for pen, ids in ((rim, small), (Qt.PenStyle.NoPen, big)):
                painter.setPen(pen)
                for i in ids:
                    painter.drawEllipse(points[i], radii[i], radii[i])
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(rim)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for i in big:
                painter.drawEllipse(points[i], radii[i], radii[i])

        # People, one batch per colour and size. With most of them in view, Qt clips
        # the ready-made batches faster than we could pick the visible ones.
        if visible_count > 5000:
            batches = [(g, p.full[g], len(ids)) for g, ids in enumerate(p.group_members)]
        else:
            batches = []
            ids = np.nonzero(shown & (p.group_index >= 0))[0]
            groups = p.group_index[ids]
            for g in np.unique(groups).tolist():
                chosen = ids[groups == g].tolist()
                batches.append((g, QPolygonF([points[i] for i in chosen]), len(chosen)))
        for g, dots, count in batches:
            r = radii[p.group_members[g][0]]
            relation = p.group_keys[g][0]
            colour = relation_colour(relation)
            on_screen = r * lod
            if (on_screen >= 3.5 and count < 3000) or (on_screen >= 1.5 and count < 600):
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(QPen(QColor("white"), 1.2 / lod if on_screen > 6 else 0))
                painter.setBrush(colour)
                for k in range(dots.size()):
                    painter.drawEllipse(dots.at(k), r, r)
            else:
                # Far: square points are ten times cheaper than round ones and look alike.
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                pen = QPen(colour, max(2 * r, 2.0 / lod))
                pen.setCapStyle(Qt.PenCapStyle.SquareCap)
                painter.setPen(pen)
                painter.drawPoints(dots)

        visible = visible_clusters.tolist()
        if lod >= 0.35:
            visible += p.real[shown[p.real]].tolist()
        if lod >= 1.6:
            visible += p.linkedin[shown[p.linkedin]].tolist()
        self._paint_me(painter, lod)
        self._paint_highlights(painter, lod)
        self._paint_labels(painter, lod, visible, rect)

    def _paint_me(self, painter: QPainter, lod: float) -> None:
        scene = self.map
        node = scene.data.nodes[0]
        r = max(scene.radii[0], 7.0 / lod)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("white"), 2.0 / lod))
        painter.setBrush(ME_COLOUR)
        painter.drawEllipse(scene.points[0], r, r)
        if r * lod >= 12:
            painter.save()
            painter.setFont(self.bold)
            painter.setPen(QColor("white"))
            device = painter.worldTransform().map(scene.points[0])
            painter.setWorldTransform(QTransform())
            label = "You" if node.label == "You" else node.label.split(" ")[0]
            painter.drawText(
                QRectF(device.x() - 40, device.y() - 10, 80, 20),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )
            painter.restore()

    def _paint_highlights(self, painter: QPainter, lod: float) -> None:
        scene = self.map
        points, radii = scene.points, scene.radii
        if len(scene.path_nodes) > 1:
            pen = QPen(PATH_COLOUR, 4.0)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPolyline(QPolygonF([points[i] for i in scene.path_nodes]))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for i in scene.path_nodes:
                r = max(radii[i], 5 / lod) + 3 / lod
                painter.drawEllipse(points[i], r, r)
        if scene.selected is not None:
            pen = QPen(QColor("#111"), 2.5)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            i = scene.selected
            r = max(radii[i], 6 / lod) + 5 / lod
            painter.drawEllipse(points[i], r, r)

    def _paint_labels(
        self, painter: QPainter, lod: float, visible: Iterable[int], rect: QRectF
    ) -> None:
        """Names in screen space, most important first, never on top of each other:
        the path and the selection, then the groups, clusters, real relationships and
        LinkedIn-only people."""
        scene = self.map
        prepared = scene.prepared
        nodes, points, radii = scene.data.nodes, scene.points, scene.radii
        candidates: list[tuple[int, int, int]] = []
        for i in visible:
            node = nodes[i]
            r = radii[i] * lod
            if node.kind == "cluster":
                if r >= 16 or (node.members >= 3 and r >= 9):
                    candidates.append((1, -node.members, i))
            elif node.kind == "person":
                linkedin = node.relation == LINKEDIN_ONLY
                if (not linkedin and lod >= 0.35) or (linkedin and lod >= 1.6):
                    candidates.append((2 if not linkedin else 3, -node.closeness, i))
        for i in (*scene.path_nodes, *([scene.selected] if scene.selected is not None else [])):
            if nodes[i].kind != "me":  # the path and the selection are always named
                candidates.append((-1, 0, i))
        # Groups (by how I know them or tag): named over their people, biggest first.
        for g, (label, point) in enumerate(prepared.group_labels):
            if rect.contains(point):
                candidates.append((0, -label.people, -1 - g))
        if not candidates:
            return
        candidates.sort()
        transform = painter.worldTransform()
        raster = painter.paintEngine().type() == QPaintEngine.Type.Raster
        ratio = painter.device().devicePixelRatioF() if raster else 1.0
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        widths = self.label_widths
        cells: dict[tuple[int, int], list[QRectF]] = {}
        drawn = 0
        seen: set[int] = set()
        for tier, _rank, i in candidates:
            if i in seen:
                continue
            seen.add(i)
            if i < 0:  # a group's name
                label, point = prepared.group_labels[-1 - i]
                text = f"{label.name} · {label.people:,}"
                style, fm = "group", self.group_metrics
                width = fm.horizontalAdvance(text) + 10
                centre = transform.map(point)
                box = QRectF(
                    centre.x() - width / 2, centre.y() - fm.height() / 2, width, fm.height()
                )
                colour = group_colour(label, scene.data.grouping)
            else:
                node = nodes[i]
                centre = transform.map(points[i])
                cached = widths.get(i)
                if cached is None:
                    if node.kind == "cluster":
                        text = f"{node.label} · {node.members:,}"
                        width = self.bold_metrics.horizontalAdvance(text) + 8
                    else:
                        text = node.label
                        width = self.metrics.horizontalAdvance(text) + 6
                    cached = widths[i] = (text, width)
                text, width = cached
                if node.kind == "cluster":
                    style, fm, colour = "cluster", self.bold_metrics, CLUSTER_TEXT
                    box = QRectF(
                        centre.x() - width / 2, centre.y() - fm.height() / 2, width, fm.height()
                    )
                else:
                    style, fm, colour = "person", self.metrics, LABEL_TEXT
                    r = max(radii[i] * lod, 3)
                    box = QRectF(centre.x() - width / 2, centre.y() + r + 1, width, fm.height())
            if tier > 0 and _overlaps(box, cells):  # the path, selection and groups always
                continue
            _remember(box, cells)
            font = {"group": self.group_font, "cluster": self.bold}.get(style, self.font)
            if raster:
                pixmap = self.labels.get(text, font, colour, box.width(), box.height(), ratio)
                painter.drawPixmap(QPoint(round(box.left()), round(box.top())), pixmap)
            else:  # SVG and printing keep real text
                _draw_label(painter, box, text, font, colour)
            drawn += 1
            if drawn >= LABEL_BUDGET:
                break
        painter.restore()


def group_colour(label: GroupLabel, grouping: str) -> QColor:
    """Grouped by how I know them, a group's name takes its people's colour."""
    if grouping == "relation":
        for key, name in RELATIONS.items():
            if name == label.name:
                return relation_colour(key).darker(135)
    return GROUP_TEXT


def _draw_label(painter: QPainter, box: QRectF, text: str, font: QFont, colour: QColor) -> None:
    painter.setFont(font)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(LABEL_BACK)
    painter.drawRoundedRect(box, 3, 3)
    painter.setPen(colour)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class LabelCache:
    """Names drawn once (rounded white box and text) into small pixmaps, then blitted:
    about ten times cheaper per frame than drawing the box and shaping the text."""

    def __init__(self, limit: int = LABEL_CACHE) -> None:
        self.limit = limit
        self._pixmaps: dict[tuple, QPixmap] = {}

    def __len__(self) -> int:
        return len(self._pixmaps)

    def get(
        self, text: str, font: QFont, colour: QColor, width: float, height: float, ratio: float
    ) -> QPixmap:
        key = (text, font.key(), colour.rgba(), math.ceil(width), math.ceil(height), ratio)
        pixmap = self._pixmaps.pop(key, None)
        if pixmap is None:
            w, h = math.ceil(width), math.ceil(height)
            pixmap = QPixmap(max(1, round(w * ratio)), max(1, round(h * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            _draw_label(painter, QRectF(0, 0, width, height), text, font, colour)
            painter.end()
            if len(self._pixmaps) >= self.limit:  # forget the least recently used
                del self._pixmaps[next(iter(self._pixmaps))]
        self._pixmaps[key] = pixmap  # (re)inserted last: most recently used
        return pixmap


def _cell_keys(box: QRectF):
    for i in range(int(box.left() // 64), int(box.right() // 64) + 1):
        for j in range(int(box.top() // 32), int(box.bottom() // 32) + 1):
            yield i, j


def _overlaps(box: QRectF, cells: dict[tuple[int, int], list[QRectF]]) -> bool:
    return any(box.intersects(other) for key in _cell_keys(box) for other in cells.get(key, ()))


def _remember(box: QRectF, cells: dict[tuple[int, int], list[QRectF]]) -> None:
    for key in _cell_keys(box):
        cells.setdefault(key, []).append(box)


class HoverCard(QLabel):
    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.setObjectName("mapHoverCard")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#mapHoverCard { background: #ffffff; border: 1px solid #c7ccd4; border-radius: 6px;"
            " padding: 6px 9px; color: #1d2633; }"
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()


def describe_node(node: MapNode) -> str:
    """The hover card's text."""
    from html import escape

    if node.kind == "cluster":
        return (
            f"<b>{escape(node.label)}</b><br>{node.members:,} LinkedIn-only "
            f"connection{'s' if node.members != 1 else ''}<br><i>Click to show them</i>"
        )
    if node.kind == "me" and node.label == "You":
        return "<b>You</b><br>The centre of your network"
    lines = [f"<b>{escape(node.label)}</b>"]
    work = " at ".join(part for part in (node.role, node.organisation) if part)
    if work:
        lines.append(escape(work))
    how = RELATIONS.get(node.relation, node.relation)
    if node.relation != LINKEDIN_ONLY:
        how += f" · {CLOSENESS_LABELS.get(node.closeness, '')}"
    lines.append(f"<span style='color:#5f6b7a'>{escape(how)}</span>")
    if node.kind == "person":
        lines.append("<i>Click to open · drag to someone to link</i>")
    return "<br>".join(lines)


class MapView(QGraphicsView):
    """Zoom (wheel, pinch, +/-, Ctrl+0), pan (drag), hover, click, drag-to-link."""

    person_clicked = Signal(int)
    cluster_clicked = Signal(int)
    link_requested = Signal(int, int)
    zoomed = Signal(float)

    def __init__(self, scene: MapScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.map = scene
        self.setObjectName("mapView")
        self.setAccessibleName("Relationship map")
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.card = HoverCard(self.viewport())
        self.legend_lines: list[tuple[str, QColor, str]] = []
        self.drag_line = QGraphicsLineItem()
        pen = QPen(PATH_COLOUR, 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.drag_line.setPen(pen)
        self.drag_line.setZValue(10)
        self.drag_line.hide()
        scene.addItem(self.drag_line)
        self._press: QPointF | None = None
        self._press_node: int | None = None
        self._panning = False
        self._linking = False

    # --- zoom ---------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        current = self.zoom()
        factor = max(MIN_ZOOM / current, min(MAX_ZOOM / current, factor))
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor, factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.zoomed.emit(self.zoom())

    def set_zoom(self, level: float) -> None:
        self.zoom_by(level / self.zoom())

    def fit_all(self) -> None:
        if not self.map.content.isEmpty():
            self.fitInView(self.map.content, Qt.AspectRatioMode.KeepAspectRatio)
            self.zoomed.emit(self.zoom())

    def centre_on(self, key: int, zoom: float | None = None) -> bool:
        i = self.map.data.index.get(key)
        if i is None:
            return False
        if zoom is not None and self.zoom() < zoom:
            self.set_zoom(zoom)
        self.centerOn(self.map.points[i])
        return True

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta().y() or event.pixelDelta().y()
        if delta:
            self.zoom_by(math.pow(1.0015, delta), event.position())
        event.accept()

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                self.zoom_by(pinch.scaleFactor())
                event.accept()
                return True
        if event.type() == QEvent.Type.NativeGesture and (
            event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(1.0 + event.value(), event.position())
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if event.matches(QKeySequence.StandardKey.ZoomIn) or key in (
            Qt.Key.Key_Plus,
            Qt.Key.Key_Equal,
        ):
            self.zoom_by(1.25)
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif key == Qt.Key.Key_0 and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.fit_all()
        else:
            step = 60
            moves = {
                Qt.Key.Key_Left: (-step, 0),
                Qt.Key.Key_Right: (step, 0),
                Qt.Key.Key_Up: (0, -step),
                Qt.Key.Key_Down: (0, step),
            }
            if key in moves:
                dx, dy = moves[key]
                self._scroll(dx, dy)
            else:
                super().keyPressEvent(event)

    def _scroll(self, dx: float, dy: float) -> None:
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + int(dx))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + int(dy))

    # --- mouse ----------------------------------------------------------------

    def node_at(self, pos: QPointF) -> int | None:
        point = self.mapToScene(pos.toPoint())
        slack = 6.0 / max(self.zoom(), 1e-6)
        return self.map.hit(point.x(), point.y(), slack)

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._press = event.position()
        self._press_node = self.node_at(event.position())
        self._panning = self._linking = False
        self.card.hide()
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._press is None:
            self._hover(pos)
            return
        moved = (pos - self._press).manhattanLength() > 6
        node = self._press_node
        can_link = node is not None and self.map.data.nodes[node].kind == "person"
        if moved and can_link and not self._panning:
            self._linking = True
            start = self.map.points[node]
            self.drag_line.setLine(QLineF(start, self.mapToScene(pos.toPoint())))
            self.drag_line.show()
            target = self.node_at(pos)
            self.viewport().setCursor(
                Qt.CursorShape.DragLinkCursor
                if target is not None and target != node and self._is_person(target)
                else Qt.CursorShape.ForbiddenCursor
            )
        elif moved and not self._linking:
            self._panning = True
            delta = pos - self._press
            self._press = pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            self._scroll(-delta.x(), -delta.y())
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            super().mouseReleaseEvent(event)
            return
        node = self._press_node
        nodes = self.map.data.nodes
        if self._linking:
            self.drag_line.hide()
            target = self.node_at(event.position())
            if target is not None and target != node and self._is_person(target):
                self.link_requested.emit(nodes[node].key, nodes[target].key)
        elif not self._panning and node is not None:
            self.map.select(nodes[node].key)
            if nodes[node].kind == "cluster":
                self.cluster_clicked.emit(nodes[node].key)
            elif nodes[node].kind == "person":
                self.person_clicked.emit(nodes[node].key)
        self._press = None
        self._press_node = None
        self._panning = self._linking = False
        self.viewport().unsetCursor()
        self._hover(event.position())
        event.accept()

    def _is_person(self, i: int) -> bool:
        node = self.map.data.nodes[i]
        return node.kind == "person" or (node.kind == "me" and node.key != 0)

    def _hover(self, pos: QPointF) -> None:
        i = self.node_at(pos)
        if i is None:
            self.card.hide()
            self.viewport().unsetCursor()
            return
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.card.setText(describe_node(self.map.data.nodes[i]))
        self.card.adjustSize()
        x = min(int(pos.x()) + 16, self.viewport().width() - self.card.width() - 4)
        y = min(int(pos.y()) + 16, self.viewport().height() - self.card.height() - 4)
        self.card.move(max(4, x), max(4, y))
        self.card.show()
        self.card.raise_()

    def leaveEvent(self, event) -> None:
        self.card.hide()
        super().leaveEvent(event)

    # --- legend and export ----------------------------------------------------

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """The legend, in the view's corner."""
        if not self.legend_lines:
            return
        painter.save()
        painter.setWorldTransform(self.viewportTransform().inverted()[0] * painter.worldTransform())
        self._draw_legend(painter, QRectF(self.viewport().rect()), 1.0)
        painter.restore()

    def _draw_legend(self, painter: QPainter, area: QRectF, scale: float) -> None:
        """The legend in the bottom-left corner of *area*, *scale* times its screen size."""
        if not self.legend_lines:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.translate(area.left(), area.top())
        painter.scale(scale, scale)
        font = QFont()
        font.setPointSizeF(8.5)
        painter.setFont(font)
        metrics = QFontMetricsF(font, painter.device())
        line = metrics.height() + 3
        width = (
            max(metrics.horizontalAdvance(text) for _kind, _colour, text in self.legend_lines) + 40
        )
        height = line * len(self.legend_lines) + 12
        box = QRectF(10, area.height() / scale - height - 10, width, height)
        painter.setPen(QPen(QColor("#c7ccd4"), 1))
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.drawRoundedRect(box, 6, 6)
        y = box.top() + 6
        for kind, colour, text in self.legend_lines:
            mid = y + line / 2
            if kind == "dot":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawEllipse(QPointF(box.left() + 16, mid), 5, 5)
            elif kind == "size":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor("#7a8594"))
                for k, r in enumerate((2.5, 4.0, 5.5)):
                    painter.drawEllipse(
                        QPointF(box.left() + 8 + k * 8 + r / 2, mid), r / 2 + 0.5, r / 2 + 0.5
                    )
            elif kind == "disc":
                painter.setPen(QPen(CLUSTER_EDGE, 1))
                painter.setBrush(CLUSTER_FILL)
                painter.drawEllipse(QPointF(box.left() + 16, mid), 7, 7)
            else:
                pen = QPen(colour, 2.5 if kind == "path" else 1.6)
                painter.setPen(pen)
                painter.drawLine(QPointF(box.left() + 7, mid), QPointF(box.left() + 25, mid))
            painter.setPen(QColor("#1d2633"))
            painter.drawText(
                QRectF(box.left() + 32, y, width - 34, line), Qt.AlignmentFlag.AlignVCenter, text
            )
            y += line
        painter.restore()

    def render_image(self, scale: float = 1.0) -> QImage:
        """What the view shows now (the visible part of the map)."""
        size = self.viewport().size()
        image = QImage(
            QSize(int(size.width() * scale), int(size.height() * scale)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.fill(BACKGROUND)
        painter = QPainter(image)
        self.render(painter, QRectF(image.rect()), self.viewport().rect())
        painter.end()
        return image

    def whole_map_rect(self) -> QRectF:
        """Everyone on the map, with a margin for the names at its edges."""
        scene = self.scene()
        content = getattr(scene, "content", None) or scene.itemsBoundingRect()
        margin = max(content.width(), content.height()) * 0.04 + 40
        return content.adjusted(-margin, -margin, margin, margin)

    def _paint_whole_map(self, painter: QPainter, target: QRectF) -> None:
        """The whole network into *target*, whatever part the view shows, and the
        legend at the size it has on a screen as wide as *target* / EXPORT_LEGEND_WIDTH."""
        painter.fillRect(target, BACKGROUND)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.scene().render(
            painter, target, self.whole_map_rect(), Qt.AspectRatioMode.KeepAspectRatio
        )
        self._draw_legend(painter, target, max(1.0, target.width() / EXPORT_LEGEND_WIDTH))

    def export_size(self, long_side: int = EXPORT_LONG_SIDE) -> QSize:
        source = self.whole_map_rect()
        factor = long_side / max(source.width(), source.height(), 1.0)
        return QSize(
            max(1, round(source.width() * factor)), max(1, round(source.height() * factor))
        )

    def export_png(self, path: str, long_side: int = EXPORT_LONG_SIDE) -> bool:
        """The whole network as a PNG, *long_side* pixels on its longer side."""
        image = QImage(self.export_size(long_side), QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        self._paint_whole_map(painter, QRectF(image.rect()))
        painter.end()
        return image.save(path, "PNG")

    def export_svg(self, path: str, title: str = "NetDesk relationship map") -> None:
        """The whole network as an SVG drawing."""
        from PySide6.QtSvg import QSvgGenerator

        size = self.export_size(EXPORT_SVG_SIDE)
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(title)
        painter = QPainter(generator)
        self._paint_whole_map(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
