"""The Today page's Numbers section: meetings held, outreach accepted, referrals, the
network by relationship, the balance of gives and asks, and which networking events led
to conversations.

A part of `TodayPage` (see page.py), which calls `_build_numbers()` and `_show_numbers()`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from netdesk.services.followups.event_followups import EventConversions
from netdesk.services.followups.today import TodayData
from netdesk.services.text import count_of
from netdesk.services.vocabulary import relation_label
from netdesk.views.appearance import tone_sheet
from netdesk.views.charts import ColumnChart, ConversionChart, RateChart, RowChart
from netdesk.views.today.sections import MUTED, _Section


def _percent(accepted: int, decided: int) -> str:
    return f"{round(100 * accepted / decided)} %" if decided else "—"


class TodayNumbers:
    """Builds and fills the charts and captions of the Numbers section."""

    def _caption(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(MUTED)
        return label

    def _subheading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("font-weight: 600; padding-top: 8px;")
        return label

    def _build_numbers(self) -> QWidget:
        section = _Section("Numbers", "numbersSection", "")
        section.empty.hide()
        self.numbers_section = section
        self.meetings_chart = ColumnChart("meetingsChart")
        self.meetings_caption = self._caption("meetingsCaption")
        self.acceptance_chart = RateChart("acceptanceChart")
        self.acceptance_caption = self._caption("acceptanceCaption")
        self.referrals_chart = ColumnChart("referralsChart", height=76)
        self.referrals_caption = self._caption("referralsCaption")
        self.network_chart = RowChart("networkChart")
        self.network_caption = self._caption("networkCaption")
        self.reciprocity_caption = self._caption("reciprocityCaption")
        self.reciprocity_nudge = QLabel()
        self.reciprocity_nudge.setObjectName("reciprocityNudge")
        self.reciprocity_nudge.setWordWrap(True)
        self.reciprocity_nudge.setStyleSheet(tone_sheet("nudge", self))
        self.events_chart = ConversionChart("eventsChart")
        self.events_caption = self._caption("eventsCaption")
        for widget in (
            self._subheading("Meetings held per month"),
            self.meetings_chart,
            self.meetings_caption,
            self._subheading("Outreach accepted"),
            self.acceptance_chart,
            self.acceptance_caption,
            self._subheading("Referrals received"),
            self.referrals_chart,
            self.referrals_caption,
            self._subheading("Your network, by how you know them"),
            self.network_chart,
            self.network_caption,
            self._subheading("Gives and asks"),
            self.reciprocity_caption,
            self.reciprocity_nudge,
            self._subheading("Events: people met → conversations"),
            self.events_chart,
            self.events_caption,
        ):
            section.body.addWidget(widget)
        return section

    def _show_numbers(self, data: TodayData) -> None:
        stats = data.stats
        held = [(f"{m.month:%b}"[:3], m.count) for m in stats.meetings_per_month]
        total_held = sum(n for _m, n in held)
        self.meetings_chart.set_bars(
            held, f"{count_of(total_held, 'meeting')} held in the last 12 months, by month"
        )
        self.meetings_chart.setVisible(total_held > 0)
        self.meetings_caption.setText(
            f"{total_held} in the last 12 months."
            if total_held
            else "No meetings held yet. A 20-minute conversation is a fine start."
        )
        rates = stats.acceptance
        rows = [
            (label, r.accepted, r.declined, r.no_answer, r.pending)
            for label, r in (("Warm", rates.warm), ("Cold", rates.cold))
        ]
        overall = rates.overall
        described = (
            f"Warm: {_percent(rates.warm.accepted, rates.warm.decided)} of "
            f"{rates.warm.decided}; cold: {_percent(rates.cold.accepted, rates.cold.decided)} "
            f"of {rates.cold.decided}"
        )
        self.acceptance_chart.set_rows(rows, described)
        self.acceptance_chart.setVisible(bool(overall.decided or overall.pending))
        if overall.decided:
            text = (
                f"{overall.accepted} of {count_of(overall.decided, 'request')} accepted "
                f"({_percent(overall.accepted, overall.decided)})."
            )
            if overall.pending:
                text += f" {overall.pending} still open."
            text += f" No reply after {count_of(rates.no_answer_days, 'day')} counts as no answer."
        elif overall.pending:
            text = f"{count_of(overall.pending, 'request')} sent, no answers yet."
        else:
            text = (
                "Record your requests for a conversation to see how often people say yes. "
                "Most do, especially when someone introduces you."
            )
        self.acceptance_caption.setText(text)
        referred = [(f"{m.month:%b}"[:3], m.count) for m in stats.referrals_per_month]
        self.referrals_chart.set_bars(
            referred, f"{count_of(stats.referrals_total, 'referral')} received"
        )
        self.referrals_chart.setVisible(any(n for _m, n in referred))
        self.referrals_caption.setText(
            f"{count_of(stats.referrals_total, 'person', 'people')} suggested to you in all."
            if stats.referrals_total
            else "Close each conversation with “Who else should I talk to?”"
        )
        network = [(relation_label(r), n) for r, n in stats.network_by_relation]
        self.network_chart.set_rows(
            network, ", ".join(f"{label}: {n}" for label, n in network) or "Nobody yet"
        )
        self.network_chart.setVisible(bool(network))
        real = sum(n for _l, n in network)
        caption = f"{real:,} real relationship" + ("" if real == 1 else "s")
        if stats.linkedin_only:
            caption += f", plus {count_of(stats.linkedin_only, 'LinkedIn-only connection')}"
        if not real and not stats.linkedin_only:
            caption = "Nobody yet."
        self.network_caption.setText(caption + ("" if caption.endswith(".") else "."))
        balance = stats.reciprocity
        if balance.gives or balance.asks:
            self.reciprocity_caption.setText(
                f"You gave {count_of(balance.gives, 'time')} and asked "
                f"{count_of(balance.asks, 'time')}."
            )
        else:
            self.reciprocity_caption.setText(
                "Mark what you log as a give or an ask to see the balance here."
            )
        nudges = [n for n in [balance.overall_nudge()] if n]
        if stats.owing:
            names = ", ".join(p.name for p in stats.owing[:3])
            nudges.append(f"You have asked several times and not yet given to: {names}.")
        self.reciprocity_nudge.setText(" ".join(nudges))
        self.reciprocity_nudge.setVisible(bool(nudges))
        self._show_events(stats.events)

    def _show_events(self, events: list[EventConversions]) -> None:
        """Which evenings were worth it: of the people met, how many became conversations."""
        rows = [(_event_label(e), e.met, e.conversations) for e in events]
        described = "; ".join(
            f"{label}: {count_of(met, 'person', 'people')} met, {count_of(talks, 'conversation')}"
            for label, met, talks in rows
        )
        self.events_chart.set_rows(rows, described)
        self.events_chart.setVisible(bool(rows))
        met = sum(e.met for e in events)
        talks = sum(e.conversations for e in events)
        if not events:
            text = (
                "After an event, Capture People Met… (Ctrl+Shift+M): here you will see "
                "which evenings lead to conversations."
            )
        elif not met:
            text = "Nobody captured at these events yet."
        else:
            latest = "the last event" if len(events) == 1 else f"the last {len(events)} events"
            text = (
                f"{count_of(talks, 'conversation')} with the "
                f"{count_of(met, 'person', 'people')} met at {latest} "
                f"({_percent(talks, met)}); a meeting agreed or held since counts."
            )
        self.events_caption.setText(text)


def _event_label(event: EventConversions) -> str:
    return f"{event.name} · {event.held_on.day} {event.held_on:%b}"
