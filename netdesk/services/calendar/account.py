"""The CalDAV account: its server, login and chosen calendar in SQLite, its password only
in the keyring; saved and removed as every DAV account is (services/dav_account.py)."""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.db.models import CalendarAccount as CalendarAccountRow
from netdesk.services.dav_account import DavAccount, DavAccountService

# The address rule was first written here; code that imports it from here still may.
from netdesk.services.dav_account import server_url as server_url


@dataclass(frozen=True)
class CalendarAccount(DavAccount):
    calendar_url: str = ""  # the calendar chosen (empty: the first one found)
    calendar_name: str = ""


class CalendarAccountService(DavAccountService[CalendarAccount]):
    row = CalendarAccountRow
    account_type = CalendarAccount
    stored = ("calendar_url", "calendar_name")
    collection_field = "calendar_url"
    items_table = "calendar_event"
    keyring_prefix = "NetDesk calendar"
    what = "calendar"
