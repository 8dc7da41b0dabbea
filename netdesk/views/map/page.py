"""The Map page: the network around me, filters, search, warm introduction paths, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.cancel import CancelToken
from netdesk.services.changes import Change
from netdesk.services.followups.todos import TodoService
from netdesk.services.network.model import ME, MapData, Network
from netdesk.services.network.service import GraphService
from netdesk.services.vocabulary import CLOSENESS_LABELS, LINKEDIN_ONLY, RELATIONS
from netdesk.tasks import TaskRunner
from netdesk.views.changes import ChangeRelay, Follower, follow_changes
from netdesk.views.file_dialogs import FileChooser
from netdesk.views.map.filters import MapFiltersMixin
from netdesk.views.map.links import MapLinksMixin
from netdesk.views.map.loading import MapLoadingMixin
from netdesk.views.map.node_menu import NodeMenuMixin
from netdesk.views.map.paths_panel import WarmPathsMixin
from netdesk.views.map.scene import MapScene
from netdesk.views.map.view import MapView

GROUPING_CHOICES = {
    "organisation": "Group by organisation",
    "relation": "Group by how I know them",
    "tag": "Group by tag",
}


class MapPage(
    MapLoadingMixin, MapFiltersMixin, WarmPathsMixin, MapLinksMixin, NodeMenuMixin, QWidget
):
    person_opened = Signal(int)
    todo_added = Signal(int)
    # "Ask for an introduction": (introducer, target person, the organisation named).
    introduction_requested = Signal(int, int, str)
    network_loaded = Signal()

    def __init__(
        self,
        graph: GraphService,
        todos: TodoService | None,
        tasks: TaskRunner,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        files: FileChooser | None = None,
    ) -> None:
        super().__init__(parent)
        self._files = files or FileChooser(None)
        self._graph = graph
        self._todos = todos
        self._tasks = tasks
        self._undo = undo_stack
        self.network: Network | None = None
        self.data = MapData([], [], {})
        self._loading = False
        self._token: CancelToken | None = None  # cancels the load under way
        self._redraw_token: CancelToken | None = None  # the filter redraw under way
        self._reload_pending = False  # asked to reload while loading: again when done
        self._follower: Follower | None = None  # set when the window has it follow changes
        self._fitted = False
        self._fitted_people = 0  # how many people the map held when it was last fitted
        self._reveal: set[int] = set()
        self._expanded: set[int] = set()  # clusters whose LinkedIn-only people are shown
        self._target_entries: dict[str, int] = {}  # contact id, or -organisation id
        self._search_entries: dict[str, int] = {}
        self._pending_completions: tuple[list[str], list[str]] | None = None
        self._organisation_ids: list[int | None] = []
        self._fit_when_shown = False  # the next projection shown is fitted (an event chosen)

        self.scene = MapScene(self)
        self.view = MapView(self.scene, self)
        self.view.person_clicked.connect(self.person_opened)
        self.view.cluster_clicked.connect(self._on_view_cluster_clicked)
        self.view.link_requested.connect(self.add_link)
        self.view.zoomed.connect(lambda _zoom: self._update_status())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)

        self.search = QLineEdit()
        self.search.setObjectName("mapSearch")
        self.search.setAccessibleName("Find a person on the map")
        self.search.setPlaceholderText("Find on the map…")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self._search_model = QStringListModel(self)
        self.search.setCompleter(self._completer(self._search_model, self._on_search_chosen))

        self.relation = QComboBox()
        self.relation.setObjectName("mapRelation")
        self.relation.setAccessibleName("How I know them")
        self.relation.addItem("Everyone I know", None)
        for key, label in RELATIONS.items():
            if key != LINKEDIN_ONLY:
                self.relation.addItem(label, key)
        self.closeness = QComboBox()
        self.closeness.setObjectName("mapCloseness")
        self.closeness.setAccessibleName("Closeness at least")
        self.closeness.addItem("Any closeness", 1)
        for value, label in CLOSENESS_LABELS.items():
            if value > 1:
                self.closeness.addItem(f"{label} or closer", value)
        self.tag = QComboBox()
        self.tag.setObjectName("mapTag")
        self.tag.setAccessibleName("Tag")
        self.organisation = QComboBox()
        self.organisation.setObjectName("mapOrganisation")
        self.organisation.setAccessibleName("Organisation")
        self.organisation.setMaximumWidth(220)
        self.met_at = QComboBox()  # the event met at (not self.event: QWidget.event())
        self.met_at.setObjectName("mapEvent")
        self.met_at.setAccessibleName("Event")
        self.met_at.setToolTip("Show only the people you met at one event and the ties among them")
        self.met_at.addItem("Any event", None)
        self.met_at.setMaximumWidth(240)
        for combo in (self.relation, self.closeness, self.tag, self.organisation, self.met_at):
            # Thousands of organisations: never measure every name to size the box; and
            # a narrow window shrinks the filters rather than growing past the screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        self.linkedin = QCheckBox("LinkedIn-only one by one")
        self.linkedin.setObjectName("mapLinkedIn")
        self.linkedin.setToolTip(
            "LinkedIn-only connections are grouped by organisation; tick to show each person"
        )
        for combo in (self.relation, self.closeness, self.tag, self.organisation):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        self.met_at.currentIndexChanged.connect(self._on_event_changed)
        self.linkedin.toggled.connect(self._on_filters_changed)
        self.grouping = QComboBox()
        self.grouping.setObjectName("mapGrouping")
        self.grouping.setAccessibleName("Group people by")
        self.grouping.setToolTip(
            "Gather people by organisation, by how you know them or by tag; "
            "the map is laid out (once) for each"
        )
        for key, label in GROUPING_CHOICES.items():
            self.grouping.addItem(label, key)
        self.grouping.setCurrentIndex(max(0, self.grouping.findData(graph.grouping())))
        self.grouping.currentIndexChanged.connect(self._on_grouping_changed)

        fit = QToolButton()
        fit.setText("Fit")
        fit.setToolTip("Show the whole map (Ctrl+0)")
        fit.clicked.connect(self.fit_all)
        export = QToolButton()
        export.setObjectName("mapExport")
        export.setText("Export")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        menu.addAction("As PNG image…", self.choose_png)
        menu.addAction("As SVG drawing…", self.choose_svg)
        export.setMenu(menu)
        rearrange = QToolButton()
        rearrange.setObjectName("mapRearrange")
        rearrange.setText("Re-arrange")
        rearrange.setToolTip("Lay the whole map out again (everyone may move)")
        rearrange.clicked.connect(self._on_rearrange_clicked)

        # Two rows, so that a laptop-width window fits every filter without squeezing.
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.grouping)
        bar.addWidget(self.linkedin)
        bar.addWidget(fit)
        bar.addWidget(export)
        bar.addWidget(rearrange)
        filters = QHBoxLayout()
        for widget in (self.relation, self.closeness, self.tag, self.organisation, self.met_at):
            filters.addWidget(widget, 1)

        self.status = QLabel()
        self.status.setObjectName("mapStatus")
        self.progress = QProgressBar()
        self.progress.setObjectName("mapProgress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.retry = QPushButton("Try again")
        self.retry.setObjectName("mapRetry")
        self.retry.clicked.connect(self.reload)
        self.retry.hide()
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.retry)
        footer.addWidget(self.progress)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mapSplitter")  # the window remembers named splitters
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self._build_paths_panel())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([900, 320])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addLayout(bar)
        layout.addLayout(filters)
        self.empty_hint = QLabel(
            "<b>Your map starts with you.</b> Add the people you know on Contacts "
            "(Ctrl+N), or drop your LinkedIn export on this window: they appear around you, "
            "closest ties nearest, with who knows whom and who introduced whom."
        )
        self.empty_hint.setObjectName("mapEmptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("padding: 8px 4px; font-size: 11pt;")
        self.empty_hint.hide()
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(footer)

        QShortcut(QKeySequence("Ctrl+0"), self, self.fit_all)
        self._set_legend()
        self._update_status()

    def _completer(self, model: QStringListModel, slot) -> QCompleter:
        completer = QCompleter(model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(slot)
        return completer

    def hideEvent(self, event) -> None:
        # Left for another page or closed with the window: a layout for nobody is
        # stopped (showing the page again reloads).
        if not event.spontaneous():
            if self.is_loading() and self._follower is not None:
                self._follower.stale = True  # read again when shown
            self.cancel_loading()
        super().hideEvent(event)

    # --- searching and centring -------------------------------------------------

    def _on_search_chosen(self, text: str) -> None:
        contact_id = self._search_entries.get(text)
        if contact_id is not None:
            self.show_person(contact_id)

    def _on_search_return_pressed(self) -> None:
        text = self.search.text().strip()
        if not text or self.network is None:
            return
        contact_id = self._search_entries.get(text)
        if contact_id is None:
            found = self.network.search(text, limit=1)
            contact_id = found[0] if found else None
        if contact_id is None:
            self.status.setText(f"No one on the map matches “{text}”.")
            return
        self.show_person(contact_id)

    def show_person(self, contact_id: int) -> bool:
        """Centre the map on someone (showing them even if a filter or cluster hid them)."""
        if self.network is None or contact_id not in self.network.people:
            return False
        if contact_id not in self.data.index:
            self._reveal.add(contact_id)
            self._redraw()
        self.scene.select(contact_id)
        shown = self.view.centre_on(contact_id, zoom=0.8)
        name = self.network.people[contact_id].name
        self.status.setText(f"{name} is in the middle of the map.")
        return shown

    def fit_all(self) -> None:
        """Show the whole map; an event's few people clear of the legend."""
        self.view.fit_all(clear_of_legend=self.met_at.currentData() is not None)

    def _on_view_cluster_clicked(self, key: int) -> None:
        node = self.data.node(key)
        if node is not None and node.kind == "cluster":
            self._expanded.add(key)
            self._redraw()
            self.view.centre_on(key if key in self.data.index else ME)

    def set_me(self, contact_id: int | None) -> None:
        self._graph.set_me(contact_id)  # the map hears it and reads the network again

    def follow(self, changes: ChangeRelay) -> None:
        """Read the network when first shown, and again when shown after people,
        referrals or events changed (its own links it draws as they are made)."""
        watched = Change.PEOPLE | Change.REFERRALS | Change.MEETINGS | Change.EVENTS
        self._follower = follow_changes(self, changes, watched, self.reload, stale=True)

    # --- export and re-arranging -------------------------------------------------------

    def choose_png(self) -> None:
        path = self._files.save_file(
            self, "export", "Export map as PNG", "netdesk-map.png", "PNG image (*.png)", Path.home()
        )
        if path is not None:
            saved = self.view.export_png(str(path))
            self.status.setText(
                f"Saved the whole map to {path}" if saved else f"Could not write {path}"
            )

    def choose_svg(self) -> None:
        path = self._files.save_file(
            self,
            "export",
            "Export map as SVG",
            "netdesk-map.svg",
            "SVG drawing (*.svg)",
            Path.home(),
        )
        if path is not None:
            self.view.export_svg(str(path))
            self.status.setText(f"Saved the whole map to {path}")

    def _on_rearrange_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            "Re-arrange the map",
            "Lay out the whole map again? Everyone may move to a new place.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.rearrange()

    def rearrange(self) -> None:
        """Lay the whole map out again (everyone may move), in the background."""
        if self._loading or self.network is None:
            return
        self._fitted = False
        self._start_loading(again=True)
