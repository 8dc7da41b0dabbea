"""The rows an import skipped or imported with a warning, for the summary dialog."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from netdesk.services.imports.summary import Problem

HEADERS = ("Line", "What happened", "Why")


class ProblemTableModel(QAbstractTableModel):
    def __init__(self, problems: list[Problem], parent=None) -> None:
        super().__init__(parent)
        self._problems = problems

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        problem = self._problems[index.row()]
        column = index.column()
        if column == 0:
            return "" if problem.line is None else str(problem.line)
        if column == 1:
            return "Skipped" if problem.kind == "skipped" else "Imported, value left out"
        return problem.reason
