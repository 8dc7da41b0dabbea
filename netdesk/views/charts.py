"""Small charts drawn with QPainter: a few numbers at a glance, in the palette's colours."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from netdesk.views.appearance import tone

ACCEPTED = QColor("#2e8b57")
DECLINED = QColor("#c8664f")
NO_ANSWER = QColor("#b9b9b9")


def _muted(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.PlaceholderText)


def _bar_colour(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.Highlight)


class ColumnChart(QWidget):
    """Vertical bars with a short label under each (e.g. months) and the value on top."""

    def __init__(self, name: str, height: int = 104, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._bars: list[tuple[str, int]] = []
        self._height = height
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[tuple[str, int]], description: str) -> None:
        self._bars = list(bars)
        self.setAccessibleDescription(description)
        self.setToolTip(description)
        self.update()

    def bars(self) -> list[tuple[str, int]]:
        return list(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(260, self._height)

    def paintEvent(self, _event) -> None:
        if not self._bars:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        label_height = metrics.height()
        top, bottom = label_height + 2, self.height() - label_height - 4
        slot = self.width() / len(self._bars)
        bar_width = max(4.0, min(26.0, slot * 0.6))
        highest = max((value for _label, value in self._bars), default=0) or 1
        muted, colour = _muted(self), _bar_colour(self)
        for index, (label, value) in enumerate(self._bars):
            centre = slot * index + slot / 2
            height = (bottom - top) * value / highest
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour if value else muted)
            if value:
                painter.drawRoundedRect(
                    QRectF(centre - bar_width / 2, bottom - height, bar_width, height), 2, 2
                )
                painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
                painter.drawText(
                    QRectF(
                        centre - slot / 2, bottom - height - label_height - 1, slot, label_height
                    ),
                    Qt.AlignmentFlag.AlignCenter,
                    str(value),
                )
            else:  # a hairline keeps empty months visible as months
                painter.drawRect(QRectF(centre - bar_width / 2, bottom - 1, bar_width, 1))
            painter.setPen(muted)
            painter.drawText(
                QRectF(centre - slot / 2, bottom + 3, slot, label_height),
                Qt.AlignmentFlag.AlignCenter,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot)),
            )
        painter.end()


class _BarRows(QWidget):
    """One horizontal bar row per category: rows, height and accessible text shared by the
    bar charts below, which paint the rows their own way."""

    ROW_PADDING = 6  # pixels above the text height

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._rows: list[tuple] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple], description: str) -> None:
        self._rows = list(rows)
        self.setAccessibleDescription(description)
        self.setToolTip(description)
        self.setFixedHeight(self._row_height() * len(self._rows) + 2)
        self.update()

    def rows(self) -> list[tuple]:
        return list(self._rows)

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + self.ROW_PADDING

    def sizeHint(self) -> QSize:
        return QSize(260, self._row_height() * max(1, len(self._rows)) + 2)


class RowChart(_BarRows):
    """Horizontal bars, one row per category with its label and count (e.g. relations).
    Rows: (label, count)."""

    def paintEvent(self, _event) -> None:
        if not self._rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        row_height = self._row_height()
        label_width = min(
            max(metrics.horizontalAdvance(label) for label, _n in self._rows) + 10,
            self.width() // 3,
        )
        count_width = max(metrics.horizontalAdvance(f"{n:,}") for _l, n in self._rows) + 8
        track = max(10, self.width() - label_width - count_width)
        highest = max(n for _l, n in self._rows) or 1
        text, colour = self.palette().color(QPalette.ColorRole.WindowText), _bar_colour(self)
        for index, (label, value) in enumerate(self._rows):
            y = index * row_height
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_width - 8, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8),
            )
            width = max(2.0, track * value / highest)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(label_width, y + 3, width, row_height - 6), 2, 2)
            painter.setPen(_muted(self))
            painter.drawText(
                QRectF(label_width + width + 4, y, count_width, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                f"{value:,}",
            )
        painter.end()


class RateChart(_BarRows):
    """Stacked bars per kind of request: accepted, declined, no answer, still pending.
    Rows: (label, accepted, declined, no answer, pending)."""

    ROW_PADDING = 8

    def paintEvent(self, _event) -> None:
        if not self._rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        row_height = self._row_height()
        label_width = max(metrics.horizontalAdvance(row[0]) for row in self._rows) + 10
        rate_width = metrics.horizontalAdvance("100 % of 999") + 10
        track = max(10, self.width() - label_width - rate_width)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for index, (label, accepted, declined, no_answer, pending) in enumerate(self._rows):
            y = index * row_height
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_width - 8, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )
            total = accepted + declined + no_answer + pending
            x = float(label_width)
            bar = QRectF(x, y + 4, track, row_height - 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tone("track", self))
            painter.drawRoundedRect(bar, 2, 2)
            for value, colour in (
                (accepted, ACCEPTED),
                (declined, DECLINED),
                (no_answer, NO_ANSWER),
            ):
                if total and value:
                    width = track * value / total
                    painter.setBrush(colour)
                    painter.drawRect(QRectF(x, y + 4, width, row_height - 8))
                    x += width
            decided = accepted + declined + no_answer
            caption = f"{round(100 * accepted / decided)} % of {decided}" if decided else "—"
            painter.setPen(_muted(self) if not decided else text)
            painter.drawText(
                QRectF(label_width + track + 6, y, rate_width, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                caption,
            )
        painter.end()


class ConversionChart(_BarRows):
    """Per event: a bar as long as the people met there, the part that became
    conversations filled in, and "met → conversations" after it.
    Rows: (label, met, conversations)."""

    ROW_PADDING = 8

    def paintEvent(self, _event) -> None:
        if not self._rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        row_height = self._row_height()
        label_width = min(
            max(metrics.horizontalAdvance(row[0]) for row in self._rows) + 10,
            int(self.width() * 0.45),
        )
        captions = [self._caption(row[1], row[2]) for row in self._rows]
        caption_width = max(metrics.horizontalAdvance(c) for c in captions) + 10
        track = max(10, self.width() - label_width - caption_width)
        most = max(row[1] for row in self._rows) or 1
        text = self.palette().color(QPalette.ColorRole.WindowText)
        inset = self.ROW_PADDING / 2
        for index, (label, met, conversations) in enumerate(self._rows):
            y = index * row_height
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_width - 8, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8),
            )
            width = max(2.0, track * met / most) if met else 0.0
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tone("track", self))
            bar = QRectF(label_width, y + inset, width, row_height - 2 * inset)
            painter.drawRoundedRect(bar, 2, 2)
            if met and conversations:
                painter.setBrush(ACCEPTED)
                filled = width * min(conversations, met) / met
                painter.drawRoundedRect(
                    QRectF(label_width, y + inset, filled, row_height - 2 * inset), 2, 2
                )
            painter.setPen(text if self._emphasised(met, conversations) else _muted(self))
            painter.drawText(
                QRectF(label_width + width + 6, y, caption_width, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self._caption(met, conversations),
            )
        painter.end()

    def _caption(self, total: int, part: int) -> str:
        """What follows a bar."""
        return _conversion(total, part)

    def _emphasised(self, total: int, part: int) -> bool:
        """Whether the caption reads in the text colour (else muted)."""
        return bool(part)


def _conversion(met: int, conversations: int) -> str:
    return f"{met:,} → {conversations:,}"
