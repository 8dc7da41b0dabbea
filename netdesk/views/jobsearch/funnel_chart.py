"""The search's funnel drawn like the other charts: one bar per stage, as long as its
count, warm filled in, and "12 conversations → 4 referrals → …" with the days between."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from netdesk.services.jobsearch.funnel import Funnel
from netdesk.services.text import count_of
from netdesk.views.charts import ConversionChart

SINGULAR = {
    "conversations": "conversation",
    "referrals": "referral",
    "applications": "application",
    "interviews": "interview",
    "offers": "offer",
}
STEP_WORDS = {"applied": "applied", "screen": "screen", "interview": "interview",
              "offer": "offer", "rejected": "rejected", "withdrawn": "withdrawn"}  # fmt: skip


def funnel_line(funnel: Funnel) -> str:
    """'12 conversations → 4 referrals → 9 applications → 3 interviews → 1 offer'."""
    return " → ".join(count_of(s.total, SINGULAR[s.name], s.name) for s in funnel.stages)


def days_line(funnel: Funnel) -> str:
    """'Median days: applied → screen 7 · screen → interview 5'."""
    parts = [
        f"{STEP_WORDS[t.from_stage]} → {STEP_WORDS[t.to_stage]} {t.median_days:g}"
        for t in funnel.transitions
    ]
    return "Median days: " + " · ".join(parts) if parts else "No steps dated yet."


class FunnelChart(ConversionChart):
    """Rows: (label, total, warm): drawn as the events' conversions are, warm filled in
    and "total (warm · cold)" after each bar."""

    ROW_PADDING = 6

    def show_funnel(self, funnel: Funnel) -> None:
        rows = [(s.name.capitalize(), s.total, s.warm) for s in funnel.stages]
        self.set_rows(rows, funnel_line(funnel))

    def _caption(self, total: int, part: int) -> str:
        return f"{total:,}  ({part:,} warm · {total - part:,} cold)" if total else "0"

    def _emphasised(self, total: int, part: int) -> bool:
        return bool(total)


class HeadlineLine(QLabel):
    """The funnel's line in headline type, always on one line: where it does not fit it
    is set smaller (down to SMALLEST of its size), and only then elided; the whole
    line stays the label's text and tooltip. Wrapping split "0 offers" from its arrow."""

    SMALLEST = 0.8

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet("font-size: 11pt; font-weight: 600;")
        # Its width comes from the layout, never from the text's length.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def fitted(self) -> tuple[QFont, str]:
        """The font and the line painted at the label's width now."""
        font, width, text = QFont(self.font()), self.contentsRect().width(), self.text()
        full = font.pointSizeF()
        size = full
        while size > full * self.SMALLEST and QFontMetrics(font).horizontalAdvance(text) > width:
            size -= 0.5
            font.setPointSizeF(max(size, full * self.SMALLEST))
        line = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
        return font, line

    def sizeHint(self) -> QSize:
        return QSize(200, self.fontMetrics().height() + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.fontMetrics().height() + 2)

    def paintEvent(self, _event) -> None:
        font, line = self.fitted()
        painter = QPainter(self)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), align, line)
        painter.end()
