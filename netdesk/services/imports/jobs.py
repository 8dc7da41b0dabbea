"""Importing LinkedIn's job files: Job Applications.csv (all its parts) as applications,
Saved Jobs.csv as target organisations.

One IMMEDIATE transaction, one import batch (source "linkedin_jobs"): what it adds
carries the batch, so Undo Last Import takes it back. A re-import adds only what is not
there yet — an application by its link, one without a link by organisation, role and
day; a target by its organisation — and never changes a row the user may have edited.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from netdesk.db.disk_full import full_disk_reported
from netdesk.db.models import ImportBatch
from netdesk.errors import ImportFormatError
from netdesk.services.base import Service
from netdesk.services.changes import Change, announces
from netdesk.services.imports.decoding import decode_reporting
from netdesk.services.imports.jobs_files import APPLICATIONS, read_job_files
from netdesk.services.imports.jobs_parse import JobRow, canonical_link, parse_job_file
from netdesk.services.imports.summary import ImportSummary, Problem
from netdesk.services.progress import Progress, no_progress
from netdesk.services.text import count_of, fold

SOURCE = "linkedin_jobs"
TARGET_SOURCE = "saved_jobs"
NOTHING_IMPORTED = "The disk is full: nothing was imported, nothing changed."
_NOTE_LINES = 20  # saved jobs named in a new target's notes


@dataclass
class JobsSummary(ImportSummary):
    """An ImportSummary (the dialog and the CLI show it) that also counts by kind."""

    applications: int = 0
    targets: int = 0

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "applications": self.applications, "targets": self.targets}

    def describe(self) -> str:
        parts = [
            count_of(self.applications, "application", "applications") + " added",
            count_of(self.targets, "target organisation", "target organisations") + " added",
            f"{self.unchanged:,} already there",
            f"{self.skipped:,} skipped",
        ]
        return f"{self.file_name}: " + ", ".join(parts)


class JobsImportService(Service):
    @announces(Change.JOB_SEARCH | Change.IMPORTS | Change.PEOPLE)
    def import_jobs(self, path: Path, progress: Progress = no_progress) -> JobsSummary:
        """Import the job files in *path* (export zip, folder, or one of the files).
        Raises ImportFormatError, with nothing changed, when they cannot be read."""
        summary = self.import_jobs_if_any(path, progress)
        if summary is None:
            raise ImportFormatError(
                f"{Path(path).name} has no Job Applications.csv or Saved Jobs.csv (LinkedIn puts "
                "them in the Jobs folder of the Complete export); nothing was imported"
            )
        return summary

    @announces(Change.JOB_SEARCH | Change.IMPORTS | Change.PEOPLE)
    def import_jobs_if_any(
        self, path: Path, progress: Progress = no_progress
    ) -> JobsSummary | None:
        """import_jobs, but None for an export without job files (a Basic export)."""
        path = Path(path)
        progress(5, f"Reading {path.name}…")
        files = read_job_files(path)
        if not files:
            return None
        applications: list[tuple[str, JobRow]] = []
        saved: list[tuple[str, JobRow]] = []
        problems: list[Problem] = []
        for file in files:
            progress(20, f"Reading {Path(file.shown).name}…")
            decoded = decode_reporting(file.data, file.shown)
            parsed = parse_job_file(decoded.text, file.kind, file.shown, self._clock.tz)
            name = Path(file.shown).name
            for problem in [*decoded.problems, *parsed.problems]:
                problems.append(Problem(problem.line, f"{name}: {problem.reason}", problem.kind))
            (applications if file.kind == APPLICATIONS else saved).extend(
                (name, row) for row in parsed.rows
            )
        file_name = path.name  # the file itself, or the export that holds them
        summary = JobsSummary(None, file_name, problems=problems)
        summary.skipped = sum(1 for p in problems if p.kind == "skipped")
        progress(50, "Saving…")
        with full_disk_reported(self._db, NOTHING_IMPORTED), self._db.atomic("IMMEDIATE"):
            self._apply(applications, saved, summary, str(path))
        progress(100, "Done")
        return summary

    def _apply(self, applications, saved, summary: JobsSummary, file_path: str) -> None:
        conn: sqlite3.Connection = self._db.connection()
        now = self._clock.timestamp()
        batch = ImportBatch.insert(
            source=SOURCE, file_name=summary.file_name, file_path=file_path, imported_at=now
        )
        summary.batch_id = batch_id = batch.bind(self._db).execute()
        organisations = _Organisations(conn, batch_id)
        links, keys = _existing_applications(conn)
        for _name, row in applications:
            organisation = organisations.id_of(row.organisation)
            key = (organisation, fold(row.role), row.day)
            if (row.link and row.link in links) or (not row.link and key in keys):
                summary.unchanged += 1
                continue
            links.add(row.link)
            keys.add(key)
            application = conn.execute(
                "INSERT INTO application (organisation_id, role, link, applied_on, source, "
                "stage, resume_file, import_batch_id, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'cold', 'applied', ?, ?, ?, ?)",
                (organisation, row.role, row.link, row.day, row.resume, batch_id, now, now),
            ).lastrowid
            if row.day:
                conn.execute(
                    "INSERT INTO application_step (application_id, stage, on_day) "
                    "VALUES (?, 'applied', ?)",
                    (application, row.day),
                )
            summary.applications += 1
        summary.targets, summary.unchanged = _add_targets(
            conn, organisations, saved, batch_id, now, summary.unchanged
        )
        summary.added = summary.applications + summary.targets
        ImportBatch.update(
            added=summary.added,
            unchanged=summary.unchanged,
            skipped=summary.skipped,
            problems=json.dumps([p.as_dict() for p in summary.problems]),
        ).where(ImportBatch.id == batch_id).bind(self._db).execute()


class _Organisations:
    """Organisations by folded name, created as needed and logged with the batch (so
    that undoing it removes those nothing else uses)."""

    def __init__(self, conn: sqlite3.Connection, batch_id: int) -> None:
        self._conn = conn
        self._batch_id = batch_id
        self._ids: dict[str, int] = dict(conn.execute("SELECT name_key, id FROM organisation"))

    def id_of(self, name: str) -> int | None:
        if not name:
            return None
        key = fold(name)
        found = self._ids.get(key)
        if found is None:
            found = self._conn.execute(
                "INSERT INTO organisation (name, name_key) VALUES (?, ?)", (name, key)
            ).lastrowid
            self._conn.execute(
                "INSERT INTO import_change (batch_id, entity, entity_id, action) "
                "VALUES (?, 'organisation', ?, 'added')",
                (self._batch_id, found),
            )
            self._ids[key] = found
        return found


def _existing_applications(conn: sqlite3.Connection) -> tuple[set[str], set[tuple]]:
    """Every application's link (canonical, as rows are compared) and its organisation,
    folded role and day."""
    links: set[str] = set()
    keys: set[tuple] = set()
    for organisation, role, link, day in conn.execute(
        "SELECT organisation_id, role, link, applied_on FROM application"
    ):
        if link:
            links.add(canonical_link(link) or link)
            links.add(link)
        keys.add((organisation, fold(role), day))
    return links, keys


def _add_targets(conn, organisations: _Organisations, saved, batch_id, now, unchanged):
    """A target per organisation of the saved jobs that is not one yet, its notes naming
    the saved jobs. Returns (targets added, rows already there)."""
    targeted = {row[0] for row in conn.execute("SELECT organisation_id FROM target")}
    notes: dict[int, list[str]] = {}
    for _name, row in saved:
        organisation = organisations.id_of(row.organisation)
        if organisation in targeted:
            unchanged += 1
            continue
        lines = notes.setdefault(organisation, [])
        what = " — ".join(part for part in (row.role, row.link) if part)
        if what and len(lines) < _NOTE_LINES:
            lines.append(f"- {what}" + (f" (saved {row.day})" if row.day else ""))
    for organisation, lines in notes.items():
        text = "Saved jobs on LinkedIn:\n" + "\n".join(lines) if lines else ""
        conn.execute(
            "INSERT INTO target (organisation_id, stage, notes, source, import_batch_id, "
            "created_at, updated_at) VALUES (?, 'exploring', ?, ?, ?, ?, ?)",
            (organisation, text, TARGET_SOURCE, batch_id, now, now),
        )
    return len(notes), unchanged
