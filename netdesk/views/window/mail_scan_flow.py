"""Reading the mailbox in the background: shortly after start-up and every N minutes
when the user turned it on (Settings → Mail account), File → Read Mailbox Now, and Stop
Reading Mailbox while it runs (the scan stops after the batch it is reading; each batch
is committed, so nothing is half-done and the next scan resumes). The machine is
PeriodicFlow's: the keyring's password only, results and failures in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from netdesk.errors import MailError
from netdesk.services.cancel import CancelToken
from netdesk.services.changes import Change
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.settings.scan_preferences import ScanPreferences
from netdesk.views.window.periodic_flow import FlowWords, NoPassword, PeriodicFlow

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.mailscan.service import ScanResult
    from netdesk.services.progress import Progress
    from netdesk.views.main_window import MainWindow

START_DELAY_MS = 5_000  # after start-up: the window is painted and settled first
NO_PASSWORD = "Mail not read: no password saved (Settings → Mail account)"


class MailScanFlow(PeriodicFlow):
    words = FlowWords(
        now=("Read &Mailbox Now", "readMailboxAction"),
        stop=("S&top Reading Mailbox", "stopReadingMailboxAction"),
        progress_name="mailScanProgress",
        running="Reading your mailbox…",
        already="Already reading your mailbox…",
        off="Reading your mailbox is off: turn it on in Settings → Mail account.",
        stopping="Stopping reading your mailbox…",
        stopped="Stopped reading your mailbox; what was read is kept.",
        no_password=NO_PASSWORD,
        failed="Mail not read",
        what="mail scan",
        error=MailError,
    )
    preferences: ScanPreferences

    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window, services, tasks, ScanPreferences(services))

    @property
    def read_action(self) -> QAction:
        return self.now_action

    def read_now(self) -> None:
        """File → Read Mailbox Now."""
        self.run_now()

    @property
    def start_delay_ms(self) -> int:
        return START_DELAY_MS  # read on each use: tests shorten it

    def _wanted(self) -> bool:
        return self.preferences.enabled

    def _worth_telling_again(self, change: Change) -> bool:
        return bool(change & Change.MAIL)  # a new account or password

    def _job(self, cancel: CancelToken) -> Callable[[Progress], object]:
        mail = self._services.mail
        accounts, scan = mail.accounts, mail.scan

        def work(progress: Progress) -> object:
            account = accounts.get()
            secret = None
            if account is not None and account.can_save_drafts:
                secret = accounts.password(account)  # the keyring's; off the GUI thread
                if secret is None:
                    return NoPassword()
            return scan.scan(secret, progress, cancel)  # no account: MailError says so

        return work

    def _describe(self, result: ScanResult) -> str:
        return describe(result)

    def _unexpected(self, error: BaseException) -> str:
        return f"{type(error).__name__}: {error}"


def describe(result: ScanResult) -> str:
    """'Mail read: 12 new emails on timelines, 1 reply'."""
    if not result.interactions and not result.replies:
        return "Mail read: nothing new"
    where = "on a timeline" if result.interactions == 1 else "on timelines"
    parts = [f"{count_of(result.interactions, 'new email')} {where}"]
    if result.replies:
        parts.append(count_of(result.replies, "reply", "replies"))
    return "Mail read: " + ", ".join(parts)
