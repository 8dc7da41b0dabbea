"""The Search page's tables: target organisations and applications, sortable by any
column (a sort proxy over each; the sort role keeps numbers and days in order)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from netdesk.services.jobsearch.records import ApplicationRecord, TargetRecord
from netdesk.views.models.rows import Column, Getter, RowTableModel

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
TARGET_STAGE_WORDS = {
    "exploring": "Exploring",
    "talking": "Talking to people",
    "referred": "Referred",
    "applied": "Applied",
    "interviewing": "Interviewing",
    "offer": "Offer",
    "closed": "Closed",
}
APPLICATION_STAGE_WORDS = {
    "applied": "Applied",
    "screen": "Screen",
    "interview": "Interview",
    "offer": "Offer",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}


def short_day(day: str | None) -> str:
    """'2 Dec 2026' (empty when there is no day)."""
    if not day:
        return ""
    value = date.fromisoformat(day[:10])
    return f"{value.day} {value:%b %Y}"


def _sorted_by(text: Getter, key: Getter | None = None) -> Mapping[int, Getter]:
    return {int(SORT_ROLE): key or (lambda row: str(text(row)).casefold())}


def _number(header: str, get: Getter, tooltip: Getter | None = None) -> Column:
    return Column(
        header,
        lambda row: str(get(row)),
        tooltip=tooltip,
        accessible=lambda row: f"{header}: {get(row)}",
        alignment=Qt.AlignmentFlag.AlignCenter,
        roles={int(SORT_ROLE): get},
    )


def _names(people) -> str:
    return ", ".join(person.name for person in people)


class TargetTableModel(RowTableModel[TargetRecord]):
    def columns(self) -> Iterable[Column]:
        stage = lambda t: TARGET_STAGE_WORDS.get(t.stage, t.stage)  # noqa: E731
        return (
            Column(
                "Organisation",
                lambda t: t.organisation,
                accessible=True,
                roles=_sorted_by(lambda t: t.organisation),
            ),
            Column(
                "Stage",
                stage,
                accessible=True,
                roles=_sorted_by(stage, lambda t: list(TARGET_STAGE_WORDS).index(t.stage)),
            ),
            _number("Now", lambda t: len(t.people_now), lambda t: _names(t.people_now)),
            _number("Formerly", lambda t: len(t.people_before), lambda t: _names(t.people_before)),
            _number("Applications", lambda t: t.applications),
        )

    def row_roles(self) -> Mapping[int, Getter]:
        return {int(ITEM_ID_ROLE): lambda t: t.id}

    def row_of(self, target_id: int) -> int | None:
        return self.row_where(lambda t: t.id == target_id)


class ApplicationTableModel(RowTableModel[ApplicationRecord]):
    def columns(self) -> Iterable[Column]:
        stage = lambda a: APPLICATION_STAGE_WORDS.get(a.stage, a.stage)  # noqa: E731
        day = lambda name: lambda a: getattr(a, name) or "9999"  # noqa: E731 (no day: last)
        return (
            Column(
                "Organisation",
                lambda a: a.organisation,
                accessible=True,
                roles=_sorted_by(lambda a: a.organisation),
            ),
            Column(
                "Role",
                lambda a: a.role,
                accessible=True,
                tooltip=lambda a: a.link or a.role,
                roles=_sorted_by(lambda a: a.role),
            ),
            Column(
                "Stage",
                stage,
                accessible=True,
                roles=_sorted_by(stage, lambda a: list(APPLICATION_STAGE_WORDS).index(a.stage)),
            ),
            Column(
                "Applied",
                lambda a: short_day(a.applied_on),
                accessible=True,
                roles=_sorted_by(str, day("applied_on")),
            ),
            Column(
                "Next action",
                lambda a: a.next_action,
                accessible=True,
                tooltip=lambda a: a.next_action,
                roles=_sorted_by(lambda a: a.next_action),
            ),
            Column(
                "Due",
                lambda a: short_day(a.due_on),
                accessible=True,
                roles=_sorted_by(str, day("due_on")),
            ),
        )

    def row_roles(self) -> Mapping[int, Getter]:
        return {int(ITEM_ID_ROLE): lambda a: a.id}

    def row_of(self, application_id: int) -> int | None:
        return self.row_where(lambda a: a.id == application_id)


def sortable(model: RowTableModel, parent) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def table_view(name: str, accessible: str, proxy: QSortFilterProxyModel) -> QTableView:
    """A Search page table: sortable, one row chosen at a time, one line a row."""
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the services' order until clicked
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)  # one line a row; the tooltips say the rest
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setResizeContentsPrecision(60)  # widths from the rows in sight, not 1,000 rows
    return view
