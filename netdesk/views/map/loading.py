"""Loading the map: the network read and laid out off the GUI thread (`prepare_map`),
then swapped in; cancelled, retried, started over. A mixin of `MapPage`."""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass

from PySide6.QtCore import QSize, QTimer

from netdesk.errors import Cancelled, LayoutError
from netdesk.services.cancel import CancelToken
from netdesk.services.network.model import MapData, MapFilter, Network
from netdesk.services.network.projection import project
from netdesk.services.network.warm_paths import day_words, path_index
from netdesk.views.map.geometry import SceneData, prepare_scene

log = logging.getLogger(__name__)
FREEZE_FROM = 5000  # people: from here a loaded network is kept out of full GC passes


@dataclass(eq=False)
class LoadedMap:
    """What the map page shows, made on the worker thread: the GUI thread swaps it in."""

    network: Network
    criteria: MapFilter
    data: MapData
    scene: SceneData
    tags: list[tuple[str, str]]  # (as written, folded)
    organisations: list[tuple[str, int]]
    events: list[tuple[str, int]]  # "Data Guild evening · 1 Dec", the latest first
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
    events = [(f"{e.name} · {day_words(e.day, network.today)}", e.id) for e in network.events]
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
        events,
        people,
        sorted(people, key=str.casefold),
        targets,
        sorted(targets, key=str.casefold),
    )


def _grew_a_lot(fitted: int, now: int) -> bool:
    """A network that changed this much since the map was fitted is fitted again; one
    person more or less keeps the user's zoom."""
    return abs(now - fitted) > max(10, fitted // 5)


class MapLoadingMixin:
    """Reading, laying out and showing the network, for `MapPage`."""

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
        current_event = self.met_at.currentData()
        for combo in (self.tag, self.organisation, self.met_at):
            combo.blockSignals(True)
            combo.clear()
        self.tag.addItem("Any tag", None)
        for label, folded in loaded.tags:
            self.tag.addItem(label, folded)
        self.met_at.addItem("Any event", None)
        for label, event_id in loaded.events:
            self.met_at.addItem(label, event_id)
        self.met_at.setEnabled(bool(loaded.events))
        # Thousands of organisations: one call for the names, their ids kept alongside.
        self.organisation.addItems(["Any organisation", *(n for n, _id in loaded.organisations)])
        self._organisation_ids = [None, *(org_id for _n, org_id in loaded.organisations)]
        self.tag.setCurrentIndex(max(0, self.tag.findData(current_tag)))
        self.met_at.setCurrentIndex(max(0, self.met_at.findData(current_event)))
        self.organisation.setCurrentIndex(
            self._organisation_ids.index(current_org)
            if current_org in self._organisation_ids
            else 0
        )
        for combo in (self.tag, self.organisation, self.met_at):
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
