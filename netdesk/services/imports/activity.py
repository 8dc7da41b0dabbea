"""Last-interaction dates from LinkedIn's messages.csv and Invitations.csv.

The export's conversations and invitations say when the user was last in touch with
each connection. People are matched by profile URL (the stable key); exports from
before profile URLs were added are matched by name, only where the name is unique
among the user's people. Only one-to-one conversations count: a group chat is not
contact with each of its members. Dates only move forward, so re-importing an older
export changes nothing. See LINKEDIN_FORMAT.md.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from netdesk.db.models import Contact
from netdesk.errors import ImportFormatError
from netdesk.services.base import Service
from netdesk.services.changes import Change, announces
from netdesk.services.imports.decoding import decode_text
from netdesk.services.imports.linkedin_csv import (
    normalise_linkedin_url,
    parse_connected_on,
    slash_day_first,
)
from netdesk.services.imports.linkedin_files import HEADER_SEARCH_LINES, find_in_export_folder
from netdesk.services.imports.own_positions import (
    COLUMNS,
    POSITIONS_FILE,
    parse_positions,
    replace_own_positions,
)
from netdesk.services.imports.reading import (
    ZipReader,
    damaged_zip_errors,
    is_folder,
    is_zip,
    read_limited,
)
from netdesk.services.progress import Progress, no_progress
from netdesk.services.settings import ME, SettingsStore
from netdesk.services.text import (
    clean_cell,
    fold,
)

MESSAGES_FILE = "messages.csv"
INVITATIONS_FILE = "invitations.csv"
ACTIVITY_FILES = (MESSAGES_FILE, INVITATIONS_FILE, POSITIONS_FILE)
MAX_ACTIVITY_BYTES = 512 * 1024 * 1024  # years of heavy messaging stay far below this


@dataclass
class ActivitySummary:
    files: list[str] = field(default_factory=list)  # the files read, as shown to the user
    conversations: int = 0  # one-to-one messages and invitations read
    matched: int = 0  # people found among the user's contacts
    updated: int = 0  # people whose last-interaction date moved forward
    unmatched: int = 0  # people in the files who are not among the user's contacts
    skipped: int = 0  # group messages, drafts and rows without a usable date
    notes: list[str] = field(default_factory=list)
    own_profile: str | None = None  # the user's own profile, as the messages show it
    own_positions: int = 0  # the user's own positions read from Positions.csv

    def describe(self) -> str:
        if not self.files:
            return "No messages.csv, Invitations.csv or Positions.csv in this export."
        jobs = "position" if self.own_positions == 1 else "positions"
        own = [f"Your own job history: {self.own_positions:,} {jobs}."]
        own = own if self.own_positions else []
        talks = [f for f in self.files if Path(f).name.casefold() != POSITIONS_FILE]
        if not talks:
            return " ".join([*own, *self.notes])
        names = " and ".join(Path(f).name for f in talks)
        people = "person" if self.updated == 1 else "people"
        text = (
            f"{names}: last-interaction dates moved forward for {self.updated:,} {people} "
            f"({self.matched:,} matched; {self.unmatched:,} not in your contacts)."
        )
        return " ".join([text, *own, *self.notes])


@dataclass(frozen=True)
class _Touch:
    day: date
    url: str | None  # the other person's profile, normalised
    name: str  # their name as LinkedIn wrote it


# --- reading files ----------------------------------------------------------


def is_activity_file(path: Path) -> bool:
    return Path(path).name.casefold() in ACTIVITY_FILES


def read_activity_files(path: Path) -> list[tuple[str, str, bytes]]:
    """(kind, name shown, bytes) for messages.csv / Invitations.csv in a zip, a folder or
    one such file. An export without either gives an empty list; anything else that
    cannot be read is an ImportFormatError."""
    path = Path(path)
    if not os.path.lexists(path):
        raise ImportFormatError(f"{path.name}: file not found")
    if is_folder(path):
        found = {kind: find_in_export_folder(path, kind) for kind in ACTIVITY_FILES}
        return [
            (kind, f"{path.name}/{file.name}", _read_file(file))
            for kind, file in found.items()
            if file is not None
        ]
    if is_zip(path):
        return _read_zip(path)
    kind = path.name.casefold()
    if kind not in ACTIVITY_FILES:
        raise ImportFormatError(
            f"{path.name} is none of messages.csv, Invitations.csv or Positions.csv from a "
            "LinkedIn export"
        )
    return [(kind, path.name, _read_file(path))]


def _read_file(path: Path) -> bytes:
    return read_limited(path, MAX_ACTIVITY_BYTES, f"LinkedIn {path.name}")


def _read_zip(path: Path) -> list[tuple[str, str, bytes]]:
    try:
        with ZipReader(path) as archive:
            members: dict[str, zipfile.ZipInfo] = {}
            infos = sorted(archive.members, key=lambda info: info.filename.count("/"))
            for info in infos:
                kind = Path(info.filename).name.casefold()
                if kind in ACTIVITY_FILES and not info.is_dir():
                    members.setdefault(kind, info)
            found = []
            for kind, info in members.items():
                if info.file_size > MAX_ACTIVITY_BYTES:
                    raise ImportFormatError(f"{path.name}: its {info.filename} is too large")
                what = f"LinkedIn {Path(info.filename).name}"
                data = archive.read(info, MAX_ACTIVITY_BYTES, what)
                found.append((kind, f"{path.name}/{info.filename}", data))
            return found
    except (NotImplementedError, RuntimeError, *damaged_zip_errors()) as error:
        raise ImportFormatError(
            f"{path.name} is a damaged zip ({error}); download the export again"
        ) from error


# --- parsing ----------------------------------------------------------------


def _find_columns(
    text: str, shown: str, wanted: dict[str, tuple[str, ...]], required: tuple[str, ...],
    expected: str,
) -> tuple[csv.DictReader, dict[str, str]]:  # fmt: skip
    """A reader positioned after the header, and our name -> the file's column name."""
    lines = text.splitlines()
    for number, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        for delimiter in (",", "\t", ";"):
            try:
                cells = next(csv.reader([line], delimiter=delimiter))
            except (csv.Error, StopIteration):
                continue
            by_fold = {clean_cell(c).strip('"').casefold(): c for c in cells}
            columns = {
                ours: by_fold[alias]
                for ours, aliases in wanted.items()
                for alias in aliases
                if alias in by_fold
            }
            if all(name in columns for name in required):
                body = "\n".join(lines[number:])
                return csv.DictReader(io.StringIO(body), delimiter=delimiter), columns
    raise ImportFormatError(
        f"{shown} does not have LinkedIn's columns in its first {HEADER_SEARCH_LINES} lines "
        f"(expected {expected})"
    )


