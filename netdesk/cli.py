"""Headless commands: import, contacts, undo-import. No Qt is loaded here."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from netdesk.app import build_services
from netdesk.db import DatabaseNewerThanApp
from netdesk.paths import Paths
from netdesk.services.contacts import ContactFilter
from netdesk.services.importer import NothingToUndo
from netdesk.services.linkedin import ImportFormatError

log = logging.getLogger(__name__)


def import_command(paths: Paths, path: Path, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    services = build_services(paths)
    try:
        summary = services.imports.import_linkedin(path)
    except ImportFormatError as error:
        print(f"netdesk: {error}", file=sys.stderr)
        return 2
    finally:
        services.close()
    if as_json:
        json.dump(summary.as_dict(), out, ensure_ascii=False)
        out.write("\n")
        return 0
    print(summary.describe(), file=out)
    for problem in summary.problems:
        where = f"line {problem.line}" if problem.line is not None else "file"
        label = "skipped" if problem.kind == "skipped" else "warning"
        print(f"  {where}: {label}: {problem.reason}", file=out)
    return 0


def contacts_command(paths: Paths, search: str, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    services = build_services(paths)
    try:
        ids = services.contacts.query_ids(ContactFilter(text=search))
        records = services.contacts.records(ids)
    finally:
        services.close()
    if as_json:
        json.dump(services.contacts.as_export_dicts(records), out, ensure_ascii=False)
        out.write("\n")
        return 0
    for record in records:
        details = " · ".join(p for p in (record.role, record.organisation) if p)
        print(f"{record.display_name}" + (f" — {details}" if details else ""), file=out)
    return 0


def undo_import_command(paths: Paths, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    services = build_services(paths)
    try:
        result = services.imports.undo_last_import()
    except NothingToUndo as error:
        print(f"netdesk: {error}", file=sys.stderr)
        return 1
    finally:
        services.close()
    print(result.describe(), file=out)
    return 0


def run(command: str, paths: Paths, args) -> int:
    """Run a command; any failure is one line on stderr and a non-zero exit status
    (the traceback goes to the debug log: `netdesk --debug ...`)."""
    try:
        if command == "import":
            return import_command(paths, Path(args.path), args.json)
        if command == "contacts":
            return contacts_command(paths, args.search or "", args.json)
        return undo_import_command(paths)
    except DatabaseNewerThanApp as error:
        log.debug("%s failed", command, exc_info=True)
        print(f"netdesk: {error}", file=sys.stderr)
        return 3
    except (sqlite3.DatabaseError, OSError) as error:
        log.debug("%s failed", command, exc_info=True)
        print(f"netdesk: cannot use the data in {paths.data_dir}: {error}", file=sys.stderr)
        return 3
    except Exception as error:  # a bug or something unforeseen: still one line, no traceback
        log.debug("%s failed", command, exc_info=True)
        subject = Path(args.path).name if command == "import" else str(paths.database)
        print(f"netdesk: {subject}: {_one_line(error)}", file=sys.stderr)
        return 4


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
