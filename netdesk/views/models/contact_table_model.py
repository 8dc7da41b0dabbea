"""The contact list model: ids from one SQL query (sorted and filtered in SQLite), rows on demand.

Only the ids of matching people are held (30,000 ints); the text of a row is
fetched in pages when the view first asks for it, so a search keystroke costs
one indexed query and a reset, never a walk over Python objects.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from netdesk.services.contacts import ContactFilter, ContactRow, ContactService, SortKey
from netdesk.services.vocabulary import LINKEDIN_ONLY, relation_label

PAGE_SIZE = 200
MAX_CACHED_ROWS = 4_000
CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS: list[tuple[str, SortKey]] = [
    ("Name", SortKey.NAME),
    ("Organisation", SortKey.ORGANISATION),
    ("Role", SortKey.ROLE),
    ("How I know them", SortKey.RELATION),
    ("Closeness", SortKey.CLOSENESS),
    ("Last interaction", SortKey.LAST_INTERACTION),
]
NAME, ORGANISATION, ROLE, RELATION, CLOSENESS, LAST_INTERACTION = range(len(COLUMNS))


def format_day(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return date.fromisoformat(iso[:10]).strftime("%d %b %Y")
    except ValueError:
        return iso


class ContactTableModel(QAbstractTableModel):
    def __init__(self, contacts: ContactService, parent=None) -> None:
        super().__init__(parent)
        self._contacts = contacts
        self._filter = ContactFilter()
        self._sort = SortKey.NAME
        self._descending = False
        self._ids: list[int] = []
        self._rows: dict[int, ContactRow] = {}
        self._muted = QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        self._bold = QFont()
        self._bold.setBold(True)
        self.refresh()

    # --- what the view asks -----------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == CONTACT_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.relation == LINKEDIN_ONLY or (
                column == LAST_INTERACTION and not row.last_interaction
            ):
                return self._muted
            return None
        if role == Qt.ItemDataRole.FontRole and column == NAME and row.closeness >= 4:
            return self._bold
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column) or "empty"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = COLUMNS[column][1]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    # --- what the page asks ----------------------------------------------

    @property
    def current_filter(self) -> ContactFilter:
        return self._filter

    def set_filter(self, criteria: ContactFilter) -> None:
        if criteria != self._filter:
            self._filter = criteria
            self.refresh()

    def refresh(self) -> None:
        """Re-run the query (after a search, sort, import or edit)."""
        self.beginResetModel()
        self._ids = self._contacts.query_ids(self._filter, self._sort, self._descending)
        self._rows.clear()
        self.endResetModel()

    def contact_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, contact_id: int) -> int | None:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return None

    # --- internals -------------------------------------------------------

    def _row(self, row: int) -> ContactRow | None:
        contact_id = self._ids[row]
        found = self._rows.get(contact_id)
        if found is None:
            if len(self._rows) > MAX_CACHED_ROWS:
                self._rows.clear()
            start = row - row % PAGE_SIZE
            self._rows.update(self._contacts.rows(self._ids[start : start + PAGE_SIZE]))
            found = self._rows.get(contact_id)
        return found

    @staticmethod
    def _display(row: ContactRow, column: int) -> str:
        if column == NAME:
            return row.name
        if column == ORGANISATION:
            return row.organisation
        if column == ROLE:
            return row.role
        if column == RELATION:
            return relation_label(row.relation)
        if column == CLOSENESS:
            return "●" * row.closeness + "○" * (5 - row.closeness)
        if column == LAST_INTERACTION:
            return format_day(row.last_interaction or row.connected_on)
        return ""

    @staticmethod
    def _tooltip(row: ContactRow, column: int) -> str | None:
        if column == CLOSENESS:
            return f"Closeness {row.closeness} of 5"
        if column == LAST_INTERACTION and not row.last_interaction and row.connected_on:
            return (
                f"No interaction logged yet; connected on LinkedIn {format_day(row.connected_on)}"
            )
        if column == NAME and (row.role or row.organisation):
            return " · ".join(part for part in (row.name, row.role, row.organisation) if part)
        return None
