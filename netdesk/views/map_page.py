"""The Map page: the network around me, filters, search, warm introduction paths, export."""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.cancel import Cancelled, CancelToken
from netdesk.services.graph import (
    ME,
    GraphService,
    MapData,
    MapFilter,
    Network,
    Tie,
    project,
)
from netdesk.services.graph_layout import LayoutError
from netdesk.services.text import count_of
from netdesk.services.todos import TodoService
from netdesk.services.vocabulary import CLOSENESS_LABELS, LINKEDIN_ONLY, RELATIONS
from netdesk.services.warm_paths import (
    RANKING_EXPLAINED,
    Target,
    WarmPath,
    path_index,
    warm_paths,
)
from netdesk.tasks import TaskRunner
from netdesk.views.file_dialogs import FileChooser
from netdesk.views.map_canvas import (
    CLUSTER_EDGE,
    EDGE_STYLES,
    ME_COLOUR,
    PATH_COLOUR,
    MapScene,
    MapView,
    SceneData,
    prepare_scene,
    relation_colour,
)
from netdesk.views.models.roles import PATH_ROLE

log = logging.getLogger(__name__)
GROUPING_CHOICES = {
    "organisation": "Group by organisation",
    "relation": "Group by how I know them",
    "tag": "Group by tag",
}
FREEZE_FROM = 5000  # people: from here a loaded network is kept out of full GC passes
# People from whom a filter change re-projects off the GUI thread (about 180 ms for
# 30,000 people shown one by one; a few ms for a network this size).
BACKGROUND_REDRAW_FROM = 5000
CLUSTER_LEGEND = {
    "organisation": "LinkedIn-only, by organisation",
    "relation": "LinkedIn-only connections",
    "tag": "LinkedIn-only, by tag",
}


@dataclass(eq=False)
class LoadedMap:
    """What the map page shows, made on the worker thread: the GUI thread swaps it in."""

    network: Network
    criteria: MapFilter
    data: MapData
    scene: SceneData
    tags: list[tuple[str, str]]  # (as written, folded)
    organisations: list[tuple[str, int]]
    people: dict[str, int]  # search entry -> contact id
    people_sorted: list[str]
    targets: dict[str, int]  # entry -> contact id, or -organisation id
    targets_sorted: list[str]


def prepare_map(network: Network, criteria: MapFilter, fit: QSize | None = None) -> LoadedMap:
    """Everything slow about showing *network*, kept off the GUI thread: the path
    search's tables, the choices for the filters and search boxes, the projection
    and the scene's arrays."""
    path_index(network)  # warm the path search
    tags = sorted(
        ((network.tag_labels.get(t, t), t) for t in network.tags), key=lambda t: t[0].casefold()
    )
    organisations = sorted(
        ((name, org_id) for org_id, name in network.organisations.items()),
        key=lambda kv: kv[0].casefold(),
    )
    people: dict[str, int] = {}
    for person in network.people.values():
        org = network.organisation_name(person.organisation_id)
        people[f"{person.name} — {org}" if org else person.name] = person.id
    # Plain ints, not 30,000 Target objects: fewer objects for the garbage collector
    # to walk, whose full passes hold the GIL (a GUI pause) for each of them.
    targets = {f"{name} — organisation": -org_id for org_id, name in network.organisations.items()}
    targets.update(people)
    data = project(network, criteria)
    return LoadedMap(
        network,
        criteria,
        data,
        prepare_scene(data, fit),
        tags,
        organisations,
        people,
        sorted(people, key=str.casefold),
        targets,
        sorted(targets, key=str.casefold),
    )


