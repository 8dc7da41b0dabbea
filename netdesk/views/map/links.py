"""Drawing a line between two people on the map records that they know each other
(undoable). A mixin of `MapPage`."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from netdesk.services.network.model import Tie
from netdesk.services.network.service import GraphService


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


class MapLinksMixin:
    """Linking people by dragging one onto another, for `MapPage`."""

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
