"""Work the window runs in the background by itself: shortly after start-up and every N
minutes while it is wanted, on demand (File → … Now), and stopped on demand (File → Stop
…) or when the window closes. Off the GUI thread, with the keyring's password only (never
asking for one), progress and results in the status bar, failures there and in the log
(never a box: nobody asked for this run at that moment).

A subclass brings its words, its preferences, the work itself and how a result reads;
the mail scan and the calendar sync are two.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QProgressBar

from netdesk.errors import CalendarError, Cancelled, MailError
from netdesk.services.cancel import CancelToken
from netdesk.services.changes import Change
from netdesk.tasks import TaskRunner
from netdesk.views.window.actions import make_action

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.progress import Progress
    from netdesk.views.main_window import MainWindow

SHOWN_MS = 8_000
TROUBLE_MS = 30_000  # failures and the missing password stay longer
OFF_MS = 15_000
AFTER_CHANGE_MS = 30_000  # a followed change syncs once the user has paused this long
RETRY_MS = 60_000  # the first retry of a server out of reach; doubled up to the interval


class NoPassword:
    """What the work returns when the keyring has no password (nobody is asked)."""


class Interval(Protocol):
    @property
    def minutes(self) -> int: ...


@dataclass(frozen=True)
class FlowWords:
    now: tuple[str, str]  # File → … Now: its text and object name
    stop: tuple[str, str]  # File → Stop …: likewise
    progress_name: str  # the status bar's progress bar
    running: str  # "Reading your mailbox…"
    already: str  # asked for while running
    off: str  # asked for while not wanted: where to turn it on
    stopping: str
    stopped: str
    no_password: str
    failed: str  # the start of a failure's status line: "Mail not read"
    what: str  # in the log: "mail scan"
    error: type[MailError] | type[CalendarError]  # said in words, by their kind


class PeriodicFlow(QObject):
    words: FlowWords

    def __init__(
        self, window: MainWindow, services: Services, tasks: TaskRunner, preferences: Interval
    ) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._tasks = tasks
        self.preferences = preferences
        self._log = logging.getLogger(type(self).__module__)
        self._cancel: CancelToken | None = None
        self._manual = False
        self._told_no_password = False
        self._closing = False
        self._said = ""  # our last status message, cleared when the run ends quietly
        self._retry_ms = 0  # the wait before retrying a server out of reach (0: none due)
        self._debouncing = False  # the timer waits for the user to pause (DavSyncFlow)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)  # restarted when a run ends: never two at once
        self.timer.timeout.connect(self._on_timer)
        self.progress = QProgressBar()
        self.progress.setObjectName(self.words.progress_name)
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 100)
        self.progress.hide()
        (now_text, now_name), (stop_text, stop_name) = self.words.now, self.words.stop
        self.now_action = make_action(window, now_text, self.run_now, name=now_name)
        self.stop_action = make_action(window, stop_text, self.stop, name=stop_name)
        self.stop_action.setEnabled(False)
        window.changes.changed.connect(self._on_changed)
        if self._wanted():
            self.timer.start(self.start_delay_ms)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    # --- what a subclass says -------------------------------------------------

    @property
    def start_delay_ms(self) -> int:
        """The wait before the first run (after start-up, or once it is wanted)."""
        raise NotImplementedError

    def _wanted(self) -> bool:
        """Whether runs are due at all (turned on, or an account saved)."""
        raise NotImplementedError

    def _worth_telling_again(self, change: Change) -> bool:
        """Whether *change* may have brought a password: 'no password' is said again."""
        raise NotImplementedError

    def _job(self, cancel: CancelToken) -> Callable[[Progress], Any]:
        """The work for the task runner; called on the GUI thread, so the services it
        needs are built here, not on the worker."""
        raise NotImplementedError

    def _describe(self, result: Any) -> str:
        raise NotImplementedError

    def _unexpected(self, error: BaseException) -> str:
        """A failure nobody foresaw, in the status bar."""
        return type(error).__name__

    # --- when ----------------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        if self._worth_telling_again(change):
            self._told_no_password = False
        if change & Change.SETTINGS:
            self._reschedule()

    def _reschedule(self) -> None:
        if self._closing or self.running:
            return  # a running one schedules the next when it ends
        if not self._wanted():
            self.timer.stop()
            return
        if self._debouncing:
            return  # a sync is due as soon as the user pauses
        interval = self.preferences.minutes * 60_000
        delay = self.start_delay_ms
        if not self.timer.isActive():  # just wanted: run soon
            self.timer.start(delay)
        elif self.timer.interval() not in (delay, interval):
            self.timer.start(interval)  # how often changed

    def _on_timer(self) -> None:
        if not self.running and self._wanted():
            self._start(manual=False)

    def run_now(self) -> None:
        """File → … Now."""
        status = self._window.statusBar()
        if self.running:
            status.showMessage(self.words.already, SHOWN_MS)
        elif not self._wanted():
            status.showMessage(self.words.off, OFF_MS)
        else:
            self._start(manual=True)

    def stop(self) -> None:
        """File → Stop …: the work stops at its next safe point and keeps what it did."""
        if self._cancel is not None:
            self._cancel.cancel()
            self.stop_action.setEnabled(False)
            self._say(self.words.stopping)

    def stop_for_close(self) -> None:
        """The window closes: no new run, and the running one stops (the window then
        waits for the task runner)."""
        self._closing = True
        self.timer.stop()
        if self._cancel is not None:
            self._cancel.cancel()

    # --- running -------------------------------------------------------------

    def _start(self, manual: bool) -> None:
        cancel = CancelToken()
        work = self._job(cancel)
        self._cancel, self._manual = cancel, manual
        self.timer.stop()
        self.now_action.setEnabled(False)
        self.stop_action.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self._say(self.words.running)
        self._tasks.run(work, self._on_done, self._on_error, self._on_progress)

    def _end(self) -> bool:
        """Back to idle; False when the window is gone or going (nothing to show)."""
        if not shiboken6.isValid(self):
            return False
        self._cancel = None
        self.progress.hide()
        if self._window.statusBar().currentMessage() == self._said:
            self._window.statusBar().clearMessage()
        self.now_action.setEnabled(True)
        self.stop_action.setEnabled(False)
        if self._closing:
            return False
        if self._wanted():
            self.timer.start(self.preferences.minutes * 60_000)
        return True

    def _on_progress(self, percent: int, message: str) -> None:
        if shiboken6.isValid(self) and self.running:
            self.progress.setValue(percent)
            self._say(message)

    def _say(self, text: str, timeout_ms: int = 0) -> None:
        self._said = text
        self._window.statusBar().showMessage(text, timeout_ms)

    def _on_done(self, result: object) -> None:
        if not self._end():
            return
        self._retry_ms = 0
        status = self._window.statusBar()
        if isinstance(result, NoPassword):
            if self._manual or not self._told_no_password:
                status.showMessage(self.words.no_password, TROUBLE_MS)
            self._told_no_password = True
            return
        status.showMessage(self._describe(result), SHOWN_MS)

    def _retry(self, error: BaseException) -> str:
        """Out of reach (offline, the server down): tried again sooner than the interval,
        waiting twice as long each time. What changed here meanwhile waits, nothing is
        lost: each sync compares what is here with what was last in step."""
        if getattr(error, "kind", "") != "unreachable" or not self.timer.isActive():
            return ""
        interval = self.preferences.minutes * 60_000
        self._retry_ms = min(interval, max(self.retry_ms, self._retry_ms * 2))
        self.timer.start(self._retry_ms)
        minutes = max(1, round(self._retry_ms / 60_000))
        return f". Trying again in {minutes} min; your changes wait here."

    @property
    def retry_ms(self) -> int:
        return RETRY_MS  # read on each use: tests shorten it

    def _on_error(self, error: BaseException) -> None:
        if not self._end():
            return
        status, words = self._window.statusBar(), self.words
        if isinstance(error, Cancelled):
            status.showMessage(words.stopped, SHOWN_MS)
            return
        if isinstance(error, words.error):
            # The transport's messages never carry the password.
            self._log.warning("%s failed (%s): %s", words.what, error.kind, error)
            if error.kind == "not_configured" and not self._manual:
                return  # not set up (or removed) yet: nothing to say each time
            status.showMessage(f"{words.failed}: {error}{self._retry(error)}", TROUBLE_MS)
            return
        self._log.error("%s failed", words.what, exc_info=error)  # a traceback holds no values
        status.showMessage(f"{words.failed}: {self._unexpected(error)}", TROUBLE_MS)


class DavSyncFlow(PeriodicFlow):
    """A sync with a DAV account (calendar, address book): wanted once the account is
    set up, with the keyring's password read on the worker thread; and soon after the
    user changes what it carries (*follows*), once they pause."""

    follows = Change(0)

    @property
    def after_change_ms(self) -> int:
        return AFTER_CHANGE_MS  # read on each use: tests shorten it

    def _on_changed(self, change: Change) -> None:
        super()._on_changed(change)
        # The sync's own writes are heard while it runs, so they never start another.
        if not change & self.follows or self.running or self._closing or not self._wanted():
            return
        soon = self.after_change_ms
        if not self.timer.isActive() or self.timer.remainingTime() > soon or self._debouncing:
            self._debouncing = True
            self.timer.start(soon)

    def _on_timer(self) -> None:
        self._debouncing = False
        super()._on_timer()

    def _dav(self) -> tuple[Any, Any]:
        """(the account service, the sync service), built on first use."""
        raise NotImplementedError

    def _wanted(self) -> bool:
        return self.preferences.account() is not None

    def _worth_telling_again(self, change: Change) -> bool:
        # The account, its password or how often; not while a sync runs (the sync
        # announces SETTINGS itself).
        return bool(change & Change.SETTINGS) and not self.running

    def _job(self, cancel: CancelToken) -> Callable[[Any], object]:
        accounts, sync = self._dav()

        def work(progress) -> object:
            account = accounts.get()
            if account is None:  # removed meanwhile: the sync's CalendarError says so
                return sync.sync(None, progress, cancel)
            secret = accounts.password(account)  # the keyring's; off the GUI thread
            if secret is None:
                return NoPassword()
            return sync.sync(secret, progress, cancel)

        return work