class WarmPathListModel(QAbstractListModel):
    """The ranked introduction paths to the chosen target."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._paths: list[WarmPath] = []

    def set_paths(self, paths: list[WarmPath]) -> None:
        self.beginResetModel()
        self._paths = list(paths)
        self.endResetModel()

    def path(self, row: int) -> WarmPath | None:
        return self._paths[row] if 0 <= row < len(self._paths) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._paths)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._paths):
            return None
        path = self._paths[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(path.sentences)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ". ".join(path.sentences)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{path.describe()}\n{RANKING_EXPLAINED}"
        if role == PATH_ROLE:
            return path
        return None


def _request_html(path: WarmPath) -> str:
    """What "Ask for an introduction" will do, each person a link to them on the map."""

    def link(pid: int, name: str) -> str:
        return f"<a href='person:{pid}'>{escape(name)}</a>"

    people = [s for s in path.steps if s.contact_id is not None]
    names = [link(s.contact_id, s.name) for s in people]
    at = f" ({escape(path.organisation)})" if path.organisation else ""
    if len(names) == 1:
        return f"Reach out to {names[0]}{at} yourself."
    through = f", through {' and '.join(names[1:-1])}" if len(names) > 2 else ""
    return f"Ask {names[0]} for an introduction to {names[-1]}{at}{through}."


class AddLinkCommand(QUndoCommand):
    """Drawing a line from one person to another: "they know each other"."""

    def __init__(self, graph: GraphService, tie: Tie, text: str, on_change) -> None:
        super().__init__(text)
        self._graph = graph
        self._tie = tie
        self._on_change = on_change
        self._first = True

    def redo(self) -> None:
        if not self._first:  # the link exists already the first time (see MapPage)
            self._graph.restore_link(self._tie)
        self._first = False
        self._on_change(self._tie, True)

    def undo(self) -> None:
        self._graph.disconnect(self._tie.link_id)
        self._on_change(self._tie, False)


def _grew_a_lot(fitted: int, now: int) -> bool:
    """A network that changed this much since the map was fitted is fitted again; one
    person more or less keeps the user's zoom."""
    return abs(now - fitted) > max(10, fitted // 5)


class MapPage(QWidget):
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
        self._fitted = False
        self._fitted_people = 0  # how many people the map held when it was last fitted
        self._reveal: set[int] = set()
        self._expanded: set[int] = set()  # clusters whose LinkedIn-only people are shown
        self._target_entries: dict[str, int] = {}  # contact id, or -organisation id
        self._search_entries: dict[str, int] = {}
        self._pending_completions: tuple[list[str], list[str]] | None = None
        self._organisation_ids: list[int | None] = []

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
        for combo in (self.relation, self.closeness, self.tag, self.organisation):
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
        fit.clicked.connect(self.view.fit_all)
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
        for widget in (self.relation, self.closeness, self.tag, self.organisation):
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

        QShortcut(QKeySequence("Ctrl+0"), self, self.view.fit_all)
        self._set_legend()
        self._update_status()

    def _completer(self, model: QStringListModel, slot) -> QCompleter:
        completer = QCompleter(model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(slot)
        return completer

    def _build_paths_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("warmPaths")
        title = QLabel("<b>Warm introductions</b>")
        hint = QLabel("Who could introduce you to someone, or to anyone at an organisation?")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6b7a;")
        self.target = QLineEdit()
        self.target.setObjectName("pathTarget")
        self.target.setAccessibleName("Person or organisation to reach")
        self.target.setPlaceholderText("Person or organisation…")
        self.target.setClearButtonEnabled(True)
        self._target_model = QStringListModel(self)
        self.target.setCompleter(self._completer(self._target_model, self.find_paths_to))
        self.target.returnPressed.connect(lambda: self.find_paths_to(self.target.text()))
        self.paths_model = WarmPathListModel(self)
        self.paths = QListView()
        self.paths.setObjectName("pathList")
        self.paths.setAccessibleName("Introduction paths")
        self.paths.setModel(self.paths_model)
        self.paths.setWordWrap(True)
        self.paths.setAlternatingRowColors(True)
        self.paths.setSpacing(2)
        self.paths.selectionModel().currentChanged.connect(self._on_paths_current_changed)
        self.steps = QLabel(
            "Type a name or an organisation: the people who could introduce you appear "
            "here, your real relationships and recorded referrals first."
        )
        self.steps.setObjectName("pathSteps")
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.steps.linkActivated.connect(self._on_steps_link_activated)
        self.ask = QPushButton("Ask for an introduction")
        self.ask.setObjectName("askIntroduction")
        self.ask.setEnabled(False)
        self.ask.clicked.connect(self.ask_for_introduction)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.target)
        layout.addWidget(self.paths, 1)
        layout.addWidget(self.steps)
        layout.addWidget(self.ask)
        return panel

    # --- loading --------------------------------------------------------------

    def reload(self) -> None:
        """Read the network (and lay out whoever is new) off the GUI thread; a big
        layout runs in a separate process. Asked again while loading (the data changed),
        the load under way is cancelled and starts over."""
        if self._loading:
            self._reload_pending = True
            if self._token is not None:
                self._token.cancel()
            return
        self._start_loading()

    def cancel_loading(self) -> None:
        """Stop the load (and the layout process) under way, if any."""
        self._reload_pending = False
        if self._token is not None:
            self._token.cancel()

    def is_loading(self) -> bool:
        return self._loading

    def hideEvent(self, event) -> None:
        # Left for another page or closed with the window: a layout for nobody is
        # stopped (showing the page again reloads).
        if not event.spontaneous():
            self.cancel_loading()
        super().hideEvent(event)

    def _start_loading(self, *, again: bool = False) -> None:
        token = CancelToken()
        self._token = token
        self._loading = True
        self.retry.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText("Laying out the map again…" if again else "Reading your network…")
        graph, grouping = self._graph, self.grouping.currentData()
        criteria = self.current_filter()
        fit = None if self._fitted else QSize(self.view.viewport().size())

        def work(progress) -> LoadedMap:
            if again:  # a fresh copy: the GUI keeps drawing the current one meanwhile
                network = graph.load(grouping)
                token.check()
                graph.lay_out(network, progress, again=True, cancel=token)
            else:
                network = graph.open_network(progress, token, grouping)
            token.check()
            progress(97, "Drawing the map…")
            loaded = prepare_map(network, criteria, fit)
            token.check()
            return loaded

        self._tasks.run(
            work,
            lambda loaded: self._on_network_loaded(token, loaded),
            lambda error: self._on_load_failed(token, error),
            lambda percent, message: self._on_load_progress(token, percent, message),
        )

    def _finish_loading(self, token: CancelToken) -> bool:
        """The load is over; False if a newer one has taken its place meanwhile."""
        if token is not self._token:
            return False
        self._loading = False
        self._token = None
        self.progress.hide()
        return True

    def _on_load_progress(self, token: CancelToken, percent: int, message: str) -> None:
        if token is self._token and not token.cancelled:
            self.progress.setValue(percent)
            self.status.setText(message)

    def _on_network_loaded(self, token: CancelToken, loaded: LoadedMap) -> None:
        if not self._finish_loading(token):
            return
        self.network = loaded.network
        network = loaded.network
        if _grew_a_lot(self._fitted_people, len(network.people)):
            self._fitted = False  # an import, the sample: fitted to a handful, show them all
        self.empty_hint.setVisible(not any(key != network.me_id for key in network.people))
        self._fill_choices(loaded)
        if self.current_filter() == loaded.criteria:
            self._show(loaded.data, loaded.scene)
        else:  # a filter changed while loading
            self._redraw()
        if not self._fitted:
            self._fitted = True
            self._fitted_people = len(network.people)
            self.view.fit_all()
        if len(loaded.network.people) >= FREEZE_FROM:
            # The network and its drawing (some 150,000 objects for 30,000 people) live
            # until the next load and hold no reference cycles: frozen, they stay out
            # of the garbage collector's full passes, which would otherwise walk them
            # all while holding the GIL (40 ms and more: a GUI pause). When replaced,
            # they are freed by reference counting as usual. (Whatever cyclic garbage
            # exists just now stays too: not worth it for a small network.)
            gc.freeze()
        self.network_loaded.emit()
        if self._reload_pending:  # the data changed while loading
            self._reload_pending = False
            self._start_loading()

    def _on_load_failed(self, token: CancelToken, error: BaseException) -> None:
        if not self._finish_loading(token):
            return
        if isinstance(error, Cancelled):
            if self._reload_pending:
                self._reload_pending = False
                self._start_loading()
            else:
                self._update_status()
            return
        self._reload_pending = False
        if isinstance(error, LayoutError):
            log.error("map layout failed: %s", error)
            text = f"The map could not be laid out. {error}"
        else:
            log.error("map could not be loaded", exc_info=error)
            text = f"The map could not be drawn: {error}"
        self.status.setStyleSheet("color: #b3261e;")
        self.status.setText(text)
        self.retry.show()

    def _fill_choices(self, loaded: LoadedMap) -> None:
        current_tag, current_org = self.tag.currentData(), self.organisation_id()
        for combo in (self.tag, self.organisation):
            combo.blockSignals(True)
            combo.clear()
        self.tag.addItem("Any tag", None)
        for label, folded in loaded.tags:
            self.tag.addItem(label, folded)
        # Thousands of organisations: one call for the names, their ids kept alongside.
        self.organisation.addItems(["Any organisation", *(n for n, _id in loaded.organisations)])
        self._organisation_ids = [None, *(org_id for _n, org_id in loaded.organisations)]
        self.tag.setCurrentIndex(max(0, self.tag.findData(current_tag)))
        self.organisation.setCurrentIndex(
            self._organisation_ids.index(current_org)
            if current_org in self._organisation_ids
            else 0
        )
        for combo in (self.tag, self.organisation):
            combo.blockSignals(False)
        self._search_entries = loaded.people
        self._target_entries = loaded.targets
        # The completions (60,000 names at 30k people) take the GUI thread some 15 ms:
        # a step of their own, after the map is on screen. They are not made on the
        # worker: moving a QObject to this thread there can deadlock (the worker holds
        # the GIL while it waits for a Qt lock this thread holds while it waits for the
        # GIL, as when it deletes a widget).
        self._pending_completions = (loaded.people_sorted, loaded.targets_sorted)
        QTimer.singleShot(0, self, self._fill_completions)

    def _fill_completions(self) -> None:
        if self._pending_completions is None:  # two loads in a row: the newest is in
            return
        people, targets = self._pending_completions
        self._pending_completions = None
        self._search_model.setStringList(people)
        self._target_model.setStringList(targets)

    def _on_grouping_changed(self, _index: int) -> None:
        grouping = self.grouping.currentData()
        self._graph.set_grouping(grouping)
        self._expanded.clear()
        self._fitted = False
        self.reload()

    # --- filters and drawing ------------------------------------------------------

    def current_filter(self) -> MapFilter:
        relation = self.relation.currentData()
        return MapFilter(
            relations=frozenset([relation]) if relation else frozenset(),
            tag=self.tag.currentData(),
            min_closeness=self.closeness.currentData() or 1,
            organisation_id=self.organisation_id(),
            expand_linkedin=self.linkedin.isChecked(),
            reveal=frozenset(self._reveal),
            expand_groups=frozenset(self._expanded),
        )

    def organisation_id(self) -> int | None:
        """The organisation chosen in the filter, if any."""
        index = self.organisation.currentIndex()
        return self._organisation_ids[index] if 0 <= index < len(self._organisation_ids) else None

    def _on_filters_changed(self, *_args) -> None:
        if self.network is None:
            return
        if len(self.network.people) < BACKGROUND_REDRAW_FROM:
            self._redraw()
        else:
            self._redraw_in_background()

    def _redraw(self) -> None:
        """Re-project now: for callers that use the new projection straight away."""
        if self.network is None:
            return
        self._forget_background_redraw()
        data = project(self.network, self.current_filter())
        self._show(data, prepare_scene(data))

    def _redraw_in_background(self) -> None:
        """Re-project on the worker; the map keeps showing the current projection until
        the new one is ready. A newer filter change replaces a redraw under way."""
        self._forget_background_redraw()
        token = self._redraw_token = CancelToken()
        network, criteria = self.network, self.current_filter()

        def work(_progress) -> tuple[MapData, SceneData]:
            data = project(network, criteria)
            token.check()
            return data, prepare_scene(data)

        self._tasks.run(
            work,
            lambda result: self._on_redrawn(token, network, criteria, result),
            lambda error: self._on_redraw_failed(token, error),
        )

    def _forget_background_redraw(self) -> None:
        if self._redraw_token is not None:
            self._redraw_token.cancel()
            self._redraw_token = None

    def _on_redrawn(self, token, network, criteria, result) -> None:
        if token is not self._redraw_token:  # replaced by a newer redraw
            return
        self._redraw_token = None
        if network is self.network and criteria == self.current_filter():
            self.status.setStyleSheet("")  # after a failed redraw, if any
            self._show(*result)

    def _on_redraw_failed(self, token: CancelToken, error: BaseException) -> None:
        if token is not self._redraw_token:  # replaced: whatever happened no longer matters
            return
        self._redraw_token = None
        if not isinstance(error, Cancelled):
            log.error("map could not be redrawn", exc_info=error)
            self.status.setStyleSheet("color: #b3261e;")
            self.status.setText(f"The map could not be redrawn: {error}")

    def _show(self, data: MapData, prepared: SceneData) -> None:
        """Swap in a projection, keeping the highlighted path and the selection."""
        path_keys = [self.data.nodes[i].key for i in self.scene.path_nodes]
        selected = (
            self.data.nodes[self.scene.selected].key if self.scene.selected is not None else None
        )
        self.data = data
        self.scene.apply(prepared)
        self.scene.set_path(path_keys)
        self.scene.select(selected)
        self._set_legend()
        self._update_status()

    def _set_legend(self) -> None:
        relations = sorted(
            {n.relation for n in self.data.nodes if n.kind == "person" and n.relation},
            key=lambda r: list(RELATIONS).index(r) if r in RELATIONS else 99,
        )
        lines = [("dot", ME_COLOUR, "You")]
        lines += [("dot", relation_colour(r), RELATIONS.get(r, r)) for r in relations]
        lines.append(("size", ME_COLOUR, "Bigger: closer to you"))
        if any(n.kind == "cluster" for n in self.data.nodes):
            text = CLUSTER_LEGEND.get(self.data.grouping, CLUSTER_LEGEND["organisation"])
            lines.append(("disc", CLUSTER_EDGE, text))
        kinds = {kind for _a, _b, kind, _w in self.data.edges}
        if "tie" in kinds:
            lines.append(("line", EDGE_STYLES["tie"][0].darker(150), "Your tie (thicker: closer)"))
        if kinds & {"knows", "cluster"}:
            lines.append(("line", EDGE_STYLES["knows"][0].darker(130), "They know each other"))
        if "introduced" in kinds:
            lines.append(("line", EDGE_STYLES["introduced"][0], "Introduced you"))
        if "referred" in kinds:
            lines.append(("line", EDGE_STYLES["referred"][0], "Suggested you talk"))
        if self.scene.path_nodes:
            lines.append(("path", PATH_COLOUR, "Introduction path"))
        self.view.legend_lines = lines
        self.view.viewport().update()

    def _update_status(self) -> None:
        if self._loading:
            return
        if self.network is None:
            self.status.setText("")
            return
        data = self.data
        clusters = sum(1 for n in data.nodes if n.kind == "cluster")
        people = sum(1 for n in data.nodes if n.kind == "person")
        text = count_of(people, "person", "people")
        if clusters:
            noun = "organisation" if data.grouping == "organisation" else "group"
            plural = "" if clusters == 1 else "s"
            text += f" and {clusters:,} {noun}{plural} of LinkedIn-only connections"
        text += f" · {data.people_shown:,} of {data.people_total:,} match the filters"
        zoom = self.view.zoom()
        if zoom < 0.35 and people:
            text += " · zoom in for names"
        self.status.setText(text)

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

    def _on_view_cluster_clicked(self, key: int) -> None:
        node = self.data.node(key)
        if node is not None and node.kind == "cluster":
            self._expanded.add(key)
            self._redraw()
            self.view.centre_on(key if key in self.data.index else ME)

    def _on_view_context_menu(self, pos) -> None:
        from PySide6.QtCore import QPointF

        i = self.view.node_at(QPointF(pos))
        if i is None or self.network is None:
            return
        node = self.data.nodes[i]
        menu = QMenu(self)
        if node.kind == "person":
            menu.addAction(f"Open {node.label}", lambda: self.person_opened.emit(node.key))
            menu.addAction(
                f"Find introductions to {node.label}",
                lambda: self.find_paths(Target(contact_id=node.key), node.label),
            )
            menu.addAction("This is me", lambda: self.set_me(node.key))
        elif node.kind == "cluster":
            menu.addAction(
                f"Show {node.label}'s people", lambda: self._on_view_cluster_clicked(node.key)
            )
            organisation = self.network.group_organisation(node.key)
            if organisation is not None:
                menu.addAction(
                    f"Find introductions to {node.label}",
                    lambda: self.find_paths(Target(organisation_id=organisation), node.label),
                )
        elif node.kind == "me" and node.key != ME:
            menu.addAction("I am not this person", lambda: self.set_me(None))
        if not menu.isEmpty():
            menu.popup(self.view.viewport().mapToGlobal(pos))

    def set_me(self, contact_id: int | None) -> None:
        self._graph.set_me(contact_id)
        self.reload()

    # --- warm paths -----------------------------------------------------------------

    def find_paths_to(self, text: str) -> None:
        entry = self._target_entries.get(text)
        target = None
        if entry is not None:
            target = Target(contact_id=entry) if entry > 0 else Target(organisation_id=-entry)
        elif self.network is not None:
            found = self.network.search(text, limit=1)
            target = Target(contact_id=found[0]) if found else None
        if target is None:
            self.steps.setText(f"No person or organisation matches “{escape(text)}”.")
            return
        self.find_paths(target, text.split(" — ")[0])

    def find_paths(self, target: Target, label: str = "") -> list[WarmPath]:
        if self.network is None:
            return []
        paths = warm_paths(self.network, target)
        self.paths_model.set_paths(paths)
        if paths:
            self.paths.setCurrentIndex(self.paths_model.index(0, 0))
        else:
            self.scene.set_path([])
            self.ask.setEnabled(False)
            self.steps.setText(
                f"No warm path to {escape(label) or 'them'} yet. Who do you know who might "
                "know them? Draw a line between two people on the map to record it."
            )
        return paths

    def _on_paths_current_changed(self, current, _previous) -> None:
        path = self.paths_model.path(current.row())
        if path is None:
            return
        missing = [pid for pid in path.people if pid not in self.data.index]
        if missing:
            self._reveal.update(missing)
            self._redraw()
        self.scene.set_path([self.data.nodes[0].key, *path.people])
        self._set_legend()
        self.steps.setText(_request_html(path))
        introducer = path.introducer
        self.ask.setText(
            f"Ask {introducer.name} for an introduction"
            if introducer
            else f"Reach out to {path.target.name}"
        )
        self.ask.setEnabled(self._todos is not None)

    def _on_steps_link_activated(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "person":
            self.show_person(int(value))

    def current_path(self) -> WarmPath | None:
        return self.paths_model.path(self.paths.currentIndex().row())

    def ask_for_introduction(self) -> None:
        """A to-do for the selected path and, when someone would introduce me, a request
        for an email to them (the window opens the draft)."""
        path = self.current_path()
        if path is None:
            return
        introducer = path.introducer
        if self._todos is not None:
            todo = self._todos.add(
                path.request_title(),
                kind="ask_intro" if introducer else "outreach",
                contact_id=introducer.contact_id if introducer else path.people[-1],
                note=". ".join(path.sentences),
            )
            self.status.setText(f"To-do added: {todo.title}")
            self.todo_added.emit(todo.id)
        if introducer is not None and introducer.contact_id is not None:
            target = path.people[-1]
            self.introduction_requested.emit(introducer.contact_id, target, path.organisation)

    # --- drawing links ----------------------------------------------------------------

    def add_link(self, a: int, b: int) -> None:
        if self.network is None:
            return
        tie = self._graph.connect(a, b)
        names = [self.network.people[k].name for k in (a, b)]
        if tie is None:
            self.status.setText(f"{names[0]} and {names[1]} are already linked.")
            return
        self._undo.push(
            AddLinkCommand(
                self._graph, tie, f"Link {names[0]} and {names[1]}", self._on_link_changed
            )
        )

    def _on_link_changed(self, tie: Tie, added: bool) -> None:
        if self.network is None:
            return
        if added:
            self.network.add_tie(tie)
        else:
            self.network.remove_link(tie.link_id)
        names = [self.network.people[k].name for k in (tie.a, tie.b) if k in self.network.people]
        self._redraw()
        verb = "know each other" if added else "are no longer linked"
        self.status.setText(f"{' and '.join(names)} {verb}. Ctrl+Z undoes it.")

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
