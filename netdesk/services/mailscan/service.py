"""The mail scan: one pass over the user's mailbox (Sent, INBOX, chosen archives),
headers only, reading only what is new since the last pass."""

from __future__ import annotations

from dataclasses import dataclass, field

import peewee

from netdesk.db.models import MailAccount as MailAccountRow
from netdesk.db.models import MailFolder
from netdesk.errors import MailError
from netdesk.services.base import Service
from netdesk.services.cancel import CancelToken
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount, MailAccountService
from netdesk.services.mail.transport import MailTransport
from netdesk.services.mailscan.messages import read_message
from netdesk.services.mailscan.reader import (
    FolderStatus,
    ScanFolder,
    examine,
    fetch_headers,
    new_uids,
    scan_folders,
)
from netdesk.services.mailscan.recording import AddressBook, BatchRecorder
from netdesk.services.progress import Progress, no_progress
from netdesk.services.settings import (
    MAIL_SCAN,
    MAIL_SCAN_ARCHIVES,
    MAIL_SCAN_MINUTES,
    SettingsStore,
    clamped_minutes,
    interval_minutes,
)
from netdesk.services.text import split_lines


@dataclass
class ScanResult:
    scanned: int = 0  # messages read (headers only)
    matched: int = 0  # with someone known in them
    interactions: int = 0  # new timeline entries
    replies: int = 0  # outreach requests answered
    folders: list[str] = field(default_factory=list)  # as people read them

    def as_dict(self) -> dict[str, object]:
        return {
            "scanned": self.scanned,
            "matched": self.matched,
            "interactions": self.interactions,
            "replies": self.replies,
            "folders": self.folders,
        }


class MailScanService(Service):
    def __init__(
        self,
        db: peewee.SqliteDatabase,
        accounts: MailAccountService,
        transport: MailTransport,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._accounts = accounts
        self._transport = transport
        self._settings = SettingsStore(db)

    # --- preferences ------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self._settings.get(MAIL_SCAN) == "1"

    @announces(Change.SETTINGS)
    def set_enabled(self, enabled: bool) -> None:
        self._settings.set(MAIL_SCAN, "1" if enabled else "0")

    @property
    def minutes(self) -> int:
        """Minutes between background scans (settings.MIN_MINUTES to MAX_MINUTES)."""
        return interval_minutes(self._settings, MAIL_SCAN_MINUTES)

    @announces(Change.SETTINGS)
    def set_minutes(self, minutes: int) -> None:
        self._settings.set(MAIL_SCAN_MINUTES, str(clamped_minutes(minutes)))

    @property
    def archives(self) -> tuple[str, ...]:
        return tuple(split_lines(self._settings.get(MAIL_SCAN_ARCHIVES) or ""))

    @announces(Change.SETTINGS)
    def set_archives(self, names: list[str]) -> None:
        self._settings.set(MAIL_SCAN_ARCHIVES, "\n".join(n.strip() for n in names if n.strip()))

    # --- scanning ------------------------------------------------------------

    @announces(Change.INTERACTIONS | Change.OUTREACH)
    def scan(
        self,
        secret: Secret | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ScanResult:
        """One pass; each batch commits on its own, so a pass cut short (cancelled, the
        connection lost, the app killed) keeps what it read and the next one resumes.
        *secret*: the password, else the keyring's."""
        account = self._account()
        if secret is None:
            secret = self._accounts.password(account)
        book = AddressBook.read(self._db, account.address)
        result = ScanResult()
        with self._transport.imap_session(account, secret) as conn:
            folders = scan_folders(conn, self.archives)
            for number, folder in enumerate(folders):
                progress(100 * number // max(1, len(folders)), f"Reading {folder.name}…")
                result.folders.append(folder.name)
                self._scan_folder(conn, folder, book, result, cancel)
        progress(100, "Mail read")
        return result

    def _account(self) -> MailAccount:
        account = self._accounts.get()
        if account is None or not account.can_save_drafts:
            raise MailError(
                "not_configured",
                "No IMAP server is set up: add it in Settings → Mail account (or "
                "`netdesk accounts set mail`).",
            )
        return account

    def _scan_folder(self, conn, folder: ScanFolder, book, result, cancel) -> None:
        status = examine(conn, folder)
        row = self._folder_row(folder)
        if row.uidvalidity != status.uidvalidity:  # new numbering: read it all again
            row.uidvalidity, row.last_uid, row.highest_modseq = status.uidvalidity, 0, None
        elif _nothing_new(row, status):
            self._save_folder(row, status)
            return
        recorder = BatchRecorder(self._db, self._clock, self.changes, book, row.id)
        self._save_folder(row, status, keep_modseq=True)
        for uids, raw in fetch_headers(conn, new_uids(conn, row.last_uid)):
            if cancel is not None:
                cancel.check()
            messages = [read_message(message.uid, message.headers) for message in raw]
            received = {message.uid: message.received_at for message in raw}
            outcome = recorder.record(messages, received, max(uids))
            result.scanned += len(messages)
            result.matched += outcome.matched
            result.interactions += outcome.interactions
            result.replies += outcome.replies
        self._save_folder(row, status)

    def _folder_row(self, folder: ScanFolder) -> MailFolder:
        account_id = MailAccountRow.select(MailAccountRow.id).bind(self._db).scalar()
        row = (
            MailFolder.select()
            .where(MailFolder.account_id == account_id, MailFolder.name == folder.wire)
            .bind(self._db)
            .first()
        )
        if row is None:
            with self._db.atomic("IMMEDIATE"):
                MailFolder.insert(account=account_id, name=folder.wire, role=folder.role).bind(
                    self._db
                ).execute()
            return self._folder_row(folder)
        return row

    def _save_folder(
        self, row: MailFolder, status: FolderStatus, keep_modseq: bool = False
    ) -> None:
        """The folder's numbering, and (once all is read) its HIGHESTMODSEQ and when; the
        last UID is the recorder's, committed with each batch."""
        values = {MailFolder.uidvalidity: status.uidvalidity}
        if not keep_modseq:
            values[MailFolder.highest_modseq] = status.highest_modseq
            values[MailFolder.scanned_at] = self._clock.timestamp()
        else:
            values[MailFolder.last_uid] = row.last_uid  # 0 after a UIDVALIDITY change
        with self._db.atomic("IMMEDIATE"):
            MailFolder.update(values).where(MailFolder.id == row.id).bind(self._db).execute()


def _nothing_new(row: MailFolder, status: FolderStatus) -> bool:
    """Nothing to read: no UID given since the last pass (UIDNEXT), and, where the server
    keeps MODSEQs, no change at all since then."""
    if status.uidnext is None or status.uidnext > row.last_uid + 1:
        return False
    return status.highest_modseq is None or status.highest_modseq == row.highest_modseq
