"""The map's drawing surface: a QGraphicsView over a scene that projects `MapData`.

Two items draw everything — one for all edges, one for all nodes and labels — in
batches (one drawLines/drawPoints call per colour), culled to the exposed rectangle
through spatial indexes, with level of detail: clusters and dots when far, names
when near, and at most EDGE_BUDGET lines per frame (the strongest ties first, an even
sample of the rest).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeySequence,
    QPainter,
    QPen,
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

from netdesk.services.graph import MapData, MapNode
from netdesk.services.vocabulary import CLOSENESS_LABELS, LINKEDIN_ONLY, RELATIONS

log = logging.getLogger(__name__)
SCALE = 20.0  # scene pixels per layout unit at 100 %
EDGE_BUDGET = 5000  # lines drawn per frame at most
PIXEL_BUDGET = 1_200_000  # and this many pixels of line (drawing costs per pixel)
LABEL_BUDGET = 200
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
PATH_COLOUR = QColor("#f28e00")
CLUSTER_FILL = QColor(165, 171, 179, 70)
CLUSTER_EDGE = QColor(120, 128, 140, 140)
EDGE_STYLES = {  # kind -> (colour, cosmetic width)
    "tie": (QColor(70, 110, 170, 70), 1.0),
    "knows": (QColor(95, 105, 120, 90), 1.0),
    "introduced": (QColor(230, 120, 0, 190), 2.0),
    "referred": (QColor(40, 150, 90, 170), 1.6),
    "cluster": (QColor(120, 128, 140, 55), 1.0),
}


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


def _even(ids: np.ndarray, keep: int) -> np.ndarray:
    """*keep* of *ids*, evenly spread (a fair sample of a dense area)."""
    if keep >= len(ids):
        return ids
    if keep <= 0:
        return ids[:0]
    return ids[(np.arange(keep) * (len(ids) / keep)).astype(np.int64)]


def _covers(rect: QRectF, content: QRectF) -> bool:
    """The shown rectangle holds (nearly) the whole map."""
    shared = rect.intersected(content)
    return shared.width() * shared.height() >= 0.97 * content.width() * content.height()


class MapScene(QGraphicsScene):
    """Holds the projection and what is highlighted; the two layers read from it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(BACKGROUND)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.data = MapData([], [], {})
        self.points: list[QPointF] = []
        self.radii: list[float] = []
        self.content = QRectF()
        self.path_nodes: list[int] = []  # node indices of the highlighted warm path
        self.selected: int | None = None
        self.edges_drawn = 0
        self.paint_error: Exception | None = None
        self.edge_layer = EdgeLayer(self)
        self.node_layer = NodeLayer(self)
        self.addItem(self.edge_layer)
        self.addItem(self.node_layer)

    def set_data(self, data: MapData) -> None:
        self.data = data
        nodes = data.nodes
        xs = [n.x * SCALE for n in nodes]
        ys = [n.y * SCALE for n in nodes]
        self.radii = [node_radius(n) for n in nodes]
        self.points = [QPointF(x, y) for x, y in zip(xs, ys, strict=True)]
        if nodes:
            left = min(x - r for x, r in zip(xs, self.radii, strict=True))
            right = max(x + r for x, r in zip(xs, self.radii, strict=True))
            top = min(y - r for y, r in zip(ys, self.radii, strict=True))
            bottom = max(y + r for y, r in zip(ys, self.radii, strict=True))
            self.content = QRectF(left, top, right - left, bottom - top).adjusted(-60, -60, 60, 60)
        else:
            self.content = QRectF(-200, -200, 400, 400)
        self.xs, self.ys = np.array(xs), np.array(ys)
        self.radius_array = np.array(self.radii)
        self.selected = None
        self.path_nodes = []
        self.node_layer.prepare()
        self.edge_layer.prepare()
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
        self.prepareGeometryChange()


