"""The navigation list at the window's left and the pages it switches between."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtWidgets import QListView, QWidget

from netdesk.views.icons import icon

# Indexes into the page stack; the navigation lists them in its own order (Today first).
CONTACTS_PAGE, MAP_PAGE, MEETINGS_PAGE, TODAY_PAGE, EVENTS_PAGE, SEARCH_PAGE = range(6)
NAVIGATION_ORDER = [TODAY_PAGE, CONTACTS_PAGE, MAP_PAGE, MEETINGS_PAGE, EVENTS_PAGE, SEARCH_PAGE]
TITLES = {
    TODAY_PAGE: "Today",
    CONTACTS_PAGE: "Contacts",
    MAP_PAGE: "Map",
    MEETINGS_PAGE: "Meetings",
    EVENTS_PAGE: "Events",
    SEARCH_PAGE: "Search",
}


class PageListModel(QAbstractListModel):
    """The navigation entries; only pages that work are listed. Each page's icon is
    named after it ("today", "contacts", "map", "meetings", "events",
    "search")."""

    def __init__(self, titles: list[str], parent=None) -> None:
        super().__init__(parent)
        self._titles = titles

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._titles)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self._titles[index.row()]
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole:
            # In the palette now in use; white on the selected row's highlight.
            return icon(self._titles[index.row()].lower(), selectable=True)
        return None


def navigation_list(parent: QWidget) -> QListView:
    """The list of pages, in NAVIGATION_ORDER; its rows map to pages through it."""
    view = QListView(parent)
    view.setObjectName("navigation")
    view.setAccessibleName("Pages")
    view.setModel(PageListModel([TITLES[page] for page in NAVIGATION_ORDER], view))
    view.setMaximumWidth(150)
    view.setIconSize(QSize(20, 20))
    view.setStyleSheet("QListView { font-size: 11pt; } QListView::item { padding: 8px 10px; }")
    return view
