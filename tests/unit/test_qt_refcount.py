"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on void calls and the
interpreter later aborts (`Fatal Python error: none_dealloc`). The pin in
pyproject.toml avoids it; this test catches a release that brings it back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage, QPainter, QStandardItem
from PySide6.QtWidgets import QApplication, QWidget

CALLS = 20_000


def test_void_qt_calls_do_not_drop_none_references(qapp: QApplication) -> None:
    widget = QWidget()
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    item = QStandardItem()
    holder = QObject()
    before = sys.getrefcount(None)
    painter = QPainter(image)
    for i in range(CALLS // 4):
        widget.resize(10 + i % 5, 10)
        painter.drawLine(0, 0, i % 8, 7)
        item.setText("x")
        holder.setObjectName("n")
    painter.end()
    after = sys.getrefcount(None)
    assert after >= before - 50, f"None lost {before - after} references in {CALLS} calls"
