"""Matching incoming people to the people already known (by profile URL, e-mail, name)."""

from __future__ import annotations

import functools
import operator

from netdesk.services.imports.incoming import IncomingPerson
from netdesk.services.imports.summary import Problem
from netdesk.services.text import (
    name_key,
)


class _Existing:
    """A person already in the database, as the matcher needs them."""

    __slots__ = (
        "edited",
        "emails",
        "id",
        "key",
        "organisation_id",
        "tag_ids",
        "updated_at",
        "url",
        "values",
    )

    def __init__(self, row: tuple) -> None:
        self.id, self.url = row[0], row[1]
        self.values: tuple = row[2:9]  # in IMPORT_OWNED order
        self.key = name_key(self.values[2], self.values[3])  # display name, organisation
        self.emails: str = row[9]
        self.edited: str = row[10]
        self.organisation_id: int | None = row[11]
        self.updated_at: str = row[12]
        self.tag_ids: set[int] = set()


# The passes over every incoming person run in C where they can.
_organisation_of = operator.attrgetter("organisation")
_tags_of = operator.attrgetter("tags")


def _match_all(
    people: list[IncomingPerson],
    by_url: dict[str, _Existing],
    by_key: dict[str, list[_Existing]],
) -> list[_Existing | None]:
    """The person already in the database for each incoming one (None: someone new).

    Profile URLs are the stable key, so every row with a URL is matched by URL before
    any row is matched by name + organisation; otherwise a URL-less row met earlier in
    the file could take the person a later row names by URL. Among name matches, a row
    with a URL takes only someone without one (two URLs are two people who share a
    name), and a row without a URL prefers someone without one too.
    """
    found: list[_Existing | None] = [None] * len(people)
    claimed: set[int] = set()
    if by_url:
        # Slugs are case-insensitive: the exact URL first, else one differing only in case.
        folded: dict[str, _Existing] = {}
        for url, item in by_url.items():
            folded.setdefault(url.casefold(), item)
        for index, person in enumerate(people):
            url = person.linkedin_url
            if url:
                match = by_url.get(url)
                if match is None or match.id in claimed:
                    match = folded.get(url.casefold())
                if match is not None and match.id not in claimed:
                    found[index] = match
                    claimed.add(match.id)
    with_url = [i for i, p in enumerate(people) if found[i] is None and p.linkedin_url]
    without_url = [i for i, p in enumerate(people) if found[i] is None and not p.linkedin_url]
    for index in with_url:
        for candidate in by_key.get(people[index].key, ()):
            if not candidate.url and candidate.id not in claimed:
                found[index] = candidate
                claimed.add(candidate.id)
                break
    for index in without_url:
        candidates = by_key.get(people[index].key)
        if not candidates:
            continue
        for candidate in sorted(candidates, key=lambda c: bool(c.url)):  # URL-less first
            if candidate.id not in claimed:
                found[index] = candidate
                claimed.add(candidate.id)
                break
    return found


@functools.lru_cache(maxsize=256)
def _edited_fields(stored: str) -> frozenset[str]:
    """The user_edited column ("notes,role") as a set; most people share a handful."""
    return frozenset(filter(None, stored.split(",")))


def _url_taken(person: IncomingPerson, url: str, outcome: str) -> Problem:
    return Problem(
        person.line,
        f"profile URL {url} already belongs to someone else in your contacts; {outcome}",
        "warning",
    )
