from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.views.windows import build_window


@pytest.fixture
def window(qtbot, services, qapp):
    """The real main window over a real database file, with a real background runner."""
    win, tasks = build_window(qtbot, qapp, services, todos=services.todos, graph=services.graph)
    yield win
    tasks.wait(10_000)


@pytest.fixture
def answer_yes(monkeypatch):
    """Confirmation boxes are the edge of the machine: answer them as a user would."""
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.Yes),
    )
