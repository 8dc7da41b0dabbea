"""Run inside `dbus-run-session` by test_encryption_keyring.py: a private, unlocked
gnome-keyring, then NetDesk's own commands against it, as a user would run them.

Prints one JSON line: each command's exit status and output.
"""

from __future__ import annotations

import json
import subprocess
import sys


def netdesk(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "netdesk", *args], capture_output=True, text=True, timeout=60
    )
    return {"status": done.returncode, "out": done.stdout, "err": done.stderr}


def main(data_dir: str, recovery_file: str) -> None:
    daemon = ["gnome-keyring-daemon", "--components=secrets", "--daemonize", "--unlock"]
    subprocess.run(daemon, input=b"login-password", check=True, capture_output=True)
    where = ["--data-dir", data_dir]
    result = {
        "add": netdesk("people", "add", "Zephyrine Quillfeather", *where),
        "on": netdesk("encryption", "on", "--recovery-file", recovery_file, *where),
        "status": netdesk("encryption", "status", "--json", *where),
        "contacts": netdesk("contacts", *where),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