_MESSAGE_COLUMNS = {
    "from": ("from",),
    "to": ("to",),
    "date": ("date", "sent at", "sent"),
    "sender_url": ("sender profile url",),
    "recipient_urls": ("recipient profile urls", "recipient profile url"),
    "folder": ("folder",),
    "draft": ("is message draft",),
}
_INVITATION_COLUMNS = {
    "from": ("from",),
    "to": ("to",),
    "date": ("sent at", "date"),
    "direction": ("direction",),
    "inviter_url": ("inviterprofileurl", "inviter profile url"),
    "invitee_url": ("inviteeprofileurl", "invitee profile url"),
}


def _message_day(value: str) -> date | None:
    """'2020-10-06 13:51:11 UTC' (LinkedIn's) as the user's local day; else lenient."""
    value = value.strip()
    if value.endswith(" UTC"):
        try:
            moment = datetime.fromisoformat(value[:-4]).replace(tzinfo=UTC)
        except ValueError:
            pass
        else:
            return moment.astimezone().date()
    parsed = parse_connected_on(value)
    return date.fromisoformat(parsed) if parsed else None


def _urls(value: str) -> list[str]:
    found = []
    for part in value.replace(";", ",").split(","):
        url = normalise_linkedin_url(part) if part.strip() else None
        if url:
            found.append(url)
    return found


