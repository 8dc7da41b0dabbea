"""The mail scan's preferences as Settings and the window's background scan see them:
the switch, how often, and the archive folders.

Reads go straight to the settings store, so the window can tell at start-up whether to
scan at all without building the mail services (keyring, imaplib). Writes go through the
scan service, which announces Change.SETTINGS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netdesk.services.settings import (
    MAIL_SCAN,
    MAIL_SCAN_ARCHIVES,
    MAIL_SCAN_MINUTES,
    SettingsStore,
    interval_minutes,
)

# The scan service's bounds, from the settings module so that reading them loads no mail
# code; named here for the page.
from netdesk.services.settings import MAX_MINUTES as MAX_MINUTES
from netdesk.services.settings import MIN_MINUTES as MIN_MINUTES
from netdesk.services.text import split_lines

if TYPE_CHECKING:
    from netdesk.app import Services


class ScanPreferences:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._store = SettingsStore(services.db)

    @property
    def enabled(self) -> bool:
        return self._store.get(MAIL_SCAN) == "1"  # as MailScanService.enabled reads it

    @property
    def minutes(self) -> int:
        """Minutes between background scans, as MailScanService.minutes reads them."""
        return interval_minutes(self._store, MAIL_SCAN_MINUTES)

    @property
    def archives(self) -> tuple[str, ...]:
        return tuple(split_lines(self._store.get(MAIL_SCAN_ARCHIVES) or ""))

    def save(self, enabled: bool, minutes: int, archives: list[str]) -> None:
        scan = self._services.mail.scan
        scan.set_minutes(minutes)
        scan.set_archives(archives)
        scan.set_enabled(enabled)  # last: the window hears of all three at once
