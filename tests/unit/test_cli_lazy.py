"""A fast command line: services are built on first use and heavy libraries are loaded
only by the commands that need them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from netdesk.app import build_services
from netdesk.paths import Paths
from netdesk.services.credentials import MemoryCredentialStore
from tests.frozen_time import frozen_clock
from tests.helpers import HEADER_2023, write

HEAVY = ("numpy", "igraph", "jinja2", "PySide6", "keyring", "vobject", "icalendar")

# Runs main() as `python -m netdesk` would, then prints which heavy packages it loaded.
PROBE = """
import json, sys
from netdesk.__main__ import main
status = main(sys.argv[2:])
heavy = sorted({m.split('.')[0] for m in sys.modules} & set(json.loads(sys.argv[1])))
print(json.dumps({"status": status, "heavy": heavy}))
"""


def loaded_by(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(HEAVY), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.stderr == ""
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_contacts_loads_no_heavy_library(tmp_path: Path) -> None:
    found = loaded_by("contacts", "--json", "--data-dir", str(tmp_path / "d"))
    assert found == {"status": 0, "heavy": []}


def test_a_linkedin_import_loads_no_heavy_library(tmp_path: Path) -> None:
    path = write(tmp_path / "Connections.csv", HEADER_2023 + "\nMia,Chen,,,Northwind,Lead,")
    found = loaded_by("import", str(path), "--data-dir", str(tmp_path / "d"))
    assert found == {"status": 0, "heavy": []}


def test_commands_that_need_a_library_still_load_it(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert loaded_by("people", "add", "Mia Chen", *data)["heavy"] == []
    assert loaded_by("paths", "--to", "Mia", *data) == {"status": 0, "heavy": ["numpy"]}


def test_services_are_built_on_first_use_over_one_database(tmp_path: Path) -> None:
    services = build_services(Paths(tmp_path / "d"), MemoryCredentialStore(), clock=frozen_clock())
    try:
        assert not {"contacts", "meetings", "graph", "followups"} & vars(services).keys()
        meetings = services.meetings
        assert meetings is services.meetings
        built = vars(services).keys()
        assert {"contacts", "todos", "outreach", "interactions"} <= built
        assert not {"graph", "imports", "interchange", "backups", "followups"} & built
        assert services.followups.outreach is services.outreach  # built once, shared
        assert services.followups.clock is services.clock
        assert not {"accounts", "templates", "drafts"} & vars(services.mail).keys()
        assert services.mail.drafts.templates is services.mail.templates
    finally:
        services.close()


def test_the_window_starts_without_the_mail_and_calendar_libraries() -> None:
    """The window's modules leave caldav, icalendar, keyring and imaplib until a
    calendar sync, an .ics, a password or a mail scan needs them."""
    probe = (
        "import json, sys\n"
        "import netdesk.views.main_window\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'caldav', 'icalendar', 'keyring', 'imaplib', 'niquests', 'vobject'})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
