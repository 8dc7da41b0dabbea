"""The Today page's building blocks: a titled section, a list as tall as its rows, and
the small helpers that make its tables, buttons and button rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from netdesk.views.icons import set_icon

MUTED = "color: palette(placeholder-text);"
MAX_TODO_ROWS = 10
MAX_TABLE_ROWS = 8


class _Section(QFrame):
    """A titled block: heading, an optional hint, the content, and an empty-state line."""

    def __init__(self, title: str, name: str, empty_text: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.title = QLabel(title)
        self.title.setObjectName(f"{name}Title")
        self.title.setStyleSheet("font-size: 12.5pt; font-weight: 600;")
        self.hint = QLabel()
        self.hint.setStyleSheet(MUTED)
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.empty = QLabel(empty_text)
        self.empty.setObjectName(f"{name}Empty")
        self.empty.setStyleSheet(MUTED + " padding: 4px 0 8px 0;")
        self.empty.setWordWrap(True)
        if not empty_text:  # no blank gap in a section that never says it is empty
            self.empty.hide()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 4, 0, 14)
        self.body.setSpacing(6)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        self.heading = heading
        self.body.addLayout(heading)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.empty)

    def set_title(self, title: str, count: int | None = None) -> None:
        self.title.setText(title if not count else f"{title}  ({count:,})")

    def set_hint(self, text: str | None) -> None:
        self.hint.setText(text or "")
        self.hint.setVisible(bool(text))


class _FittingList(QListView):
    """As tall as its (wrapped) rows, up to a limit: the page scrolls, not each little
    list. Refitted when a new width wraps the rows differently."""

    def __init__(self, max_rows: int) -> None:
        super().__init__()
        self._max_rows = max_rows
        self._fitted_width = -1
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(2)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def fit(self) -> None:
        rows = self.model().rowCount() if self.model() else 0
        self.setVisible(rows > 0)
        if rows == 0:
            return
        self.doItemsLayout()  # wrap at the current width before measuring
        last = self.rectForIndex(self.model().index(min(rows, self._max_rows) - 1, 0))
        # Scrolling only when rows are left out; a scroll bar would narrow and rewrap.
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if rows > self._max_rows
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.setFixedHeight(last.bottom() + 1 + self.spacing() + 2 * self.frameWidth())
        self._fitted_width = self.viewport().width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._fitted_width:
            self.fit()


class _RoomyRows(QStyledItemDelegate):
    """A little air between rows, as the page's other lists have (their spacing), and
    the height of a line wrapped at the width it is drawn at (a tree asks without a
    width, and would elide a long line rather than wrap it)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option, index):
        depth = 1 + (1 if index.parent().isValid() else 0)  # the root is decorated
        width = self._view.columnWidth(0) - depth * self._view.indentation()
        if width > 0:  # a valid rectangle: the style wraps only within one
            option.rect.setRect(0, 0, width, 10_000)
        size = super().sizeHint(option, index)
        size.setHeight(size.height() + 6)
        return size


class _FittingTree(QTreeView):
    """A list whose lines may open onto more lines (Today's event groups), as tall as
    its visible rows up to a limit, like _FittingList; refitted as lines open and close."""

    def __init__(self, max_rows: int) -> None:
        super().__init__()
        self._max_rows = max_rows
        self._fitted_width = -1
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setIndentation(18)
        self.setExpandsOnDoubleClick(False)  # double-click opens what the line is about
        self.setItemDelegate(_RoomyRows(self))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.expanded.connect(lambda _index: self.fit())
        self.collapsed.connect(lambda _index: self.fit())

    def _visible_rows(self) -> list:
        rows, index = [], self.model().index(0, 0) if self.model() else None
        while index is not None and index.isValid():
            rows.append(index)
            index = self.indexBelow(index)
        return rows

    def fit(self) -> None:
        rows = self._visible_rows()
        self.setVisible(bool(rows))
        if not rows:
            return
        self.doItemsLayout()  # wrap at the current width before measuring
        height = sum(self.rowHeight(index) for index in rows[: self._max_rows])
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if len(rows) > self._max_rows
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)
        self._fitted_width = self.viewport().width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._fitted_width:
            self.fit()


def _fit_table(view: QTableView, rows: int, max_rows: int) -> None:
    view.setVisible(rows > 0)
    if rows == 0:
        return
    shown = min(rows, max_rows)
    height = view.horizontalHeader().height() + view.verticalHeader().defaultSectionSize() * shown
    view.setFixedHeight(height + 2 * view.frameWidth() + 2)


def _table(name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setHighlightSections(False)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return table


def _button(text: str, name: str, tip: str, slot, icon: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    if icon:
        set_icon(button, icon)
    # clicked(bool) would hand `checked` to the slot's first optional parameter
    # (new_todo(contact_id=False)).
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _menu_button(text: str, name: str, tip: str, icon: str | None = None) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setMenu(QMenu(button))
    if icon:
        set_icon(button, icon)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    else:
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


def _row_layout(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row
