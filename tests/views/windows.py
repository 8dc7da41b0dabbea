"""Building the real main window for tests, with the services each test wants wired in."""

from __future__ import annotations

from netdesk.tasks import QtTaskRunner
from netdesk.views.main_window import MainWindow


def build_window(
    qtbot, qapp, services, settings=None, **optional
) -> tuple[MainWindow, QtTaskRunner]:
    """The real window over a real database file, with a real background runner, shown.

    *optional* names the services beyond the core ones (todos=..., mail=..., graph=...),
    so that each test wires in exactly what it exercises. The caller waits for the
    runner at teardown.
    """
    tasks = QtTaskRunner(qapp, cleanup=services.db.close)
    window = MainWindow(
        services.contacts,
        services.imports,
        services.meetings,
        tasks,
        services.paths.data_dir,
        settings,
        clock=services.clock,
        **optional,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, tasks


def build_full_window(qtbot, qapp, services, settings=None) -> tuple[MainWindow, QtTaskRunner]:
    """The window as the app builds it: every service wired in."""
    return build_window(
        qtbot,
        qapp,
        services,
        settings,
        todos=services.todos,
        mail=services.mail,
        graph=services.graph,
        followups=services.followups,
        backups=services.backups,
        interchange=services.interchange,
    )
