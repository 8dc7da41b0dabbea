"""Keeping meetings and the calendar in step in the background: shortly after start-up
and every N minutes once a calendar account is saved (Settings → Calendar), File → Sync
Calendar Now, and Stop Syncing Calendar while it runs. Off the GUI thread, with the
keyring's password only (never asking for one), progress and results in the status bar,
failures there and in the log (never a box: nobody asked for this sync at that moment)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QProgressBar

from netdesk.errors import CalendarError, Cancelled
from netdesk.services.cancel import CancelToken
from netdesk.services.changes import Change
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.settings.calendar_preferences import CalendarPreferences
from netdesk.views.window.actions import make_action

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.calendar.sync import SyncResult
    from netdesk.views.main_window import MainWindow

log = logging.getLogger(__name__)
START_DELAY_MS = 8_000  # after start-up (and after the mail scan's first look)
NO_PASSWORD = "Calendar not synced: no password saved (Settings → Calendar)"
NOT_SET_UP = "No calendar is set up: add it in Settings → Calendar."
SHOWN_MS = 8_000


class _NoPassword:
    """What the work returns when the keyring has no password (nobody is asked)."""


class CalendarSyncFlow(QObject):
    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._tasks = tasks
        self.preferences = CalendarPreferences(services)
        self._cancel: CancelToken | None = None
        self._manual = False
        self._told_no_password = False
        self._closing = False
        self._said = ""  # our last status message, cleared when the sync ends quietly
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)  # restarted when a sync ends: never two at once
        self.timer.timeout.connect(self._on_timer)
        self.progress = QProgressBar()
        self.progress.setObjectName("calendarSyncProgress")
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.sync_action = make_action(
            window, "S&ync Calendar Now", self.sync_now, name="syncCalendarAction"
        )
        self.stop_action = make_action(
            window, "Stop S&yncing Calendar", self.stop, name="stopSyncingCalendarAction"
        )
        self.stop_action.setEnabled(False)
        window.changes.changed.connect(self._on_changed)
        if self._set_up():
            self.timer.start(START_DELAY_MS)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def _set_up(self) -> bool:
        return self.preferences.account() is not None

    # --- when ----------------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        if change & Change.SETTINGS:  # the account, its password or how often
            if not self.running:
                self._told_no_password = False
            self._reschedule()

    def _reschedule(self) -> None:
        if self._closing or self.running:
            return  # a running sync schedules the next when it ends
        if not self._set_up():
            self.timer.stop()
            return
        interval = self.preferences.minutes * 60_000
        if not self.timer.isActive():  # just set up: sync soon
            self.timer.start(START_DELAY_MS)
        elif self.timer.interval() not in (START_DELAY_MS, interval):
            self.timer.start(interval)  # how often changed

    def _on_timer(self) -> None:
        if not self.running and self._set_up():
            self._start(manual=False)

    def sync_now(self) -> None:
        """File → Sync Calendar Now."""
        status = self._window.statusBar()
        if self.running:
            status.showMessage("Already syncing your calendar…", SHOWN_MS)
        elif not self._set_up():
            status.showMessage(NOT_SET_UP, 15_000)
        else:
            self._start(manual=True)

    def stop(self) -> None:
        """File → Stop Syncing Calendar: the sync stops before the next meeting it would
        write (each is stored as written, so the next sync goes on from there)."""
        if self._cancel is not None:
            self._cancel.cancel()
            self.stop_action.setEnabled(False)
            self._say("Stopping the calendar sync…")

    def stop_for_close(self) -> None:
        """The window closes: no new sync, and the running one stops (the window then
        waits for the task runner)."""
        self._closing = True
        self.timer.stop()
        if self._cancel is not None:
            self._cancel.cancel()

    # --- running -------------------------------------------------------------

    def _start(self, manual: bool) -> None:
        calendar = self._services.calendar
        accounts, sync = calendar.accounts, calendar.sync
        cancel = CancelToken()
        self._cancel, self._manual = cancel, manual
        self.timer.stop()
        self.sync_action.setEnabled(False)
        self.stop_action.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self._say("Syncing your calendar…")

        def work(progress):
            account = accounts.get()
            if account is None:  # removed meanwhile: CalendarError says so
                return sync.sync(None, progress, cancel)
            secret = accounts.password(account)  # the keyring's; off the GUI thread
            if secret is None:
                return _NoPassword()
            return sync.sync(secret, progress, cancel)

        self._tasks.run(work, self._on_done, self._on_error, self._on_progress)

    def _end(self) -> bool:
        """Back to idle; False when the window is gone or going (nothing to show)."""
        if not shiboken6.isValid(self):
            return False
        self._cancel = None
        self.progress.hide()
        if self._window.statusBar().currentMessage() == self._said:
            self._window.statusBar().clearMessage()
        self.sync_action.setEnabled(True)
        self.stop_action.setEnabled(False)
        if self._closing:
            return False
        if self._set_up():
            self.timer.start(self.preferences.minutes * 60_000)
        return True

    def _on_progress(self, percent: int, message: str) -> None:
        if shiboken6.isValid(self) and self.running:
            self.progress.setValue(percent)
            self._say(message)

    def _say(self, text: str, timeout_ms: int = 0) -> None:
        self._said = text
        self._window.statusBar().showMessage(text, timeout_ms)

    def _on_done(self, result: SyncResult | _NoPassword) -> None:
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
            status.showMessage("Stopped syncing your calendar; what was done is kept.", SHOWN_MS)
            return
        if isinstance(error, CalendarError):
            # The transport's messages never carry the password.
            log.warning("calendar sync failed (%s): %s", error.kind, error)
            if error.kind == "not_configured" and not self._manual:
                return  # removed while it ran: nothing to say
            status.showMessage(f"Calendar not synced: {error}", 30_000)
            return
        log.error("calendar sync failed", exc_info=error)  # a traceback holds no values
        status.showMessage(f"Calendar not synced: {type(error).__name__}", 30_000)


def describe(result: SyncResult) -> str:
    """'Calendar: 2 meetings written, 1 moved, 1 question for Today'."""
    parts = []
    if result.pushed:
        parts.append(count_of(result.pushed, "meeting") + " written")
    if result.moved:
        parts.append(f"{result.moved} moved")
    if result.cancelled:
        parts.append(f"{result.cancelled} cancelled")
    if result.deleted:
        parts.append(count_of(result.deleted, "event") + " deleted")
    if result.prompts:
        parts.append(count_of(result.prompts, "question") + " for Today")
    return "Calendar: " + ", ".join(parts) if parts else "Calendar in step"
