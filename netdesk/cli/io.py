"""`netdesk import|undo-import|export|backup|restore`: files in and out."""

from __future__ import annotations

import sys
from pathlib import Path

from netdesk.cli.common import Context
from netdesk.services.text import count_of


def import_command(context: Context) -> int:
    from netdesk.errors import ImportFormatError
    from netdesk.services.imports.jobs_files import is_jobs_file

    path = Path(context.args.path)
    jobs = None
    try:
        if is_jobs_file(path):  # Job Applications.csv or Saved Jobs.csv alone
            summary = _job_import(context).import_jobs(path)
        else:
            summary = context.services.interchange.import_file(path)
            if _is_export(path):  # the export's job files too, when it has them
                jobs = _job_import(context).import_jobs_if_any(path)
    except ImportFormatError as error:
        print(f"netdesk: {error}", file=sys.stderr)
        return 2
    if context.args.json:
        return context.json({**summary.as_dict(), **({"jobs": jobs.as_dict()} if jobs else {})})
    for each in (summary, jobs) if jobs else (summary,):
        context.print(each.describe())
        for problem in each.problems:
            where = f"line {problem.line}" if problem.line is not None else "file"
            label = "skipped" if problem.kind == "skipped" else "warning"
            context.print(f"  {where}: {label}: {problem.reason}")
    return 0


def _is_export(path: Path) -> bool:
    from netdesk.services.imports.reading import is_folder

    return path.suffix.casefold() == ".zip" or is_folder(path)


def _job_import(context: Context):
    from netdesk.services.imports.jobs import JobsImportService

    services = context.services
    return JobsImportService(services.db, services.clock, services.changes)


def undo_import_command(context: Context) -> int:
    from netdesk.errors import NothingToUndo

    try:
        result = context.services.imports.undo_last_import()
    except NothingToUndo as error:
        print(f"netdesk: {error}", file=sys.stderr)
        return 1
    context.print(result.describe())
    return 0


EXPORT_SUFFIXES = {".csv": "csv", ".vcf": "vcard", ".vcard": "vcard", ".json": "json"}


def export_command(context: Context) -> int:
    path = Path(context.args.path)
    kind = context.args.format or EXPORT_SUFFIXES.get(path.suffix.casefold())
    if kind is None:
        print(f"netdesk: {path.name}: say --format csv, vcard or json", file=sys.stderr)
        return 2
    interchange = context.services.interchange
    if kind == "json":
        result = interchange.export_json(path)
        context.print(
            f"Exported everything ({count_of(result.people, 'person', 'people')}) to {path}"
        )
        return 0
    write = interchange.export_csv if kind == "csv" else interchange.export_vcard
    count = write(path)
    context.print(f"Exported {count_of(count, 'person', 'people')} to {path}")
    return 0


def backup_command(context: Context) -> int:
    from netdesk.errors import BackupError

    try:
        made = context.services.backups.back_up()
    except BackupError as error:
        print(f"netdesk: {_one_line(error)}", file=sys.stderr)
        return 1
    context.print(str(made.path))
    return 0


def restore_command(context: Context) -> int:
    from netdesk.errors import BackupError

    path = Path(context.args.path)
    backups = context.services.backups
    try:
        check = backups.check(path)
        people = count_of(check.people, "person", "people")
        if not context.args.yes:
            context.print(f"{path.name} is a good backup ({people}); add --yes to restore it")
            return 0
        result = backups.restore(path)
    except BackupError as error:
        print(f"netdesk: {_one_line(error)}; your data is unchanged", file=sys.stderr)
        return 2
    context.print(result.describe())
    return 0


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())
