"""The map's filters and drawing: re-projecting the network (off the GUI thread when
it is big), the legend and the status line. A mixin of `MapPage`."""

from __future__ import annotations

import logging

from netdesk.errors import Cancelled
from netdesk.services.cancel import CancelToken
from netdesk.services.network.model import MapData, MapFilter
from netdesk.services.network.projection import project
from netdesk.services.text import count_of
from netdesk.services.vocabulary import RELATIONS
from netdesk.views.map.colours import (
    CLUSTER_EDGE,
    EDGE_STYLES,
    ME_COLOUR,
    PATH_COLOUR,
    relation_colour,
)
from netdesk.views.map.geometry import SceneData, prepare_scene

log = logging.getLogger(__name__)
# People from whom a filter change re-projects off the GUI thread (about 180 ms for
# 30,000 people shown one by one; a few ms for a network this size).
BACKGROUND_REDRAW_FROM = 5000
CLUSTER_LEGEND = {
    "organisation": "LinkedIn-only, by organisation",
    "relation": "LinkedIn-only connections",
    "tag": "LinkedIn-only, by tag",
}


class MapFiltersMixin:
    """What the filters show and how it is drawn, for `MapPage`."""

    def current_filter(self) -> MapFilter:
        relation = self.relation.currentData()
        return MapFilter(
            relations=frozenset([relation]) if relation else frozenset(),
            tag=self.tag.currentData(),
            min_closeness=self.closeness.currentData() or 1,
            organisation_id=self.organisation_id(),
            event_id=self.met_at.currentData(),
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

    def _on_event_changed(self, *_args) -> None:
        # An event's people sit all over the map (by organisation, by tag...): show
        # them all once they are drawn, and everyone again when back to any event.
        self._fit_when_shown = True
        self._on_filters_changed()

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
        if self._fit_when_shown:
            self._fit_when_shown = False
            self.fit_all()  # after the legend: its width counts
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
