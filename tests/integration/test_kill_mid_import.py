"""A process killed in the middle of an import leaves the database as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netdesk.services.sample.people import write_connections_csv
from tests.helpers import HEADER_2018, write


@pytest.mark.slow
def test_sigkill_during_import_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    small = write(tmp_path / "first.csv", HEADER_2018 + "\nMia,Chen,,Northwind,Lead,07 Feb 2026")
    env = {**os.environ, "NETDESK_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "netdesk", "import"]
    subprocess.run([*command, str(small)], env=env, check=True, timeout=60, capture_output=True)
    big = write_connections_csv(tmp_path / "Connections.csv", 30_000)
    database = data / "netdesk.sqlite3"

    def count_people() -> tuple[int, int]:
        conn = sqlite3.connect(database)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            people = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
            indexed = conn.execute("SELECT count(*) FROM contact_fts").fetchone()[0]
            return people, indexed
        finally:
            conn.close()

    started = time.perf_counter()
    subprocess.run([*command, str(big)], env=env, check=True, timeout=60, capture_output=True)
    full_run = time.perf_counter() - started
    subprocess.run(
        [*command[:-1], "undo-import"], env=env, check=True, timeout=60, capture_output=True
    )
    # Kill at points spread over parsing, writing and committing.
    for fraction in (0.5, 0.7, 0.8, 0.9, 0.95, 0.99):
        process = subprocess.Popen(
            [*command, str(big)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(full_run * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        people, indexed = count_people()
        assert people in (1, 1 + 29_400), f"half-applied import: {people} people"
        assert indexed == people
        if people > 1:  # it committed before the kill: start again from one person
            subprocess.run(
                [*command[:-1], "undo-import"], env=env, check=True, timeout=60, capture_output=True
            )
