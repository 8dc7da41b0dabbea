"""The Today page: what to do today to keep relationships alive. The page NetDesk opens on.

Left: follow-ups due, people to get back in touch with (strongest ties first, a few at a
time), requests awaiting an answer. Right: this week's meetings and a few numbers.
Every action can be undone with Ctrl+Z.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.contacts import ContactService
from netdesk.services.followups import FollowUpServices
from netdesk.services.text import count_of
from netdesk.services.today import UPCOMING_DAYS, TodayData
from netdesk.services.vocabulary import relation_label
from netdesk.views.appearance import tone_sheet
from netdesk.views.charts import ColumnChart, RateChart, RowChart
from netdesk.views.followup_dialogs import (
    OutreachDialog,
    RemindersDialog,
    TodoDialog,
    snooze_choices,
)
from netdesk.views.icons import set_icon
from netdesk.views.models.followup_models import (
    LapsedTableModel,
    OutreachTableModel,
    WeekMeetingListModel,
)
from netdesk.views.models.roles import CONTACT_ID_ROLE, ID_ROLE
from netdesk.views.models.todo_models import TodoListModel

MUTED = "color: palette(placeholder-text);"
MAX_TODO_ROWS = 10
MAX_TABLE_ROWS = 8
SHOW_UPCOMING, HIDE_UPCOMING = "#show-upcoming", "#hide-upcoming"


class _Command(QUndoCommand):
    """An action with its inverse; the first redo() is the action itself."""

    def __init__(self, text: str, do: Callable[[], None], undo: Callable[[], None]) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo

    def redo(self) -> None:
        self._do()

    def undo(self) -> None:
        self._undo()


class _Section(QFrame):
    """A titled block: heading, an optional hint, the content, and an empty-state line."""

    def __init__(self, title: str, name: str, empty_text: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.title = QLabel(title)
        self.title.setObjectName(f"{name}Title")
        self.title.setStyleSheet("font-size: 12.5pt; font-weight: 600;")
        self.hint = QLabel()
        self.hint.setStyleSheet(MUTED)
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.empty = QLabel(empty_text)
        self.empty.setObjectName(f"{name}Empty")
        self.empty.setStyleSheet(MUTED + " padding: 4px 0 8px 0;")
        self.empty.setWordWrap(True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 4, 0, 14)
        self.body.setSpacing(6)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        self.heading = heading
        self.body.addLayout(heading)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.empty)

    def set_title(self, title: str, count: int | None = None) -> None:
        self.title.setText(title if not count else f"{title}  ({count:,})")

    def set_hint(self, text: str | None) -> None:
        self.hint.setText(text or "")
        self.hint.setVisible(bool(text))


class _FittingList(QListView):
    """As tall as its (wrapped) rows, up to a limit: the page scrolls, not each little
    list. Refitted when a new width wraps the rows differently."""

    def __init__(self, max_rows: int) -> None:
        super().__init__()
        self._max_rows = max_rows
        self._fitted_width = -1
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(2)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def fit(self) -> None:
        rows = self.model().rowCount() if self.model() else 0
        self.setVisible(rows > 0)
        if rows == 0:
            return
        self.doItemsLayout()  # wrap at the current width before measuring
        last = self.rectForIndex(self.model().index(min(rows, self._max_rows) - 1, 0))
        # Scrolling only when rows are left out; a scroll bar would narrow and rewrap.
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if rows > self._max_rows
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.setFixedHeight(last.bottom() + 1 + self.spacing() + 2 * self.frameWidth())
        self._fitted_width = self.viewport().width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._fitted_width:
            self.fit()


def _fit_table(view: QTableView, rows: int, max_rows: int) -> None:
    view.setVisible(rows > 0)
    if rows == 0:
        return
    shown = min(rows, max_rows)
    height = view.horizontalHeader().height() + view.verticalHeader().defaultSectionSize() * shown
    view.setFixedHeight(height + 2 * view.frameWidth() + 2)


def _table(name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setHighlightSections(False)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return table


def _button(text: str, name: str, tip: str, slot, icon: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    if icon:
        set_icon(button, icon)
    # clicked(bool) would hand `checked` to the slot's first optional parameter
    # (new_todo(contact_id=False)).
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _menu_button(text: str, name: str, tip: str, icon: str | None = None) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setMenu(QMenu(button))
    if icon:
        set_icon(button, icon)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    else:
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


def _row_layout(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _percent(accepted: int, decided: int) -> str:
    return f"{round(100 * accepted / decided)} %" if decided else "—"


class TodayPage(QWidget):
    person_requested = Signal(int)  # open this person
    meeting_requested = Signal(int)  # open this meeting
    new_meeting_requested = Signal(int)  # plan a meeting with this person
    email_requested = Signal(int)  # a draft that fits this person now
    check_in_requested = Signal(int)  # a keeping-in-touch draft to this person
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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self._f = followups
        self._contacts = contacts
        self._undo = undo_stack or QUndoStack(self)
        self._mail = False
        self._show_upcoming = False  # the follow-ups list also shows the coming week
        self.data: TodayData | None = None
        self._build()
        # Left open overnight, the page moves to the new day (checked once a minute).
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(60_000)
        self._day_timer.timeout.connect(self._on_day_timer)
        self._day_timer.start()

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
        self.welcome = QFrame()
        self.welcome.setObjectName("welcome")
        self.welcome.setStyleSheet(
            "#welcome { border: 1px solid palette(mid); border-radius: 6px; "
            "background: palette(base); }"
        )
        title = QLabel("Your network starts with people you already know")
        title.setStyleSheet("font-size: 12.5pt; font-weight: 600;")
        text = QLabel(
            "Family, friends, teachers, classmates, neighbours, former colleagues: each of "
            "them knows others. Add a few, or bring your LinkedIn connections (they stay out "
            "of the way until you say how you know someone)."
        )
        text.setWordWrap(True)
        add = _button(
            "Add a person…", "welcomeAdd", "Ctrl+N", self.add_person_requested.emit, "add-person"
        )
        add.setDefault(True)
        linkedin = _button(
            "Import LinkedIn export…",
            "welcomeImport",
            "Connections.csv or the whole export .zip (Ctrl+I); you can also drop it here",
            self.import_requested.emit,
            "import",
        )
        sample = _button(
            "Try the sample network",
            "welcomeSample",
            "Invented people to look around with; undo it with Edit → Undo Last Import",
            self.sample_requested.emit,
            "map",
        )
        layout = QVBoxLayout(self.welcome)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(_row_layout(add, linkedin, sample))
        wrapper = QWidget()
        outer = QVBoxLayout(wrapper)
        outer.setContentsMargins(0, 0, 0, 18)
        outer.addWidget(self.welcome)
        self.welcome_wrapper = wrapper
        wrapper.hide()
        return wrapper

    def _build_todos(self) -> QWidget:
        section = _Section("Follow-ups", "todosSection", "Nothing due. Enjoy the quiet.")
        self.todos_section = section
        section.hint.setObjectName("todosHint")
        section.hint.setTextFormat(Qt.TextFormat.RichText)
        section.hint.linkActivated.connect(self._on_todo_hint_link)
        self.todo_model = TodoListModel(self, self._f.clock)
        self.todo_model.done_toggled.connect(self._on_todo_done_toggled)
        self.todo_list = _FittingList(MAX_TODO_ROWS)
        self.todo_list.setObjectName("todayTodos")
        self.todo_list.setAccessibleName("Follow-ups due")
        self.todo_list.setModel(self.todo_model)
        self.todo_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.todo_list.setToolTip("Tick when done (Space); double-click opens the person")
        self.todo_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.todo_list.customContextMenuRequested.connect(self._on_todo_menu)
        self.todo_list.doubleClicked.connect(lambda _i: self._open_todo_person())
        self.todo_list.selectionModel().currentChanged.connect(self._update_buttons)
        self.todo_done = _button(
            "Done", "todoDone", "Mark done (Space)", self.complete_todo, "check"
        )
        self.todo_snooze = _menu_button("Snooze", "todoSnooze", "Hide it until later", "snooze")
        self.todo_email = _button(
            "Write email…",
            "todoEmail",
            "A draft for this follow-up",
            self._email_todo_person,
            "mail",
        )
        self.todo_email.hide()
        self.todo_open = _button(
            "Open person",
            "todoOpen",
            "Show them on the Contacts page",
            self._open_todo_person,
            "person",
        )
        section.body.addWidget(self.todo_list)
        self.todo_buttons = QWidget()
        self.todo_buttons.setLayout(
            _row_layout(self.todo_done, self.todo_snooze, self.todo_email, self.todo_open)
        )
        self.todo_buttons.layout().setContentsMargins(0, 0, 0, 0)
        section.body.addWidget(self.todo_buttons)
        return section

    def _build_lapsed(self) -> QWidget:
        section = _Section(
            "Get back in touch",
            "lapsedSection",
            "Everyone you keep in touch with has heard from you recently.",
        )
        self.lapsed_section = section
        self.lapsed_model = LapsedTableModel(self, today=self._today)
        self.lapsed_table = _table("lapsedTable", "People to get back in touch with")
        self.lapsed_table.setModel(self.lapsed_model)
        header = self.lapsed_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.lapsed_table.doubleClicked.connect(lambda _i: self._open_lapsed_person())
        self.lapsed_table.customContextMenuRequested.connect(self._on_lapsed_menu)
        self.lapsed_table.selectionModel().currentChanged.connect(self._update_buttons)
        self.lapsed_email = _button(
            "Write a check-in…",
            "lapsedEmail",
            "A short keeping-in-touch email, ready to edit",
            self._email_lapsed_person,
            "mail",
        )
        self.lapsed_email.hide()
        self.lapsed_log = _button(
            "Log a touch…",
            "lapsedLog",
            "You were in touch some other way: log it",
            lambda: self._with_lapsed(self.log_requested.emit),
            "log-interaction",
        )
        self.lapsed_snooze = _menu_button("Snooze", "lapsedSnooze", "Remind me later", "snooze")
        self.lapsed_stop = _button(
            "Stop reminding",
            "lapsedStop",
            "No more keep-in-touch reminders for this person (undo with Ctrl+Z)",
            self.stop_reminding,
        )
        section.body.addWidget(self.lapsed_table)
        self.lapsed_buttons = QWidget()
        self.lapsed_buttons.setLayout(
            _row_layout(self.lapsed_email, self.lapsed_log, self.lapsed_snooze, self.lapsed_stop)
        )
        self.lapsed_buttons.layout().setContentsMargins(0, 0, 0, 0)
        section.body.addWidget(self.lapsed_buttons)
        return section

    def _build_awaiting(self) -> QWidget:
        section = _Section(
            "Awaiting an answer",
            "awaitingSection",
            "No requests waiting. Who would you like to talk to next?",
        )
        self.awaiting_section = section
        self.outreach_model = OutreachTableModel(self, today=self._today)
        self.outreach_table = _table("outreachTable", "Requests awaiting an answer")
        self.outreach_table.setModel(self.outreach_model)
        header = self.outreach_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.outreach_table.doubleClicked.connect(lambda _i: self._open_outreach_person())
        self.outreach_table.customContextMenuRequested.connect(self._on_outreach_menu)
        self.outreach_table.selectionModel().currentChanged.connect(self._update_buttons)
        self.accepted_button = _button(
            "Accepted – plan it…",
            "outreachAccepted",
            "They said yes: record it and plan the meeting",
            lambda: self.respond("accepted", plan=True),
        )
        self.declined_button = _button(
            "Declined",
            "outreachDeclined",
            "They said no (it happens)",
            lambda: self.respond("declined"),
        )
        self.no_answer_button = _button(
            "No answer",
            "outreachNoAnswer",
            "Close it as unanswered",
            lambda: self.respond("no_answer"),
        )
        section.body.addWidget(self.outreach_table)
        self.outreach_buttons = QWidget()
        self.outreach_buttons.setLayout(
            _row_layout(self.accepted_button, self.declined_button, self.no_answer_button)
        )
        self.outreach_buttons.layout().setContentsMargins(0, 0, 0, 0)
        section.body.addWidget(self.outreach_buttons)
        return section

    def _build_week(self) -> QWidget:
        section = _Section("This week", "weekSection", "No meetings this week.")
        self.week_section = section
        self.week_model = WeekMeetingListModel(self, today=self._today)
        self.week_list = _FittingList(MAX_TODO_ROWS)
        self.week_list.setObjectName("weekMeetings")
        self.week_list.setAccessibleName("This week's meetings")
        self.week_list.setModel(self.week_model)
        self.week_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.week_list.setToolTip("Double-click to open the meeting")
        self.week_list.doubleClicked.connect(self._on_week_activated)
        self.week_list.activated.connect(self._on_week_activated)
        section.body.addWidget(self.week_list)
        return section

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
        ):
            section.body.addWidget(widget)
        return section

    # --- showing ---------------------------------------------------------

    def set_mail_available(self, available: bool) -> None:
        self._mail = available
        self._update_buttons()

    def refresh(self) -> None:
        """Rebuild from the database (cheap: a handful of indexed queries)."""
        keep = (
            self._current(self.todo_list, ID_ROLE),
            self._current(self.lapsed_table, CONTACT_ID_ROLE),
            self._current(self.outreach_table, ID_ROLE),
        )
        data = self._f.today.build()
        self.data = data
        self.show_data(data, keep)

    def show_data(self, data: TodayData, keep: tuple = (None, None, None)) -> None:
        self.data = data
        today = data.today
        self.heading.setText(f"Today · {today:%A} {today.day} {today:%B}")
        self.summary.setText(self._summary_text(data))
        self.todo_model.set_today(today)
        todos = list(data.todos)
        if self._show_upcoming and data.upcoming_todos:
            todos += self._f.todos.due_between(
                today + timedelta(days=1), today + timedelta(days=UPCOMING_DAYS)
            )
        self.todo_model.set_todos(todos)
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
        self.awaiting_section.set_hint(
            f"Longest waiting first; {more:,} more, sent since." if more > 0 else None
        )
        self._show_rows(self.awaiting_section, self.outreach_buttons, len(data.awaiting))
        _fit_table(self.outreach_table, len(data.awaiting), MAX_TABLE_ROWS)

        self.week_model.set_rows(data.meetings)
        self.week_section.set_title("This week", len(data.meetings))
        self.week_section.empty.setVisible(not data.meetings)
        self.week_list.fit()

        self._show_numbers(data)
        self._restore(self.todo_list, ID_ROLE, keep[0])
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

    def _update_buttons(self, *_args) -> None:
        todo = self._current_todo()
        self.todo_done.setEnabled(todo is not None and not todo.is_done)
        self.todo_snooze.setEnabled(todo is not None and not todo.is_done)
        self.todo_open.setEnabled(todo is not None and todo.contact_id is not None)
        self.todo_email.setVisible(self._mail)
        self.todo_email.setEnabled(
            todo is not None
            and todo.contact_id is not None
            and todo.kind in ("thank_you", "share_value", "outreach", "check_in")
        )
        self._fill_snooze_menu(self.todo_snooze, lapsed=False)
        has_lapsed = self.lapsed_table.currentIndex().isValid()
        self.lapsed_email.setVisible(self._mail)
        for button in (self.lapsed_email, self.lapsed_log, self.lapsed_snooze, self.lapsed_stop):
            button.setEnabled(has_lapsed)
        self._fill_snooze_menu(self.lapsed_snooze, lapsed=True)
        has_request = self.outreach_table.currentIndex().isValid()
        for button in (self.accepted_button, self.declined_button, self.no_answer_button):
            button.setEnabled(has_request)

    def _fill_snooze_menu(self, button: QToolButton, lapsed: bool) -> None:
        menu = button.menu()
        menu.clear()
        for label, until in snooze_choices(self._today(), lapsed):
            action = menu.addAction(f"{label}  ({until:%a} {until.day} {until:%b})")
            if lapsed:
                action.triggered.connect(lambda _c=False, u=until: self.snooze_lapsed(u))
            else:
                action.triggered.connect(lambda _c=False, u=until: self.snooze_todo(u))

    # --- to-dos ----------------------------------------------------------

    def _current_todo(self):
        index = self.todo_list.currentIndex()
        return self.todo_model.todo(index.row()) if index.isValid() else None

    def complete_todo(self) -> None:
        todo = self._current_todo()
        if todo is not None and not todo.is_done:
            self._on_todo_done_toggled(todo.id, True)

    def _on_todo_done_toggled(self, todo_id: int, done: bool) -> None:
        todos = self._f.todos
        if not done:  # unticked before the list was refreshed: reopen
            self.todo_model.replace(todos.complete(todo_id, done=False))
            self._update_buttons()
            return
        created: list[int] = []

        def do() -> None:
            finished, follow = todos.finish(todo_id, today=self._today())
            self.todo_model.replace(finished)
            if follow is not None:
                created.append(follow.id)
                self.status_message.emit(
                    f"Done. Next: {follow.title.lower()} by {follow.due_on:%d %b} "
                    "(on Today when it is due)."
                )
            elif finished.kind == "outreach":
                self.status_message.emit(
                    "Done. Record outreach… keeps the request in view until they answer."
                )
            else:
                self.status_message.emit("Done. Ctrl+Z brings it back.")
            self._update_buttons()

        def undo() -> None:
            todos.complete(todo_id, done=False)
            for new_id in created:
                todos.delete(new_id)
            created.clear()
            self.refresh()

        self._undo.push(_Command("Mark to-do done", do, undo))

    def snooze_todo(self, until: date) -> None:
        todo = self._current_todo()
        if todo is None:
            return
        before = todo.snoozed_until
        todos = self._f.todos

        def do() -> None:
            todos.snooze(todo.id, until)
            self.refresh()
            self.status_message.emit(f"Snoozed until {until:%a %d %b}. Ctrl+Z undoes it.")

        def undo() -> None:
            todos.snooze(todo.id, before)
            self.refresh()

        self._undo.push(_Command("Snooze to-do", do, undo))

    def _open_todo_person(self) -> None:
        todo = self._current_todo()
        if todo is not None and todo.contact_id is not None:
            self.person_requested.emit(todo.contact_id)

    def _email_todo_person(self) -> None:
        todo = self._current_todo()
        if todo is not None and todo.contact_id is not None:
            self.email_requested.emit(todo.contact_id)

    def new_todo(self, contact_id: int | None = None):
        dialog = TodoDialog(self._contacts, self._f.todos, self, contact_id, today=self._today())
        dialog.added.connect(lambda _todo: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_todo_menu(self, point: QPoint) -> None:
        todo = self._current_todo()
        if todo is None:
            return
        menu = QMenu(self)
        menu.addAction("Done", self.complete_todo).setEnabled(not todo.is_done)
        snooze = menu.addMenu("Snooze")
        for label, until in snooze_choices(self._today()):
            snooze.addAction(label, lambda u=until: self.snooze_todo(u))
        if todo.contact_id is not None:
            menu.addAction("Open person", self._open_todo_person)
        menu.exec(self.todo_list.viewport().mapToGlobal(point))

    # --- keeping in touch ------------------------------------------------

    def _current_lapsed(self) -> int | None:
        return self._current(self.lapsed_table, CONTACT_ID_ROLE)

    def _with_lapsed(self, action: Callable[[int], None]) -> None:
        contact_id = self._current_lapsed()
        if contact_id is not None:
            action(contact_id)

    def _open_lapsed_person(self) -> None:
        self._with_lapsed(self.person_requested.emit)

    def _email_lapsed_person(self) -> None:
        self._with_lapsed(self.check_in_requested.emit)

    def snooze_lapsed(self, until: date) -> None:
        contact_id = self._current_lapsed()
        if contact_id is None:
            return
        kit = self._f.keep_in_touch
        before = kit.cadence(contact_id).snoozed_until
        name = self.lapsed_model.row_item(self.lapsed_table.currentIndex().row()).name

        def do() -> None:
            kit.snooze(contact_id, until)
            self.refresh()
            self.status_message.emit(f"{name}: reminder snoozed until {until:%d %b}.")

        def undo() -> None:
            kit.snooze(contact_id, before)
            self.refresh()

        self._undo.push(_Command(f"Snooze reminder for {name}", do, undo))

    def stop_reminding(self) -> None:
        contact_id = self._current_lapsed()
        if contact_id is None:
            return
        kit = self._f.keep_in_touch
        name = self.lapsed_model.row_item(self.lapsed_table.currentIndex().row()).name

        def do() -> None:
            kit.stop_reminding(contact_id)
            self.refresh()
            self.status_message.emit(
                f"No more keep-in-touch reminders for {name} (change it on their page)."
            )

        def undo() -> None:
            kit.stop_reminding(contact_id, False)
            self.refresh()

        self._undo.push(_Command(f"Stop reminders for {name}", do, undo))

    def _on_lapsed_menu(self, point: QPoint) -> None:
        if self._current_lapsed() is None:
            return
        menu = QMenu(self)
        if self._mail:
            menu.addAction("Write a check-in…", self._email_lapsed_person)
        menu.addAction("Log a touch…", lambda: self._with_lapsed(self.log_requested.emit))
        snooze = menu.addMenu("Snooze")
        for label, until in snooze_choices(self._today(), lapsed=True):
            snooze.addAction(label, lambda u=until: self.snooze_lapsed(u))
        menu.addAction("Stop reminding", self.stop_reminding)
        menu.addAction("Open person", self._open_lapsed_person)
        menu.exec(self.lapsed_table.viewport().mapToGlobal(point))

    # --- outreach --------------------------------------------------------

    def record_outreach(self, contact_id: int | None):
        dialog = OutreachDialog(
            self._contacts, self._f.outreach, self, contact_id, today=self._today()
        )
        dialog.recorded.connect(lambda _entry: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _current_request(self):
        index = self.outreach_table.currentIndex()
        return self.outreach_model.row_item(index.row()) if index.isValid() else None

    def respond(self, response: str, plan: bool = False) -> None:
        entry = self._current_request()
        if entry is None:
            return
        outreach = self._f.outreach
        words = {"accepted": "accepted", "declined": "declined", "no_answer": "no answer"}

        def do() -> None:
            outreach.respond(entry.id, response, on=self._today())
            self.refresh()
            self.status_message.emit(f"{entry.name}: {words[response]}. Ctrl+Z undoes it.")

        def undo() -> None:
            outreach.respond(entry.id, "none")
            self.refresh()

        self._undo.push(_Command(f"Outreach to {entry.name}: {words[response]}", do, undo))
        if plan:
            self.new_meeting_requested.emit(entry.contact_id)

    def _open_outreach_person(self) -> None:
        entry = self._current_request()
        if entry is not None:
            self.person_requested.emit(entry.contact_id)

    def _on_outreach_menu(self, point: QPoint) -> None:
        entry = self._current_request()
        if entry is None:
            return
        menu = QMenu(self)
        menu.addAction("Accepted – plan the meeting…", lambda: self.respond("accepted", True))
        menu.addAction("Accepted", lambda: self.respond("accepted"))
        menu.addAction("Declined", lambda: self.respond("declined"))
        menu.addAction("No answer", lambda: self.respond("no_answer"))
        if self._mail:
            menu.addAction(
                "Follow up by email…", lambda: self.email_requested.emit(entry.contact_id)
            )
        menu.addAction("Open person", self._open_outreach_person)
        menu.exec(self.outreach_table.viewport().mapToGlobal(point))

    # --- meetings and settings -------------------------------------------

    def _on_week_activated(self, index) -> None:
        meeting_id = index.data(ID_ROLE)
        if meeting_id is not None:
            self.meeting_requested.emit(meeting_id)

    def edit_reminders(self):
        dialog = RemindersDialog(self._f.keep_in_touch, self._f.outreach, self._f.today, self)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
