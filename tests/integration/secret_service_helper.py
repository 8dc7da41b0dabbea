"""Run inside `dbus-run-session` by test_secret_service.py: a private gnome-keyring.

Prints one JSON line with what NetDesk's credential store did against it.
"""

from __future__ import annotations

import json
import subprocess
import sys

from keyring.backends import SecretService

from netdesk.services.credentials import KeyringCredentialStore, Secret


def main(mode: str, secret: str) -> None:
    daemon = ["gnome-keyring-daemon", "--components=secrets", "--daemonize"]
    if mode == "unlocked":  # a login keyring unlocked with this password, as at login
        subprocess.run([*daemon, "--unlock"], input=b"login-password", check=True)
    else:  # started but never unlocked: no default collection can be opened
        subprocess.run([*daemon, "--start"], check=True, capture_output=True)
    store = KeyringCredentialStore(SecretService.Keyring())
    service, user = "NetDesk mail test", "ada@example.org"
    result: dict[str, object] = {}
    status = store.set(service, user, Secret(secret))
    result["persistent"] = status.persistent
    result["message"] = status.message
    got = store.get(service, user)
    result["got_back"] = got is not None and got.reveal() == secret
    # A second store (the next session) sees it only if it really is in the keyring.
    fresh = KeyringCredentialStore(SecretService.Keyring()).get(service, user)
    result["next_session"] = fresh is not None and fresh.reveal() == secret
    store.delete(service, user)
    result["after_delete"] = store.get(service, user) is None and (
        KeyringCredentialStore(SecretService.Keyring()).get(service, user) is None
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.stdin.readline().rstrip("\n"))
