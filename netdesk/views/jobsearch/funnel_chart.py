"""The search's funnel drawn like the other charts: one bar per stage, as long as its
count, warm filled in, and "12 conversations → 4 referrals → …" with the days between."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette

from netdesk.services.jobsearch.funnel import Funnel
from netdesk.services.text import count_of
from netdesk.views.appearance import tone
from netdesk.views.charts import ACCEPTED, _BarRows, _muted

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


class FunnelChart(_BarRows):
    """Rows: (label, total, warm). Warm is filled in; "warm / cold" follows the bar."""

    ROW_PADDING = 6

    def show_funnel(self, funnel: Funnel) -> None:
        rows = [(s.name.capitalize(), s.total, s.warm) for s in funnel.stages]
        self.set_rows(rows, funnel_line(funnel))

    def paintEvent(self, _event) -> None:
        if not self._rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        row_height = self._row_height()
        label_width = max(metrics.horizontalAdvance(row[0]) for row in self._rows) + 10
        captions = [self._caption(total, warm) for _label, total, warm in self._rows]
        caption_width = max(metrics.horizontalAdvance(c) for c in captions) + 10
        track = max(10, self.width() - label_width - caption_width)
        most = max(row[1] for row in self._rows) or 1
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for index, (label, total, warm) in enumerate(self._rows):
            y = index * row_height
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_width - 8, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )
            width = max(2.0, track * total / most) if total else 0.0
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tone("track", self))
            painter.drawRoundedRect(QRectF(label_width, y + 3, width, row_height - 6), 2, 2)
            if total and warm:
                painter.setBrush(ACCEPTED)
                filled = width * min(warm, total) / total
                painter.drawRoundedRect(QRectF(label_width, y + 3, filled, row_height - 6), 2, 2)
            painter.setPen(text if total else _muted(self))
            painter.drawText(
                QRectF(label_width + width + 6, y, caption_width, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                captions[index],
            )
        painter.end()

    @staticmethod
    def _caption(total: int, warm: int) -> str:
        return f"{total:,}  ({warm:,} warm · {total - warm:,} cold)" if total else "0"