def parse_messages(text: str, shown: str, summary: ActivitySummary) -> tuple[list[_Touch], bool]:
    """(touches, whether the file has profile URLs)."""
    reader, col = _find_columns(
        text, shown, _MESSAGE_COLUMNS, ("from", "date"), "FROM, TO, DATE, CONTENT"
    )
    has_urls = "sender_url" in col and "recipient_urls" in col
    rows: list[tuple[date, str, str, list[str], str]] = []
    try:
        for row in reader:
            folder = (row.get(col.get("folder", ""), "") or "").strip().casefold()
            draft = (row.get(col.get("draft", ""), "") or "").strip().casefold()
            day = _message_day(row.get(col["date"]) or "")
            if day is None or folder == "draft" or draft in ("yes", "true"):
                summary.skipped += 1
                continue
            sender = clean_cell(row.get(col["from"]) or "")
            to = clean_cell(row.get(col.get("to", ""), "") or "")
            sender_url = (row.get(col.get("sender_url", ""), "") or "").strip()
            recipients = _urls(row.get(col.get("recipient_urls", ""), "") or "")
            rows.append((day, sender, to, recipients, sender_url))
    except csv.Error as error:
        raise ImportFormatError(f"{shown}: malformed CSV ({error})") from error
    touches = []
    if has_urls:
        pairs = []
        for day, sender, to, recipients, sender_url in rows:
            if len(recipients) != 1:  # a group chat, or nobody
                summary.skipped += 1
                continue
            pairs.append((day, (normalise_linkedin_url(sender_url), sender), (recipients[0], to)))
        # The user is on one side of every conversation (the commonest profile) and
        # matches none of their contacts; only the count of people not found needs it.
        urls = Counter(url for _d, *sides in pairs for url, _name in sides if url)
        summary.own_profile = urls.most_common(1)[0][0] if urls else None
        for day, *sides in pairs:
            summary.conversations += 1
            touches += [_Touch(day, url, name) for url, name in sides]
        return touches, True
    # Older exports: names only. The user is in every conversation: the commonest name.
    names = Counter(name for _d, sender, to, _r, _u in rows for name in (sender, to) if name)
    me = names.most_common(1)[0][0] if names else ""
    for day, sender, to, _recipients, _url in rows:
        if "," in to or not to or not sender:  # group chats join names with commas
            summary.skipped += 1
            continue
        summary.conversations += 1
        other = to if sender == me else sender
        touches.append(_Touch(day, None, other))
    return touches, False


def parse_invitations(text: str, shown: str, summary: ActivitySummary) -> list[_Touch]:
    reader, col = _find_columns(
        text, shown, _INVITATION_COLUMNS, ("from", "to", "date"), "From, To, Sent At, Direction"
    )
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ImportFormatError(f"{shown}: malformed CSV ({error})") from error
    day_first = slash_day_first((row.get(col["date"]) or "") for row in rows)
    touches = []
    for row in rows:
        parsed = parse_connected_on(row.get(col["date"]) or "", day_first)
        if parsed is None:
            summary.skipped += 1
            continue
        incoming = (row.get(col.get("direction", ""), "") or "").strip().upper() == "INCOMING"
        name = clean_cell(row.get(col["from"] if incoming else col["to"]) or "")
        url_column = col.get("inviter_url" if incoming else "invitee_url", "")
        url = normalise_linkedin_url(row.get(url_column, "") or "") if url_column else None
        summary.conversations += 1
        touches.append(_Touch(date.fromisoformat(parsed), url, name))
    return touches


# --- applying ---------------------------------------------------------------


