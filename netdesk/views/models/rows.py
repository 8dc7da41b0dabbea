"""The base of NetDesk's small item models: a Python list of rows, replaced as a whole on
refresh, with the columns declared once (header, text, tooltip, alignment, other roles).

The big lists (contacts, meetings) page their rows from SQL and do not use this."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

Row = TypeVar("Row")
Getter = Callable[[Any], Any]
Index = QModelIndex | QPersistentModelIndex

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)


@dataclass(frozen=True)
class Column:
    """One column: what it shows of a row for each role it answers.

    *accessible* is True when screen readers hear the display text, or a getter of its own.
    *roles* answers any other role (edit, font, colour…) for this column only.
    *editable* says which rows may be edited in this column (the model's setData saves).
    """

    header: str = ""
    text: Getter = str
    tooltip: Getter | None = None
    accessible: bool | Getter = False
    alignment: Qt.AlignmentFlag | None = None
    roles: Mapping[int, Getter] = field(default_factory=dict)
    editable: Callable[[Any], bool] | None = None

    def __post_init__(self) -> None:
        # Qt hands roles over as ints or enums; keys as ints make every lookup match.
        object.__setattr__(self, "roles", {int(role): get for role, get in self.roles.items()})

    def value(self, row: Any, role: int) -> Any:
        if role == _DISPLAY:
            return self.text(row)
        if role == _ACCESSIBLE and self.accessible:
            return self.text(row) if self.accessible is True else self.accessible(row)
        if role == _TOOLTIP and self.tooltip is not None:
            return self.tooltip(row)
        if role == _ALIGNMENT and self.alignment is not None:
            return int(self.alignment)
        get = self.roles.get(role)
        return None if get is None else get(row)


class _RowModel(Generic[Row]):
    """What the list and the table variants share. Subclasses declare their columns in
    columns() and the roles every column answers alike (ids) in row_roles(); both are
    called once, so their getters may use the model's own state."""

    def __init__(self, parent=None, rows: Iterable[Row] = ()) -> None:
        super().__init__(parent)
        self._rows: list[Row] = list(rows)
        self._columns: tuple[Column, ...] = tuple(self.columns())
        self._row_roles = {int(role): get for role, get in self.row_roles().items()}

    def columns(self) -> Iterable[Column]:
        return (Column(),)

    def row_roles(self) -> Mapping[int, Getter]:
        return {}

    # --- the rows -----------------------------------------------------------

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()  # type: ignore[attr-defined]
        self._rows = list(rows)
        self.endResetModel()  # type: ignore[attr-defined]

    def row_at(self, where: int | Index) -> Row | None:
        """The row at a row number or an index; None outside the list."""
        if not isinstance(where, int):
            if not where.isValid():
                return None
            where = where.row()
        return self._rows[where] if 0 <= where < len(self._rows) else None

    def row_item(self, row: int) -> Row | None:
        """row_at's older name, still used by the Today and contact pages."""
        return self.row_at(row)

    def row_where(self, matches: Callable[[Row], bool]) -> int | None:
        """The number of the first row that *matches*, if any."""
        return next((number for number, row in enumerate(self._rows) if matches(row)), None)

    def append_row(self, row: Row) -> None:
        number = len(self._rows)
        self.beginInsertRows(QModelIndex(), number, number)  # type: ignore[attr-defined]
        self._rows.append(row)
        self.endInsertRows()  # type: ignore[attr-defined]

    def take_row(self, number: int) -> Row:
        self.beginRemoveRows(QModelIndex(), number, number)  # type: ignore[attr-defined]
        taken = self._rows.pop(number)
        self.endRemoveRows()  # type: ignore[attr-defined]
        return taken

    def replace_row(self, number: int, row: Row, column: int | None = None) -> None:
        """Show a changed row in place (one *column* of it, or all) without a reset."""
        self._rows[number] = row
        first = 0 if column is None else column
        last = len(self._columns) - 1 if column is None else column
        self.dataChanged.emit(self.index(number, first), self.index(number, last))  # type: ignore[attr-defined]

    # --- what the view asks ---------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self._columns):
            return None
        role = int(role)
        get = self._row_roles.get(role)
        if get is not None:
            return get(row)
        return self._columns[index.column()].value(row, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)  # type: ignore[misc]
        row = self.row_at(index)
        if row is not None and 0 <= index.column() < len(self._columns):
            editable = self._columns[index.column()].editable
            if editable is not None and editable(row):
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags


class RowListModel(_RowModel[Row], QAbstractListModel):
    """A list of rows shown in one column (a QListView's model)."""


class RowTableModel(_RowModel[Row], QAbstractTableModel):
    """A list of rows shown in columns with headers (a QTableView's model)."""

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None
