"""A person's job history in their editor: "Head of Data · Cobalt Health — current",
"Data Engineer · Cobalt Health — until 2 Dec 2026 (seen in your export)", and "Former
colleague: you were both at Northwind (2020–2021)". Shown only when there is more than
the organisation and role above already say."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from netdesk.services.positions.history import PositionRecord

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.services.positions.history import PositionService

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when_words(value: str) -> str:
    """ "2026-12-02" -> "2 Dec 2026", "2021-08" -> "Aug 2021", "2021" -> "2021"."""
    parts = value[:10].split("-")
    try:
        if len(parts) == 3:
            day = date.fromisoformat(value[:10])
            return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return value


def position_line(position: PositionRecord, seen_days: set[str]) -> str:
    """One position; *seen_days* are the days an export showed a change (an ended
    position closed on one of them was closed by that export)."""
    what = " · ".join(part for part in (position.role, position.organisation) if part)
    what = what or "A position"
    if position.current:
        since = f", since {when_words(position.started_on)}" if position.started_on else ""
        return f"{what} — current{since}"
    ended = position.ended_on or ""
    seen = " (seen in your export)" if ended in seen_days else ""
    if position.started_on and not seen:
        return f"{what} — {when_words(position.started_on)} to {when_words(ended)}"
    return f"{what} — until {when_words(ended)}{seen}"


def history_lines(positions: list[PositionRecord], colleagues: list[str]) -> list[str]:
    """What the section shows; empty when it would only repeat the current position."""
    lines: list[str] = []
    if len(positions) > 1 or any(not p.current for p in positions):
        seen_days = {p.seen_on for p in positions if p.change and p.seen_on}
        lines = [position_line(p, seen_days) for p in positions]
    lines += [f"Former colleague: you were both at {place}" for place in colleagues]
    return lines


class JobHistoryLabel(QLabel):
    """The editor's "Job history" row: one line per position, current first."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("jobHistory")
        self.setAccessibleName("Job history")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines: list[str] = []

    def show_history(self, positions: PositionService | None, contact_id: int | None) -> bool:
        """Read the person's history; False when there is nothing worth showing."""
        if positions is None or contact_id is None:
            self.lines = []
        else:
            self.lines = history_lines(
                positions.positions(contact_id), positions.former_colleagues(contact_id)
            )
        self.setText(self._rich_text())
        return bool(self.lines)

    def _rich_text(self) -> str:
        """Each position on two lines, when it was muted below what it was: a narrow
        editor wraps "— current" on its own otherwise."""
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        blocks = []
        for line in self.lines:
            what, dash, when = line.partition(" — ")
            text = html.escape(what)
            if dash:
                text += f"<br><span style='color: {muted};'>{html.escape(when)}</span>"
            blocks.append(f"<div style='margin-bottom: 5px;'>{text}</div>")
        return "".join(blocks)