class ActivityImportService(Service):
    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    @announces(Change.INTERACTIONS | Change.PEOPLE)
    def import_activity(
        self, path: Path, progress: Progress = no_progress, today: date | None = None
    ) -> ActivitySummary:
        """Read messages.csv / Invitations.csv from *path* (export zip, folder or the file
        itself) and move people's last-interaction dates forward. Raises ImportFormatError."""
        summary = ActivitySummary()
        touches: list[_Touch] = []
        by_name_only = False
        for kind, shown, data in read_activity_files(Path(path)):
            progress(10, f"Reading {Path(shown).name}…")
            text = decode_text(data, shown)
            summary.files.append(shown)
            if kind == MESSAGES_FILE:
                found, has_urls = parse_messages(text, shown, summary)
                by_name_only = by_name_only or not has_urls
                touches += found
            elif kind == POSITIONS_FILE:
                self._own_positions(text, shown, summary)
            else:
                touches += parse_invitations(text, shown, summary)
        if by_name_only:
            summary.notes.append(
                "This messages.csv is from before LinkedIn added profile links, so people "
                "were matched by name, and only names unique among your people."
            )
        if summary.files:
            progress(60, "Matching people…")
            self._apply(touches, summary, today or self._clock.today())
        return summary

    def _own_positions(self, text: str, shown: str, summary: ActivitySummary) -> None:
        reader, columns = _find_columns(
            text, shown, COLUMNS, ("company",), "Company Name, Title, Started On, Finished On"
        )
        positions = parse_positions(reader, columns, shown)
        me = SettingsStore(self._db).get(ME)
        known = Contact.select().where(Contact.id == int(me)) if me and me.isdigit() else None
        if known is None or not known.bind(self._db).exists():
            summary.notes.append(
                "Your own positions were not read: NetDesk does not know which person is "
                "you yet (say who you are on the welcome screen, then import again)."
            )
            return
        with self._db.atomic("IMMEDIATE"):
            summary.own_positions = replace_own_positions(
                self._conn(), int(me), positions, self._clock.timestamp()
            )

    def _apply(self, touches: list[_Touch], summary: ActivitySummary, today: date) -> None:
        conn = self._conn()
        by_url: dict[str, int] = {}
        by_name: dict[str, int | None] = {}
        me = SettingsStore(self._db).get(ME)
        me_id = int(me) if me and me.isdigit() else None
        everyone = Contact.select(Contact.id, Contact.linkedin_url, Contact.display_name)
        # Read from the plain cursor: peewee's row wrapping doubled this read at 30,000
        # people (27 -> 50 ms); the query itself is peewee's.
        for contact_id, url, name in self._db.execute(everyone):
            if contact_id == me_id:
                continue
            if url:
                by_url[url.casefold()] = contact_id
            key = fold(name)
            by_name[key] = None if key in by_name else contact_id  # None: ambiguous
        latest: dict[int, date] = {}
        unmatched: set[str] = set()
        for touch in touches:
            if touch.day > today:  # a clock gone wrong must not silence reminders for years
                continue
            if touch.url:
                contact_id = by_url.get(touch.url.casefold())
            else:
                contact_id = by_name.get(fold(touch.name)) if touch.name else None
            if contact_id is None:
                unmatched.add(touch.url or fold(touch.name))
                continue
            if touch.day > latest.get(contact_id, date.min):
                latest[contact_id] = touch.day
        summary.matched = len(latest)
        unmatched.discard(summary.own_profile)
        summary.unmatched = len(unmatched)
        with self._db.atomic("IMMEDIATE"):
            before = conn.total_changes
            # SQL: one prepared UPDATE run for every matched person (executemany), where
            # peewee would build and send a statement per person.
            conn.executemany(
                "UPDATE contact SET last_interaction = ? WHERE id = ? "
                "AND coalesce(last_interaction, '') < ?",
                [(day.isoformat(), cid, day.isoformat()) for cid, day in latest.items()],
            )
            summary.updated = conn.total_changes - before
