"""Names compared as people write them: parts (nameparser), nicknames (Bob ~ Robert, from
netdesk/resources/given_names.txt), accents and case folded, typos scored (rapidfuzz).

nameparser and rapidfuzz are imported inside the functions that use them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from netdesk.services.text import clean_cell, fold

NAMES_FILE = Path(__file__).resolve().parent.parent.parent / "resources" / "given_names.txt"
MAX_NAME = 200  # a longer "name" is pasted text: only its first characters are compared
TYPO = 0.88  # Jaro-Winkler similarity from which two spellings are one name mistyped
_NOT_LETTERS = re.compile(r"[^\w\s-]|[\d_]")
_PLAIN = re.compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+)?$")  # "Mia Chen", "Jean-Luc Picard"
# Letters NFKD does not take apart: Łukasz is Lukasz, Søren is Soren.
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)
_SOUNDEX = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name for matching: folded first given name, folded family name."""

    given: str
    family: str

    @property
    def initial(self) -> str:
        return self.given[:1]

    @property
    def usable(self) -> bool:
        return bool(self.given or self.family)


@lru_cache(maxsize=1)
def nickname_groups() -> dict[str, frozenset[int]]:
    """Each folded given name -> the groups (lines of the names file) it belongs to."""
    groups: dict[str, set[int]] = {}
    for number, line in enumerate(NAMES_FILE.read_text(encoding="utf-8").splitlines()):
        line = line.split("#", 1)[0]
        if ":" not in line:
            continue
        head, _, rest = line.partition(":")
        for word in (head, *rest.split()):
            word = fold(word.strip())
            if word:
                groups.setdefault(word, set()).add(number)
    return {name: frozenset(numbers) for name, numbers in groups.items()}


def _folded(text: str) -> str:
    text = fold(clean_cell(text[:MAX_NAME]).casefold().translate(_LETTERS))
    return " ".join(_NOT_LETTERS.sub(" ", text).split())


@lru_cache(maxsize=65_536)
def parse_name(given_name: str, family_name: str, display_name: str) -> Name:
    """The name from the person's given and family fields, or (when both are empty)
    from the display name, read by nameparser for anything but a plain "Given Family"."""
    given, family = _folded(given_name or ""), _folded(family_name or "")
    if not given and not family:
        display = clean_cell((display_name or "")[:MAX_NAME])
        if "@" in display:  # an address standing in for a name says nothing of the name
            return Name("", "")
        if _PLAIN.match(display):
            first, _, last = display.replace("-", " ", 1).partition(" ")
            if " " not in display:
                first, last = display, ""
            given, family = _folded(first), _folded(last)
        else:
            from nameparser import HumanName

            human = HumanName(display)
            given, family = _folded(human.first), _folded(human.last)
    given = given.split(" ")[0].replace("-", "") if given else ""
    family = family.replace(" ", "").replace("-", "")
    return Name(given, family)


@lru_cache(maxsize=65_536)
def soundex(word: str) -> str:
    """A sound key of a folded word (Schmidt and Shmidt, Wang and Whang agree)."""
    if not word:
        return ""
    coded = word.translate(_SOUNDEX)
    key, last = word[0], coded[0]
    for char in coded[1:]:
        if char.isdigit() and char != last:
            key += char
        if char not in "hw":
            last = char
        if len(key) == 4:
            break
    return key.ljust(4, "0")


def known(name: str) -> bool:
    return name in nickname_groups()


def formal_names(name: str) -> frozenset[int]:
    return nickname_groups().get(name, frozenset())


_jaro_winkler: list = []  # imported on first use: the command line starts without it


def _similar(a: str, b: str) -> float:
    if not _jaro_winkler:
        from rapidfuzz.distance import JaroWinkler

        _jaro_winkler.append(JaroWinkler.normalized_similarity)
    return _jaro_winkler[0](a, b)


