"""Keeping meetings and to-dos and the calendar in step in the background: shortly after
start-up, soon after the user changes a meeting or a to-do (once they pause) and every N
minutes once a calendar account is saved (Settings → Calendar), File → Sync
Calendar Now, and Stop Syncing Calendar while it runs (the sync stops before the next
meeting it would write; each is stored as written, so the next sync goes on from there).
The machine is PeriodicFlow's: the keyring's password only, results and failures in the
status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from netdesk.errors import CalendarError
from netdesk.services.changes import Change
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.settings.calendar_preferences import CalendarPreferences
from netdesk.views.window.periodic_flow import DavSyncFlow, FlowWords

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.calendar.sync import SyncResult
    from netdesk.views.main_window import MainWindow

START_DELAY_MS = 8_000  # after start-up (and after the mail scan's first look)
NO_PASSWORD = "Calendar not synced: no password saved (Settings → Calendar)"
NOT_SET_UP = "No calendar is set up: add it in Settings → Calendar."


class CalendarSyncFlow(DavSyncFlow):
    words = FlowWords(
        now=("S&ync Calendar Now", "syncCalendarAction"),
        stop=("Stop S&yncing Calendar", "stopSyncingCalendarAction"),
        progress_name="calendarSyncProgress",
        running="Syncing your calendar…",
        already="Already syncing your calendar…",
        off=NOT_SET_UP,
        stopping="Stopping the calendar sync…",
        stopped="Stopped syncing your calendar; what was done is kept.",
        no_password=NO_PASSWORD,
        failed="Calendar not synced",
        what="calendar sync",
        error=CalendarError,
    )
    follows = Change.MEETINGS | Change.TODOS  # synced soon after the user changes these
    preferences: CalendarPreferences

    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window, services, tasks, CalendarPreferences(services))

    @property
    def sync_action(self) -> QAction:
        return self.now_action

    def sync_now(self) -> None:
        """File → Sync Calendar Now."""
        self.run_now()

    @property
    def start_delay_ms(self) -> int:
        return START_DELAY_MS  # read on each use: tests shorten it

    def _dav(self) -> tuple:
        return self._services.calendar.accounts, self._services.calendar.sync

    def _describe(self, result: SyncResult) -> str:
        return describe(result)


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
