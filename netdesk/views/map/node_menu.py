"""The menu of a node on the map (right click): open a person, find introductions to
them or their organisation, say who I am, and make a person's organisation a target.
A mixin of `MapPage`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QMenu

from netdesk.services.network.model import ME, MapNode
from netdesk.services.network.warm_paths import Target

ADD_TARGET = "Add Their Organisation as a Target"


class NodeMenuMixin:
    """Right-click menus of `MapPage`'s nodes."""

    # Set by whoever owns the job search (`TargetFromPerson.attach_map`): given a person,
    # it makes their organisation a target and returns what to tell the user.
    _target_adder: Callable[[int], str] | None = None

    def set_target_adder(self, adder: Callable[[int], str] | None) -> None:
        self._target_adder = adder

    def _on_view_context_menu(self, pos: QPoint) -> None:
        i = self.view.node_at(QPointF(pos))
        if i is None or self.network is None:
            return
        menu = self.node_menu(self.data.nodes[i])
        if menu.isEmpty():
            menu.deleteLater()
            return
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one menu per right click
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def node_menu(self, node: MapNode) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("mapNodeMenu")
        if node.kind == "person":
            menu.addAction(f"Open {node.label}", lambda: self.person_opened.emit(node.key))
            menu.addAction(
                f"Find introductions to {node.label}",
                lambda: self.find_paths(Target(contact_id=node.key), node.label),
            )
            if self._target_adder is not None:
                menu.addAction(ADD_TARGET, lambda: self.add_their_organisation(node.key))
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
        return menu

    def add_their_organisation(self, contact_id: int) -> None:
        """Their organisation becomes a target, or the status line says why it cannot
        (they have none, or it is one already)."""
        if self._target_adder is not None:
            self.status.setText(self._target_adder(contact_id))
