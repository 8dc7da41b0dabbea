"""Small text helpers shared by importers and the contact service."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters people (and LinkedIn) use as an "invisible" name or that sneak in
# from copy-paste: zero-width marks, fillers, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
        "\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5",
    )
)
_WIDE_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000\t\r\n",
    ),
    " ",
)
_CLEAN_TABLE = {**_INVISIBLE, **_WIDE_SPACES}
_SPACES = re.compile(r" {2,}")


_SPECIAL_CHARACTERS = "".join(chr(c) for c in _CLEAN_TABLE if chr(c) not in "\r\n\t")
_SPECIAL = re.compile(f"[{_SPECIAL_CHARACTERS}]")
# The first UTF-8 byte of every special character: none of them starts an accented letter.
_SPECIAL_LEAD_BYTES = sorted({ch.encode()[:1] for ch in _SPECIAL_CHARACTERS})


def needs_cleaning(text: str) -> bool:
    """True if any cell of *text* could need more than strip() (one scan of the whole text)."""
    if "  " in text or "\t" in text:
        return True
    if text.isascii():
        return False
    # A regular expression tests each character (about 60 instructions each); encoding and
    # memchr() for the rare lead bytes cost a fifth of that, and settle most files.
    data = text.encode("utf-8", "surrogatepass")
    if not any(lead in data for lead in _SPECIAL_LEAD_BYTES):
        return False
    return _SPECIAL.search(text) is not None


def clean_cell(value: str) -> str:
    """Trim, drop invisible characters and fold odd spaces to one plain space."""
    if not value:
        return ""
    if value.isascii() and "  " not in value and "\t" not in value:
        return value.strip()
    value = value.translate(_CLEAN_TABLE)
    if "  " in value:
        value = _SPACES.sub(" ", value)
    return value.strip()


@lru_cache(maxsize=65_536)
def fold(value: str) -> str:
    """Case- and accent-insensitive form used for matching and sorting."""
    if value.isascii():
        return " ".join(value.casefold().split())
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


@lru_cache(maxsize=65_536)
def name_key(display_name: str, organisation: str) -> str:
    """Identity of a person without a profile URL: folded name plus folded organisation."""
    return f"{fold(display_name)}|{fold(organisation)}"


@lru_cache(maxsize=65_536)
def sort_name(display_name: str) -> str:
    """Sort key for names: folded, ignoring leading quotes, emoji and punctuation."""
    folded = fold(display_name)
    for index, ch in enumerate(folded):
        if ch.isalnum():
            return folded[index:]
    return folded


def join_lines(values: list[str]) -> str:
    return "\n".join(v for v in values if v)


def split_lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """'1 person', '2,000 people', '0 requests': the noun agrees with the number."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {noun}"
