"""`netdesk --self-check`: proves an installed copy works, without touching the user's data.

It runs in a temporary folder: opens (creates and migrates) a database, imports a small
Connections.csv, searches it, exports and re-reads a vCard, makes and checks a backup,
encrypts the database (SQLCipher), searches and backs it up, decrypts it, then builds
the real main window on Qt (offscreen unless QT_QPA_PLATFORM says otherwise) and paints
it once. A frozen bundle that misses a module, a Qt plugin or a resource fails here with
the step's name instead of on a user's first launch.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from netdesk import APP_NAME, __version__
from netdesk.errors import SelfCheckFailed

SAMPLE_CSV = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Mia,Chen,https://www.linkedin.com/in/mia-chen,,Northwind,Data Lead,07 Feb 2026\n"
    "Omar,Haddad,https://www.linkedin.com/in/omar,omar@example.org,Cobalt,CTO,30 Jan 2026\n"
    "Lena,Fischer,,,Larkspur Labs,Engineer,02 Jul 2023\n"
)


def _lay_out_in_a_process() -> str:
    """The map lays out large networks in a child process, started the way this copy
    starts it (a bundle has no `python -m`): prove that process runs here."""
    import numpy as np

    from netdesk.services.network import layout, layout_worker

    people = 3
    job = layout.LayoutJob(
        ids=np.arange(1, people + 1, dtype=np.int64),
        group=np.full(people, layout.NO_GROUP, dtype=np.int64),
        linkedin=np.zeros(people, dtype=bool),
        closeness=np.full(people, 3, dtype=np.int8),
        xy=np.full((people, 2), np.nan),
        ties=np.array([[0, 1]], dtype=np.int32),
    )
    placed = layout_worker.place_in_process(job)
    _expect(placed.shape == (people, 2), f"layout returned shape {placed.shape}")
    _expect(bool(np.isfinite(placed).all()), "layout returned positions that are not numbers")
    return f"{people} people placed by {' '.join(layout_worker.worker_command()[1:])}"


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise SelfCheckFailed(what)


def run_self_check(out: TextIO | None = None, gui: bool = True) -> int:
    """Print each step and OK at the end; returns the exit status (0: everything works)."""
    out = out or sys.stdout
    print(f"{APP_NAME} {__version__} self-check (Python {sys.version.split()[0]})", file=out)
    step = "start"
    try:
        with tempfile.TemporaryDirectory(prefix="netdesk-self-check-") as scratch:
            root = Path(scratch)
            for step, check in _steps(root, gui):
                detail = check()
                print(f"  {step}: {detail}", file=out)
    except Exception as error:
        print(f"FAILED at {step}: {type(error).__name__}: {error}", file=out)
        traceback.print_exc(file=sys.stderr)
        return 1
    print("OK", file=out)
    return 0


def _steps(root: Path, gui: bool) -> list[tuple[str, Callable[[], str]]]:
    from netdesk.app import build_services
    from netdesk.db.migrations import LATEST_VERSION, user_version
    from netdesk.paths import Paths
    from netdesk.services.contacts.records import ContactFilter
    from netdesk.services.credentials import MemoryCredentialStore

    state: dict[str, object] = {}

    def database() -> str:
        services = build_services(Paths(root / "data").ensure(), MemoryCredentialStore())
        state["services"] = services
        version = user_version(services.db)
        _expect(version == LATEST_VERSION, f"schema {version}, expected {LATEST_VERSION}")
        return f"created and migrated to schema {version}"

    def import_csv() -> str:
        services = state["services"]
        path = root / "Connections.csv"
        path.write_text(SAMPLE_CSV, encoding="utf-8")
        summary = services.interchange.import_file(path)
        _expect(summary.added == 3, f"{summary.describe()}, expected 3 added")
        found = services.contacts.query_ids(ContactFilter(text="northwind"))
        _expect(len(found) == 1, "search for 'northwind' did not find Mia Chen")
        return summary.describe()

    def interchange() -> str:
        services = state["services"]
        exported = services.interchange.export_vcard(root / "people.vcf")
        again = services.interchange.import_file(root / "people.vcf")
        _expect(again.unchanged == exported == 3, f"vCard round trip: {again.describe()}")
        services.interchange.export_json(root / "everything.json")
        return f"vCard round trip of {exported} people, JSON export"

    def backup() -> str:
        services = state["services"]
        made = services.backups.back_up()
        check = services.backups.check(made.path)
        _expect(check.people == 3, f"backup holds {check.people} people")
        return f"{made.path.name} checked"

    def encryption() -> str:
        from netdesk.db.cipher import is_encrypted

        services = state["services"]
        database = services.paths.database
        services.encryption.turn_on(passphrase="self-check passphrase")
        _expect(is_encrypted(database), "the database is not encrypted after turning it on")
        found = services.contacts.query_ids(ContactFilter(text="northwind"))
        _expect(len(found) == 1, "search in the encrypted database did not find Mia Chen")
        made = services.backups.back_up()
        _expect(is_encrypted(made.path), "the encrypted database's backup is not encrypted")
        _expect(services.backups.check(made.path).people == 3, "encrypted backup check")
        services.encryption.turn_off()
        _expect(not is_encrypted(database), "the database is still encrypted after turning it off")
        return "SQLCipher: on, searched, backed up and checked, off"

    def map_layout() -> str:
        return _lay_out_in_a_process()

    def window() -> str:
        return _paint_main_window(state["services"])

    def close() -> str:
        state.pop("services").close()
        return "database closed"

    steps = [
        ("database", database),
        ("import", import_csv),
        ("interchange", interchange),
        ("backup", backup),
        ("encryption", encryption),
        ("map layout", map_layout),
    ]
    if gui:
        steps.append(("window", window))
    steps.append(("close", close))
    return steps


def _paint_main_window(services) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImageReader

    from netdesk.app import create_application, create_main_window

    app = create_application([sys.argv[0]])
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    _expect("svg" in formats, f"Qt's SVG image plugin is missing (formats: {sorted(formats)})")
    window, tasks = create_main_window(services, app)
    try:
        icon = window.windowIcon().pixmap(QSize(64, 64))
        _expect(not icon.isNull(), "the application icon did not load")
        window.show()
        app.processEvents()
        image = window.grab().toImage()
        _expect(image.width() > 0 and not image.isNull(), "the window did not paint")
        detail = f"main window painted on {app.platformName()}"
    finally:
        window.close()
        tasks.wait(10_000)
        window.deleteLater()
        app.processEvents()
    return detail
