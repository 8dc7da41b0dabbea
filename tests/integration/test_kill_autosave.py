"""Autosave: a process killed two seconds after typing stops keeps every word typed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

TYPED_NOTES = "She named three trends: consolidation, AI tooling, and regulation."

# The child is the real app: it opens a meeting, types like a user, then idles.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtTest import QTest
    from netdesk.app import build_services, create_application, create_main_window
    from netdesk.paths import Paths

    app = create_application()
    services = build_services(Paths(Path(sys.argv[1])).ensure())
    window, tasks = create_main_window(services, app)
    window.show()
    window.new_meeting()
    editor = window.meetings_page.editor
    QTest.keyClicks(editor.notes, sys.argv[2])
    print(editor.meeting_id, flush=True)
    app.exec()
    """
)


@pytest.mark.slow
def test_words_typed_survive_a_kill_two_seconds_later(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), TYPED_NOTES],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.strip().isdigit(), child.stderr.read()
        meeting_id = int(line)
        time.sleep(2.0)  # typing stopped two seconds ago
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL  # killed, not closed: no save on exit helped
    conn = sqlite3.connect(data / "netdesk.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        (notes,) = conn.execute("SELECT notes FROM meeting WHERE id = ?", (meeting_id,)).fetchone()
    finally:
        conn.close()
    assert notes == TYPED_NOTES
