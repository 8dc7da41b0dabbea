"""The people an import has read, before they are matched: IncomingPerson and ParsedFile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from netdesk.services.imports.summary import Problem
from netdesk.services.text import (
    name_key,
)

# Fields LinkedIn owns: a re-import refreshes them unless the user edited them.
IMPORT_OWNED = (
    "given_name",
    "family_name",
    "display_name",
    "organisation",
    "role",
    "linkedin_url",
    "connected_on",
)
_KEEP_WHEN_MISSING = {"linkedin_url", "connected_on"}


class IncomingPerson:
    """One person as an importer understood them, before matching against the database.

    A plain slotted class: a 30,000-row import makes 30,000 of these.
    """

    __slots__ = (
        "_key",
        "closeness",
        "connected_on",
        "display_name",
        "email",
        "family_name",
        "given_name",
        "line",
        "linkedin_url",
        "location",
        "notes",
        "organisation",
        "relation",
        "role",
        "tags",
    )

    def __init__(
        self,
        line: int | None,
        given_name: str,
        family_name: str,
        organisation: str = "",
        role: str = "",
        *,
        email: str = "",
        linkedin_url: str | None = None,
        connected_on: str | None = None,  # ISO date
        tags: Sequence[str] = (),
        relation: str = "linkedin",  # relation, closeness, notes and location are used
        closeness: int = 1,  # only when the person is new: never overwrite what the
        notes: str = "",  # user decided
        location: str = "",
    ) -> None:
        self.line = line
        self.given_name = given_name
        self.family_name = family_name
        self.display_name = f"{given_name} {family_name}".strip() if family_name else given_name
        self.organisation = organisation
        self.role = role
        self.email = email
        self.linkedin_url = linkedin_url
        self.connected_on = connected_on
        self.tags = tags
        self.relation = relation
        self.closeness = closeness
        self.notes = notes
        self.location = location
        self._key: str | None = None

    @property
    def key(self) -> str:
        """Name + organisation: the identity of someone without a profile URL."""
        if self._key is None:
            self._key = name_key(self.display_name, self.organisation)
        return self._key


@dataclass
class ParsedFile:
    file_name: str
    people: list[IncomingPerson]
    problems: list[Problem]
    total_rows: int


@dataclass
class _Extras:
    """What IncomingPerson does not carry: more addresses and phone numbers."""

    emails: list[str]
    phones: list[str]
