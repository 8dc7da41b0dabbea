"""The command line, measured as a user runs it: whole `python -m netdesk ...` processes.

    .venv/bin/python benchmarks/bench_cli.py [--rows 30000] [--repeat 15]

Every figure is the median wall time of fresh processes, with the package's bytecode
already compiled and PYTHONDONTWRITEBYTECODE unset (an installed app has its .pyc
files). Each command runs alternately with its baseline, so that a noisy neighbour on
this shared machine slows both alike, and each ratio is the median of the pairwise
ratios of the same run:

  contacts   `netdesk contacts --json` on an empty data folder (a fresh one each time:
             the database is created and migrated) and on an empty database (created
             before), against a bare `python -c "import sqlite3, json"`.
  import     `netdesk import Connections.csv` of --rows rows into a fresh data folder,
             end to end (start, create the database, read, match, write, index,
             commit, close), against a whole-process baseline script: csv.reader and
             sqlite3 executemany into a similar table with the same pragmas, commit,
             close.
  floor      `python -m netdesk --version`: the interpreter and the command line's
             parser, which every command pays.
Targets (issue 13): contacts <= 3x its baseline; import <= 3x its baseline.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netdesk.services.sample.people import write_connections_csv  # noqa: E402

# The same pragmas the app opens its database with (netdesk/db/connection.py), written
# out so that the baseline process imports nothing of NetDesk.
BASELINE_SCRIPT = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
for pragma in ("journal_mode = wal", "foreign_keys = 1", "busy_timeout = 10000",
               "synchronous = normal", "cache_size = -32000"):
    conn.execute(f"PRAGMA {pragma}")
conn.execute("CREATE TABLE person (first, last, url, email, company, position, connected)")
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = csv.reader(handle)
    for row in rows:  # LinkedIn's notes above the header
        if row[:2] == ["First Name", "Last Name"]:
            break
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO person VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
conn.close()
"""


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("NETDESK_DATA_DIR", None)
    return env


def timed(command: list[str], env: dict[str, str]) -> float:
    # No timeout: with one, the wait polls with sleeps of up to 50 ms, which would be
    # measured too; a blocking waitpid returns as soon as the process ends.
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def netdesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "netdesk", *args]


def pairwise(repeat: int, command, baseline, env) -> tuple[float, float, float]:
    """(median command, median baseline, median of the pairwise ratios); *command* and
    *baseline* are functions of the run number giving the argv."""
    ours, theirs, ratios = [], [], []
    for run in range(repeat):
        base = timed(baseline(run), env)
        mine = timed(command(run), env)
        ours.append(mine)
        theirs.append(base)
        ratios.append(mine / base)
    median = statistics.median
    return median(ours), median(theirs), median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--import-repeat", type=int, default=7)
    args = parser.parse_args()
    env = environment()
    compileall.compile_dir(ROOT / "netdesk", quiet=1)  # as installed: bytecode present
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        csv_path = write_connections_csv(folder / "Connections.csv", args.rows)
        existing = folder / "existing"
        bare = [sys.executable, "-c", "import sqlite3, json"]
        for _ in range(2):  # warm the file system's caches; creates the empty database
            timed(netdesk("contacts", "--json", "--data-dir", str(existing)), env)
            timed(bare, env)

        def fresh_contacts(run: int) -> list[str]:
            return netdesk("contacts", "--json", "--data-dir", str(folder / f"c{run}"))

        contacts_fresh = pairwise(args.repeat, fresh_contacts, lambda run: bare, env)
        contacts_existing = pairwise(
            args.repeat,
            lambda run: netdesk("contacts", "--json", "--data-dir", str(existing)),
            lambda run: bare,
            env,
        )
        floor = pairwise(args.repeat, lambda run: netdesk("--version"), lambda run: bare, env)
        script = folder / "baseline.py"
        script.write_text(BASELINE_SCRIPT, encoding="utf-8")

        def imported(run: int) -> list[str]:
            return netdesk("import", str(csv_path), "--data-dir", str(folder / f"i{run}"))

        def baseline(run: int) -> list[str]:
            return [sys.executable, str(script), str(csv_path), str(folder / f"b{run}.sqlite3")]

        importing = pairwise(args.import_repeat, imported, baseline, env)

    def line(label: str, figures: tuple[float, float, float], note: str) -> None:
        ours, base, ratio = figures
        print(f"{label:<34} {ours * 1000:7.0f} ms  baseline {base * 1000:5.0f} ms  "
              f"{ratio:5.2f}x  {note}")  # fmt: skip

    print(
        f"median of {args.repeat} process runs ({args.import_repeat} for the import), "
        f"{args.rows:,} rows; Python {sys.version.split()[0]}"
    )
    line("contacts --json, fresh folder", contacts_fresh, "(target <= 3x)")
    line("contacts --json, empty database", contacts_existing, "(target <= 3x)")
    line("--version (the floor)", floor, "")
    line(f"import {args.rows:,} rows, fresh folder", importing, "(target <= 3x)")


if __name__ == "__main__":
    main()
