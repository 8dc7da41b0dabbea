"""Likely duplicate people: exact keys first (a mailbox, a phone in E.164, a LinkedIn
profile), then names compared within blocks (never every pair of 30,000 people), with
organisation and location as evidence.

Different emails or profiles on both sides speak against one person: two Mia Chens at
Northwind with their own addresses are two people, whatever their names say."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from netdesk.services.duplicates import names
from netdesk.services.duplicates.names import Name

DEFAULT_THRESHOLD = 0.75  # chosen on benchmarks/duplicates_labelled.py (see bench_duplicates)
MAX_KEY_GROUP = 12  # more people sharing one mailbox or phone: a switchboard, not a person
MAX_BLOCK = 400  # a name block larger than this is compared only within its organisations
EXACT = 0.99


@dataclass(frozen=True, slots=True)
class Person:
    """What the finder reads of a person (keys already normalised)."""

    id: int
    display_name: str
    name: Name
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    profile: str | None = None
    organisation: str = ""  # folded
    organisation_shown: str = ""
    location: str = ""  # folded
    location_shown: str = ""


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two people who are likely one: ids in order, names, 0-1 score, why in words."""

    first_id: int
    second_id: int
    first_name: str
    second_name: str
    score: float
    evidence: tuple[str, ...] = field(default_factory=tuple)


class DuplicateFinder:
    """Scores the candidate pairs among *people*, leaving out the pairs in *different*
    (id pairs, smaller first) the user said are two people."""

    def __init__(
        self,
        people: Iterable[Person],
        different: Iterable[tuple[int, int]] = (),
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        self.people = {person.id: person for person in people}
        self.different = set(different)
        self.threshold = threshold
        self._families = Counter(p.name.family for p in self.people.values() if p.name.family)

    def find(self, check: Callable[[], None] = lambda: None) -> list[DuplicatePair]:
        """Every pair scoring at least the threshold, best first; *check* is called now
        and then (it raises to cancel)."""
        pairs: dict[tuple[int, int], DuplicatePair] = {}
        for first, second, key_words in self._exact_pairs():
            pair = self.score(first, second, key_words)
            if pair is not None:
                pairs[first, second] = pair
        check()
        for count, (first, second) in enumerate(self._name_pairs()):
            if count % 20_000 == 0:
                check()
            if (first, second) not in pairs:
                pair = self.score(first, second, [])
                if pair is not None:
                    pairs[first, second] = pair
        found = [p for p in pairs.values() if p.score >= self.threshold]
        found.sort(key=lambda p: (-p.score, p.first_id, p.second_id))
        return found

    def _uncommon(self, family: str) -> bool:
        """A family name at most 3 of 500 or more people carry (among few, every name is)."""
        return len(self.people) >= 500 and self._families[family] <= 3

    def _exact_pairs(self) -> Iterable[tuple[int, int, list[str]]]:
        shared: dict[tuple[int, int], list[str]] = defaultdict(list)
        index: dict[tuple[str, str], list[int]] = defaultdict(list)
        for person in self.people.values():
            for email in person.emails:
                index["email", email].append(person.id)
            for phone in person.phones:
                index["phone", phone].append(person.id)
            if person.profile:
                index["profile", person.profile].append(person.id)
        for (kind, key), ids in index.items():
            if len(ids) < 2 or (len(ids) > MAX_KEY_GROUP and kind != "profile"):
                continue
            words = {
                "email": f"same email {key}",
                "phone": f"same phone {key.removeprefix('digits:')}",
                "profile": "same LinkedIn profile",
            }[kind]
            ids = sorted(ids)
            for i, first in enumerate(ids):
                for second in ids[i + 1 :]:
                    shared[first, second].append(words)
        for (first, second), words in shared.items():
            yield first, second, words

    def _name_pairs(self) -> Iterable[tuple[int, int]]:
        blocks: dict[str, list[int]] = defaultdict(list)
        for person in self.people.values():
            for key in names.block_keys(person.name):
                blocks[key].append(person.id)
        seen: set[tuple[int, int]] = set()
        for ids in blocks.values():
            if len(ids) < 2:
                continue
            for group in self._split(ids):
                group.sort()
                for i, first in enumerate(group):
                    for second in group[i + 1 :]:
                        if (first, second) not in seen:
                            seen.add((first, second))
                            yield first, second

    def _split(self, ids: list[int]) -> list[list[int]]:
        """A block too large to compare whole (everyone called J. Smith) is compared
        within each organisation: without one, nothing tells its people apart."""
        if len(ids) <= MAX_BLOCK:
            return [ids]
        by_organisation: dict[str, list[int]] = defaultdict(list)
        for person_id in ids:
            organisation = self.people[person_id].organisation
            if organisation:
                by_organisation[organisation].append(person_id)
        return [group for group in by_organisation.values() if 1 < len(group) <= MAX_BLOCK]

    def score(self, first: int, second: int, key_words: list[str]) -> DuplicatePair | None:
        """The pair with its score and evidence, or None when the user said they differ
        or nothing at all speaks for one person."""
        if (first, second) in self.different:
            return None
        a, b = self.people[first], self.people[second]
        name_score, name_words = names.name_match(a.name, b.name)
        if key_words:
            value, words = self._keyed(a, b, name_score, key_words, name_words)
        else:
            if name_score == 0.0:
                return None
            value, words = self._by_name(a, b, name_score, name_words)
        value = round(min(1.0, max(0.0, value)), 3)
        return DuplicatePair(first, second, a.display_name, b.display_name, value, tuple(words))

    def _keyed(self, a: Person, b: Person, name_score: float, key_words, name_words):
        """One mailbox, phone or profile: the same person unless their names disagree
        (a family's shared phone, an assistant's address)."""
        words = list(key_words)
        if "same LinkedIn profile" in key_words:
            return 1.0, words + name_words
        if not (a.name.usable and b.name.usable) or name_score >= 0.8:
            return EXACT, words + name_words
        if a.profile and b.profile and a.profile != b.profile:
            return 0.4, [*words, "but different LinkedIn profiles"]
        if name_score > 0.0:
            return 0.8, words + name_words
        return 0.5, [*words, "but different names"]

    def _by_name(self, a: Person, b: Person, name_score: float, name_words: list[str]):
        value = 0.65 * name_score
        words = list(name_words)
        if a.organisation and a.organisation == b.organisation:
            value += 0.25
            words.append(f"same organisation {a.organisation_shown}")
        elif a.organisation and b.organisation:
            value -= 0.1
        if a.location and a.location == b.location:
            value += 0.1
            words.append(f"same location {a.location_shown}")
        elif a.location and b.location:
            value -= 0.05
        if a.emails and b.emails and not a.emails & b.emails:
            value -= 0.5
            words.append("but different emails")
        if a.profile and b.profile and a.profile != b.profile:
            value -= 0.6
            words.append("but different LinkedIn profiles")
        if a.phones and b.phones and not a.phones & b.phones:
            value -= 0.1
        family = a.name.family
        if family and family == b.name.family and self._uncommon(family):
            value += 0.1
            words.append("an uncommon family name")
        return value, words
