"""The duplicate finder's matching rules one by one: mailbox, phone and profile keys,
name parts, nicknames, typos, transliterations, reordered names, initials, accents."""

from __future__ import annotations

import pytest

from netdesk.services.duplicates import keys
from netdesk.services.duplicates.names import Name, block_keys, name_match, parse_name


def test_one_mailbox_spelled_three_ways_is_one_key() -> None:
    spellings = ["Dana.Cruz@gmail.com", "danacruz+work@GoogleMail.com", "DANA.CRUZ@gmail.com"]
    assert keys.email_keys(spellings) == {"danacruz@gmail.com"}
    assert keys.email_keys(["dana.cruz@northwind.example"]) == {"dana.cruz@northwind.example"}
    assert keys.email_keys(["not an address", ""]) == set()


def test_phones_become_e164_in_the_default_region() -> None:
    assert keys.phone_key("(415) 555-0100", "US") == "+14155550100"
    assert keys.phone_key("+1 415 555 0100") == "+14155550100"
    assert keys.phone_key("020 7946 0958", "GB") == "+442079460958"
    # Without a region a national number is known by its digits only.
    assert keys.phone_key("(415) 555-0100") == "digits:4155550100"
    assert keys.phone_key("12") is None
    assert keys.phone_key("x" * 5_000) is None


def test_the_default_region_comes_from_the_locale(monkeypatch) -> None:
    monkeypatch.setattr(keys.locale, "getlocale", lambda: ("en_GB", "UTF-8"))
    assert keys.default_region() == "GB"
    monkeypatch.setattr(keys.locale, "getlocale", lambda: (None, None))
    assert keys.default_region() is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/dana-cruz",
        "http://de.linkedin.com/in/Dana-Cruz/",
        "linkedin.com/in/dana-cruz?trk=people",
        "HTTPS://WWW.LINKEDIN.COM/IN/DANA-CRUZ",
    ],
)
def test_a_profile_address_written_any_way_is_one_key(url: str) -> None:
    assert keys.profile_key(url) == "dana-cruz"


def test_what_is_no_profile_has_no_key() -> None:
    assert keys.profile_key("https://linkedin.com.evil.example/in/dana") is None
    assert keys.profile_key("https://www.linkedin.com/company/northwind") is None
    assert keys.profile_key("") is None and keys.profile_key(None) is None


def test_names_are_read_from_the_fields_or_the_display_name() -> None:
    assert parse_name("Mia", "Chen", "whatever") == Name("mia", "chen")
    assert parse_name("", "", "Dr. Mia J. Chen, PhD") == Name("mia", "chen")
    assert parse_name("", "", "Chen, Mia") == Name("mia", "chen")
    assert parse_name("José", "García López", "") == Name("jose", "garcialopez")
    assert parse_name("", "", "dana@x.example") == Name("", "")


def score(a: tuple[str, str], b: tuple[str, str]) -> tuple[float, list[str]]:
    return name_match(parse_name(*a, ""), parse_name(*b, ""))


@pytest.mark.parametrize(
    ("a", "b", "words"),
    [
        (("Bob", "Smith"), ("Robert", "Smith"), "Bob ~ Robert"),
        (("Liz", "Okafor"), ("Elizabeth", "Okafor"), "Liz ~ Elizabeth"),
        (("Bill", "Ng"), ("William", "Ng"), "Bill ~ William"),
        (("Peggy", "Ruiz"), ("Margaret", "Ruiz"), "Peggy ~ Margaret"),
        (("Kate", "Wei"), ("Katherine", "Wei"), "Kate ~ Katherine"),
        (("Alex", "Volkov"), ("Alexandra", "Volkov"), "Alex ~ Alexandra"),
        (("Aleksandr", "Volkov"), ("Alexander", "Volkov"), "Aleksandr ~ Alexander"),
        (("Jonathan", "Smtih"), ("Jonathan", "Smith"), "Smtih ~ Smith"),
        (("Jonahtan", "Smith"), ("Jonathan", "Smith"), "Jonahtan ~ Jonathan"),
        (("Anna", "Schmidt"), ("Anna", "Shmidt"), "Schmidt ~ Shmidt"),
        (("M.", "Chen"), ("Mia", "Chen"), "M. ~ Mia"),
        (("Chen", "Mia"), ("Mia", "Chen"), "name written the other way round"),
        (("José", "García"), ("Jose", "Garcia"), "same name"),
        (("Łukasz", "Wiśniewski"), ("Lukasz", "Wisniewski"), "same name"),
    ],
)
def test_one_person_written_two_ways(a, b, words: str) -> None:
    value, evidence = score(a, b)
    assert value >= 0.85
    assert words in evidence


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Daniel", "Kim"), ("Daniela", "Kim")),  # two known names
        (("Alexander", "Volkov"), ("Alexandra", "Volkov")),  # Alex is both, they are not
        (("Julian", "Adeyemi"), ("Juliana", "Adeyemi")),  # a female form, not a typo
        (("Anna", "Kowalski"), ("Piotr", "Kowalski")),  # family members
        (("Mia", "Chen"), ("Mia", "Chang")),
        (("M.", "Chen"), ("Priya", "Chen")),
        (("", ""), ("", "")),
    ],
)
def test_two_people_are_never_one_name(a, b) -> None:
    assert score(a, b)[0] == 0.0


def test_nicknames_reordered_names_and_initials_share_a_block() -> None:
    def shared(a: Name, b: Name) -> bool:
        return bool(block_keys(a) & block_keys(b))

    mia = Name("mia", "chen")
    assert shared(Name("bob", "smith"), Name("robert", "smith"))
    assert shared(mia, Name("chen", "mia"))
    assert shared(mia, Name("m", "chen"))
    assert shared(Name("anna", "schmidt"), Name("anna", "shmidt"))
    assert not shared(mia, Name("priya", "patel"))
    assert block_keys(Name("", "")) == set()
