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

from netdesk.services.contacts.records import ContactFilter, ContactRow, SortKey
from netdesk.services.contacts.service import ContactService
from netdesk.services.vocabulary import LINKEDIN_ONLY, relation_label
from netdesk.views.models.roles import CONTACT_ID_ROLE

PAGE_SIZE = 200
MAX_CACHED_ROWS = 4_000

COLUMNS: list[tuple[str, SortKey]] = [
    ("Name", SortKey.NAME),
    ("Organisation", SortKey.ORGANISATION),
    ("Role", SortKey.ROLE),
    ("How I know them", SortKey.RELATION),
    ("Closeness", SortKey.CLOSENESS),
    ("Last interaction", SortKey.LAST_INTERACTION),
]
NAME, ORGANISATION, ROLE, RELATION, CLOSENESS, LAST_INTERACTION = range(len(COLUMNS))
ME_LABEL = "You"


RECENT_QUERIES = 8
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CONTACT_ID = int(CONTACT_ID_ROLE)
_ROLES_SERVED = frozenset(
    {_DISPLAY, _FOREGROUND, _FONT, _TOOLTIP, _CONTACT_ID, int(Qt.ItemDataRole.AccessibleTextRole)}
)


def format_day(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return date.fromisoformat(iso[:10]).strftime("%d %b %Y")
    except ValueError:
        return iso


class _Line:
    """One fetched row, formatted once for painting."""

    __slots__ = ("muted", "row", "texts")

    def __init__(self, row: ContactRow) -> None:
        self.row = row
        linkedin_only = row.relation == LINKEDIN_ONLY and not row.is_me
        self.texts = (
            row.name,
            row.organisation,
            row.role,
            # Me: the centre of the map, not a relationship.
            ME_LABEL if row.is_me else relation_label(row.relation),
            "" if row.is_me else "●" * row.closeness + "○" * (5 - row.closeness),
            last_interaction_text(row),
        )
        self.muted = tuple(
            linkedin_only
            or (column in (RELATION, LAST_INTERACTION) and row.is_me)
            or (column == LAST_INTERACTION and not row.last_interaction)
            for column in range(len(COLUMNS))
        )


def last_interaction_text(row: ContactRow) -> str:
    """A real interaction's day; LinkedIn's Connected On is not one, so it is said as such."""
    if row.is_me:
        return ""
    if row.last_interaction:
        return format_day(row.last_interaction)
    if row.connected_on:
        return f"connected {format_day(row.connected_on)}"
    return "never"


class ContactTableModel(QAbstractTableModel):
    def __init__(self, contacts: ContactService, parent=None) -> None:
        super().__init__(parent)
        self._contacts = contacts
        self._filter = ContactFilter()
        self._sort = SortKey.NAME
        self._descending = False
        self._ids: list[int] = []
        self._lines: dict[int, _Line] = {}
        self._recent: dict[tuple, list[int]] = {}
        self._muted = QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        self._muted_key = QApplication.palette().cacheKey()
        self._bold = QFont()
        self._bold.setBold(True)
        self.refresh()

    def _muted_brush(self) -> QBrush:
        """The placeholder colour of the palette in use (light or dark may change at once)."""
        palette = QApplication.palette()
        if palette.cacheKey() != self._muted_key:
            self._muted_key = palette.cacheKey()
            self._muted = QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
        return self._muted

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
        # Called several times per visible cell on every paint: keep the common path short.
        role = int(role)
        if role not in _ROLES_SERVED or not index.isValid():
            return None
        line = self._line(index.row())
        if line is None:
            return None
        column = index.column()
        if role == _DISPLAY:
            return line.texts[column]
        if role == _FOREGROUND:
            return self._muted_brush() if line.muted[column] else None
        if role == _FONT:
            return self._bold if column == NAME and line.row.closeness >= 4 else None
        if role == _CONTACT_ID:
            return line.row.id
        if role == _TOOLTIP:
            return self._tooltip(line.row, column)
        return line.texts[column] or "empty"  # accessible text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = COLUMNS[column][1]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._requery()

    # --- what the page asks ----------------------------------------------

    @property
    def current_filter(self) -> ContactFilter:
        return self._filter

    def set_filter(self, criteria: ContactFilter) -> None:
        if criteria != self._filter:
            self._filter = criteria
            self._requery()

    def refresh(self) -> None:
        """Re-read everything after the data changed (import, edit, delete)."""
        self._recent.clear()
        self._requery()

    def _requery(self) -> None:
        key = (self._filter, self._sort, self._descending)
        ids = self._recent.pop(key, None)
        if ids is None:
            ids = self._contacts.query_ids(self._filter, self._sort, self._descending)
        # Remember a few recent result lists: backspacing over a search is instant.
        self._recent[key] = ids
        while len(self._recent) > RECENT_QUERIES:
            self._recent.pop(next(iter(self._recent)))
        self.beginResetModel()
        self._ids = ids
        self._lines.clear()
        self.endResetModel()

    def contact_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, contact_id: int) -> int | None:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return None

    # --- internals -------------------------------------------------------

    def _line(self, row: int) -> _Line | None:
        if not 0 <= row < len(self._ids):
            return None
        contact_id = self._ids[row]
        found = self._lines.get(contact_id)
        if found is None:
            if len(self._lines) > MAX_CACHED_ROWS:
                self._lines.clear()
            start = row - row % PAGE_SIZE
            fetched = self._contacts.rows(self._ids[start : start + PAGE_SIZE])
            self._lines.update((cid, _Line(r)) for cid, r in fetched.items())
            found = self._lines.get(contact_id)
        return found

    @staticmethod
    def _tooltip(row: ContactRow, column: int) -> str | None:
        if row.is_me and column in (RELATION, CLOSENESS, LAST_INTERACTION):
            return "This is you: the centre of your map"
        if column == CLOSENESS:
            return f"Closeness {row.closeness} of 5"
        if column == LAST_INTERACTION and not row.last_interaction:
            if row.connected_on:
                return (
                    "No interaction logged yet (connecting on LinkedIn is not one); "
                    f"connected on LinkedIn {format_day(row.connected_on)}"
                )
            return "No interaction logged yet"
        if column == NAME and (row.role or row.organisation):
            return " · ".join(part for part in (row.name, row.role, row.organisation) if part)
        return None
