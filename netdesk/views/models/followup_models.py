"""Item models for the Today page and a person's timeline: small lists held as rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from netdesk.services.clock import SYSTEM_CLOCK
from netdesk.services.interactions import GIVE_ASK
from netdesk.services.interactions import KINDS as INTERACTION_KINDS
from netdesk.services.keep_in_touch import LapsedPerson, describe_interval
from netdesk.services.meetings.records import STATUSES
from netdesk.services.outreach import CHANNELS, RESPONSES, OutreachEntry
from netdesk.services.text import count_of
from netdesk.services.timeline import TimelineEntry
from netdesk.services.today import WeekMeeting
from netdesk.services.vocabulary import CLOSENESS_LABELS, relation_label
from netdesk.views.appearance import tone
from netdesk.views.models.roles import CONTACT_ID_ROLE, ID_ROLE

Row = TypeVar("Row")


def day_text(day: date, today: date) -> str:
    """'today', 'tomorrow', 'Tue 3 Mar', with the year only when it is not this year."""
    if day == today:
        return "today"
    if (day - today).days == 1:
        return "tomorrow"
    if (today - day).days == 1:
        return "yesterday"
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def sentence_case(text: str) -> str:
    """Upper-case the first letter only ("tomorrow" -> "Tomorrow", "Fri 4 Dec" stays)."""
    return text[:1].upper() + text[1:]


def ago(day: date, today: date) -> str:
    """How long ago, in the unit a person would use."""
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


class _RowsMixin(Generic[Row]):
    """Rows replaced as a whole on refresh; looked up by position."""

    _rows: list[Row]

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()  # type: ignore[attr-defined]
        self._rows = list(rows)
        self.endResetModel()  # type: ignore[attr-defined]

    def row_item(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)


class _TableModel(_RowsMixin[Row], QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None, today: Callable[[], date] = SYSTEM_CLOCK.today) -> None:
        super().__init__(parent)
        self._rows = []
        self._today = today

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None


def _names_in_title(item: WeekMeeting) -> bool:
    """True when the title already says who ("Call with Aiko Kim"): say it only once."""
    title = item.title.casefold()
    return all(name.strip().casefold() in title for name in item.people.split(","))


class WeekMeetingListModel(_RowsMixin[WeekMeeting], QAbstractListModel):
    """This week's meetings: day and time, title, with whom."""

    def __init__(self, parent=None, today: Callable[[], date] = SYSTEM_CLOCK.today) -> None:
        super().__init__(parent)
        self._rows = []
        self._today = today

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.row_item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == ID_ROLE:
            return item.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            when = f"{sentence_case(day_text(item.starts_at.date(), self._today()))} "
            when += f"{item.starts_at:%H:%M}"
            people = "" if _names_in_title(item) else f" with {item.people}"
            status = "" if item.status == "scheduled" else f" ({STATUSES.get(item.status, '')})"
            return f"{when}  {item.title}{people}{status}"
        if role == Qt.ItemDataRole.ForegroundRole and item.status == "held":
            return tone("past")  # in the palette now in use
        return None


LAPSED_HEADERS = ("Person", "How I know them", "Last in touch", "Keep in touch")


class LapsedTableModel(_TableModel[LapsedPerson]):
    """People to get back in touch with, strongest ties first (as the service orders)."""

    HEADERS = LAPSED_HEADERS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.row_item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role in (ID_ROLE, CONTACT_ID_ROLE):
            return item.contact_id
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return item.name + (f" · {item.organisation}" if item.organisation else "")
            if column == 1:
                return f"{relation_label(item.relation)} {'●' * item.closeness}"
            if column == 2:
                return ago(item.last_touch, self._today()) if item.touched else "not yet"
            return describe_interval(item.interval_days)
        if role == Qt.ItemDataRole.ToolTipRole:
            closeness = CLOSENESS_LABELS.get(item.closeness, "")
            since = (
                f"last in touch {item.last_touch:%d %b %Y}"
                if item.touched
                else f"nothing logged since they were added ({item.last_touch:%d %b %Y})"
            )
            return (
                f"{item.name}: {closeness.lower()}, {since}; due "
                f"{item.due_on:%d %b %Y} ({describe_interval(item.interval_days)})"
            )
        if role == Qt.ItemDataRole.FontRole and column == 0 and item.closeness >= 4:
            font = QFont()
            font.setBold(True)
            return font
        return None


OUTREACH_HEADERS = ("Person", "Sent", "How", "Waiting")


class OutreachTableModel(_TableModel[OutreachEntry]):
    """Requests awaiting an answer, longest waiting first."""

    HEADERS = OUTREACH_HEADERS

    def __init__(self, parent=None, today: Callable[[], date] = SYSTEM_CLOCK.today) -> None:
        super().__init__(parent, today)
        self.no_answer_days = 14

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.row_item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == ID_ROLE:
            return item.id
        if role == CONTACT_ID_ROLE:
            return item.contact_id
        today = self._today()
        late = item.unanswered_too_long(today, self.no_answer_days)
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return item.name
            if column == 1:
                return day_text(item.sent_on, today)
            if column == 2:
                how = CHANNELS.get(item.channel, item.channel)
                if item.warm:
                    return f"{how}, warm" + (f" via {item.via_name}" if item.via_name else "")
                return f"{how}, cold"
            days = item.days_waiting(today)
            return count_of(days, "day") + (" — no answer yet" if late else "")
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and late:
            return tone("overdue")
        if role == Qt.ItemDataRole.ToolTipRole:
            state = RESPONSES[item.response]
            hint = (
                f" After {count_of(self.no_answer_days, 'day')}, one polite follow-up is fine; "
                "or mark it as no answer."
                if late
                else ""
            )
            return f"{state}.{hint}" + (f"\n{item.note}" if item.note else "")
        return None


class TimelineListModel(_RowsMixin[TimelineEntry], QAbstractListModel):
    """A person's interactions and meetings, newest first."""

    def __init__(self, parent=None, today: Callable[[], date] = SYSTEM_CLOCK.today) -> None:
        super().__init__(parent)
        self._rows = []
        self._today = today

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.row_item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == ID_ROLE:
            return item.interaction_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            day = day_text(date.fromisoformat(item.day), self._today())
            kind = INTERACTION_KINDS.get(item.kind, item.kind)
            if item.planned:
                kind = "Planned meeting"
            text = f"{sentence_case(day)} · {kind}"
            if item.summary:
                text += f" — {item.summary}"
            if item.give_ask:
                text += f"  [{GIVE_ASK[item.give_ask]}]"
            return text
        if role == Qt.ItemDataRole.ForegroundRole and item.give_ask == "give":
            return tone("give")
        if role == Qt.ItemDataRole.ForegroundRole and item.give_ask == "ask":
            return tone("ask")
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.interaction_id is None:
                return "A meeting (open it on the Meetings page)"
            return "Right-click to mark it as a give or an ask, or to delete it"
        return None
