"""A real mouse drag reorders prepared questions, and the new order is saved.

The offscreen platform ends every drag at once, so the child app runs under Xvfb, where
Qt's drag loop follows the mouse events the test sends through the window system.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from netdesk.app import build_services, create_application, create_main_window
    from netdesk.paths import Paths
    from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion
    from netdesk.views.main_window import MEETINGS_PAGE

    app = create_application()
    services = build_services(Paths(Path(sys.argv[1])).ensure())
    questions = [PreparedQuestion("industry", f"Q{i}", f"A{i}") for i in range(4)]
    record = services.meetings.save(MeetingRecord(title="Call", questions=questions))
    window, tasks = create_main_window(services, app)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.show_page(MEETINGS_PAGE)
    window.meetings_page.open_meeting(record.id)
    view = window.meetings_page.editor.questions
    QTest.qWait(50)
    handle = window.windowHandle()

    def point(row, where):
        rect = view.visualRect(view.model().index(row, 1))
        y = rect.bottom() - 2 if where == "lower edge" else rect.center().y()
        return view.viewport().mapTo(window, QPoint(rect.center().x(), y))

    def drop():  # runs inside Qt's drag loop
        QTest.mouseMove(handle, point(2, "lower edge"))
        QTest.mouseRelease(
            handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
            point(2, "lower edge"),
        )

    QTest.mousePress(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point(0, "middle")
    )
    QTimer.singleShot(100, drop)
    QTest.mouseMove(handle, point(0, "middle") + QPoint(0, 40))  # starts the drag
    selected = view.currentIndex().row()
    window.close()  # saves at once
    tasks.wait()
    services.close()
    print(selected, record.id, flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (apt-get install xvfb)")
def test_dragging_a_question_below_another_saves_the_new_order(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", CHILD, str(data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    selected, meeting_id = map(int, result.stdout.split())
    assert selected == 2, "the dropped question stays selected where it landed"
    conn = sqlite3.connect(data / "netdesk.sqlite3")
    try:
        rows = conn.execute(
            "SELECT text, answer FROM meeting_question WHERE meeting_id = ? ORDER BY position",
            (meeting_id,),
        ).fetchall()
    finally:
        conn.close()
    assert rows == [("Q1", "A1"), ("Q2", "A2"), ("Q0", "A0"), ("Q3", "A3")]
