"""The warm introductions panel: a person or organisation to reach, the ranked paths
to them (`WarmPathListModel`) and asking for an introduction. A mixin of `MapPage`."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from netdesk.services.network.warm_paths import RANKING_EXPLAINED, Target, WarmPath, warm_paths
from netdesk.views.models.roles import PATH_ROLE
from netdesk.views.models.rows import Column, RowListModel


class WarmPathListModel(RowListModel[WarmPath]):
    """The ranked introduction paths to the chosen target."""

    def columns(self):
        return (
            Column(
                text=lambda path: "\n".join(path.sentences),
                accessible=lambda path: ". ".join(path.sentences),
                tooltip=lambda path: f"{path.describe()}\n{RANKING_EXPLAINED}",
            ),
        )

    def row_roles(self):
        return {PATH_ROLE: lambda path: path}

    def set_paths(self, paths: list[WarmPath]) -> None:
        self.set_rows(paths)

    def path(self, row: int) -> WarmPath | None:
        return self.row_at(row)


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


class WarmPathsMixin:
    """The warm introductions panel of `MapPage`."""

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
