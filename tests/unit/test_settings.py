"""One settings store: every key declared once with its default, and only the store
writes the `setting` table."""

from __future__ import annotations

import re
from pathlib import Path

from netdesk.services import settings
from netdesk.services.settings import (
    BACKUP_KEEP,
    CALENDAR_SYNC_MINUTES,
    CONTACTS_SYNC_MINUTES,
    KEEP_IN_TOUCH,
    MAIL_SCAN_MINUTES,
    MAIL_TEMPLATE,
    SettingsStore,
)

PACKAGE = Path(__file__).resolve().parents[2] / "netdesk"
WRITES = re.compile(r"(INSERT|REPLACE)\s+(OR\s+\w+\s+)?INTO\s+setting\b|DELETE\s+FROM\s+setting\b"
                    r"|UPDATE\s+setting\b", re.IGNORECASE)  # fmt: skip


def test_every_key_is_declared_once() -> None:
    names = [key.name for key in settings.ALL]
    assert len(names) == len(set(names))
    assert all(key.about for key in settings.ALL)


def test_only_the_store_writes_settings() -> None:
    writers = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if WRITES.search(path.read_text(encoding="utf-8"))
    ]
    assert writers == []  # the store writes through peewee's query builder


def test_values_defaults_and_families(services) -> None:
    store = SettingsStore(services.db)
    assert store.get(BACKUP_KEEP) == "10" and not store.is_set(BACKUP_KEEP)
    store.set(BACKUP_KEEP, "30")
    store.set(BACKUP_KEEP, "31")  # replaced, not added
    assert store.get(BACKUP_KEEP) == "31" and store.is_set(BACKUP_KEEP)
    store.set(BACKUP_KEEP, None)
    assert store.get(BACKUP_KEEP) == "10"
    store.set(KEEP_IN_TOUCH.of(relation="friend"), "45")
    store.set(KEEP_IN_TOUCH.of(relation="mentor"), "never")
    store.set(MAIL_TEMPLATE.of(purpose="keep_in_touch"), "3")  # not of the family
    assert store.family(KEEP_IN_TOUCH) == {"friend": "45", "mentor": "never"}
    # The services read what the store wrote.
    assert services.followups.keep_in_touch.relation_defaults()["friend"] == 45
    assert services.backups.keep() == 10


def test_every_n_minutes_reads_alike_in_the_services_and_the_settings_pages(services) -> None:
    from netdesk.views.settings import calendar_preferences, contacts_preferences, scan_preferences

    store = SettingsStore(services.db)
    for key, service, page in (
        (MAIL_SCAN_MINUTES, services.mail.scan, scan_preferences.ScanPreferences(services)),
        (
            CALENDAR_SYNC_MINUTES,
            services.calendar.sync,
            calendar_preferences.CalendarPreferences(services),
        ),
        (
            CONTACTS_SYNC_MINUTES,
            services.contact_sync.sync,
            contacts_preferences.ContactsPreferences(services),
        ),
    ):
        assert service.minutes == page.minutes == 30  # the key's default
        for stored, read in (("45", 45), ("2", 5), ("100000", 1440), ("soon", 30)):
            store.set(key, stored)
            assert service.minutes == page.minutes == read, (key.name, stored)
    bounds = (settings.MIN_MINUTES, settings.MAX_MINUTES)
    assert bounds == (5, 1440)
    for page in (scan_preferences, calendar_preferences, contacts_preferences):
        assert bounds == (page.MIN_MINUTES, page.MAX_MINUTES)  # what the pages offer
