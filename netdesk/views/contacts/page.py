"""The Contacts page: search and filters, the list, and the editor beside it."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.changes import Change
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ContactFilter, Scope
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups.todos import TodoService
from netdesk.services.meetings.service import MeetingService
from netdesk.services.positions.history import PositionService
from netdesk.services.vocabulary import CLOSENESS_LABELS, RELATIONS
from netdesk.views.changes import ChangeRelay, follow_changes
from netdesk.views.contacts.editor import ContactEditor
from netdesk.views.contacts.empty_states import EmptyStatesMixin
from netdesk.views.contacts.relationship import RelationshipPanel
from netdesk.views.models.contact_table_model import (
    CLOSENESS,
    LAST_INTERACTION,
    NAME,
    ORGANISATION,
    RELATION,
    ROLE,
    ContactTableModel,
)

LIST_PAGE, EMPTY_PAGE, NO_MATCH_PAGE = range(3)
CHANGED_JOB = "changed_job"  # the Show filter's entry for people an export saw move
CHANGED_JOB_DAYS = 90


# What the list and the editor show: people, their meetings, referrals, last contact.
# (To-dos and requests are the editor's and the relationship panel's own followers: a
# to-do ticked elsewhere does not re-read the whole list.)
FOLLOWS = Change.PEOPLE | Change.MEETINGS | Change.REFERRALS | Change.INTERACTIONS


class ContactsPage(EmptyStatesMixin, QWidget):
    """Emits requests the window handles (import, sample, delete); owns search and editing."""

    import_requested = Signal()
    sample_requested = Signal()
    delete_requested = Signal(list)

    def __init__(
        self,
        contacts: ContactService,
        meetings: MeetingService,
        parent: QWidget | None = None,
        todos: TodoService | None = None,
        clock: Clock = SYSTEM_CLOCK,
        positions: PositionService | None = None,
    ) -> None:
        super().__init__(parent)
        self._contacts = contacts
        self._clock = clock
        self._switching = False
        self.model = ContactTableModel(contacts, self)
        self.editor = ContactEditor(contacts, meetings, self, todos, clock, positions)
        self.editor.saved.connect(self._on_editor_saved)
        self.editor.delete_requested.connect(lambda cid: self.delete_requested.emit([cid]))

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setAccessibleName("Search people")
        self.search.setPlaceholderText("Search people  (Ctrl+F)")
        self.search.setToolTip("Searches names, organisations, roles, tags and notes")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_filters_changed)

        self.scope = self._combo(
            "scope",
            "Show",
            [
                ("Everyone", Scope.EVERYONE),
                ("Real relationships", Scope.REAL),
                ("LinkedIn only", Scope.LINKEDIN_ONLY),
                (f"Changed job ({CHANGED_JOB_DAYS} days)", CHANGED_JOB),
            ],
        )
        self.scope.setItemData(
            self.scope.findData(CHANGED_JOB),
            f"Moved or promoted, as a LinkedIn export showed in the last {CHANGED_JOB_DAYS} days",
            Qt.ItemDataRole.ToolTipRole,
        )
        self.relation = self._combo(
            "relation_filter",
            "How I know them",
            [("Any relationship", None), *((label, key) for key, label in RELATIONS.items())],
        )
        self.closeness = self._combo(
            "closeness_filter",
            "Closeness at least",
            [
                ("Any closeness", None),
                *(
                    (f"{label} or closer", value)
                    for value, label in CLOSENESS_LABELS.items()
                    if value > 1
                ),
            ],
        )
        self.tag = self._combo("tag_filter", "Tag", [("Any tag", None)])
        self.refresh_tags()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for combo in (self.scope, self.relation, self.closeness, self.tag):
            filters.addWidget(combo, 1)

        self.table = QTableView()
        self.table.setObjectName("contactTable")
        self.table.setAccessibleName("People")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        # Name, organisation and role share what the short columns leave: the table fits
        # its width (no sideways scrolling) at any window size.
        for column in (NAME, ORGANISATION, ROLE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        widths = {RELATION: 112, CLOSENESS: 74, LAST_INTERACTION: 166}
        for column, width in widths.items():
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.installEventFilter(self)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self._build_empty_state())
        self.stack.addWidget(self._build_no_match_state())

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.filter_bar = QWidget()
        self.filter_bar.setLayout(filters)
        filters.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([900, 520])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)
        self._update_stack()

    # --- building --------------------------------------------------------

    def _combo(self, name: str, accessible: str, items) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        for label, value in items:
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(self._on_filters_changed)
        return combo

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Delete)
        ):
            ids = self.selected_ids()
            if ids:
                self.delete_requested.emit(ids)
            return True
        return super().eventFilter(watched, event)

    # --- public ----------------------------------------------------------

    def follow(self, changes: ChangeRelay) -> None:
        """Stay current: the list and the person on show, whatever changed them (an
        import, a meeting, a logged call, a referral); the person's to-dos even while
        their edits are unsaved."""
        follow_changes(self, changes, FOLLOWS, self.reload)
        follow_changes(self.editor, changes, Change.TODOS, self._refresh_editor_todos)

    def _refresh_editor_todos(self) -> None:
        if self.editor.contact_id is not None:
            self.editor.refresh_todos()

    def add_relationship(self, panel: RelationshipPanel) -> None:
        """Keeping in touch and the person's history, in the editor with how I know
        them; none of these rows is shown for the user's own person."""
        editor = self.editor
        (cadence, *history) = panel.rows()
        editor.add_section(*cadence, after=editor.closeness, relationship=True)
        for label, row in history:
            editor.add_section(label, row, relationship=True)
        editor.contact_shown.connect(panel.show_contact)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def clear_filters(self) -> None:
        for combo in (self.scope, self.relation, self.closeness, self.tag):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self._on_filters_changed()

    def new_contact(self) -> None:
        if not self.leave_editor():
            return
        self.table.clearSelection()
        self.editor.new_contact()
        self.editor.show()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [cid for cid in (self.model.contact_id(r) for r in rows) if cid is not None]

    def reload(self, select: int | None = None) -> None:
        """Re-query after outside changes (import, undo, delete) and keep the selection."""
        keep = select if select is not None else self.editor.contact_id
        self.model.refresh()
        self.refresh_tags()
        self.editor.refresh_completions()
        # Show what changed underneath (an import may have updated this person), but
        # never throw away edits the user has not saved yet.
        if self.editor.contact_id is not None and not self.editor.has_unsaved_changes():
            self.editor.show_contact(self.editor.contact_id)
        self._update_stack()
        if keep is not None and self.model.row_of(keep) is not None:
            self.select_contact(keep)

    def select_contact(self, contact_id: int) -> None:
        row = self.model.row_of(contact_id)
        if row is None:
            self.editor.show_contact(contact_id)
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def refresh_tags(self) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("Any tag", None)
        for name in self._contacts.tag_names():
            self.tag.addItem(name, name)
        index = self.tag.findData(current) if current else 0
        self.tag.setCurrentIndex(max(0, index))
        self.tag.blockSignals(False)
        if current and index < 0:
            self._on_filters_changed()

    def current_filter(self) -> ContactFilter:
        scope, since = self.scope.currentData(), None
        if scope == CHANGED_JOB:  # everyone an export saw move or be promoted lately
            scope = Scope.EVERYONE
            since = (self._clock.today() - timedelta(days=CHANGED_JOB_DAYS)).isoformat()
        return ContactFilter(
            text=self.search.text(),
            relation=self.relation.currentData(),
            tag=self.tag.currentData(),
            min_closeness=self.closeness.currentData(),
            scope=scope,
            changed_job_since=since,
        )

    # --- slots -----------------------------------------------------------

    def _on_filters_changed(self, *_args) -> None:
        keep = self.editor.contact_id
        self.model.set_filter(self.current_filter())
        self._update_stack()
        if keep is not None and self.model.row_of(keep) is not None:
            self.select_contact(keep)

    def _on_selection_changed(self, *_args) -> None:
        current = self.table.selectionModel().currentIndex()
        ids = self.selected_ids()
        contact_id = self.model.contact_id(current.row()) if current.isValid() else None
        if contact_id not in ids:
            contact_id = ids[0] if ids else None
        if contact_id is None or contact_id == self.editor.contact_id:
            return
        self._switching = True
        try:
            left = self.leave_editor()
        finally:
            self._switching = False
        if not left:
            self._reselect_editor_contact()
            return
        self.editor.show_contact(contact_id)
        if self.selected_ids() != [contact_id]:  # the save above re-read the list
            self._reselect_editor_contact()

    def _reselect_editor_contact(self) -> None:
        """The user chose to keep editing: the list shows that person selected again."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            self.table.clearSelection()
            if self.editor.contact_id is not None:
                self.select_contact(self.editor.contact_id)
        finally:
            selection.blockSignals(False)
        self.table.viewport().update()

    def _on_editor_saved(self, contact_id: int) -> None:
        if self._switching:  # saved on the way to another person: keep their selection
            self.model.refresh()
        else:
            self.reload(select=contact_id)

    def leave_editor(self) -> bool:
        """Save pending edits before moving on; ask only when they cannot be saved."""
        if not self.editor.has_unsaved_changes() or self.editor.save():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "This person's changes cannot be saved as they are (see the messages in red).\n"
            "Discard them and move on?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _update_stack(self) -> None:
        empty = self.model.rowCount() == 0 and self._contacts.counts().listed == 0
        # An empty database shows the welcome text alone, unless a new person is being typed.
        self.filter_bar.setVisible(not empty)
        self.editor.setVisible(not empty or self.editor.is_open)
        if self.model.rowCount() > 0:
            self.stack.setCurrentIndex(LIST_PAGE)
            return
        if empty:
            self.stack.setCurrentIndex(EMPTY_PAGE)
            return
        text = self.search.text().strip()
        self.no_match_label.setText(
            f"No one matches “{text}” with these filters."
            if text
            else "No one matches these filters."
        )
        self.stack.setCurrentIndex(NO_MATCH_PAGE)