class EdgeLayer(_Layer):
    """Every line on the map, batched per style, culled (numpy) and budgeted."""

    def prepare(self) -> None:
        super().prepare()
        data, points = self.map.data, self.map.points
        self.styles: list[QPen] = []
        style_of: dict[tuple[str, int], int] = {}
        count = len(data.edges)
        ends = np.empty((count, 2), dtype=np.int64)
        style_ids = np.empty(count, dtype=np.int32)
        priority = np.empty(count, dtype=bool)
        nodes = data.nodes
        for e, (a, b, kind, weight) in enumerate(data.edges):
            ends[e] = a, b
            if kind == "tie":
                bucket = int(weight)
            else:
                bucket = min(3, int(math.log2(weight))) if weight >= 1 else 0
            key = (kind, bucket)
            if key not in style_of:
                style_of[key] = len(self.styles)
                self.styles.append(self._pen(kind, bucket))
            style_ids[e] = style_of[key]
            priority[e] = kind != "cluster" and not (
                nodes[a].relation == LINKEDIN_ONLY and nodes[b].relation == LINKEDIN_ONLY
            )
        xs = np.fromiter((p.x() for p in points), dtype=np.float64, count=len(points))
        ys = np.fromiter((p.y() for p in points), dtype=np.float64, count=len(points))
        self.ends, self.style_ids, self.priority = ends, style_ids, priority
        self.ax, self.ay = xs[ends[:, 0]], ys[ends[:, 0]]
        self.bx, self.by = xs[ends[:, 1]], ys[ends[:, 1]]
        self.left, self.right = np.minimum(self.ax, self.bx), np.maximum(self.ax, self.bx)
        self.top, self.bottom = np.minimum(self.ay, self.by), np.maximum(self.ay, self.by)
        self._everything: tuple[list[tuple[QPen, QPolygonF]], int] | None = None

    @staticmethod
    def _pen(kind: str, bucket: int) -> QPen:
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

    def visible(self, rect: QRectF) -> np.ndarray:
        """Indices of the edges that cross *rect* (not just their bounding boxes)."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        near = (self.left <= right) & (self.right >= left) & (self.top <= bottom)
        near &= self.bottom >= top
        ids = np.nonzero(near)[0]
        ax, ay = self.ax[ids], self.ay[ids]
        dx, dy = self.bx[ids] - ax, self.by[ids] - ay
        # A line misses the rectangle when all four corners lie on one side of it.
        sides = [
            dx * (cy - ay) - dy * (cx - ax) > 0
            for cx, cy in ((left, top), (right, top), (left, bottom), (right, bottom))
        ]
        same = (sides[0] == sides[1]) & (sides[0] == sides[2]) & (sides[0] == sides[3])
        inside = (self.left[ids] >= left) & (self.right[ids] <= right)
        inside &= (self.top[ids] >= top) & (self.bottom[ids] <= bottom)
        return ids[inside | ~same]

    def chosen(self, ids: np.ndarray, lod: float = 0.0, rect: QRectF | None = None) -> np.ndarray:
        """What a frame can afford: at most EDGE_BUDGET lines and PIXEL_BUDGET pixels of
        them on screen; my ties and links between real relationships first."""
        length = None
        if lod > 0 and rect is not None and len(ids):
            # On-screen length, clipped to the view's diagonal: drawing costs per pixel.
            diagonal = math.hypot(rect.width(), rect.height())
            span = np.hypot(self.bx[ids] - self.ax[ids], self.by[ids] - self.ay[ids])
            length = np.minimum(span, diagonal) * lod
        important = self.priority[ids]
        if length is None:
            strong, rest = ids[important], ids[~important]
            keep = min(len(strong), EDGE_BUDGET)
            return np.concatenate([strong[:keep], _even(rest, EDGE_BUDGET - keep)])
        # Near lines first: a line's pixels cost the same whether it is local structure
        # or a long line passing through, and the local ones say more.
        order = np.lexsort((length, ~important))
        affordable = np.cumsum(length[order]) <= PIXEL_BUDGET
        return ids[order[affordable][:EDGE_BUDGET]]

    def _batches(self, ids: np.ndarray) -> list[tuple[QPen, QPolygonF]]:
        points = self.map.points
        batches = []
        styles = self.style_ids[ids]
        for style in np.unique(styles):
            pairs = self.ends[ids[styles == style]].ravel().tolist()
            batches.append((self.styles[style], QPolygonF([points[i] for i in pairs])))
        return batches

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem) -> None:
        if not self.map.data.edges:
            self.map.edges_drawn = 0
            return
        rect = option.exposedRect
        if _covers(rect, self.map.content):
            # The whole map: the same budgeted batches every frame, made once.
            if self._everything is None:
                lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
                chosen = self.chosen(np.arange(len(self.ends)), lod, rect)
                self._everything = (self._batches(chosen), len(chosen))
            batches, drawn = self._everything
        else:
            lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
            chosen = self.chosen(self.visible(rect), lod, rect)
            batches, drawn = self._batches(chosen), len(chosen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, drawn < 1500)
        for pen, pairs in batches:
            painter.setPen(pen)
            painter.drawLines(pairs)
        self.map.edges_drawn = drawn


class NodeLayer(_Layer):
    """People, clusters, me and the names, with level of detail."""

    def prepare(self) -> None:
        super().prepare()
        data = self.map.data
        self.groups: dict[tuple[str, int], list[int]] = {}
        clusters, real, linkedin = [], [], []
        for i, node in enumerate(data.nodes):
            if node.kind == "person":
                self.groups.setdefault((node.relation, node.closeness), []).append(i)
                (linkedin if node.relation == LINKEDIN_ONLY else real).append(i)
            elif node.kind == "cluster":
                clusters.append(i)
        self.group_keys = list(self.groups)
        group_index = np.full(len(data.nodes), -1, dtype=np.int32)
        for g, ids in enumerate(self.groups.values()):
            group_index[ids] = g
        self.group_index = group_index
        self.clusters = np.array(clusters, dtype=np.int64)
        self.real = np.array(real, dtype=np.int64)
        self.linkedin = np.array(linkedin, dtype=np.int64)
        points = self.map.points
        self.full = [QPolygonF([points[i] for i in ids]) for ids in self.groups.values()]
        self.label_widths: dict[int, tuple[str, float]] = {}
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.bold = QFont(self.font)
        self.bold.setBold(True)

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem) -> None:
        scene = self.map
        data, points, radii = scene.data, scene.points, scene.radii
        if not data.nodes:
            return
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        rect = option.exposedRect
        shown = scene.visible_mask(rect)
        visible_count = int(np.count_nonzero(shown))

        # Organisations' LinkedIn clusters: soft discs under everything else.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(CLUSTER_EDGE, 0))
        painter.setBrush(CLUSTER_FILL)
        for i in self.clusters[shown[self.clusters]].tolist():
            r = radii[i]
            painter.drawEllipse(points[i], r, r)

        # People, one batch per colour and size. With most of them in view, Qt clips
        # the ready-made batches faster than we could pick the visible ones.
        if visible_count > 5000:
            batches = list(
                zip(self.group_keys, self.full, map(len, self.groups.values()), strict=True)
            )
        else:
            batches = []
            ids = np.nonzero(shown & (self.group_index >= 0))[0]
            groups = self.group_index[ids]
            for g in np.unique(groups).tolist():
                chosen = ids[groups == g].tolist()
                batches.append(
                    (self.group_keys[g], QPolygonF([points[i] for i in chosen]), len(chosen))
                )
        for (relation, closeness), dots, count in batches:
            r = radii[self.groups[(relation, closeness)][0]]
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

        visible = self.clusters[shown[self.clusters]].tolist()
        if lod >= 0.35:
            visible += self.real[shown[self.real]].tolist()
        if lod >= 1.6:
            visible += self.linkedin[shown[self.linkedin]].tolist()
        self._paint_me(painter, lod)
        self._paint_highlights(painter, lod)
        self._paint_labels(painter, lod, visible)

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

    def _paint_labels(self, painter: QPainter, lod: float, visible: Iterable[int]) -> None:
        """Names in screen space, most important first, never on top of each other."""
        scene = self.map
        nodes, points, radii = scene.data.nodes, scene.points, scene.radii
        candidates = []
        for i in visible:
            node = nodes[i]
            r = radii[i] * lod
            if node.kind == "cluster":
                if r >= 16 or (node.members >= 3 and r >= 9):
                    candidates.append((0, -node.members, i))
            elif node.kind == "person":
                linkedin = node.relation == LINKEDIN_ONLY
                if (not linkedin and lod >= 0.35) or (linkedin and lod >= 1.6):
                    candidates.append((1 if not linkedin else 2, -node.closeness, i))
        for i in (*scene.path_nodes, *([scene.selected] if scene.selected is not None else [])):
            if nodes[i].kind != "me":  # the path and the selection are always named
                candidates.append((-1, 0, i))
        if not candidates:
            return
        candidates.sort()
        transform = painter.worldTransform()
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        metrics = QFontMetricsF(self.font)
        bold_metrics = QFontMetricsF(self.bold)
        widths = self.label_widths
        taken: list[QRectF] = []
        cells: dict[tuple[int, int], list[QRectF]] = {}
        drawn = 0
        seen: set[int] = set()
        for tier, _rank, i in candidates:
            if i in seen:
                continue
            seen.add(i)
            node = nodes[i]
            centre = transform.map(points[i])
            cached = widths.get(i)
            if cached is None:
                if node.kind == "cluster":
                    text = f"{node.label} · {node.members:,}"
                    cached = widths[i] = (text, bold_metrics.horizontalAdvance(text) + 8)
                else:
                    cached = widths[i] = (node.label, metrics.horizontalAdvance(node.label) + 6)
            text, width = cached
            if node.kind == "cluster":
                fm, font = bold_metrics, self.bold
                box = QRectF(
                    centre.x() - width / 2, centre.y() - fm.height() / 2, width, fm.height()
                )
            else:
                fm, font = metrics, self.font
                r = max(radii[i] * lod, 3)
                box = QRectF(centre.x() - width / 2, centre.y() + r + 1, width, fm.height())
            if tier >= 0 and _overlaps(box, cells):
                continue
            _remember(box, cells)
            taken.append(box)
            painter.setFont(font)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 200))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor("#1d2633") if node.kind != "cluster" else QColor("#3c4450"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            drawn += 1
            if drawn >= LABEL_BUDGET:
                break
        painter.restore()


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
        """The legend, in the view's corner (also in exported images)."""
        if not self.legend_lines:
            return
        painter.save()
        painter.setWorldTransform(self.viewportTransform().inverted()[0] * painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont()
        font.setPointSizeF(8.5)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        line = metrics.height() + 3
        width = (
            max(metrics.horizontalAdvance(text) for _kind, _colour, text in self.legend_lines) + 40
        )
        height = line * len(self.legend_lines) + 12
        box = QRectF(10, self.viewport().height() - height - 10, width, height)
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

    def export_png(self, path: str, scale: float = 2.0) -> bool:
        return self.render_image(scale).save(path, "PNG")

    def export_svg(self, path: str, title: str = "NetDesk relationship map") -> None:
        from PySide6.QtSvg import QSvgGenerator

        size = self.viewport().size()
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(title)
        painter = QPainter(generator)
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), BACKGROUND)
        self.render(painter, QRectF(0, 0, size.width(), size.height()), self.viewport().rect())
        painter.end()
