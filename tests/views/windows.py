"""Building the real main window for tests, over the services each test sets up."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from netdesk.tasks import QtTaskRunner
from netdesk.views.main_window import MainWindow


def build_window(qtbot, qapp, services, settings=None) -> tuple[MainWindow, QtTaskRunner]:
    """The real window over a real database file, with a real background runner, shown,
    built as the app builds it. The caller waits for the runner at teardown."""
    tasks = QtTaskRunner(qapp, cleanup=services.db.close)
    window = MainWindow(services, tasks, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, tasks


build_full_window = build_window


def settle() -> None:
    """Let the pages hear what the services announced: changes reach them on the event
    loop (queued, then gathered into one notification)."""
    for _ in range(3):
        QApplication.processEvents()
