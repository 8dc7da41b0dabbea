"""Where an encrypted database's key is kept, and how it is found again.

The key is 32 random bytes. It is kept in the OS keyring (under an id, so two data
folders never share an entry) and, when the user chooses a passphrase, also sealed by it
in the key record beside the database: AES-256-GCM under a key derived with scrypt. The
record holds no secret without the passphrase; it says which keyring entry to read and
whether a passphrase can unlock the file. The recovery key is the key itself, written as
hex for a sheet of paper.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from netdesk.db.cipher import KEY_BYTES
from netdesk.errors import DatabaseKeyNeeded, WrongDatabaseKey
from netdesk.services.credentials import CredentialStore, Secret

KEYRING_SERVICE = "NetDesk"
RECORD_FORMAT = 1
MAX_RECORD_BYTES = 64 * 1024  # a record is a few hundred bytes; a bigger file is not ours

# scrypt at 2^15 × 8: about 32 MB and a tenth of a second, once per unlock.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
SCRYPT_MAXMEM = 64 * 1024 * 1024
MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class SealedKey:
    salt: bytes
    nonce: bytes
    sealed: bytes
    n: int = SCRYPT["n"]
    r: int = SCRYPT["r"]
    p: int = SCRYPT["p"]


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    in_keyring: bool
    passphrase: SealedKey | None

    @property
    def keyring_user(self) -> str:
        return f"database-key {self.key_id}"


def record_path(database: Path) -> Path:
    return database.with_name(database.name + ".encryption.json")


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_record(in_keyring: bool) -> KeyRecord:
    return KeyRecord(secrets.token_hex(16), in_keyring, None)


# --- the record file -------------------------------------------------------


def load_record(database: Path) -> KeyRecord | None:
    """The key record beside *database*, or None when there is none."""
    path = record_path(database)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_RECORD_BYTES + 1)
    except FileNotFoundError:
        return None
    try:
        if len(raw) > MAX_RECORD_BYTES:
            raise ValueError("too large")
        data = json.loads(raw.decode("utf-8"))
        sealed = data.get("passphrase")
        return KeyRecord(
            key_id=_checked_id(data["key_id"]),
            in_keyring=bool(data["in_keyring"]),
            passphrase=None if sealed is None else _sealed_from(sealed),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise DatabaseKeyNeeded(
            f"{path.name} (the encrypted database's key record) is damaged ({error}); "
            "unlock the database with its recovery key.",
            passphrase=False,
        ) from None


def save_record(database: Path, record: KeyRecord) -> None:
    """Write the record owner-only and atomically: a kill leaves the old one or the new."""
    path = record_path(database)
    data = {
        "format": RECORD_FORMAT,
        "key_id": record.key_id,
        "in_keyring": record.in_keyring,
        "passphrase": None if record.passphrase is None else _sealed_to(record.passphrase),
    }
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def remove_record(database: Path) -> None:
    record_path(database).unlink(missing_ok=True)


def _checked_id(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{32}", value):
        raise ValueError("no key id")
    return value


def _sealed_to(sealed: SealedKey) -> dict[str, object]:
    encode = lambda data: base64.b64encode(data).decode("ascii")  # noqa: E731
    return {
        "kdf": "scrypt",
        "n": sealed.n,
        "r": sealed.r,
        "p": sealed.p,
        "salt": encode(sealed.salt),
        "nonce": encode(sealed.nonce),
        "sealed": encode(sealed.sealed),
    }


def _sealed_from(data: dict[str, object]) -> SealedKey:
    if data.get("kdf") != "scrypt":
        raise ValueError("unknown key derivation")
    n, r, p = (int(data[name]) for name in ("n", "r", "p"))  # type: ignore[call-overload]
    if not (2**10 <= n <= 2**20 and 1 <= r <= 16 and 1 <= p <= 4):
        raise ValueError("key derivation out of range")
    decode = lambda name: base64.b64decode(str(data[name]), validate=True)  # noqa: E731
    return SealedKey(decode("salt"), decode("nonce"), decode("sealed"), n, r, p)


# --- the passphrase ------------------------------------------------------------


def seal(key: bytes, passphrase: str, key_id: str) -> SealedKey:
    """*key* sealed under *passphrase*; the key id is bound in, so a sealed key cannot
    be moved into another database's record unnoticed."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(passphrase) < MIN_PASSPHRASE:
        raise ValueError(f"a passphrase has at least {MIN_PASSPHRASE} characters")
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapping = _derive(passphrase, salt, SCRYPT["n"], SCRYPT["r"], SCRYPT["p"])
    return SealedKey(salt, nonce, AESGCM(wrapping).encrypt(nonce, key, key_id.encode()))


def unseal(sealed: SealedKey, passphrase: str, key_id: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    wrapping = _derive(passphrase, sealed.salt, sealed.n, sealed.r, sealed.p)
    try:
        key = AESGCM(wrapping).decrypt(sealed.nonce, sealed.sealed, key_id.encode())
    except InvalidTag:
        raise WrongDatabaseKey("That passphrase does not unlock this database.") from None
    if len(key) != KEY_BYTES:
        raise WrongDatabaseKey("The key record is damaged; use the recovery key.")
    return key


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAXMEM, dklen=32
    )


# --- the keyring -----------------------------------------------------------


def keyring_key(credentials: CredentialStore, record: KeyRecord) -> bytes | None:
    """The key from the keyring, or None when the keyring has none (or cannot be read)."""
    secret = credentials.get(KEYRING_SERVICE, record.keyring_user)
    if secret is None:
        return None
    with contextlib.suppress(ValueError):
        key = bytes.fromhex(secret.reveal())
        if len(key) == KEY_BYTES:
            return key
    return None


def store_in_keyring(credentials: CredentialStore, record: KeyRecord, key: bytes) -> bool:
    """Keep *key* in the keyring; False when only this session's memory could take it."""
    return credentials.set(KEYRING_SERVICE, record.keyring_user, Secret(key.hex())).persistent


def forget_in_keyring(credentials: CredentialStore, record: KeyRecord) -> None:
    """Remove the record's key from the keyring; one kept only behind a passphrase has
    no entry there, and the keyring is not touched."""
    if record.in_keyring:
        credentials.delete(KEYRING_SERVICE, record.keyring_user)


# --- the recovery key ----------------------------------------------------------


def recovery_text(key: bytes) -> str:
    """The key in 16 groups of four hex digits, four groups to a line."""
    digits = key.hex().upper()
    groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
    return "\n".join(" ".join(groups[i : i + 4]) for i in range(0, len(groups), 4))


# A line of the key as the sheet prints it: four groups of four hexadecimal digits.
KEY_LINE = re.compile(r"^\s*(?:[0-9A-Fa-f]{4}[\s\-]*){4}$")


def parse_recovery(text: str) -> bytes:
    """A recovery key as typed (spaces, dashes and line breaks are ignored), or the
    key's lines out of a whole saved or pasted recovery sheet."""
    lines = [line for line in text.splitlines() if KEY_LINE.match(line)]
    digits = re.sub(r"[\s\-]", "", "\n".join(lines) if len(lines) == 4 else text)
    if not re.fullmatch(f"[0-9A-Fa-f]{{{KEY_BYTES * 2}}}", digits):
        raise WrongDatabaseKey(
            f"A recovery key is {KEY_BYTES * 2} hexadecimal digits (0–9, A–F); "
            f"this has {len(digits)} characters."
        )
    return bytes.fromhex(digits)
