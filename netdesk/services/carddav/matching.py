"""Who a card from the server already is, so that nobody is doubled: by email (as
mailbox keys), then LinkedIn profile, then name and organisation."""

from __future__ import annotations

from typing import Any

import peewee

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.mailscan.addresses import address_key
from netdesk.services.text import fold, split_lines


class CardMatcher:
    """Who a new card may already be: by email, LinkedIn profile, name and organisation."""

    def __init__(self) -> None:
        self.emails: dict[str, int] = {}
        self.profiles: dict[str, int] = {}
        self.names: dict[tuple[str, str], int] = {}

    @classmethod
    def read(cls, db: peewee.SqliteDatabase) -> CardMatcher:
        index = cls()
        rows = db.execute_sql(
            "SELECT c.id, c.emails, c.linkedin_url, c.display_name, coalesce(o.name, '') "
            "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id"
        )
        for contact_id, emails, url, name, organisation in rows:
            index._add(contact_id, split_lines(emails or ""), url or "", name, organisation)
        return index

    def add(self, record: ContactRecord) -> None:
        assert record.id is not None
        self._add(record.id, record.emails, record.linkedin_url, record.display_name,
                  record.organisation)  # fmt: skip

    def _add(self, contact_id, emails, url, name, organisation) -> None:
        for email in emails:
            key = address_key(email)
            if key:
                self.emails.setdefault(key, contact_id)
        if url:
            self.profiles.setdefault(url.rstrip("/").lower(), contact_id)
        self.names.setdefault((fold(name), fold(organisation)), contact_id)

    def match(self, remote: Any) -> int | None:
        for email in getattr(remote, "emails", []) or []:
            key = address_key(email)
            if key and key in self.emails:
                return self.emails[key]
        url = (getattr(remote, "linkedin_url", "") or "").rstrip("/").lower()
        if url and url in self.profiles:
            return self.profiles[url]
        name = fold(getattr(remote, "display_name", "") or "")
        return (
            self.names.get((name, fold(getattr(remote, "organisation", "") or "")))
            if name
            else None
        )
