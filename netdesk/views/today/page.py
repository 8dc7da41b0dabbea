"""The Today page: what to do today to keep relationships alive. The page NetDesk opens on.

Left: follow-ups due, people to get back in touch with (strongest ties first, a few at a
time), requests awaiting an answer. Right: this week's meetings and a few numbers.
Every action can be undone with Ctrl+Z.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.changes import Change
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups.bundle import FollowUpServices
from netdesk.services.followups.today import UPCOMING_DAYS, TodayData
from netdesk.services.text import count_of
from netdesk.views.changes import ChangeRelay, follow_changes
from netdesk.views.models.roles import CONTACT_ID_ROLE, ID_ROLE
from netdesk.views.today.actions import TodayActions
from netdesk.views.today.address_book import TodayAddressBook
from netdesk.views.today.event_groups import TodayEventGroups
from netdesk.views.today.job_changes import TodayJobChanges
from netdesk.views.today.job_search import TodayJobSearch
from netdesk.views.today.lists import TodayLists
from netdesk.views.today.meet_prompts import TodayMeetPrompts
from netdesk.views.today.numbers import TodayNumbers
from netdesk.views.today.sections import MAX_TABLE_ROWS, MUTED, _button, _fit_table, _Section
from netdesk.views.today.welcome import first_steps_panel

if TYPE_CHECKING:  # built in app.py on first use (the calendar's services)
    from netdesk.services.calendar.prompts import MeetPromptService
    from netdesk.services.carddav.answers import ContactAnswerService
    from netdesk.services.jobsearch.applications import ApplicationService
    from netdesk.services.positions.history import PositionService

SHOW_UPCOMING, HIDE_UPCOMING = "#show-upcoming", "#hide-upcoming"


# Everything the page's lists and numbers are made of.
FOLLOWS = (
    Change.PEOPLE
    | Change.MEETINGS
    | Change.REFERRALS
    | Change.TODOS
    | Change.INTERACTIONS
    | Change.OUTREACH
    | Change.SETTINGS
    | Change.JOB_SEARCH
)


class TodayPage(
    TodayActions,
    TodayEventGroups,
    TodayMeetPrompts,
    TodayAddressBook,
    TodayJobChanges,
    TodayJobSearch,
    TodayLists,
    TodayNumbers,
    QWidget,
):
    person_requested = Signal(int)  # open this person
    event_requested = Signal(int)  # open this networking event
    meeting_requested = Signal(int)  # open this meeting
    new_meeting_requested = Signal(int)  # plan a meeting with this person
    email_requested = Signal(int)  # a draft that fits this person now
    check_in_requested = Signal(int)  # a keeping-in-touch draft to this person
    congratulate_requested = Signal(int)  # a congratulation on this person's new job
    log_requested = Signal(int)  # quick-log with this person (0: nobody chosen)
    status_message = Signal(str)
    add_person_requested = Signal()  # an empty network: first steps
    import_requested = Signal()
    sample_requested = Signal()

    def __init__(
        self,
        followups: FollowUpServices,
        contacts: ContactService,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
        prompts: Callable[[], MeetPromptService] | None = None,
        contact_answers: Callable[[], ContactAnswerService] | None = None,
        positions: Callable[[], PositionService] | None = None,
        applications: Callable[[], ApplicationService] | None = None,
    ) -> None:
        """*prompts*, *contact_answers*, *positions*, *applications*: services built when
        first used (calendar, CardDAV, job history, the job search)."""
        super().__init__(parent)
        self.setObjectName("todayPage")
        self._prompt_service = prompts
        self._answer_service = contact_answers
        self._position_service = positions
        self._application_service = applications
        self._f = followups
        self._contacts = contacts
        self._undo = undo_stack or QUndoStack(self)
        self._show_upcoming = False  # the follow-ups list also shows the coming week
        self._open_groups: set[tuple[int, bool]] = set()  # event lines the user opened
        self.data: TodayData | None = None
        self._build()
        # Left open overnight, the page moves to the new day (checked once a minute).
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(60_000)
        self._day_timer.timeout.connect(self._on_day_timer)
        self._day_timer.start()

    def follow(self, changes: ChangeRelay) -> None:
        """Stay current with whatever Today shows, wherever it changed."""
        follow_changes(self, changes, FOLLOWS, self.refresh, stale=True)  # read when seen

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._on_day_timer()  # hidden overnight: shown on the new day

    def _on_day_timer(self) -> None:
        if self.data is None or not self.isVisible():
            return
        if self._f.today.today() != self.data.today:
            self.refresh()

    # --- building --------------------------------------------------------

    def _today(self) -> date:
        return self.data.today if self.data is not None else self._f.clock.today()

    def _build(self) -> None:
        self.heading = QLabel("Today")
        self.heading.setObjectName("todayHeading")
        self.heading.setStyleSheet("font-size: 17pt; font-weight: 600;")
        self.summary = QLabel()
        self.summary.setObjectName("todaySummary")
        self.summary.setStyleSheet(MUTED)
        self.summary.setWordWrap(True)
        self.new_todo_button = _button(
            "New to-do…", "newTodo", "Add a follow-up by hand (Ctrl+T)", self.new_todo, "todo"
        )
        self.log_button = _button(
            "Log interaction…",
            "logInteraction",
            "A call, a message, a coffee: restarts keeping in touch (Ctrl+L)",
            lambda: self.log_requested.emit(0),
            "log-interaction",
        )
        self.outreach_button = _button(
            "Record outreach…",
            "recordOutreach",
            "A request for a conversation you have sent",
            lambda: self.record_outreach(None),
            "send",
        )
        self.reminders_button = _button(
            "Reminders…",
            "remindersSettings",
            "How often to keep in touch by relationship, and notifications",
            self.edit_reminders,
            "bell",
        )
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.heading)
        titles.addWidget(self.summary)
        top.addLayout(titles, 1)
        for button in (
            self.new_todo_button,
            self.log_button,
            self.outreach_button,
            self.reminders_button,
        ):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        left = QVBoxLayout()
        left.setSpacing(0)
        left.addWidget(self._build_welcome())
        left.addWidget(self._build_meet_prompts())
        left.addWidget(self._build_job_changes())
        left.addWidget(self._build_job_search())
        left.addWidget(self._build_address_book())
        left.addWidget(self._build_todos())
        left.addWidget(self._build_lapsed())
        left.addWidget(self._build_awaiting())
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(0)
        right.addWidget(self._build_week())
        right.addWidget(self._build_numbers())
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        body = QWidget()
        body.setObjectName("todayBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(14)
        layout.addLayout(top)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setObjectName("todayScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _build_welcome(self) -> QWidget:
        """First steps, shown while the network is empty."""
        self.welcome_wrapper, self.welcome = first_steps_panel(
            self.add_person_requested.emit, self.import_requested.emit, self.sample_requested.emit
        )
        return self.welcome_wrapper

    # --- showing ---------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild from the database (cheap: a handful of indexed queries)."""
        keep = (
            self._todo_place(),
            self._current(self.lapsed_table, CONTACT_ID_ROLE),
            self._current(self.outreach_table, ID_ROLE),
        )
        data = self._f.today.build()
        self.data = data
        self.show_data(data, keep)
        self._refresh_job_changes()
        self._refresh_job_search()

    def show_data(self, data: TodayData, keep: tuple = (None, None, None)) -> None:
        self.data = data
        today = data.today
        self.heading.setText(f"Today · {today:%A} {today.day} {today:%B}")
        self.summary.setText(self._summary_text(data))
        self._show_meet_prompts(data.meet_prompts)
        self._show_address_book(data.deleted_cards, data.card_conflicts)
        self.todo_model.set_today(today)
        todos = list(data.todos)
        if self._show_upcoming and data.upcoming_todos:
            todos += self._f.todos.due_between(
                today + timedelta(days=1), today + timedelta(days=UPCOMING_DAYS)
            )
        self.todo_model.set_todos(todos, data.events)
        self._reopen_groups()
        self.todos_section.set_title("Follow-ups", len(data.todos))
        self.todos_section.set_hint(self._upcoming_hint(data.upcoming_todos))
        self._show_rows(self.todos_section, self.todo_buttons, len(todos))
        self.todo_list.fit()

        self.lapsed_model.set_rows(data.lapsed)
        self.lapsed_section.set_title("Get back in touch", data.lapsed_total)
        more = data.lapsed_total - len(data.lapsed)
        hint = "Strongest ties first."
        if more > 0:
            hint += f" {more:,} more after these: one conversation at a time."
        self.lapsed_section.set_hint(hint if data.lapsed else None)
        self._show_rows(self.lapsed_section, self.lapsed_buttons, len(data.lapsed))
        real = sum(n for _r, n in data.stats.network_by_relation)
        self.lapsed_section.empty.setText(
            "Everyone you keep in touch with has heard from you recently."
            if real
            else "Reminders start once you say how you know someone: on Contacts, set "
            "“How I know them” for the people you could call tomorrow."
        )
        self.welcome_wrapper.setVisible(real == 0 and data.stats.linkedin_only == 0)
        _fit_table(self.lapsed_table, len(data.lapsed), MAX_TABLE_ROWS)

        self.outreach_model.no_answer_days = data.no_answer_days
        self.outreach_model.set_rows(data.awaiting)
        self.awaiting_section.set_title("Awaiting an answer", data.awaiting_total)
        more = data.awaiting_total - len(data.awaiting)
        replied = [entry for entry in data.awaiting if entry.replied_on is not None]
        hints = []
        if len(replied) == 1:
            hints.append(replied[0].reply_prompt())
        elif replied:
            hints.append(f"{len(replied)} people replied to your requests: accepted?")
        if more > 0:
            hints.append(f"Longest waiting first; {more:,} more, sent since.")
        self.awaiting_section.set_hint(" ".join(hints) or None)
        self._show_rows(self.awaiting_section, self.outreach_buttons, len(data.awaiting))
        _fit_table(self.outreach_table, len(data.awaiting), MAX_TABLE_ROWS)

        self.week_model.set_rows(data.meetings)
        self.week_section.set_title("This week", len(data.meetings))
        self.week_section.empty.setVisible(not data.meetings)
        self.week_list.fit()

        self._show_numbers(data)
        self._restore_todo_place(keep[0])
        self._restore(self.lapsed_table, CONTACT_ID_ROLE, keep[1])
        self._restore(self.outreach_table, ID_ROLE, keep[2])
        self._update_buttons()

    @staticmethod
    def _show_rows(section: _Section, buttons: QWidget, rows: int) -> None:
        section.empty.setVisible(rows == 0)
        buttons.setVisible(rows > 0)

    @staticmethod
    def _summary_text(data: TodayData) -> str:
        overdue = len(data.overdue_todos)
        due = len(data.todos) - overdue
        parts = []
        if overdue:
            parts.append(f"{overdue} overdue")
        if due:
            parts.append(f"{due} to do today")
        if data.meetings:
            parts.append(
                f"{len(data.meetings)} meeting"
                + ("s" if len(data.meetings) != 1 else "")
                + " this week"
            )
        if data.lapsed_total:
            people = "person" if data.lapsed_total == 1 else "people"
            parts.append(f"{data.lapsed_total:,} {people} to get back in touch with")
        if data.awaiting_total:
            parts.append(f"{data.awaiting_total} awaiting an answer")
        if not parts:
            return "All caught up. A good day to reach out to someone new, or to give something."
        return " · ".join(parts) + "."

    def _upcoming_hint(self, upcoming: int) -> str | None:
        """A link that shows (or hides again) what is due in the coming week."""
        if not upcoming:
            return None
        if self._show_upcoming:
            return f"Showing the coming week too · <a href='{HIDE_UPCOMING}'>Only what is due</a>"
        due = count_of(upcoming, "more follow-up", "more follow-ups")
        return f"<a href='{SHOW_UPCOMING}'>{due} due in the coming week</a>"

    def _on_todo_hint_link(self, link: str) -> None:
        self._show_upcoming = link == SHOW_UPCOMING
        if self.data is not None:
            self.show_data(self.data)

    @staticmethod
    def _current(view: QAbstractItemView, role) -> int | None:
        index = view.currentIndex()
        return index.data(role) if index.isValid() else None

    @staticmethod
    def _restore(view: QAbstractItemView, role, wanted: int | None) -> None:
        model = view.model()
        row = 0
        if wanted is not None:
            for candidate in range(model.rowCount()):
                if model.index(candidate, 0).data(role) == wanted:
                    row = candidate
                    break
        if model.rowCount():
            view.setCurrentIndex(model.index(row, 0))
