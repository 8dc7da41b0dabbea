"""The map's view: zoom (wheel, pinch, keys), pan, the hover card, click and
drag-to-link; the legend drawn in its corner and export come from `MapExportMixin`."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsLineItem, QGraphicsView, QLabel

from netdesk.services.network.model import MapNode
from netdesk.services.vocabulary import CLOSENESS_LABELS, LINKEDIN_ONLY, RELATIONS
from netdesk.views.map.colours import PATH_COLOUR
from netdesk.views.map.export import MapExportMixin
from netdesk.views.map.scene import MapScene

MIN_ZOOM, MAX_ZOOM = 0.005, 6.0


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


class MapView(MapExportMixin, QGraphicsView):
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

    def fit_all(self, *, clear_of_legend: bool = False) -> None:
        """Show everyone drawn; *clear_of_legend*: right of the legend's column, so that
        none of the few people of a filter sits under it."""
        content = self.map.content
        if content.isEmpty():
            return
        legend = self.legend_width() + 10 if clear_of_legend else 0.0
        if legend:
            # Room on the left as wide as the legend at the zoom that fits the rest
            # (whether the width or the height decides that zoom).
            room = self.viewport().size()
            width = max(room.width() - legend, room.width() / 2)
            extra = legend * max(content.width() / width, content.height() / room.height())
            content = content.adjusted(-extra, 0, 0, 0)
        self.fitInView(content, Qt.AspectRatioMode.KeepAspectRatio)
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
