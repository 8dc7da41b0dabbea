"""The search's funnel drawn like the other charts: one bar per stage, as long as its
count, warm filled in, and "12 conversations → 4 referrals → …" with the days between."""

from __future__ import annotations

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
