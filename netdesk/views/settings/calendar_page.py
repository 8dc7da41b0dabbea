"""Settings → Calendar: the CalDAV account's page (dav_page) with what keeping meetings in
step does."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from netdesk.services.calendar.account import CalendarAccount
from netdesk.views.settings.dav_kind import DavKind
from netdesk.views.settings.dav_page import DavPage

CALENDAR = DavKind(
    account_type=CalendarAccount,
    prefix="calendar",
    page_name="calendarPage",
    choice_name="calendarChoice",
    one="calendar",
    many="calendars",
    chosen_for="meetings",
    url_field="calendar_url",
    name_field="calendar_name",
    intro=(
        "NetDesk can keep your meetings in your own calendar, through CalDAV (the standard "
        "Nextcloud, Radicale, Fastmail and iCloud speak). Nothing is synced until an account "
        "is saved here."
    ),
    server_help=(
        "The address is enough: the calendars are found from it. Fastmail: "
        "caldav.fastmail.com; iCloud: caldav.icloud.com (both need an <i>app password</i>, "
        "made in their account settings)."
    ),
    sync_title="Keep meetings in step with this calendar",
    sync_explanation=(
        "<ul style='margin-left: -20px'>"
        "<li>Scheduled meetings are written to the calendar chosen above: the title, the "
        "time, the emails of the people you meet and the questions you prepared.</li>"
        "<li>Moves and cancellations made there come back to the meeting; its notes stay.</li>"
        "<li>Your own events with people you know that ended without a meeting are asked "
        "about on Today: “Did you meet Priya Wei on 3&nbsp;Dec?”</li>"
        "<li>It runs on this computer and talks only to your calendar server.</li>"
        "</ul>"
    ),
    sync_now="File → Sync Calendar Now syncs at once.",
    none_found="No calendar for events was found at this address.",
    kept="meetings",
    items="events",
)


class CalendarPage(DavPage):
    kind = CALENDAR

    @property
    def calendars(self) -> QComboBox:
        return self.choice
