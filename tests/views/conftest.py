from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from netdesk.tasks import QtTaskRunner
from netdesk.views.main_window import MainWindow


@pytest.fixture
def window(qtbot, services, qapp):
    """The real main window over a real database file, with a real background runner."""
    tasks = QtTaskRunner(qapp, cleanup=services.db.close)
    win = MainWindow(
        services.contacts,
        services.imports,
        services.meetings,
        tasks,
        services.paths.data_dir,
        todos=services.todos,
        graph=services.graph,
    )
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
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
