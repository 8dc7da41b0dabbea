"""Reading the mailbox in the background: shortly after start-up and every N minutes
when the user turned it on (Settings → Mail account), File → Read Mailbox Now, and Stop
Reading Mailbox while it runs. Off the GUI thread, with the keyring's password only
(never asking for one), progress and results in the status bar, failures there and in
the log (never a box: nobody asked for this scan at that moment)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QProgressBar

from netdesk.errors import Cancelled, MailError
from netdesk.services.cancel import CancelToken
from netdesk.services.changes import Change
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.settings.scan_preferences import ScanPreferences
from netdesk.views.window.actions import make_action

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.mailscan.service import ScanResult
    from netdesk.views.main_window import MainWindow

log = logging.getLogger(__name__)
START_DELAY_MS = 5_000  # after start-up: the window is painted and settled first
NO_PASSWORD = "Mail not read: no password saved (Settings → Mail account)"
SHOWN_MS = 8_000


class _NoPassword:
    """What the work returns when the keyring has no password (nobody is asked)."""


class MailScanFlow(QObject):
    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._tasks = tasks
        self.preferences = ScanPreferences(services)
        self._cancel: CancelToken | None = None
        self._manual = False
        self._told_no_password = False
        self._closing = False
        self._said = ""  # our last status message, cleared when the scan ends quietly
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)  # restarted when a scan ends: never two at once
        self.timer.timeout.connect(self._on_timer)
        self.progress = QProgressBar()
        self.progress.setObjectName("mailScanProgress")
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.read_action = make_action(
            window, "Read &Mailbox Now", self.read_now, name="readMailboxAction"
        )
        self.stop_action = make_action(
            window, "S&top Reading Mailbox", self.stop, name="stopReadingMailboxAction"
        )
        self.stop_action.setEnabled(False)
        window.changes.changed.connect(self._on_changed)
        if self.preferences.enabled:
            self.timer.start(START_DELAY_MS)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    # --- when ----------------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        if change & Change.MAIL:  # a new account or password: worth saying again
            self._told_no_password = False
        if change & Change.SETTINGS:
            self._reschedule()

    def _reschedule(self) -> None:
        if self._closing or self.running:
            return  # a running scan schedules the next when it ends
        if not self.preferences.enabled:
            self.timer.stop()
            return
        interval = self.preferences.minutes * 60_000
        if not self.timer.isActive():  # just turned on: read soon
            self.timer.start(START_DELAY_MS)
        elif self.timer.interval() not in (START_DELAY_MS, interval):
            self.timer.start(interval)  # how often changed

    def _on_timer(self) -> None:
        if self.preferences.enabled and not self.running:
            self._start(manual=False)

    def read_now(self) -> None:
        """File → Read Mailbox Now."""
        status = self._window.statusBar()
        if self.running:
            status.showMessage("Already reading your mailbox…", SHOWN_MS)
        elif not self.preferences.enabled:
            status.showMessage(
                "Reading your mailbox is off: turn it on in Settings → Mail account.", 15_000
            )
        else:
            self._start(manual=True)

    def stop(self) -> None:
        """File → Stop Reading Mailbox: the scan stops after the batch it is reading
        (each batch is committed, so nothing is half-done and the next scan resumes)."""
        if self._cancel is not None:
            self._cancel.cancel()
            self.stop_action.setEnabled(False)
            self._say("Stopping reading your mailbox…")

    def stop_for_close(self) -> None:
        """The window closes: no new scan, and the running one stops (the window then
        waits for the task runner)."""
        self._closing = True
        self.timer.stop()
        if self._cancel is not None:
            self._cancel.cancel()

    # --- running -------------------------------------------------------------

    def _start(self, manual: bool) -> None:
        mail = self._services.mail
        accounts, scan = mail.accounts, mail.scan
        cancel = CancelToken()
        self._cancel, self._manual = cancel, manual
        self.timer.stop()
        self.read_action.setEnabled(False)
        self.stop_action.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self._say("Reading your mailbox…")

        def work(progress):
            account = accounts.get()
            secret = None
            if account is not None and account.can_save_drafts:
                secret = accounts.password(account)  # the keyring's; off the GUI thread
                if secret is None:
                    return _NoPassword()
            return scan.scan(secret, progress, cancel)  # no account: MailError says so

        self._tasks.run(work, self._on_done, self._on_error, self._on_progress)

    def _end(self) -> bool:
        """Back to idle; False when the window is gone or going (nothing to show)."""
        if not shiboken6.isValid(self):
            return False
        self._cancel = None
        self.progress.hide()
        if self._window.statusBar().currentMessage() == self._said:
            self._window.statusBar().clearMessage()
        self.read_action.setEnabled(True)
        self.stop_action.setEnabled(False)
        if self._closing:
            return False
        if self.preferences.enabled:
            self.timer.start(self.preferences.minutes * 60_000)
        return True

    def _on_progress(self, percent: int, message: str) -> None:
        if shiboken6.isValid(self) and self.running:
            self.progress.setValue(percent)
            self._say(message)

    def _say(self, text: str, timeout_ms: int = 0) -> None:
        self._said = text
        self._window.statusBar().showMessage(text, timeout_ms)

    def _on_done(self, result: ScanResult | _NoPassword) -> None:
        if not self._end():
            return
        status = self._window.statusBar()
        if isinstance(result, _NoPassword):
            if self._manual or not self._told_no_password:
                status.showMessage(NO_PASSWORD, 30_000)
            self._told_no_password = True
            return
        status.showMessage(describe(result), SHOWN_MS)

    def _on_error(self, error: BaseException) -> None:
        if not self._end():
            return
        status = self._window.statusBar()
        if isinstance(error, Cancelled):
            status.showMessage("Stopped reading your mailbox; what was read is kept.", SHOWN_MS)
            return
        if isinstance(error, MailError):
            # The transport's messages never carry the password.
            log.warning("mail scan failed (%s): %s", error.kind, error)
            if error.kind == "not_configured" and not self._manual:
                return  # turned on before the account was set up: nothing to say each time
            status.showMessage(f"Mail not read: {error}", 30_000)
            return
        log.error("mail scan failed", exc_info=error)  # a traceback holds no values
        status.showMessage(f"Mail not read: {type(error).__name__}: {error}", 30_000)


def describe(result: ScanResult) -> str:
    """'Mail read: 12 new emails on timelines, 1 reply'."""
    if not result.interactions and not result.replies:
        return "Mail read: nothing new"
    where = "on a timeline" if result.interactions == 1 else "on timelines"
    parts = [f"{count_of(result.interactions, 'new email')} {where}"]
    if result.replies:
        parts.append(count_of(result.replies, "reply", "replies"))
    return "Mail read: " + ", ".join(parts)
