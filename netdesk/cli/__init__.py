"""Headless commands, one feature module each: io (import, undo-import, export, backup,
restore), people (contacts, people add|show, log), meetings, events, drafts, today,
paths. No Qt here; each command imports only what it uses, and the services it asks for are
built on first use (`netdesk contacts` loads neither numpy nor jinja2 nor keyring)."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path

from netdesk.cli.common import CommandError, Context

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a command's ~3 ms)
if TYPE_CHECKING:
    from typing import TextIO

    from netdesk.paths import Paths
    from netdesk.services.clock import Clock

__all__ = ["CommandError", "run"]

log = logging.getLogger(__name__)

# command -> (module in this package, function)
COMMANDS = {
    "import": ("io", "import_command"),
    "undo-import": ("io", "undo_import_command"),
    "export": ("io", "export_command"),
    "backup": ("io", "backup_command"),
    "restore": ("io", "restore_command"),
    "contacts": ("people", "contacts_command"),
    "people": ("people", "people_command"),
    "log": ("people", "log_command"),
    "meeting": ("meetings", "meeting_command"),
    "event": ("events", "event_command"),
    "draft": ("drafts", "draft_command"),
    "today": ("today", "today_command"),
    "paths": ("paths", "paths_command"),
    "mail": ("mail", "mail_command"),
    "calendar": ("calendar", "calendar_command"),
    "sync": ("contact_sync", "sync_command"),
    "accounts": ("mail", "accounts_command"),
    "duplicates": ("duplicates", "duplicates_command"),
    "merge": ("merge", "merge_command"),
    "targets": ("jobsearch", "targets_command"),
    "applications": ("jobsearch", "applications_command"),
    "encryption": ("encryption", "encryption_command"),
}


def run(
    command: str, paths: Paths, args, clock: Clock | None = None, out: TextIO | None = None
) -> int:
    """Run a command; any failure is one line on stderr and a non-zero exit status
    (the traceback goes to the debug log: `netdesk --debug ...`): 2 for bad input,
    which changes nothing. *clock* is the services' clock (tests freeze it)."""
    from netdesk.db.cipher import errors
    from netdesk.errors import (
        DatabaseKeyNeeded,
        DatabaseNewerThanApp,
        SQLiteTooOld,
        WrongDatabaseKey,
    )

    module, name = COMMANDS[command]
    context = Context(paths, args, out or sys.stdout, clock)
    try:
        handler = getattr(importlib.import_module(f"netdesk.cli.{module}"), name)
        return handler(context)
    except CommandError as error:
        print(f"netdesk: {_one_line(error, named=False)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (`| head`): nothing to report
        _silence_stdout()
        return 1
    except (DatabaseNewerThanApp, SQLiteTooOld) as error:
        log.debug("%s failed", command, exc_info=True)
        print(f"netdesk: {error}", file=sys.stderr)
        return 3
    except DatabaseKeyNeeded as error:
        hint = "--passphrase-file FILE or " if error.passphrase else ""
        print(f"netdesk: {error} (give {hint}--recovery-key-file FILE)", file=sys.stderr)
        return 3
    except WrongDatabaseKey as error:
        print(f"netdesk: {error}", file=sys.stderr)
        return 3
    except (*errors("DatabaseError"), OSError) as error:
        log.debug("%s failed", command, exc_info=True)
        print(f"netdesk: cannot use the data in {paths.data_dir}: {error}", file=sys.stderr)
        return 3
    except Exception as error:  # a bug or something unforeseen: still one line, no traceback
        log.debug("%s failed", command, exc_info=True)
        subject = Path(args.path).name if getattr(args, "path", None) else str(paths.database)
        print(f"netdesk: {subject}: {_one_line(error)}", file=sys.stderr)
        return 4
    finally:
        try:
            context.close()
        except Exception:  # already reported, or about to be: closing must not mask it
            log.debug("closing the database failed", exc_info=True)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail once more."""
    try:
        stdout = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (an embedding program's stream)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stdout)
    os.close(devnull)


def _one_line(error: BaseException, named: bool = True) -> str:
    text = " ".join(str(error).split())
    if not named:
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