@lru_cache(maxsize=65_536)  # names repeat: a pair is compared in many blocks
def given_match(a: str, b: str) -> tuple[float, str]:
    """How surely two given names name one person (0 when they cannot), and why."""
    if not a or not b:
        return (0.7, "") if a or b else (0.0, "")
    if a == b:
        return 1.0, ""
    if len(a) == 1 or len(b) == 1:
        if a[0] == b[0]:
            return 0.85, f"{_shown(a)} ~ {_shown(b)}"
        return 0.0, ""
    if formal_names(a) & formal_names(b):
        return 0.95, f"{_shown(a)} ~ {_shown(b)}"
    if (known(a) and known(b)) or _gendered(a, b):  # Daniel and Daniela: two names
        return 0.0, ""
    similarity = _similar(a, b)
    if similarity >= TYPO:
        return 0.9 * similarity, f"{_shown(a)} ~ {_shown(b)}"
    return 0.0, ""


def _gendered(a: str, b: str) -> bool:
    """Julian and Juliana, Mario and Maria, Paulo and Paula: one name's male and female
    forms (a final vowel added or changed), two people rather than a typo."""
    short, long = sorted((a, b), key=len)
    if len(short) < 3:
        return False
    if len(long) == len(short) + 1 and long.startswith(short) and long[-1] in "aeo":
        return True
    return len(a) == len(b) and a[:-1] == b[:-1] and {a[-1], b[-1]} <= set("aeio")


@lru_cache(maxsize=65_536)
def family_match(a: str, b: str) -> float:
    """How surely two family names are one (a typo, a transliteration, one half of a
    double name); 0 when they differ."""
    if not a or not b:
        return 0.6 if a or b else 0.0
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
        return 0.9  # García / GarcíaLópez
    similarity = _similar(a, b)
    if similarity >= 0.9 or (similarity >= 0.85 and soundex(a) == soundex(b)):
        return 0.95 * similarity
    return 0.0


def name_match(a: Name, b: Name) -> tuple[float, list[str]]:
    """How surely two names are one person's (0 to 1) and the words that say why."""
    score, words = _ordered_match(a, b)
    swapped = Name(b.family, b.given)
    if a.given and a.family and (a.given != a.family) and score < 1.0:
        other, other_words = _ordered_match(a, swapped)
        if other * 0.97 > score:
            return other * 0.97, ["name written the other way round", *other_words]
    return score, words


def _ordered_match(a: Name, b: Name) -> tuple[float, list[str]]:
    if not (a.family or b.family) or not (a.given or b.given):
        # Only one part on each side: "Mia" and "Mia" say little.
        same = a.given == b.given and a.family == b.family and a.usable
        return (0.6, ["same name"]) if same else (0.0, [])
    family = family_match(a.family, b.family)
    if family == 0.0:
        return 0.0, []
    given, why = given_match(a.given, b.given)
    if given == 0.0:
        return 0.0, []
    words = [why] if why else []
    if family == 1.0:
        words.append("same family name" if why else "same name")
    else:
        words.append(f"{_shown(a.family)} ~ {_shown(b.family)}")
    return (given + family) / 2, words


def _shown(name: str) -> str:
    return name[:1].upper() + name[1:40] if len(name) > 1 else f"{name.upper()}."


def block_keys(name: Name) -> set[str]:
    """The blocks a name is compared within: family name with the given name's initial,
    with each formal name its nickname stands for, the given name with the family
    name's sound (typos, transliterations), and the two parts swapped."""
    given, family = name.given, name.family
    if not given or not family:
        return {f"one|{given or family}"} if (given or family) else set()
    keys = {f"f|{family}|{given[0]}", f"f|{given}|{family[0]}"}  # the latter: reordered
    keys.update(f"n|{family}|{group}" for group in formal_names(given))
    keys.add(f"s|{given}|{soundex(family)}")
    keys.update(f"s|{group}|{soundex(family)}" for group in formal_names(given))
    return keys
