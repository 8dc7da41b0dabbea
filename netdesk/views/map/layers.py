"""The map's two layers, `EdgeLayer` and `NodeLayer`.

Two items draw everything — one for all edges, one for all nodes and labels — in
batches (one drawLines/drawPoints call per colour), culled to the exposed rectangle
through numpy arrays, with level of detail: clusters and dots when far, names when
near, and at most EDGE_BUDGET lines and PIXEL_BUDGET pixels of them per frame (the
strongest ties first, then the nearest).

Where a frame's time goes, and what keeps it short: line pixels (the budget; lines
are antialiased only while their pixels fit AA_PIXEL_BUDGET, my ties and real
relationships' links first), cluster discs (antialiased only when big enough on screen
to show it), and names (drawn once into a cache of small pixmaps, then blitted).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPaintEngine,
    QPainter,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from netdesk.services.vocabulary import LINKEDIN_ONLY
from netdesk.views.map.colours import (
    CLUSTER_EDGE,
    CLUSTER_FILL,
    CLUSTER_TEXT,
    LABEL_TEXT,
    ME_COLOUR,
    PATH_COLOUR,
    group_colour,
    relation_colour,
)
from netdesk.views.map.geometry import _covers, zoom_band
from netdesk.views.map.labels import LabelCache, _draw_label, _overlaps, _remember

if TYPE_CHECKING:
    from netdesk.views.map.scene import MapScene

log = logging.getLogger(__name__)
SMOOTH_DISC = 7.0  # cluster discs smaller than this on screen (px) are drawn without AA
LABEL_BUDGET = 200


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
