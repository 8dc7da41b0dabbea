"""`netdesk encryption on|off|status`: encryption at rest from the command line.

`status` reads only the file's header and the key record, so it works on a locked
database. `on` prints the recovery key once (or writes it to a new owner-only file):
without it, or the passphrase, the data cannot be recovered.
"""

from __future__ import annotations

import os

from netdesk.cli.common import CommandError, Context, first_line

RECOVERY_WARNING = (
    "Keep this recovery key somewhere safe (printed, or in a password manager). Without "
    "it, or your passphrase, your data cannot be recovered."
)


def encryption_command(context: Context) -> int:
    action = context.args.action
    if action == "status":
        return _status(context)
    if action == "on":
        return _turn_on(context)
    return _turn_off(context)


def _status(context: Context) -> int:
    from netdesk.db.cipher import is_encrypted
    from netdesk.services.encryption import keys

    database = context.paths.database
    encrypted = is_encrypted(database)
    record = keys.load_record(database) if encrypted else None
    facts = {
        "encrypted": encrypted,
        "database": str(database),
        "key_in_keyring": bool(record and record.in_keyring),
        "passphrase": bool(record and record.passphrase),
    }
    if context.args.json:
        return context.json(facts)
    if not encrypted:
        context.print(f"Not encrypted: {database}")
        return 0
    where = []
    if facts["key_in_keyring"]:
        where.append("the system keyring")
    if facts["passphrase"]:
        where.append("your passphrase")
    kept = " and ".join(where) or "no key record: only the recovery key opens it"
    context.print(f"Encrypted (SQLCipher 4): {database}", f"Key: {kept}")
    return 0


def _turn_on(context: Context) -> int:
    args = context.args
    passphrase = first_line(args.passphrase_file, "passphrase") if args.passphrase_file else None
    if args.no_keyring and not passphrase:
        raise CommandError("--no-keyring needs --passphrase-file: the key must be kept somewhere")
    if args.recovery_file and os.path.lexists(args.recovery_file):
        raise CommandError(f"{args.recovery_file} already exists; nothing was changed")
    from netdesk.errors import EncryptionError
    from netdesk.services.encryption.keys import recovery_text

    encryption = context.services.encryption
    key = encryption.new_key()
    recovery = recovery_text(key)
    if args.recovery_file:  # written first: a key nobody kept must not encrypt anything
        _write_private(args.recovery_file, recovery + "\n")
    try:
        result = encryption.turn_on(key, passphrase=passphrase, keep_in_keyring=not args.no_keyring)
    except (EncryptionError, ValueError) as error:
        if args.recovery_file:
            os.unlink(args.recovery_file)
        raise CommandError(str(error)) from None
    facts = _facts(result)
    if args.json:
        return context.json({**facts, "recovery_key": None if args.recovery_file else recovery})
    context.print(_summary("Encrypted", facts))
    if args.recovery_file:
        context.print(f"Recovery key written to {args.recovery_file}. {RECOVERY_WARNING}")
    else:
        context.print("", "Recovery key:", recovery, "", RECOVERY_WARNING)
    return 0


def _turn_off(context: Context) -> int:
    from netdesk.errors import EncryptionError

    try:
        result = context.services.encryption.turn_off()
    except EncryptionError as error:
        raise CommandError(str(error)) from None
    facts = _facts(result)
    if context.args.json:
        return context.json(facts)
    context.print(_summary("Decrypted", facts))
    return 0


def _facts(result) -> dict[str, object]:
    return {
        "encrypted": result.encrypted,
        "rows": result.rows,
        "copies": result.copies,
        "left": [str(path) for path in result.left],
    }


def _summary(verb: str, facts: dict) -> str:
    text = f"{verb} the database ({facts['rows']} rows) and {facts['copies']} backup copies."
    if facts["left"]:
        text += f" Left as they were (could not be converted): {', '.join(facts['left'])}."
    return text


def _write_private(path: str, text: str) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
