"""Which existing person each captured line is: by email, LinkedIn URL, then name and
organisation (or a name only one person has)."""

from __future__ import annotations

import peewee
from peewee import fn

from netdesk.db.models import (
    Contact,
    Organisation,
)
from netdesk.services.events.records import (
    CapturedLine,
    PreviewLine,
)
from netdesk.services.text import fold, name_key, sort_name


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Matcher:
    """Who each captured line is: someone known (by email, LinkedIn profile, name and
    organisation, or a name only one person has), someone an earlier line adds, or
    someone new. Targeted queries: a capture is a few dozen lines against any network."""

    def __init__(self, db: peewee.SqliteDatabase) -> None:
        self._db = db

    def match(self, lines: list[CapturedLine]) -> list[PreviewLine]:
        people = [line for line in lines if not line.problem]
        by_email = self._by_email({line.email.casefold() for line in people if line.email})
        by_url = self._by_url({line.linkedin_url for line in people if line.linkedin_url})
        by_name = self._by_name({line.name for line in people})
        earlier: dict[str, int] = {}  # identities of new people an earlier line adds
        result = []
        for line in lines:
            if line.problem:
                result.append(PreviewLine(line))
                continue
            found = self._known(line, by_email, by_url, by_name)
            if found is not None:
                result.append(PreviewLine(line, found[0], found[1], found[2]))
                continue
            identities = _identities(line)
            same = next((earlier[i] for i in identities if i in earlier), None)
            for identity in identities:
                earlier.setdefault(identity, line.line)
            result.append(PreviewLine(line, same_as_line=same))
        return result

    @staticmethod
    def _known(
        line: CapturedLine,
        by_email: dict[str, tuple[int, str]],
        by_url: dict[str, tuple[int, str]],
        by_name: dict[str, list[tuple[int, str, str]]],
    ) -> tuple[int, str, str] | None:
        if line.email and line.email.casefold() in by_email:
            return (*by_email[line.email.casefold()], "email")
        if line.linkedin_url and line.linkedin_url.casefold() in by_url:
            return (*by_url[line.linkedin_url.casefold()], "LinkedIn profile")
        candidates = by_name.get(fold(line.name), [])
        key = name_key(line.name, line.organisation)
        same_key = [c for c in candidates if name_key(c[1], c[2]) == key]
        if same_key:
            return same_key[0][0], same_key[0][1], "name and organisation"
        if not line.organisation and len(candidates) == 1:
            return candidates[0][0], candidates[0][1], "name"
        return None

    def _by_email(self, emails: set[str]) -> dict[str, tuple[int, str]]:
        if not emails:
            return {}
        # One scan of the people with emails; LIKE narrows, the exact line decides.
        likes = " OR ".join("emails LIKE ? ESCAPE '\\'" for _ in emails)
        rows = self._db.execute_sql(
            f"SELECT id, display_name, emails FROM contact WHERE {likes} ORDER BY id",
            [f"%{like_escape(email)}%" for email in emails],
        )
        found: dict[str, tuple[int, str]] = {}
        for contact_id, name, stored in rows:
            for email in stored.split("\n"):
                if email.strip().casefold() in emails:
                    found.setdefault(email.strip().casefold(), (contact_id, name))
        return found

    def _by_url(self, urls: set[str]) -> dict[str, tuple[int, str]]:
        if not urls:
            return {}
        found: dict[str, tuple[int, str]] = {}
        exact = (
            Contact.select(Contact.linkedin_url, Contact.id, Contact.display_name)
            .where(Contact.linkedin_url.in_(sorted(urls)))
            .bind(self._db)
            .tuples()
        )
        for url, contact_id, name in exact:
            found[url.casefold()] = (contact_id, name)
        missing = sorted({u.casefold() for u in urls} - set(found))
        if missing:  # profile slugs are case-insensitive: one scan for the rest
            folded = (
                Contact.select(fn.lower(Contact.linkedin_url), Contact.id, Contact.display_name)
                .where(fn.lower(Contact.linkedin_url).in_(missing))
                .bind(self._db)
                .tuples()
            )
            for url, contact_id, name in folded:
                found.setdefault(url, (contact_id, name))
        return found

    def _by_name(self, names: set[str]) -> dict[str, list[tuple[int, str, str]]]:
        """Folded name -> (id, name, organisation) of everyone called so (by the sort
        name index, then exactly)."""
        keys = sorted({sort_name(name) for name in names})
        rows = (
            Contact.select(Contact.id, Contact.display_name, fn.COALESCE(Organisation.name, ""))
            .join(Organisation, peewee.JOIN.LEFT_OUTER)
            .where(Contact.sort_name.in_(keys))
            .order_by(Contact.id)
            .bind(self._db)
            .tuples()
        )
        found: dict[str, list[tuple[int, str, str]]] = {}
        for contact_id, name, organisation in rows:
            found.setdefault(fold(name), []).append((contact_id, name, organisation))
        return found


def _identities(line: CapturedLine) -> list[str]:
    identities = [f"key:{name_key(line.name, line.organisation)}"]
    if line.email:
        identities.append(f"email:{line.email.casefold()}")
    if line.linkedin_url:
        identities.append(f"url:{line.linkedin_url.casefold()}")
    return identities
