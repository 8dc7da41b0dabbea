"""Each person's version for the address book: a digest of everything a card carries,
read for everyone in one query."""

from __future__ import annotations

import hashlib

import peewee


def person_versions(db: peewee.SqliteDatabase) -> dict[int, str]:
    """Each person's version: a digest of everything a card carries (the record, its
    organisation's name, tags, last interaction, keep-in-touch), in one query
    whatever the network's size: a pass with nothing changed compares these, not
    cards. (Content, not updated_at: two edits in one second are two versions.)"""
    rows = db.execute_sql(
        "SELECT c.id, c.given_name, c.family_name, c.display_name, coalesce(o.name, ''), "
        "c.role, c.emails, c.phones, coalesce(c.linkedin_url, ''), c.location, c.notes, "
        "c.relation, c.closeness, coalesce(c.last_interaction, ''), "
        "coalesce(k.interval_days, ''), coalesce(k.stopped, 0), "
        "coalesce((SELECT group_concat(t.name, ',') FROM contact_tag ct "
        "JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') "
        "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id "
        "LEFT JOIN keep_in_touch k ON k.contact_id = c.id"
    )
    return {
        row[0]: hashlib.sha1("\x1f".join(map(str, row[1:])).encode()).hexdigest() for row in rows
    }
