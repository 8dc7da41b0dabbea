"""Small text helpers shared by importers and the contact service."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters people (and LinkedIn) use as an "invisible" name or that sneak in
# from copy-paste: zero-width marks, fillers, BOM, soft hyphen; and characters that must
# never reach a single-line field: C0/C1 controls (NUL, ESC, BEL...) and the bidi
# embeddings, overrides and isolates that can make a name display as something else.
_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), 0x0E, *range(0x0F, 0x20), *range(0x7F, 0xA0)]))
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
        "\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5" + _BIDI + _CONTROLS,
    )
)
_WIDE_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000\u2028\u2029\x85\x0b\x0c\t\r\n",
    ),
    " ",
)
_CLEAN_TABLE = {**_INVISIBLE, **_WIDE_SPACES}
_SPACES = re.compile(r" {2,}")
# ZWJ and ZWNJ join emoji sequences and shape Persian or Indic words: kept between two
# visible characters, dropped where they only pad a name or make one look blank.
_JOINERS = "\u200c\u200d"
_LOOSE_JOINERS = re.compile(r"(?<!\S)[\u200c\u200d]+|[\u200c\u200d]+(?!\S)")


_SPECIAL_CHARACTERS = "".join(chr(c) for c in _CLEAN_TABLE if chr(c) not in "\r\n\t") + _JOINERS
_SPECIAL = re.compile(f"[{re.escape(_SPECIAL_CHARACTERS)}]")
# The first UTF-8 byte of every special character: none of them starts an accented letter
# except \xc2 (NBSP and the C1 controls), which only Latin-1 symbols share.
_SPECIAL_LEAD_BYTES = sorted({ch.encode()[:1] for ch in _SPECIAL_CHARACTERS if ord(ch) > 0x7F})
# Every byte but the ASCII controls a cell must not keep (tab, CR and LF are line
# structure here; a cell holding one is cleaned through the multi-line path).
_NOT_ASCII_CONTROL = bytes(b for b in range(256) if (b >= 0x20 and b != 0x7F) or b in b"\t\r\n")


def needs_cleaning(text: str) -> bool:
    """True if any cell of *text* could need more than strip() (one scan of the whole text)."""
    if "  " in text or "\t" in text:
        return True
    if text.count("\r") != text.count("\r\n"):  # a CR left inside a cell (see csv_lines)
        return True
    # A regular expression tests each character (about 60 instructions each); encoding,
    # bytes.translate() and memchr() for the rare lead bytes cost a fraction of that.
    data = text.encode("utf-8", "surrogatepass")
    if data.translate(None, _NOT_ASCII_CONTROL):
        return True
    if len(data) == len(text):  # ASCII
        return False
    if not any(lead in data for lead in _SPECIAL_LEAD_BYTES):
        return False
    return _SPECIAL.search(text) is not None


def clean_cell(value: str) -> str:
    """Trim, drop invisible and control characters, fold odd spaces and line breaks to one
    plain space; ZWJ/ZWNJ stay inside words."""
    if not value:
        return ""
    if value.isascii() and value.isprintable() and "  " not in value:
        return value.strip()
    value = value.translate(_CLEAN_TABLE)
    if "\u200c" in value or "\u200d" in value:
        value = _LOOSE_JOINERS.sub("", value)
    if "  " in value:
        value = _SPACES.sub(" ", value)
    return value.strip()


_NO_JOINERS = dict.fromkeys(map(ord, _JOINERS))


@lru_cache(maxsize=65_536)
def fold(value: str) -> str:
    """Case- and accent-insensitive form used for matching and sorting."""
    if value.isascii():
        return " ".join(value.casefold().split())
    # Joiners change how a name looks, not who it is: matching ignores them.
    decomposed = unicodedata.normalize("NFKD", value.casefold().translate(_NO_JOINERS))
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
