"""Item models for the Today page and a person's timeline: small lists held as rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from netdesk.services.clock import SYSTEM_CLOCK
from netdesk.services.followups.interactions import GIVE_ASK
from netdesk.services.followups.interactions import KINDS as INTERACTION_KINDS
from netdesk.services.followups.keep_in_touch import LapsedPerson, describe_interval
from netdesk.services.followups.outreach import CHANNELS, RESPONSES, OutreachEntry
from netdesk.services.followups.timeline import TimelineEntry
from netdesk.services.followups.today import WeekMeeting
from netdesk.services.meetings.records import STATUSES
from netdesk.services.text import count_of
from netdesk.services.vocabulary import CLOSENESS_LABELS, relation_label
from netdesk.views.appearance import tone
from netdesk.views.models.roles import CONTACT_ID_ROLE, ID_ROLE
from netdesk.views.models.rows import Column, RowListModel, RowTableModel


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


def _names_in_title(item: WeekMeeting) -> bool:
    """True when the title already says who ("Call with Aiko Kim"): say it only once."""
    title = item.title.casefold()
    return all(name.strip().casefold() in title for name in item.people.split(","))


class WeekMeetingListModel(RowListModel[WeekMeeting]):
    """This week's meetings: day and time, title, with whom."""

    def __init__(self, parent=None, today: Callable[[], date] = SYSTEM_CLOCK.today) -> None:
        super().__init__(parent)
        self._today = today

    def columns(self):
        return (
            Column(
                text=self._describe,
                accessible=True,
                roles={Qt.ItemDataRole.ForegroundRole: _held_in_past_tone},
            ),
        )

    def row_roles(self):
        return {ID_ROLE: lambda item: item.id}

    def _describe(self, item: WeekMeeting) -> str:
        when = f"{sentence_case(day_text(item.starts_at.date(), self._today()))} "
        when += f"{item.starts_at:%H:%M}"
        people = "" if _names_in_title(item) else f" with {item.people}"
        status = "" if item.status == "scheduled" else f" ({STATUSES.get(item.status, '')})"
        return f"{when}  {item.title}{people}{status}"


def _held_in_past_tone(item: WeekMeeting):
    return tone("past") if item.status == "held" else None  # in the palette now in use


class LapsedTableModel(RowTableModel[LapsedPerson]):
    """People to get back in touch with, strongest ties first (as the service orders)."""

    def __init__(self, parent=None, today: Callable[[], date] = SYSTEM_CLOCK.today) -> None:
        super().__init__(parent)
        self._today = today

    def columns(self):
        tip = _lapsed_tooltip
        return (
            Column(
                "Person",
                lambda p: p.name + (f" · {p.organisation}" if p.organisation else ""),
                tip,
                accessible=True,
                roles={Qt.ItemDataRole.FontRole: _bold_when_close},
            ),
            Column(
                "How I know them",
                lambda p: f"{relation_label(p.relation)} {'●' * p.closeness}",
                tip,
                accessible=True,
            ),
            Column("Last in touch", self._last_touch, tip, accessible=True),
            Column("Keep in touch", lambda p: describe_interval(p.interval_days), tip, True),
        )

    def row_roles(self):
        contact_id = lambda person: person.contact_id  # noqa: E731
        return {ID_ROLE: contact_id, CONTACT_ID_ROLE: contact_id}

    def _last_touch(self, person: LapsedPerson) -> str:
        return ago(person.last_touch, self._today()) if person.touched else "not yet"


def _lapsed_tooltip(item: LapsedPerson) -> str:
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


def _bold_when_close(item: LapsedPerson) -> QFont | None:
    if item.closeness < 4:
        return None
    font = QFont()
    font.setBold(True)
    return font


class OutreachTableModel(RowTableModel[OutreachEntry]):
    """Requests awaiting an answer, longest waiting first."""

    def __init__(self, parent=None, today: Callable[[], date] = SYSTEM_CLOCK.today) -> None:
        super().__init__(parent)
        self._today = today
        self.no_answer_days = 14

    def columns(self):
        tip = self._tooltip
        return (
            Column("Person", lambda e: e.name, tip, accessible=True),
            Column("Sent", lambda e: day_text(e.sent_on, self._today()), tip, accessible=True),
            Column("How", _how, tip, accessible=True),
            Column(
                "Waiting",
                self._waiting,
                tip,
                accessible=True,
                roles={Qt.ItemDataRole.ForegroundRole: self._overdue_tone},
            ),
        )

    def row_roles(self):
        return {ID_ROLE: lambda entry: entry.id, CONTACT_ID_ROLE: lambda entry: entry.contact_id}

    def _late(self, entry: OutreachEntry) -> bool:
        return entry.unanswered_too_long(self._today(), self.no_answer_days)

    def _waiting(self, entry: OutreachEntry) -> str:
        if entry.replied_on is not None:
            return f"Replied {day_text(entry.replied_on, self._today())}: accepted?"
        days = entry.days_waiting(self._today())
        return count_of(days, "day") + (" — no answer yet" if self._late(entry) else "")

    def _overdue_tone(self, entry: OutreachEntry):
        if entry.replied_on is not None:
            return tone("accent")
        return tone("overdue") if self._late(entry) else None

    def _tooltip(self, entry: OutreachEntry) -> str:
        if entry.replied_on is not None:
            return (
                f"{entry.reply_prompt()} (a reply seen in your mailbox on "
                f"{entry.replied_on.day} {entry.replied_on:%b}). Say what it answered: "
                "Accepted, Declined or No answer."
            )
        state = RESPONSES[entry.response]
        hint = (
            f" After {count_of(self.no_answer_days, 'day')}, one polite follow-up is fine; "
            "or mark it as no answer."
            if self._late(entry)
            else ""
        )
        return f"{state}.{hint}" + (f"\n{entry.note}" if entry.note else "")


def _how(entry: OutreachEntry) -> str:
    how = CHANNELS.get(entry.channel, entry.channel)
    if entry.warm:
        return f"{how}, warm" + (f" via {entry.via_name}" if entry.via_name else "")
    return f"{how}, cold"


class TimelineListModel(RowListModel[TimelineEntry]):
    """A person's interactions and meetings, newest first."""

    def __init__(self, parent=None, today: Callable[[], date] = SYSTEM_CLOCK.today) -> None:
        super().__init__(parent)
        self._today = today

    def columns(self):
        return (
            Column(
                text=self._describe,
                tooltip=_timeline_tooltip,
                accessible=True,
                roles={Qt.ItemDataRole.ForegroundRole: _give_or_ask_tone},
            ),
        )

    def row_roles(self):
        return {ID_ROLE: lambda item: item.interaction_id}

    def _describe(self, item: TimelineEntry) -> str:
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


def _give_or_ask_tone(item: TimelineEntry):
    return tone(item.give_ask) if item.give_ask in ("give", "ask") else None


def _timeline_tooltip(item: TimelineEntry) -> str:
    if item.interaction_id is None:
        return "A meeting (open it on the Meetings page)"
    return "Right-click to mark it as a give or an ask, or to delete it"
