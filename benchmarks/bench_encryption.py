"""Encryption at rest: the foundation's figures with the database encrypted, against
the same figures on a plain database, in the same run (ratios; target: within 1.5x).

    .venv/bin/python benchmarks/bench_encryption.py [--rows 30000] [--repeat 5]

Prints, plain then encrypted (SQLCipher 4, a raw 256-bit key) and their ratio:
  import      the first import of a 30,000-row Connections.csv into an empty database,
              to the summary, plus the checkpoint after it; runs alternate plain and
              encrypted so that a noisy neighbour slows both alike
  search      one keystroke in the contact list (query, model reset, repaint), median
              and worst of bench_foundation's keystrokes
  startup     process start to the contact list's first painted rows (separate process;
              the encrypted database unlocked with the recovery key, as with the key
              from the keyring; and with a passphrase, which adds scrypt's ~0.1 s)
  convert     turning encryption on for the 30,000 people, then off (the user waits
              behind a progress bar)
"""

from __future__ import annotations

import argparse
import gc
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.bench_foundation import import_once, search_keystrokes, startup  # noqa: E402
from netdesk.db.conversion import convert  # noqa: E402
from netdesk.services.encryption import keys  # noqa: E402
from netdesk.services.sample.people import write_connections_csv  # noqa: E402

TARGET = 1.5


def imports(csv_path: Path, folder: Path, key: bytes, repeat: int):
    plain, encrypted = [], []
    for run in range(repeat):
        gc.collect()
        plain.append(sum(import_once(csv_path, folder / f"plain-{run}.sqlite3")))
        gc.collect()
        encrypted.append(sum(import_once(csv_path, folder / f"encrypted-{run}.sqlite3", key)))
    ratios = [e / p for p, e in zip(plain, encrypted, strict=True)]
    last = repeat - 1
    return (
        statistics.median(plain),
        statistics.median(encrypted),
        statistics.median(ratios),
        folder / f"plain-{last}.sqlite3",
        folder / f"encrypted-{last}.sqlite3",
    )


def app_folder(database: Path, name: str) -> Path:
    """The database alone in a data folder of its own, as the app finds it."""
    folder = database.parent / name
    folder.mkdir()
    target = folder / "netdesk.sqlite3"
    database.rename(target)
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    return target


def with_passphrase(database: Path, key: bytes, passphrase_file: Path) -> None:
    record = keys.new_record(in_keyring=False)
    sealed = keys.seal(key, passphrase_file.read_text().strip(), record.key_id)
    keys.save_record(database, keys.KeyRecord(record.key_id, False, sealed))


def conversion(database: Path, key: bytes) -> tuple[float, float]:
    start = time.perf_counter()
    convert(database, None, key)
    on = time.perf_counter() - start
    start = time.perf_counter()
    convert(database, key, None)
    return on, time.perf_counter() - start


def line(what: str, plain: float, encrypted: float, unit: str = "ms") -> str:
    ratio = encrypted / plain
    verdict = "ok" if ratio <= TARGET else "OVER"
    return (
        f"{what:<38} plain {plain * 1000:7.1f} {unit}   encrypted {encrypted * 1000:7.1f} {unit}"
        f"   {ratio:5.2f} x  ({verdict}, target <= {TARGET} x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    key = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        csv_path = write_connections_csv(folder / "Connections.csv", args.rows)
        print(f"{args.rows:,} rows, median of {args.repeat} runs")
        plain_import, encrypted_import, import_ratio, plain_db, encrypted_db = imports(
            csv_path, folder, key, args.repeat
        )
        plain_db = app_folder(plain_db, "plain")
        encrypted_db = app_folder(encrypted_db, "encrypted")
        plain_search = search_keystrokes(plain_db)
        encrypted_search = search_keystrokes(encrypted_db, key)
        recovery_file = folder / "recovery.txt"
        recovery_file.write_text(keys.recovery_text(key))
        passphrase_file = folder / "passphrase.txt"
        passphrase_file.write_text("correct horse battery staple\n")
        with_passphrase(encrypted_db, key, passphrase_file)
        plain_start = startup(plain_db, args.repeat)[1]
        keyed_start = startup(encrypted_db, args.repeat, f"recovery={recovery_file}")[1]
        passphrase_start = startup(encrypted_db, args.repeat, f"passphrase={passphrase_file}")[1]
        on, off = conversion(plain_db, key)

        print(line("import + checkpoint (30k)", plain_import, encrypted_import))
        print(f"{'':<38} pairwise ratio {import_ratio:.2f} x")
        print(line("search keystroke, median", plain_search[0], encrypted_search[0]))
        print(line("search keystroke, worst", plain_search[1], encrypted_search[1]))
        print(line("startup to contact rows (key)", plain_start, keyed_start))
        print(line("startup to contact rows (passphrase)", plain_start, passphrase_start))
        print(f"convert 30k people: on {on * 1000:.0f} ms, off {off * 1000:.0f} ms")


if __name__ == "__main__":
    main()
