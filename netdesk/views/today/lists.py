"""The Today page's lists: follow-ups due, people to get back in touch with, requests
awaiting an answer and this week's meetings, each a section with its buttons.

A part of `TodayPage` (see page.py); the slots they connect to are in actions.py.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from netdesk.views.models.followup_models import (
    LapsedTableModel,
    OutreachTableModel,
    WeekMeetingListModel,
)
from netdesk.views.models.todo_models import TodayTodoModel
from netdesk.views.today.sections import (
    MAX_TODO_ROWS,
    _button,
    _FittingList,
    _FittingTree,
    _menu_button,
    _row_layout,
    _Section,
    _table,
)


class TodayLists:
    """Builds the four list sections of the Today page."""

    def _build_todos(self) -> QWidget:
        section = _Section("Follow-ups", "todosSection", "Nothing due. Enjoy the quiet.")
        self.todos_section = section
        section.hint.setObjectName("todosHint")
        section.hint.setTextFormat(Qt.TextFormat.RichText)
        section.hint.linkActivated.connect(self._on_todo_hint_link)
        self.todo_model = TodayTodoModel(self, self._f.clock)
        self.todo_model.done_toggled.connect(self._on_todo_done_toggled)
        self.todo_list = _FittingTree(MAX_TODO_ROWS)
        self.todo_list.setObjectName("todayTodos")
        self.todo_list.setAccessibleName("Follow-ups due")
        self.todo_list.setModel(self.todo_model)
        self.todo_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.todo_list.setToolTip(
            "Tick when done (Space); double-click opens the person, or an event's line the event"
        )
        self.todo_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.todo_list.customContextMenuRequested.connect(self._on_todo_menu)
        self.todo_list.doubleClicked.connect(lambda _i: self._open_todo_person())
        self.todo_list.activated.connect(self._on_todo_activated)
        self.todo_list.expanded.connect(lambda index: self._on_group_toggled(index, True))
        self.todo_list.collapsed.connect(lambda index: self._on_group_toggled(index, False))
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
        self.todo_open = _button(
            "Open person",
            "todoOpen",
            "Show them on the Contacts page",
            self._open_current_todo,
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
