"""Headless commands: import, contacts, undo-import, export, backup, restore, draft.
No Qt here."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from netdesk.app import build_services
from netdesk.db import DatabaseNewerThanApp, SQLiteTooOld
from netdesk.paths import Paths
from netdesk.services.backup import BackupError
from netdesk.services.contacts import ContactFilter
from netdesk.services.importer import NothingToUndo
from netdesk.services.linkedin import ImportFormatError
from netdesk.services.text import count_of
from netdesk.services.vocabulary import DRAFT_PURPOSES

log = logging.getLogger(__name__)


def import_command(paths: Paths, path: Path, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    services = build_services(paths)
    try:
        summary = services.interchange.import_file(path)
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


EXPORT_SUFFIXES = {".csv": "csv", ".vcf": "vcard", ".vcard": "vcard", ".json": "json"}


def export_command(paths: Paths, path: Path, kind: str | None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    kind = kind or EXPORT_SUFFIXES.get(path.suffix.casefold())
    if kind is None:
        print(f"netdesk: {path.name}: say --format csv, vcard or json", file=sys.stderr)
        return 2
    services = build_services(paths)
    try:
        if kind == "json":
            result = services.interchange.export_json(path)
            print(
                f"Exported everything ({count_of(result.people, 'person', 'people')}) to {path}",
                file=out,
            )
            return 0
        write = (
            services.interchange.export_csv if kind == "csv" else services.interchange.export_vcard
        )
        count = write(path)
    finally:
        services.close()
    print(f"Exported {count_of(count, 'person', 'people')} to {path}", file=out)
    return 0


def backup_command(paths: Paths, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    services = build_services(paths)
    try:
        made = services.backups.back_up()
    except BackupError as error:
        print(f"netdesk: {error}", file=sys.stderr)
        return 1
    finally:
        services.close()
    print(made.path, file=out)
    return 0


def restore_command(paths: Paths, path: Path, really: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    services = build_services(paths)
    try:
        check = services.backups.check(path)
        people = "1 person" if check.people == 1 else f"{check.people:,} people"
        if not really:
            print(f"{path.name} is a good backup ({people}); add --yes to restore it", file=out)
            return 0
        result = services.backups.restore(path)
    except BackupError as error:
        print(f"netdesk: {error}", file=sys.stderr)
        return 2
    finally:
        services.close()
    print(result.describe(), file=out)
    return 0


def draft_command(paths: Paths, args, out: TextIO | None = None) -> int:
    """An email draft, as the window's one click writes it, with what to check before it
    goes: unfilled notes to self and emails already sent. Nothing is sent."""
    from netdesk.services.mail import MailAccount, as_eml, build_message

    out = out or sys.stdout
    services = build_services(paths)
    try:
        drafts = services.mail.drafts
        if args.draft_kind == "thank-you":
            people = [pid for pid, _name in drafts.recipients(args.meeting)]
            if not people or (args.to is not None and args.to not in people):
                print(f"netdesk: meeting {args.meeting} has nobody to thank", file=sys.stderr)
                return 2
            template = next(
                t for t in drafts.templates.list() if t.builtin_key == f"thank_you_{args.tone}"
            )
            draft, _ = drafts.compose(args.to or people[0], args.meeting, template)
        else:
            services.contacts.get(args.person)  # KeyError: nobody has that id
            purpose = DRAFT_PURPOSES.get(args.purpose or "")
            template = drafts.template_for(purpose) if purpose else None
            draft, _ = drafts.compose(args.person, None, template, args.introduce_to)
        warnings = drafts.warnings(draft)
        if args.eml:
            account = services.mail.accounts.get() or MailAccount()
            message = build_message(account.display_name, account.address, draft)
            Path(args.eml).write_bytes(as_eml(message))
    except KeyError as error:
        print(f"netdesk: nobody and nothing has the id {error}", file=sys.stderr)
        return 2
    finally:
        services.close()
    if args.json:
        record = {
            "to": draft.to_address,
            "to_name": draft.to_name,
            "subject": draft.subject,
            "body": draft.body,
            "purpose": draft.purpose,
            "meeting_id": draft.meeting_id,
            "unfilled": warnings.notes_to_self,
            "earlier_emails": [{"when": e.when, "summary": e.summary} for e in warnings.earlier],
        }
        json.dump(record, out, ensure_ascii=False)
        out.write("\n")
        return 0
    print(f"To: {draft.to_name} <{draft.to_address}>", file=out)
    print(f"Subject: {draft.subject}\n\n{draft.body}", file=out)
    if warnings:
        print("Before it goes:", file=out)
        for line in warnings.describe().splitlines():
            print(f"  {line}", file=out)
    return 0


def run(command: str, paths: Paths, args) -> int:
    """Run a command; any failure is one line on stderr and a non-zero exit status
    (the traceback goes to the debug log: `netdesk --debug ...`)."""
    try:
        if command == "import":
            return import_command(paths, Path(args.path), args.json)
        if command == "contacts":
            return contacts_command(paths, args.search or "", args.json)
        if command == "export":
            return export_command(paths, Path(args.path), args.format)
        if command == "backup":
            return backup_command(paths)
        if command == "restore":
            return restore_command(paths, Path(args.path), args.yes)
        if command == "draft":
            return draft_command(paths, args)
        return undo_import_command(paths)
    except BrokenPipeError:  # the reader stopped early (`| head`): nothing to report
        _silence_stdout()
        return 1
    except (DatabaseNewerThanApp, SQLiteTooOld) as error:
        log.debug("%s failed", command, exc_info=True)
        print(f"netdesk: {error}", file=sys.stderr)
        return 3
    except (sqlite3.DatabaseError, OSError) as error:
        log.debug("%s failed", command, exc_info=True)
        print(f"netdesk: cannot use the data in {paths.data_dir}: {error}", file=sys.stderr)
        return 3
    except Exception as error:  # a bug or something unforeseen: still one line, no traceback
        log.debug("%s failed", command, exc_info=True)
        subject = Path(args.path).name if getattr(args, "path", None) else str(paths.database)
        print(f"netdesk: {subject}: {_one_line(error)}", file=sys.stderr)
        return 4


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail once more."""
    try:
        stdout = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (an embedding program's stream)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stdout)
    os.close(devnull)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
