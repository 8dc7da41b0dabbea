"""What every command shares: its context (arguments, output, the services built on
first use), bad-input errors, JSON output and looking people up by id or name."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date, datetime, time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a command's ~3 ms)
if TYPE_CHECKING:
    import argparse
    from typing import Any, TextIO

    from netdesk.app import Services
    from netdesk.paths import Paths
    from netdesk.services.clock import Clock
    from netdesk.services.contacts.records import ContactRecord

# Notes read from a file or standard input: a long meeting's notes are some 100 kB;
# a limit keeps a mistaken `< /dev/zero` (st_size 0) from filling the memory.
MAX_TEXT_BYTES = 1_000_000


class CommandError(Exception):
    """Bad input (an unknown id, a date that is no date…): one line on stderr, exit
    status 2, and nothing changed."""


@dataclass
class Context:
    """One command's arguments and output; the services are built on first use and
    closed by `run` whatever happens."""

    paths: Paths
    args: argparse.Namespace
    out: TextIO = field(default_factory=lambda: sys.stdout)
    clock: Clock | None = None
    _services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            from netdesk.app import build_services

            self._services = build_services(self.paths, clock=self.clock, unlock=self.unlock())
        return self._services

    def unlock(self):
        """What --passphrase-file or --recovery-key-file gives to open an encrypted
        database (read only when the database is encrypted)."""
        from netdesk.app import Unlock

        passphrase_file = getattr(self.args, "passphrase_file", None)
        recovery_file = getattr(self.args, "recovery_key_file", None)
        return Unlock(
            passphrase=first_line(passphrase_file, "passphrase") if passphrase_file else None,
            recovery=read_text(recovery_file, MAX_SECRET_BYTES) if recovery_file else None,
        )

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None

    def print(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self.out)

    def json(self, value: Any) -> int:
        json.dump(value, self.out, ensure_ascii=False, default=json_default)
        self.out.write("\n")
        return 0


def json_default(value: object) -> object:
    """Dates as ISO text, dataclasses as objects, sets as lists."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def parse_day(text: str) -> date:
    """'2026-11-24' -> a date; for argparse (ValueError reads as 'invalid value')."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(text) from None


def person(context: Context, text: str) -> ContactRecord:
    """The person *text* names: their id, or a name only one person has (any case)."""
    contacts = context.services.contacts
    text = " ".join(str(text).split())
    if text.isdigit():
        try:
            return contacts.get(int(text))
        except KeyError:
            raise CommandError(f"nobody has the id {text} (netdesk contacts --json)") from None
    from netdesk.services.contacts.records import ContactFilter
    from netdesk.services.text import fold

    wanted = fold(text)
    candidates = contacts.records(contacts.query_ids(ContactFilter(text=text)))
    named = [r for r in candidates if fold(r.display_name) == wanted]
    if len(named) == 1:
        return named[0]
    if not named:
        raise CommandError(f"nobody is called {text!r} (netdesk contacts --search WORDS)")
    raise CommandError(
        f"{len(named)} people are called {text!r}: give the id "
        f"(netdesk contacts --search {text!r} --json)"
    )


MAX_SECRET_BYTES = 4096


def first_line(path: str, what: str) -> str:
    """The first line of a small file holding a secret (a passphrase, a password)."""
    lines = read_text(path, MAX_SECRET_BYTES).splitlines()
    if not lines or not lines[0]:
        raise CommandError(f"{path}: holds no {what} on its first line")
    return lines[0]


def read_text(path: str | None, limit: int | None = None) -> str:
    """UTF-8 text from a file, or from standard input when *path* is None or '-';
    never more than *limit* bytes (default MAX_TEXT_BYTES: a FIFO or /dev/zero
    reports size 0, so the size is counted while reading)."""
    limit = MAX_TEXT_BYTES if limit is None else limit
    if path in (None, "-"):
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        data = stream.read(limit + 1)
        where = "standard input"
    else:
        where = path
        try:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror or error})") from None
    if isinstance(data, str):  # a text stream standing in for stdin
        data = data.encode()
    if len(data) > limit:
        raise CommandError(f"{where} holds more than {limit:,} bytes; nothing was saved")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{where} is not UTF-8 text; nothing was saved") from None


def validation_message(error: Exception) -> str:
    """A ValidationError's first message, as one line."""
    errors = getattr(error, "errors", None)
    text = next(iter(errors.values())) if errors else str(error)
    return " ".join(str(text).split())
