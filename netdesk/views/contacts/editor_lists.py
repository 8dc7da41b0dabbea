"""The person editor's lists: tags, meetings and introductions, and open to-dos.

A mixin of `ContactEditor`: it builds these rows of the form and handles them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
)

from netdesk.services.meetings.records import STATUSES
from netdesk.views.contacts.editor_widgets import FittingListView
from netdesk.views.icons import set_icon
from netdesk.views.models.contact_table_model import format_day
from netdesk.views.models.todo_models import TodoListModel


class EditorListsMixin:
    """Tags, meetings and introductions, and to-dos of the person on show."""

    # --- building --------------------------------------------------------

    def _build_tags(self) -> QVBoxLayout:
        self.tag_model = QStringListModel(self)
        self.tag_list = QListView()
        self.tag_list.setObjectName("tags")
        self.tag_list.setAccessibleName("Tags")
        self.tag_list.setModel(self.tag_model)
        self.tag_list.setFlow(QListView.Flow.LeftToRight)
        self.tag_list.setWrapping(True)
        self.tag_list.setSpacing(3)
        self.tag_list.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 16)
        self.tag_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.tag_list.installEventFilter(self)
        self.new_tag = QLineEdit()
        self.new_tag.setObjectName("new_tag")
        self.new_tag.setAccessibleName("New tag")
        self.new_tag.setPlaceholderText("Add a tag and press Enter")
        self.new_tag.returnPressed.connect(self._on_add_tag)
        self.remove_tag = QPushButton("Remove tag")
        self.remove_tag.clicked.connect(self._on_remove_tag_clicked)
        tags_row = QHBoxLayout()
        tags_row.addWidget(self.new_tag)
        tags_row.addWidget(self.remove_tag)
        tags_box = QVBoxLayout()
        tags_box.addWidget(self.tag_list)
        tags_box.addLayout(tags_row)
        return tags_box

    def _build_connections(self) -> QVBoxLayout:
        self.connections = QLabel()
        self.connections.setObjectName("connections")
        self.connections.setWordWrap(True)
        self.connections.setTextFormat(Qt.TextFormat.PlainText)
        self.plan_meeting = QPushButton("Plan a meeting…")
        set_icon(self.plan_meeting, "new-meeting")
        self.plan_meeting.setToolTip("Start a new meeting with this person on the Meetings page")
        self.plan_meeting.clicked.connect(self._on_plan_meeting_clicked)
        connections_box = QVBoxLayout()
        connections_box.addWidget(self.connections)
        self.write_email = QPushButton("Write email…")
        set_icon(self.write_email, "mail")
        self.write_email.setObjectName("writeEmail")
        self.write_email.setToolTip(
            "A draft that fits them now: a thank-you, an outreach request, "
            "something of value, or keeping in touch"
        )
        self.write_email.clicked.connect(self._on_write_email_clicked)
        person_buttons = QHBoxLayout()
        person_buttons.addWidget(self.plan_meeting)
        person_buttons.addWidget(self.write_email)
        person_buttons.addStretch(1)
        connections_box.addLayout(person_buttons)
        return connections_box

    def _build_todos(self, form: QFormLayout) -> None:
        self.todo_model = TodoListModel(self, self._clock)
        self.todo_model.done_toggled.connect(self._on_todo_done_toggled)
        self.todo_list = FittingListView()
        self.todo_list.setObjectName("todos")
        self.todo_list.setAccessibleName("Open to-dos")
        self.todo_list.setModel(self.todo_model)
        self.todo_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.todo_list.setSpacing(2)
        self.todo_list.setToolTip("Tick when done (Space); untick to reopen")
        self.todo_row_label = QLabel("To-dos")
        form.addRow(self.todo_row_label, self.todo_list)

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.tag_list
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Delete)
        ):
            self._on_remove_tag_clicked()
            return True
        return super().eventFilter(watched, event)

    def _on_add_tag(self) -> None:
        tag = " ".join(self.new_tag.text().split())
        if not tag:
            return
        tags = self.tag_model.stringList()
        if tag.casefold() not in (t.casefold() for t in tags):
            self.tag_model.setStringList([*tags, tag])
        self.new_tag.clear()
        self._on_field_changed()

    def _on_remove_tag_clicked(self) -> None:
        rows = sorted(
            {i.row() for i in self.tag_list.selectionModel().selectedIndexes()}, reverse=True
        )
        for row in rows:
            self.tag_model.removeRows(row, 1)
        self._on_field_changed()

    def _connections_text(self, contact_id: int | None) -> str:
        """Who introduced this person (back to the first source), whom they suggested, and
        the meetings with them."""
        if contact_id is None:
            return "Save this person first."
        lines = []
        chain = self._meetings.referral_chain(contact_id)
        if chain:
            lines.append("Introduced by " + " ← ".join(name for _id, name in chain))
        suggested = [
            r.to_name
            for r in self._meetings.referrals(contact_id=contact_id)
            if r.from_contact_id == contact_id
        ]
        if suggested:
            lines.append("Suggested you talk to " + ", ".join(suggested))
        meetings = self._meetings.list(contact_id=contact_id)
        for row in meetings[:6]:
            when = format_day(row.starts_at) if row.starts_at else "not scheduled"
            lines.append(f"• {when}: {row.title} ({STATUSES.get(row.status, row.status)})")
        if len(meetings) > 6:
            lines.append(f"…and {len(meetings) - 6} earlier meetings")
        return "\n".join(lines) or "No meetings or introductions yet."

    def refresh_todos(self) -> None:
        """Show the person's to-dos again (one was added or done elsewhere)."""
        self._show_todos(self.contact_id)

    def _show_todos(self, contact_id: int | None) -> None:
        """The person's open to-dos; the row is hidden when there are none."""
        todos = self._todos.list(contact_id=contact_id) if self._todos and contact_id else []
        self.todo_model.set_todos(todos)
        self._form.setRowVisible(self.todo_list, bool(todos))
        self.todo_list.fit()

    def _on_todo_done_toggled(self, todo_id: int, done: bool) -> None:
        if self._todos is None:
            return
        try:
            if done:  # a thank-you done by hand schedules "share something of value"
                finished, _next = self._todos.finish(todo_id)
                self.todo_model.replace(finished)
            else:
                self.todo_model.replace(self._todos.complete(todo_id, done=False))
        except KeyError:  # deleted meanwhile
            self._show_todos(self.contact_id)

    def _on_write_email_clicked(self) -> None:
        if self._loaded is not None and self._loaded.id is not None and self.save():
            self.email_requested.emit(self._loaded.id)

    def _on_plan_meeting_clicked(self) -> None:
        if self._loaded is not None and self._loaded.id is not None and self.save():
            self.meeting_requested.emit(self._loaded.id)
