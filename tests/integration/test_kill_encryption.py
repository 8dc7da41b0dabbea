"""A process killed at any moment while turning encryption on or off leaves a database
that opens, whole: the old file or the new one, never a mix."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netdesk.db.cipher import connect_file, is_encrypted
from netdesk.db.conversion import converting_name
from netdesk.services.encryption import keys
from netdesk.services.sample.people import write_connections_csv

PEOPLE = 30_000
KILLS = 8


def _people(database: Path, passphrase: str) -> int:
    key = None
    if is_encrypted(database):
        record = keys.load_record(database)
        assert record is not None and record.passphrase is not None
        key = keys.unseal(record.passphrase, passphrase, record.key_id)
    conn = connect_file(database, key)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        people = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM contact_fts").fetchone()[0] == people
        return people
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_while_converting_leaves_the_old_file_or_the_new(tmp_path: Path) -> None:
    data = tmp_path / "data"
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text("correct horse battery\n")
    env = {**os.environ, "NETDESK_DATA_DIR": str(data)}
    netdesk = [sys.executable, "-m", "netdesk"]
    unlock = ["--passphrase-file", str(passphrase_file)]
    csv = write_connections_csv(tmp_path / "Connections.csv", PEOPLE)
    subprocess.run([*netdesk, "import", str(csv)], env=env, check=True, timeout=120)
    database = data / "netdesk.sqlite3"
    imported = _people(database, "")
    assert imported > PEOPLE * 0.9

    def convert_command() -> list[str]:
        action = "off" if is_encrypted(database) else "on"
        return [*netdesk, "encryption", action, "--no-keyring", *unlock]

    started = time.perf_counter()
    subprocess.run(convert_command(), env=env, check=True, timeout=120, capture_output=True)
    whole_run = time.perf_counter() - started
    assert is_encrypted(database)
    print(f"one conversion, start-up included: {whole_run:.2f} s")

    seed = random.randrange(1_000_000)
    moments = random.Random(seed).sample(range(5, 100), KILLS)
    for percent in moments:
        was_encrypted = is_encrypted(database)
        process = subprocess.Popen(
            convert_command(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(whole_run * percent / 100)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        context = f"seed {seed}, killed at {percent}% (was encrypted: {was_encrypted})"
        assert _people(database, "correct horse battery") == imported, context
        # The next start removes an unfinished copy and opens whichever file is there.
        subprocess.run(
            [*netdesk, "contacts", "--search", "zzzz-nobody", *unlock],
            env=env,
            check=True,
            timeout=60,
            capture_output=True,
        )
        assert not converting_name(database).exists(), context
