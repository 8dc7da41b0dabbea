"""The map's scene: holds the prepared projection, what is highlighted and selected,
and the two layers that draw it."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene

from netdesk.services.network.model import MapData
from netdesk.views.map.colours import BACKGROUND
from netdesk.views.map.geometry import SCALE, SceneData, prepare_scene
from netdesk.views.map.layers import EdgeLayer, NodeLayer


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
