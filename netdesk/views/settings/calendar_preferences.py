"""The calendar account and how often it is synced, as Settings → Calendar and the
window's background sync see them (see dav_preferences)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netdesk.services.settings import CALENDAR_SYNC_MINUTES
from netdesk.views.settings.dav_preferences import MAX_MINUTES as MAX_MINUTES
from netdesk.views.settings.dav_preferences import MIN_MINUTES as MIN_MINUTES
from netdesk.views.settings.dav_preferences import DavPreferences

if TYPE_CHECKING:
    from netdesk.services.calendar.account import CalendarAccount
    from netdesk.services.calendar.client import RemoteCalendar
    from netdesk.services.credentials import Secret


class CalendarPreferences(DavPreferences):
    minutes_key = CALENDAR_SYNC_MINUTES

    def _dav(self) -> Any:
        return self._services.calendar

    def collections(self, account: CalendarAccount, secret: Secret) -> list[RemoteCalendar]:
        return self.transport.calendars(account, secret)
