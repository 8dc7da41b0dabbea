"""The map's legend and its export: the whole network as PNG or SVG, whatever the
view shows. A mixin of `MapView`."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from netdesk.views.map.colours import BACKGROUND, CLUSTER_EDGE, CLUSTER_FILL

# Exports show the whole network, however the view is zoomed: a print-size picture, with
# the legend as large as on a screen this many pixels wide.
EXPORT_LONG_SIDE, EXPORT_SVG_SIDE, EXPORT_LEGEND_WIDTH = 2400, 1600, 1400


class MapExportMixin:
    """Legend, picture and export of a `MapView` (a QGraphicsView over a `MapScene`)."""

    def legend_width(self) -> float:
        """How wide the legend is on screen, its margin included (0 without one)."""
        if not self.legend_lines:
            return 0.0
        font = QFont()
        font.setPointSizeF(8.5)
        metrics = QFontMetricsF(font, self.viewport())
        return 10 + max(metrics.horizontalAdvance(t) for _k, _c, t in self.legend_lines) + 40

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
