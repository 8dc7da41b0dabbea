"""Every preference NetDesk keeps in its database, declared in one place, read and
written through one store.

A key with `{…}` in its name is a family (one key per relation, per purpose…): `of()`
names one of them. A value is text; the service that owns a setting parses it. Reads and
writes go through peewee's query builder on the `setting` table, bound to the store's
own database (no global binding: tests open many databases).
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from netdesk.db.models import Setting


@dataclass(frozen=True)
class Key:
    name: str
    default: str | None = None
    about: str = ""

    def of(self, **parts: str) -> Key:
        """One key of a family: KEEP_IN_TOUCH.of(relation="friend")."""
        return Key(self.name.format(**parts), self.default, self.about)


ME = Key("me_contact_id", about="the user's own person: the map's centre, the sender")
MAP_GROUPING = Key("map.grouping", "organisation", "organisation, relation or tag")
MAP_LAYOUT = Key("map.layout.{grouping}", about="the map's stored positions per grouping")
BACKUP_KEEP = Key("backup.keep", "10", "how many backups are kept")
BACKUP_DAILY = Key("backup.daily", "1", "1: a daily backup at start, 0: none")
BACKUP_FOLDER = Key("backup.folder", about="where backups go; none: beside the data")
OUTREACH_NO_ANSWER_DAYS = Key(
    "outreach.no_answer_days", "14", "days after which a request counts as unanswered"
)
TODAY_NOTIFY = Key("today.notify_at_start", "0", "1: a desktop notification when overdue")
KEEP_IN_TOUCH = Key("keep_in_touch.{relation}", about="days between contacts, per relation")
MAIL_TEMPLATE = Key("mail.template.{purpose}", about="the template last chosen per purpose")
MAIL_RESUME_PATH = Key("mail.resume_path", about="the résumé offered as an attachment")
MAIL_ATTACH_RESUME = Key("mail.attach_resume", "0", "1: the résumé is attached by default")
MAIL_SCAN = Key("mail.scan", "0", "1: read mail headers to keep timelines current")
MAIL_SCAN_MINUTES = Key("mail.scan.minutes", "30", "minutes between background mail scans")
MAIL_SCAN_ARCHIVES = Key("mail.scan.archives", "", "archive folders scanned, one per line")
CALENDAR_SYNC_MINUTES = Key(
    "calendar.sync.minutes", "30", "minutes between background calendar syncs"
)
CONTACTS_SYNC_MINUTES = Key(
    "contacts.sync.minutes", "30", "minutes between background address-book syncs"
)

ALL = (
    ME,
    MAP_GROUPING,
    MAP_LAYOUT,
    BACKUP_KEEP,
    BACKUP_DAILY,
    BACKUP_FOLDER,
    OUTREACH_NO_ANSWER_DAYS,
    TODAY_NOTIFY,
    KEEP_IN_TOUCH,
    MAIL_TEMPLATE,
    MAIL_RESUME_PATH,
    MAIL_ATTACH_RESUME,
    MAIL_SCAN,
    MAIL_SCAN_MINUTES,
    MAIL_SCAN_ARCHIVES,
    CALENDAR_SYNC_MINUTES,
    CONTACTS_SYNC_MINUTES,
)


class SettingsStore:
    def __init__(self, db: peewee.SqliteDatabase) -> None:
        self._db = db

    def get(self, key: Key) -> str | None:
        """The stored value, else the key's default."""
        row = (
            Setting.select(Setting.value)
            .where(Setting.key == key.name)
            .bind(self._db)
            .tuples()
            .first()
        )
        return row[0] if row else key.default

    def is_set(self, key: Key) -> bool:
        return Setting.select().where(Setting.key == key.name).bind(self._db).exists()

    def set(self, key: Key, value: str | None) -> None:
        """Store *value*; None removes it (the default applies again)."""
        with self._db.atomic("IMMEDIATE"):
            if value is None:
                Setting.delete().where(Setting.key == key.name).bind(self._db).execute()
            else:
                Setting.insert(key=key.name, value=value).on_conflict(
                    conflict_target=[Setting.key], update={Setting.value: value}
                ).bind(self._db).execute()

    def family(self, key: Key) -> dict[str, str]:
        """Every stored key of a family, by the part its pattern leaves open."""
        prefix, _brace, _rest = key.name.partition("{")
        rows = (
            Setting.select(Setting.key, Setting.value)
            .where(Setting.key.startswith(prefix))
            .bind(self._db)
            .tuples()
        )
        return {name[len(prefix) :]: value for name, value in rows}


# Every "every N minutes" preference (the mail scan, the calendar and contacts syncs) stays
# within these, which is also what Settings offers.
MIN_MINUTES, MAX_MINUTES = 5, 1440


def clamped_minutes(minutes: int) -> int:
    return min(MAX_MINUTES, max(MIN_MINUTES, minutes))


def interval_minutes(store: SettingsStore, key: Key) -> int:
    """Minutes between background runs under *key*, within MIN_MINUTES and MAX_MINUTES;
    the key's default when the stored text is no number."""
    default = int(key.default or 30)
    try:
        value = int(store.get(key) or default)
    except ValueError:
        value = default
    return clamped_minutes(value)
