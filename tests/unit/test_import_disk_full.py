"""An import on a full disk says so, changes nothing and leaves the database usable."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from netdesk.errors import DiskFull
from netdesk.services.sample.people import write_connections_csv

DISK_FULL = "The disk is full: nothing was imported, nothing changed."


def _dump(conn: sqlite3.Connection) -> list[str]:
    return list(conn.iterdump())


def _cap_at_current_size(conn: sqlite3.Connection, spare_pages: int = 2) -> None:
    """SQLite then fails a write that needs more pages with SQLITE_FULL, as a full disk does."""
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.execute(f"PRAGMA max_page_count = {pages + spare_pages}")


def test_an_import_that_fills_the_database_says_the_disk_is_full(services, tmp_path) -> None:
    services.imports.import_linkedin(write_connections_csv(tmp_path / "a.csv", 20, blank_every=0))
    conn = services.db.connection()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _dump(conn)
    _cap_at_current_size(conn)
    big = write_connections_csv(tmp_path / "Connections.csv", 3_000, blank_every=0)

    with pytest.raises(DiskFull) as raised:
        services.imports.import_linkedin(big)

    assert str(raised.value) == DISK_FULL
    assert _dump(conn) == before
    assert not conn.in_transaction
    conn.execute("PRAGMA max_page_count = 1073741823")
    summary = services.imports.import_linkedin(big)  # usable afterwards
    assert summary.added > 0


def _mount_tiny_tmpfs(where: Path) -> bool:
    where.mkdir()
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def test_an_import_on_a_really_full_filesystem_says_the_disk_is_full(tmp_path) -> None:
    """The same on a real, tiny filesystem (needs permission to mount one)."""
    from netdesk.app import build_services
    from netdesk.paths import Paths
    from netdesk.services.credentials import MemoryCredentialStore
    from tests.frozen_time import frozen_clock

    disk = tmp_path / "disk"
    if not _mount_tiny_tmpfs(disk):
        pytest.skip("mounting a small filesystem is not permitted here")
    try:
        services = build_services(
            Paths(disk / "data").ensure(), credentials=MemoryCredentialStore(), clock=frozen_clock()
        )
        try:
            conn = services.db.connection()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            before = _dump(conn)
            big = write_connections_csv(tmp_path / "Connections.csv", 5_000, blank_every=0)
            with pytest.raises(DiskFull) as raised:
                services.imports.import_linkedin(big)
            assert str(raised.value) == DISK_FULL
            assert _dump(conn) == before
            small = write_connections_csv(tmp_path / "small.csv", 3, blank_every=0)
            assert services.imports.import_linkedin(small).added == 3  # usable afterwards
        finally:
            services.close()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
