"""The question bank shown as a table, as the bank editor and the question picker use it."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from netdesk.views.models.question_models import QUESTION_COLUMN, BankTableModel


def bank_table(model: BankTableModel) -> QTableView:
    """The bank as a table: short layer, the question (wrapped), how often it was answered."""
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(QUESTION_COLUMN, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table
