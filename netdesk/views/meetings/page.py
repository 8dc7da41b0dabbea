"""The Meetings page: the list of meetings with its search and buttons, beside the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.changes import Change
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.service import ContactService
from netdesk.services.meetings.service import MeetingService
from netdesk.views.bank.dialog import QuestionBankDialog
from netdesk.views.changes import ChangeRelay, follow_changes
from netdesk.views.icons import set_icon
from netdesk.views.meetings.editor import MeetingEditor
from netdesk.views.models.meeting_models import MeetingListModel


class MeetingsPage(QWidget):
    referral_recorded = Signal(int)

    def __init__(
        self,
        meetings: MeetingService,
        contacts: ContactService,
        parent: QWidget | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self._meetings = meetings
        # Bank edits stay undoable for the whole session, across bank dialogs.
        self.bank_undo = QUndoStack(self)
        self.model = MeetingListModel(meetings, self)
        self.search = QLineEdit()
        self.search.setObjectName("meetingSearch")
        self.search.setPlaceholderText("Search meetings, notes and answers")
        self.search.setClearButtonEnabled(True)
        # No debounce: at 10,000 meetings a keystroke is painted within ~15 ms
        # (benchmarks/bench_meetings.py), so a timer would only show every result later.
        self.search.textChanged.connect(self._on_search_text_changed)
        self.new_button = QPushButton("New meeting")
        set_icon(self.new_button, "new-meeting")
        self.new_button.setObjectName("newMeetingButton")
        self.new_button.setToolTip("Plan a new meeting (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.bank_button = QPushButton("Question bank…")
        set_icon(self.bank_button, "question-bank")
        self.bank_button.setObjectName("bankButton")
        self.bank_button.setToolTip("Add, reword or archive the questions you prepare from")
        self.bank_button.clicked.connect(self.edit_bank)
        self.table = QTableView()
        self.table.setObjectName("meetingTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The meeting and the people share the width the date and the status leave.
        header = self.table.horizontalHeader()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 124)
        self.table.setColumnWidth(3, 84)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.editor = MeetingEditor(meetings, contacts, self, self.bank_undo, clock)
        self.editor.saved.connect(self._on_saved)
        self.editor.referral_recorded.connect(self.referral_recorded)
        self.editor.new_requested.connect(self._on_new_button_clicked)
        self.editor.meeting_open_requested.connect(self.open_meeting)
        # The actions above, the search right over the list it filters: with icons the
        # buttons would squeeze the search box to a stub in one row at laptop width.
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.bank_button)
        top.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("meetingsSplitter")  # the window remembers named splitters
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)  # the editor's form needs the room; the list less
        splitter.setSizes([400, 880])  # room for the meeting's title beside its date
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)
        self.reload()

    def follow(self, changes: ChangeRelay) -> None:
        """Stay current: meetings, their people's names and referrals."""
        follow_changes(
            self, changes, Change.MEETINGS | Change.PEOPLE | Change.REFERRALS, self.reload
        )

    def reload(self, *_args) -> None:
        """Query the list again after the meetings changed."""
        self.model.refresh(self.search.text())
        shown = self.editor.meeting_id
        if shown is not None:
            try:
                self._meetings.get(shown)
            except KeyError:  # deleted elsewhere (by undoing the sample network, say)
                self.editor.show_meeting(None)
        self._show_list_state()

    def _on_search_text_changed(self, text: str) -> None:
        self.model.set_text(text)
        self._show_list_state()

    def _show_list_state(self) -> None:
        self.editor.set_empty_state(self.model.rowCount() > 0, self.search.text().strip())
        self._select(self.editor.meeting_id)

    def new_meeting(self, title: str = "New meeting", people: list[int] | None = None) -> None:
        meeting_id = self.editor.start_new(title, people)
        self.search.clear()
        self.reload()
        self._select(meeting_id)

    def _on_new_button_clicked(self) -> None:
        self.new_meeting()  # not connected directly: clicked(bool) would become the title

    def save_pending(self) -> bool:
        return self.editor.save_now()

    def open_meeting(self, meeting_id: int) -> None:
        """Show one meeting in the editor and select it in the list (clearing a search
        that would hide it)."""
        self.editor.show_meeting(meeting_id)
        if self.model.row_of(meeting_id) is None and self.search.text():
            self.search.clear()  # reloads the list
        self._select(meeting_id)
        row = self.model.row_of(meeting_id)
        if row is not None:
            # After a reset (the search just cleared) the view lays its rows out later;
            # until then its scroll range is the old list's and scrollTo() falls short.
            self.table.doItemsLayout()
            self.table.scrollTo(self.model.index(row, 0))

    def edit_bank(self) -> None:
        dialog = QuestionBankDialog(self._meetings, self.bank_undo, self)
        dialog.exec()
        chosen = dialog.chosen_meeting_id
        dialog.deleteLater()
        if chosen is not None:
            self.open_meeting(chosen)

    def _select(self, meeting_id: int | None) -> None:
        row = self.model.row_of(meeting_id) if meeting_id is not None else None
        if row is None:
            return
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.table.selectRow(row)
        selection.blockSignals(False)

    def _on_current_changed(self, current, _previous) -> None:
        meeting_id = self.model.meeting_id(current.row())
        if meeting_id is not None and meeting_id != self.editor.meeting_id:
            self.editor.show_meeting(meeting_id)

    def _on_saved(self, meeting_id: int) -> None:
        self.model.refresh()
        self._select(meeting_id)
