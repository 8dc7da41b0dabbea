"""Exact keys of a person: two spellings of one mailbox, phone or LinkedIn profile get
one key, so that the finder compares keys, never raw text.

phonenumbers is imported inside the functions (the command line and the window start
without it)."""

from __future__ import annotations

import locale
import re
from functools import lru_cache
from urllib.parse import unquote

from netdesk.services.mailscan.addresses import address_key

MAX_FIELD = 1_000  # longer is no phone number or profile address: not a key
_DIGITS = re.compile(r"\d")
_PROFILE = re.compile(r"^https://www\.linkedin\.com/(?:mwlite/)?in/([^/]+)", re.IGNORECASE)


def email_keys(emails: list[str]) -> set[str]:
    """Mailbox keys ("Dana.Cruz+x@GoogleMail.com" -> "danacruz@gmail.com")."""
    keys = set()
    for email in emails:
        key = address_key(email)
        if key:
            keys.add(key)
    return keys


def default_region() -> str | None:
    """The country of the user's locale ("en_GB" -> "GB"), for numbers written without
    +country; None when the locale names none (then only international numbers match
    across spellings)."""
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:  # an unknown locale in the environment
        return None
    _, _, region = name.partition("_")
    region = region[:2].upper()
    return region if len(region) == 2 and region.isalpha() else None


@lru_cache(maxsize=65_536)
def phone_key(text: str, region: str | None = None) -> str | None:
    """E.164 ("+14155550100") when phonenumbers reads *text* as a possible number (in
    *region* if it has no +country); else its digits when there are at least 7 (the same
    digits written twice are the same number); None otherwise."""
    if not text or len(text) > MAX_FIELD:
        return None
    digits = "".join(_DIGITS.findall(text))
    if len(digits) < 7 or len(digits) > 17:
        return None
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return f"digits:{digits}"
    if not phonenumbers.is_possible_number(number):
        return f"digits:{digits}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_keys(phones: list[str], region: str | None = None) -> set[str]:
    return {key for key in (phone_key(p.strip(), region) for p in phones) if key}


@lru_cache(maxsize=65_536)
def profile_key(url: str | None) -> str | None:
    """A LinkedIn profile's slug, case-folded and unquoted ("linkedin.com/in/Dana-Cruz/"
    and "https://de.linkedin.com/in/dana-cruz?trk=x" -> "dana-cruz"); None for anything
    that is no profile address."""
    if not url or len(url) > MAX_FIELD:
        return None
    from netdesk.services.imports.linkedin_csv import normalise_linkedin_url

    normal = normalise_linkedin_url(url)
    if normal is None:
        return None
    match = _PROFILE.match(normal)
    if match is None:
        return None
    slug = unquote(match.group(1)).casefold().strip()
    return slug or None
