"""Calendars: meetings as iCalendar events (ics), and the CalDAV account NetDesk keeps in
step with (account, sync)."""
