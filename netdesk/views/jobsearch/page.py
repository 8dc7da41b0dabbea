"""The Search page: the funnel across the top, the target organisations and the
applications on the left, the chosen one's page on the right (its stage, steps, notes,
the warm paths in and the conversations held there)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import NetDeskError
from netdesk.services.changes import Change
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ContactFilter, Scope
from netdesk.services.contacts.service import ContactService
from netdesk.services.jobsearch.applications import ApplicationService
from netdesk.services.jobsearch.records import TargetRecord
from netdesk.services.jobsearch.targets import TargetService
from netdesk.services.jobsearch.warm import WayIn
from netdesk.views.changes import ChangeRelay, follow_changes
from netdesk.views.empty_state import MUTED, starting_page
from netdesk.views.icons import set_icon
from netdesk.views.jobsearch.commands import (
    AddedApplicationCommand,
    DeleteSearchItemCommand,
    EditApplicationCommand,
)
from netdesk.views.jobsearch.detail import SearchDetail
from netdesk.views.jobsearch.dialogs import ApplicationDialog, TargetDialog
from netdesk.views.jobsearch.edit_dialog import EditApplicationDialog
from netdesk.views.jobsearch.funnel_chart import (
    FunnelChart,
    HeadlineLine,
    days_line,
    funnel_line,
)
from netdesk.views.jobsearch.models import (
    ITEM_ID_ROLE,
    ApplicationTableModel,
    TargetTableModel,
    sortable,
    table_view,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.services.network.service import GraphService

NO_SEARCH_TITLE = "Your job search, with the people you know"
NO_SEARCH = (
    "Keep the organisations you would like to work for and the applications you send. "
    "For each, NetDesk shows who you know there now and formerly, the warm paths in, "
    "the conversations you have held there, and one click asks someone for a referral "
    "or a 20–30 minute conversation. The funnel shows how conversations become "
    "referrals, interviews and offers."
)
# Who works where, the conversations and the paths all feed the page.
WATCHED = Change.JOB_SEARCH | Change.PEOPLE | Change.MEETINGS | Change.LINKS | Change.REFERRALS


class SearchPage(QWidget):
    email_requested = Signal(int, str, object)  # contact id, purpose, JobContext
    status_message = Signal(str)

    def __init__(
        self,
        targets: TargetService,
        applications: ApplicationService,
        contacts: ContactService,
        graph: Callable[[], GraphService],
        undo: QUndoStack,
        parent: QWidget | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self._targets, self._applications, self._contacts = targets, applications, contacts
        self._graph, self._undo, self._clock = graph, undo, clock
        self._chosen: tuple[str, int] | None = None
        self._just_listed = False
        self.last_dialog: QWidget | None = None
        self.target_model = TargetTableModel(self)
        self.application_model = ApplicationTableModel(self)
        self.target_proxy = sortable(self.target_model, self)
        self.application_proxy = sortable(self.application_model, self)
        self.target_table = table_view("targetTable", "Target organisations", self.target_proxy)
        self.application_table = table_view(
            "applicationTable", "Applications", self.application_proxy
        )
        for table, kind in ((self.target_table, "target"), (self.application_table, "application")):
            table.selectionModel().currentRowChanged.connect(
                lambda current, _previous, kind=kind: self._on_row_chosen(kind, current)
            )
        self.application_table.doubleClicked.connect(
            lambda index: self.edit_application(int(index.data(ITEM_ID_ROLE)))
        )
        self.funnel_chart = FunnelChart("searchFunnel")
        self.funnel_text = HeadlineLine("searchFunnelText")
        self.days_text = QLabel()
        self.days_text.setObjectName("searchDaysText")
        self.days_text.setWordWrap(True)
        self.days_text.setStyleSheet(MUTED)
        self.detail = SearchDetail(self)
        self._connect_detail()
        self._lay_out()
        self.refresh()

    def _connect_detail(self) -> None:
        self.detail.stage_chosen.connect(self._on_stage_chosen)
        self.detail.notes_saved.connect(self._on_notes_saved)
        self.detail.delete_requested.connect(self.delete_chosen)
        self.detail.edit_requested.connect(self._edit_chosen)
        self.detail.email_requested.connect(self.email_requested)

    def _add_buttons(self, suffix: str) -> tuple[QPushButton, QPushButton]:
        target = QPushButton("Add Target…")
        target.setObjectName(f"addTargetButton{suffix}")
        target.setToolTip("An organisation you would like to work for")
        set_icon(target, "list-add")
        target.clicked.connect(lambda _checked=False: self.add_target())
        application = QPushButton("Add Application…")
        application.setObjectName(f"addApplicationButton{suffix}")
        application.setToolTip("An application you sent: where, which role, how it came about")
        set_icon(application, "list-add")
        application.clicked.connect(lambda _checked=False: self.add_application())
        return target, application

    def _lay_out(self) -> None:
        self.add_target_button, self.add_application_button = self._add_buttons("")
        top = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(self.funnel_text)
        texts.addWidget(self.days_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_target_button)
        buttons.addWidget(self.add_application_button)
        buttons.addStretch(1)
        texts.addLayout(buttons)
        texts.addStretch(1)
        top.addWidget(self.funnel_chart, 1)
        top.addSpacing(16)
        top.addLayout(texts, 1)
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.setObjectName("searchListsSplitter")
        for title, table in (
            ("Targets", self.target_table),
            ("Applications", self.application_table),
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            label = QLabel(title)
            label.setStyleSheet("font-weight: 600;")
            box_layout.addWidget(label)
            box_layout.addWidget(table, 1)
            lists.addWidget(box)
        lists.setChildrenCollapsible(False)
        self.right = QStackedWidget()
        self.right.addWidget(QWidget())
        self.right.addWidget(self.detail)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("searchSplitter")
        splitter.addWidget(lists)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 500])
        splitter.setChildrenCollapsible(False)
        full = QWidget()
        full_layout = QVBoxLayout(full)
        full_layout.setContentsMargins(0, 0, 0, 0)
        full_layout.addLayout(top)
        full_layout.addWidget(splitter, 1)
        self.search_or_empty = QStackedWidget()
        self.search_or_empty.addWidget(full)
        self.search_or_empty.addWidget(self._empty_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.search_or_empty)

    def _empty_page(self) -> QWidget:
        title = QLabel(NO_SEARCH_TITLE)
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.empty_message = QLabel(NO_SEARCH)
        self.empty_message.setObjectName("searchEmpty")
        self.empty_message.setWordWrap(True)
        self.empty_message.setStyleSheet(MUTED + " font-size: 11pt;")
        target, application = self._add_buttons("Empty")
        return starting_page(title, self.empty_message, [target, application])

    @property
    def is_empty(self) -> bool:
        return self.search_or_empty.currentIndex() == 1

    def follow(self, changes: ChangeRelay) -> None:
        follow_changes(self, changes, WATCHED, self.refresh, stale=True)

    # --- reading ------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the lists and the funnel again, keeping the chosen item."""
        chosen = self._chosen
        held = self._applications.held_meetings()  # read once for the targets and the funnel
        self.target_model.set_rows(self._targets.list(held=held))
        self.application_model.set_rows(self._applications.list())
        has_rows = bool(self.target_model.rowCount() or self.application_model.rowCount())
        self.search_or_empty.setCurrentIndex(0 if has_rows else 1)
        numbers = self._applications.funnel(held)
        self.funnel_chart.show_funnel(numbers)
        self.funnel_text.setText(funnel_line(numbers))
        self.days_text.setText(days_line(numbers))
        self._just_listed = True  # the chosen target is the row just read, not read again
        try:
            if chosen is None or not self.choose(*chosen):
                first = "target" if self.target_model.rowCount() else "application"
                self._choose_row(first, 0)
        finally:
            self._just_listed = False

    def choose(self, kind: str, item_id: int) -> bool:
        """Show one target or application; False when it is not listed."""
        model = self.target_model if kind == "target" else self.application_model
        row = model.row_of(item_id)
        if row is None:
            return False
        proxy = self.target_proxy if kind == "target" else self.application_proxy
        self._choose_row(kind, proxy.mapFromSource(model.index(row, 0)).row())
        return True

    def _choose_row(self, kind: str, row: int) -> None:
        table = self.target_table if kind == "target" else self.application_table
        proxy = table.model()
        if 0 <= row < proxy.rowCount():
            index = proxy.index(row, 0)
            if table.currentIndex() == index:
                self._on_row_chosen(kind, index)  # the same row again: show it anew
            else:
                table.setCurrentIndex(index)  # which shows it
        else:
            self._chosen = None
            self.right.setCurrentIndex(0)

    def _on_row_chosen(self, kind: str, current: QModelIndex) -> None:
        if not current.isValid():
            return
        other = self.application_table if kind == "target" else self.target_table
        other.selectionModel().clear()
        self._chosen = (kind, int(current.data(ITEM_ID_ROLE)))
        self._show_chosen()

    def _way(self, kind: str, item_id: int) -> WayIn:
        key = {"target_id": item_id} if kind == "target" else {"application_id": item_id}
        return self._applications.way_in(self._graph(), **key)

    def _target(self, target_id: int) -> TargetRecord:
        row = self.target_model.row_of(target_id) if self._just_listed else None
        listed = None if row is None else self.target_model.row_at(row)
        return self._targets.get(target_id) if listed is None else listed

    def _show_chosen(self) -> None:
        if self._chosen is None:
            return
        kind, item_id = self._chosen
        try:
            if kind == "target":
                self.detail.show_target(self._target(item_id), self._way(kind, item_id))
            else:
                record = self._applications.get(item_id)
                steps = self._applications.steps(item_id)
                self.detail.show_application(record, steps, self._way(kind, item_id))
        except KeyError:  # deleted meanwhile; the change that said so refreshes
            self.right.setCurrentIndex(0)
            return
        self.right.setCurrentIndex(1)

    # --- acting -------------------------------------------------------------------

    def _organisations(self) -> list[str]:
        return self._contacts.organisation_names()

    def add_target(self) -> TargetDialog:
        dialog = TargetDialog(self._targets, self._organisations(), self)
        dialog.saved.connect(lambda target: self._after_add("target", target.id))
        self._open(dialog)
        return dialog

    def _people(self) -> list[tuple[int, str]]:
        ids = self._contacts.query_ids(ContactFilter(scope=Scope.REAL))
        rows = self._contacts.rows(ids)
        return [(cid, rows[cid].name) for cid in ids if cid in rows and not rows[cid].is_me]

    def add_application(self) -> ApplicationDialog:
        dialog = ApplicationDialog(
            self._applications, self._organisations(), self._people(), self._clock.today(), self
        )
        dialog.saved.connect(self._added_application)
        self._open(dialog)
        return dialog

    def _added_application(self, application) -> None:
        """Added by the dialog: one step Ctrl+Z takes back."""
        where = f"{application.role} at {application.organisation}"
        self._undo.push(
            AddedApplicationCommand(
                self._applications, application.id, f"Add application {where}",
                self.status_message.emit,
            )
        )  # fmt: skip
        self._after_add("application", application.id)

    def _edit_chosen(self) -> None:
        if self._chosen is not None and self._chosen[0] == "application":
            self.edit_application(self._chosen[1])

    def edit_application(self, application_id: int) -> EditApplicationDialog | None:
        """The application's dialog, filled in; Save is one step Ctrl+Z takes back."""
        try:
            record = self._applications.get(application_id)
        except KeyError:  # deleted meanwhile
            return None
        dialog = EditApplicationDialog(
            self._applications, record, self._people(), self._clock.today(), self
        )
        dialog.saved.connect(lambda _record: self._after_edit(dialog))
        self._open(dialog)
        return dialog

    def _after_edit(self, dialog: EditApplicationDialog) -> None:
        record = dialog.record
        if dialog.after:
            text = f"Edit application {record.role or record.organisation}"
            command = EditApplicationCommand(
                self._applications, record.id, dialog.before, dialog.after, text,
                self.status_message.emit,
            )  # fmt: skip
            self._undo.push(command)
            self.status_message.emit("Application saved (Ctrl+Z takes the change back)")
        self._after_add("application", record.id)

    def _after_add(self, kind: str, item_id: int) -> None:
        self._chosen = (kind, item_id)
        self.refresh()

    def _on_stage_chosen(self, stage: str) -> None:
        if self._chosen is None:
            return
        kind, item_id = self._chosen
        try:
            if kind == "target":
                self._targets.update(item_id, stage=stage)
            else:
                self._applications.move(item_id, stage)
        except (KeyError, NetDeskError) as error:
            self.status_message.emit(f"Could not change the stage: {error}")
        self.refresh()

    def _on_notes_saved(self, notes: str) -> None:
        if self._chosen is None:
            return
        kind, item_id = self._chosen
        try:
            if kind == "target":
                self._targets.update(item_id, notes=notes)
            else:
                self._applications.update(item_id, notes=notes)
        except (KeyError, NetDeskError) as error:
            self.status_message.emit(f"Could not save the notes: {error}")
            return
        self.status_message.emit("Notes saved")

    def delete_chosen(self) -> None:
        if self._chosen is None:
            return
        kind, item_id = self._chosen
        name = self.detail.title.text()
        if kind == "target":
            command = DeleteSearchItemCommand(
                self._targets, item_id, f"Remove target {name}", self.status_message.emit
            )
        else:
            command = DeleteSearchItemCommand(
                self._applications, item_id, f"Delete application {name}", self.status_message.emit
            )
        self._chosen = None
        self._undo.push(command)
        self.status_message.emit(f"Deleted {name} (Ctrl+Z brings it back)")

    def _open(self, dialog: QWidget) -> None:
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
