"""Dropping LinkedIn's job files, or the export holding them, on the window."""

from __future__ import annotations

import sqlite3

from netdesk.views.import_summary import ImportSummaryDialog
from tests.helpers import HEADER_2023, PREAMBLE, export_zip, write
from tests.unit.test_jobs_import import APPLIED, SAVED
from tests.views.test_main_window import drop_files


def count(services, table: str) -> int:
    conn = sqlite3.connect(services.paths.database)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_dropped_saved_jobs_file_shows_its_summary(qtbot, window, services, tmp_path) -> None:
    with qtbot.waitSignal(window.imports.finished, timeout=20_000) as finished:
        drop_files(window, [write(tmp_path / "Saved Jobs.csv", SAVED)])
    assert finished.args[0].targets == 2
    assert isinstance(window.last_dialog, ImportSummaryDialog)
    window.last_dialog.accept()
    assert count(services, "target") == 2
    assert window.imports.undo_action.isEnabled()


def test_a_dropped_export_imports_connections_and_jobs(qtbot, window, services, tmp_path) -> None:
    export = export_zip(
        tmp_path / "Complete_LinkedInDataExport_12-01-2026.zip",
        {
            "Connections.csv": PREAMBLE + HEADER_2023 + "\n"
            "Mia,Chen,https://www.linkedin.com/in/mia,,Northwind Analytics,Lead,07 Feb 2024\n",
            "Jobs/Job Applications.csv": APPLIED,
        },
    )
    with qtbot.waitSignal(window.imports.finished, timeout=20_000):
        drop_files(window, [export])
    window.last_dialog.accept()
    qtbot.waitUntil(lambda: count(services, "application") == 2, timeout=20_000)
    qtbot.waitUntil(lambda: "2 applications added" in window.statusBar().currentMessage())
    assert count(services, "contact") == 1
    # The jobs were read first: the summary's Undo (the last import) takes back the
    # connections it tells of, and Undo Last Import after it the jobs.
    assert services.imports.last_batch().file_name == f"{export.name}/Connections.csv"
    services.imports.undo_last_import()
    assert count(services, "contact") == 0 and count(services, "application") == 2
    services.imports.undo_last_import()
    assert count(services, "application") == 0
