"""The importer over a directory of hostile files, in a process of its own.

    python -m tests.import_fuzz CASES_DIR DATA_DIR

Run by tests/unit/test_import_fuzz.py under a memory cap (RLIMIT_AS) and a CPU cap.
For each file it imports as the window does (`InterchangeService.import_file`, which
picks LinkedIn, vCard or Google CSV from the file) and prints one JSON line: the
outcome (imported, refused with NetDesk's own error, or crashed with anything else),
the seconds taken, and whether a refusal left the database exactly as it was. An
import that succeeds is undone at once, so every case starts from the same database.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

from netdesk.app import build_services
from netdesk.errors import NetDeskError
from netdesk.paths import Paths
from tests.frozen_time import frozen_clock
from tests.helpers import dump


def run(cases: Path, data_dir: Path) -> None:
    services = build_services(Paths(data_dir), clock=frozen_clock())
    database = services.paths.database
    for case in sorted(cases.iterdir()):
        before = dump(database)
        started = time.perf_counter()
        outcome, message = "imported", ""
        try:
            services.interchange.import_file(case)
        except NetDeskError as error:
            outcome, message = "refused", str(error)
        except Exception as error:  # what the test exists to find
            outcome = "crashed"
            message = "".join(traceback.format_exception_only(type(error), error)).strip()
        seconds = time.perf_counter() - started
        unchanged = dump(database) == before
        if outcome == "imported":
            services.imports.undo_last_import()
        line = {
            "case": case.name,
            "outcome": outcome,
            "message": message,
            "seconds": round(seconds, 3),
            "unchanged": unchanged,
        }
        print(json.dumps(line), flush=True)
    services.close()


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]))
