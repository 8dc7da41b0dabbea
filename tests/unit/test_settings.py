"""One settings store: every key declared once with its default, and only the store
writes the `setting` table."""

from __future__ import annotations

import re
from pathlib import Path

from netdesk.services import settings
from netdesk.services.settings import BACKUP_KEEP, KEEP_IN_TOUCH, MAIL_TEMPLATE, SettingsStore

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


def test_the_mail_scan_bounds_agree_with_the_settings_page() -> None:
    from netdesk.services.mailscan import service
    from netdesk.views.settings import scan_preferences

    assert (scan_preferences.MIN_MINUTES, scan_preferences.MAX_MINUTES) == (
        service.MIN_MINUTES,
        service.MAX_MINUTES,
    )
    assert scan_preferences.DEFAULT_MINUTES == service.DEFAULT_MINUTES
