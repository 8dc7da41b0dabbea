"""Finding people who are likely one person, and remembering pairs that are not.

`find` only reads (it runs off the GUI thread); `mark_different` is what "not the same
person" writes, and `forget_different` its undo."""

from __future__ import annotations

import peewee

from netdesk.db.models.history import NotDuplicate
from netdesk.db.models.people import Contact, Organisation
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.duplicates import keys, names
from netdesk.services.duplicates.finder import (
    DEFAULT_THRESHOLD,
    DuplicateFinder,
    DuplicatePair,
    Person,
)
from netdesk.services.progress import Progress, no_progress
from netdesk.services.text import clean_cell, fold, split_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from netdesk.services.cancel import CancelToken

MAX_SHOWN = 80  # an organisation or a place longer than this is cut in the evidence


class DuplicateService(Service):
    """People who are likely duplicates, best first. *region* reads phone numbers
    written without +country (default: the country of the user's locale, if any)."""

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self.region = region if region is not None else keys.default_region()

    def find(
        self,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[DuplicatePair]:
        """The pairs scoring at least *threshold*, best first; reads only."""
        check = cancel.check if cancel is not None else (lambda: None)
        progress(0, "Reading people…")
        with self._db.atomic():  # one snapshot of the people and the pairs set apart
            people = list(self._people(check))
            different = list(NotDuplicate.select(NotDuplicate.first, NotDuplicate.second).tuples())
        check()
        progress(40, "Comparing names…")
        pairs = DuplicateFinder(people, different, threshold).find(check)
        progress(100, "Done")
        return pairs

    def _people(self, check) -> Iterator[Person]:
        query = (
            Contact.select(
                Contact.id,
                Contact.given_name,
                Contact.family_name,
                Contact.display_name,
                Contact.emails,
                Contact.phones,
                Contact.linkedin_url,
                Contact.location,
                Organisation.name,
            )
            .join(Organisation, peewee.JOIN.LEFT_OUTER)
            .tuples()
        )
        region = self.region
        for count, row in enumerate(query.iterator()):
            if count % 5_000 == 0:
                check()
            person_id, given, family, display, emails, phones, url, location, org = row
            organisation, location = clean_cell(org or ""), clean_cell(location or "")
            yield Person(
                id=person_id,
                display_name=display,
                name=names.parse_name(given, family, display),
                emails=frozenset(keys.email_keys(split_lines(emails))) if emails else frozenset(),
                phones=frozenset(keys.phone_keys(split_lines(phones), region))
                if phones
                else frozenset(),
                profile=keys.profile_key(url),
                organisation=fold(organisation),
                organisation_shown=organisation[:MAX_SHOWN],
                location=fold(location),
                location_shown=location[:MAX_SHOWN],
            )

    @announces(Change.PEOPLE)
    def mark_different(self, a: int, b: int) -> None:
        """Remember that *a* and *b* are two people: never proposed again."""
        first, second = _ordered(a, b)
        with self._db.atomic("IMMEDIATE"):
            if Contact.select().where(Contact.id.in_([first, second])).count() != 2:
                raise ValidationError({"people": "Both people must exist."})
            NotDuplicate.insert(
                first=first, second=second, decided_at=self._clock.timestamp()
            ).on_conflict_ignore().execute()

    @announces(Change.PEOPLE)
    def forget_different(self, a: int, b: int) -> None:
        """Undo mark_different: the pair may be proposed again."""
        first, second = _ordered(a, b)
        NotDuplicate.delete().where(
            (NotDuplicate.first == first) & (NotDuplicate.second == second)
        ).execute()

    def is_marked_different(self, a: int, b: int) -> bool:
        first, second = _ordered(a, b)
        query = NotDuplicate.select().where(
            (NotDuplicate.first == first) & (NotDuplicate.second == second)
        )
        return query.exists()


def _ordered(a: int, b: int) -> tuple[int, int]:
    if a == b:
        raise ValidationError({"people": "A person cannot be a duplicate of themselves."})
    return (a, b) if a < b else (b, a)
