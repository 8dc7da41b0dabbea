"""A person as a vCard and back for CardDAV sync: round trips, a phone's own properties
kept line for line, vCard 2.1/4.0 in, non-Latin names, NetDesk's NOTE line, hostile cards
(issue 17)."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime

import pytest
import vobject

from netdesk.errors import ImportFormatError
from netdesk.services.carddav.vcard_lines import parse_card
from netdesk.services.carddav.vcards import (
    SYNCED_FIELDS,
    CardPerson,
    PersonExtras,
    card_from_person,
    fields_of,
    person_from_card,
)
from netdesk.services.contacts.records import ContactRecord


def person(**changes: object) -> ContactRecord:
    values = dict(
        id=7,
        given_name="Zoë",
        family_name="Ångström",
        display_name="Zoë Ångström",
        organisation="Acme; R&D, Inc",
        role="CTO",
        emails=["zoe@example.org", "z@example.net"],
        phones=["+44 20 7946 0000"],
        linkedin_url="https://www.linkedin.com/in/zoe-angstrom",
        location="Paris, France",
        relation="mentor",
        closeness=4,
        tags=["Board, advisors", "Salon"],
        notes="Met at PyCon.\nLikes tea; coffee too.",
        last_interaction="2026-12-03",
        updated_at="2026-12-27 23:50:00",
    )
    values.update(changes)
    return ContactRecord(**values)


EXTRAS = PersonExtras(keep_in_touch_days=60, next_step="Send a thank-you")


def blocks(card: str) -> list[list[str]]:
    return [p.lines for p in parse_card(card).properties]


def named(card: str, name: str) -> list[list[str]]:
    return [p.lines for p in parse_card(card).properties if p.name == name]


# --- round trips -------------------------------------------------------------------


PEOPLE = [
    person(),
    person(given_name="明", family_name="李", display_name="李明", tags=["北京"], notes="同事"),
    person(given_name="Мария", family_name="Иванова", display_name="Мария Иванова"),
    person(
        emails=[],
        phones=[],
        tags=[],
        notes="",
        linkedin_url="",
        location="",
        role="",
        organisation="",
        last_interaction=None,
        relation="linkedin",
        closeness=1,
    ),
    person(notes="Back\\slash, comma; semicolon\n\n\nand a blank paragraph\n \tindented"),
]


@pytest.mark.parametrize("record", PEOPLE, ids=range(len(PEOPLE)))
@pytest.mark.parametrize("extra", [EXTRAS, PersonExtras(), PersonExtras(30, True)])
def test_person_to_card_to_person_keeps_every_synced_field(record, extra) -> None:
    card = card_from_person(record, extra, "uid-7")
    back = person_from_card(card)
    assert fields_of(back) == fields_of(record, extra)
    assert back.uid == "uid-7"
    assert set(fields_of(back)) == set(SYNCED_FIELDS)
    # And what every other client reads: vobject agrees on the values.
    read = vobject.readOne(card)
    assert read.fn.value == record.display_name
    assert read.n.value.given == record.given_name
    assert read.version.value == "3.0"
    if record.tags:
        assert read.categories.value == record.tags


def test_the_card_says_what_is_netdesks_own() -> None:
    card = card_from_person(person(), EXTRAS, "uid-7")
    lines = card.split("\r\n")
    assert "X-NETDESK-RELATION:mentor" in lines
    assert "X-NETDESK-CLOSENESS:4" in lines
    assert "X-NETDESK-KEEP-IN-TOUCH:60" in lines
    assert "X-NETDESK-LAST-INTERACTION:2026-12-03" in lines
    assert "X-NETDESK-NEXT-STEP:Send a thank-you" in lines
    assert "URL;TYPE=linkedin:https://www.linkedin.com/in/zoe-angstrom" in lines
    assert "CATEGORIES:Board\\, advisors,Salon" in lines
    assert "REV:20261227T235000" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    note = vobject.readOne(card).note.value
    assert note.endswith("\n\nMentor · closeness 4 · last met 3 Dec 2026")
    stopped = card_from_person(person(), PersonExtras(30, True), "u")
    assert "X-NETDESK-KEEP-IN-TOUCH:never" in stopped.split("\r\n")
    revised = PersonExtras(revised=datetime(2026, 12, 28, 9, 5, tzinfo=UTC))
    assert "REV:20261228T090500Z" in card_from_person(person(), revised, "u").split("\r\n")


def test_the_note_line_never_accumulates() -> None:
    record, card = person(), None
    for closeness in (4, 5, 2, 2):
        record = dataclasses.replace(record, closeness=closeness)
        card = card_from_person(record, EXTRAS, "u", base=card)
        back = person_from_card(card)
        record = dataclasses.replace(record, notes=back.notes)  # as the engine applies it
    note = vobject.readOne(card).note.value
    assert note.count("closeness") == 1
    assert (
        note
        == "Met at PyCon.\nLikes tea; coffee too.\n\nMentor · closeness 2 · last met 3 Dec 2026"
    )
    # A phone added a line after NetDesk's: NetDesk's is still taken out, theirs kept.
    assert person_from_card(_unfolded(card, "Call after 6pm")).notes == (
        "Met at PyCon.\nLikes tea; coffee too.\n\nCall after 6pm"
    )


def _unfolded(card: str, appended: str) -> str:
    """*card* with *appended* written after NOTE's last line (as a phone would)."""
    out = []
    for prop in parse_card(card).properties:
        logical = prop.lines[0] + "".join(line[1:] for line in prop.lines[1:])
        out.append(logical + ("\\n" + appended if prop.name == "NOTE" else ""))
    return "BEGIN:VCARD\r\n" + "\r\n".join(out) + "\r\nEND:VCARD\r\n"


def test_relation_and_closeness_fall_back_to_the_note_line_when_a_client_drops_x_props() -> None:
    card = card_from_person(person(relation="friend", closeness=5), EXTRAS, "u")
    dropped = "".join(
        line + "\r\n" for line in card.split("\r\n") if line and not line.startswith("X-")
    )
    back = person_from_card(dropped)
    assert (back.relation, back.closeness) == ("friend", 5)
    bare = person_from_card("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n")
    assert (bare.relation, bare.closeness) == (None, None)  # the card does not say
    assert (bare.given_name, bare.family_name) == ("Ann", "Lee")


# --- a phone's card edited in NetDesk --------------------------------------------------


PHOTO = "PHOTO;ENCODING=b;TYPE=JPEG:" + "/9j/4AAQSkZJRgABAQ" * 40
PHONE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.2//EN\r\n"
    "N:Ångström;Zoë;;Dr.;PhD\r\nFN:Zoë Ångström\r\nORG:Acme\\; R&D\\, Inc;Research\r\n"
    "TITLE:CTO\r\nitem1.EMAIL;type=INTERNET;type=pref:zoe@example.org\r\n"
    "item1.X-ABLabel:_$!<Other>!$_\r\nitem2.EMAIL;type=INTERNET:old@example.com\r\n"
    "item2.X-ABLabel:Old job\r\nTEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0000\r\n"
    "IMPP;X-SERVICE-TYPE=Skype;type=HOME:skype:zoe.a\r\nBDAY:1990-04-01\r\n"
    "X-SOCIALPROFILE;type=linkedin;x-user=zoe-angstrom:http://www.linkedin.com/in/zoe-angstrom\r\n"
    "ADR;type=HOME;type=pref:;;1 Rue de Rivoli;Paris;;75001;France\r\n"
    'X-ANNIVERSARY;X-CUSTOM="a;b:c":2015-06-01\r\nNOTE:Met at PyCon.\r\n'
    + "\r\n ".join(PHOTO[i : i + 74] for i in range(0, len(PHOTO), 74))
    + "\r\nUID:phone-uid-1\r\nEND:VCARD\r\n"
)


def test_a_phones_card_edited_in_netdesk_keeps_what_netdesk_does_not_map() -> None:
    read = person_from_card(PHONE_CARD)
    assert (read.given_name, read.organisation, read.location) == (
        "Zoë",
        "Acme; R&D, Inc",
        "Paris, France",
    )
    assert read.linkedin_url == "https://www.linkedin.com/in/zoe-angstrom"
    assert read.emails == ["zoe@example.org", "old@example.com"]
    # Edited in NetDesk: a new role, the old address gone, a new one, a relation set.
    record = person(
        role="Chief Scientist",
        emails=["zoe@example.org", "zoe@new.example"],
        given_name="Zoé",
        display_name="Zoé Ångström",
        notes=read.notes,
    )
    card = card_from_person(record, EXTRAS, "phone-uid-1", base=PHONE_CARD)
    before, after = blocks(PHONE_CARD), blocks(card)
    for name in (
        "PHOTO",
        "IMPP",
        "BDAY",
        "PRODID",
        "X-ANNIVERSARY",
        "ADR",
        "ORG",
        "X-SOCIALPROFILE",
        "TEL",
        "UID",
    ):
        assert named(card, name) == named(PHONE_CARD, name), name
    assert ["item1.X-ABLabel:_$!<Other>!$_"] in after
    assert ["item1.EMAIL;type=INTERNET;type=pref:zoe@example.org"] in after
    assert ["item2.X-ABLabel:Old job"] not in after  # the label of the address removed
    assert ["EMAIL;TYPE=INTERNET:zoe@new.example"] in after
    assert ["N:Ångström;Zoé;;Dr.;PhD"] in after  # the prefix and suffix stay
    assert ["TITLE:Chief Scientist"] in after and ["TITLE:CTO"] not in after
    assert named(PHONE_CARD, "PHOTO")[0][1:] == named(card, "PHOTO")[0][1:]  # folded alike
    back = person_from_card(card)
    assert fields_of(back) == fields_of(record, EXTRAS)
    assert after.index(named(card, "PHOTO")[0]) > after.index(named(card, "NOTE")[0])
    added = sorted(b[0].split(":")[0].split(";")[0] for b in after if b not in before)
    assert added == [
        "CATEGORIES", "EMAIL", "FN", "N", "NOTE", "REV", "TITLE", "X-NETDESK-CLOSENESS",
        "X-NETDESK-KEEP-IN-TOUCH", "X-NETDESK-LAST-INTERACTION", "X-NETDESK-NEXT-STEP",
        "X-NETDESK-RELATION",
    ]  # fmt: skip


def test_a_card_nobody_changed_is_written_back_byte_for_byte() -> None:
    read = person_from_card(PHONE_CARD)
    record = ContactRecord(
        **{
            name: getattr(read, name)
            for name in (
                "given_name",
                "family_name",
                "display_name",
                "organisation",
                "role",
                "emails",
                "phones",
                "linkedin_url",
                "location",
                "notes",
                "tags",
            )
        },
    )
    first = card_from_person(record, PersonExtras(), "phone-uid-1", base=PHONE_CARD)
    assert first != PHONE_CARD  # NetDesk's own properties and NOTE line were added
    unchanged = [b for b in blocks(PHONE_CARD) if not b[0].startswith("NOTE")]
    assert [b for b in blocks(first) if b in unchanged] == unchanged  # same lines, same order
    again = card_from_person(record, PersonExtras(), "phone-uid-1", base=first)
    assert again == first


def test_a_changed_city_replaces_only_the_address_it_was_read_from() -> None:
    base = PHONE_CARD.replace("UID:", "ADR;type=WORK:;;2 Main St;Lyon;;;France\r\nUID:")
    card = card_from_person(person(location="Berlin"), EXTRAS, "u", base=base)
    assert named(card, "ADR") == [["ADR:;;;Berlin;;;"], ["ADR;type=WORK:;;2 Main St;Lyon;;;France"]]
    assert person_from_card(card).location == "Berlin"
    gone = card_from_person(person(location=""), EXTRAS, "u", base=base)
    assert named(gone, "ADR") == [] and person_from_card(gone).location == ""


# --- other versions and encodings ---------------------------------------------------


CARD_4 = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Мария Иванова\r\nN:Иванова;Мария;;;\r\n"
    'EMAIL;TYPE=work;PREF=1:mailto:maria@example.ru\r\nTEL;VALUE=uri;TYPE="cell,voice":tel:+7-495-000-00-00\r\n'
    "PHOTO:data:image/png;base64,iVBORw0KGgo=\r\nKIND:individual\r\n"
    "CATEGORIES:Друзья,Работа\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nEND:VCARD\r\n"
)


def test_vcard_4_is_read_and_stays_4_when_written_back() -> None:
    read = person_from_card(CARD_4)
    assert (read.given_name, read.family_name) == ("Мария", "Иванова")
    assert read.emails == ["maria@example.ru"] and read.phones == ["+7-495-000-00-00"]
    assert read.tags == ["Друзья", "Работа"] and read.version == "4.0"
    assert read.uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    record = person(given_name="Мария", family_name="Иванова", display_name="Мария Иванова",
                    emails=["maria@example.ru"], phones=["+7-495-000-00-00"])  # fmt: skip
    card = card_from_person(record, EXTRAS, read.uid, base=CARD_4)
    assert named(card, "VERSION") == [["VERSION:4.0"]]  # its data: PHOTO is 4.0's
    for name in ("PHOTO", "KIND", "EMAIL", "TEL"):
        assert named(card, name) == named(CARD_4, name), name


def test_vcard_2_1_quoted_printable_and_8_bit_bytes() -> None:
    card_21 = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Erste Zeile=0D=0A=\r\nzweite Zeile\r\n"
        "TEL;CELL;VOICE:+49 151 0000\r\nEND:VCARD\r\n"
    )
    read = person_from_card(card_21)
    assert (read.given_name, read.family_name) == ("Jürgen", "Müller")
    assert read.notes == "Erste Zeile\nzweite Zeile"
    assert read.phones == ["+49 151 0000"]
    written = card_from_person(person(), EXTRAS, "u", base=card_21)
    assert named(written, "VERSION") == [["VERSION:3.0"]]
    latin1 = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nEND:VCARD\r\n".encode("cp1252")
    assert person_from_card(latin1).display_name == "Zoë Ångström"
    encoded = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:=?UTF-8?B?Wm/DqyDDhW5nc3Ryw7Zt?=\r\nEND:VCARD\r\n"
    assert person_from_card(encoded).display_name == "Zoë Ångström"


def test_fields_of_ignores_what_is_not_a_change() -> None:
    a = CardPerson(emails=["Ada@Example.org"], tags=["b", "a"], phones=["+44  20 1"])
    b = CardPerson(emails=["ada@example.org"], tags=["a", "b"], phones=["+44 20 1"])
    assert fields_of(a) == fields_of(b)
    assert fields_of(a) != fields_of(dataclasses.replace(b, tags=["a"]))
    assert a.categories == ["b", "a"]


# --- hostile cards -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "no BEGIN:VCARD"),
        ("FN:Nobody\r\n", "no BEGIN:VCARD"),
        ("BEGIN:VCARD\r\nFN:Cut short\r\n", "END:VCARD"),
        (
            "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n",
            "more than one",
        ),
        ("BEGIN:VCARD\r\nFN:A\x00B\r\nEND:VCARD\r\n", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("BEGIN:VCARD\r\nNOTE:" + "x" * (17 * 1024 * 1024) + "\r\nEND:VCARD\r\n", "MB"),
    ],
)
def test_what_is_not_one_card_is_refused_with_a_reason(text, says) -> None:
    with pytest.raises(ImportFormatError, match=says):
        person_from_card(text)


def test_controls_bidi_and_formulas_are_read_as_plain_text() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ev\u202eil\u200b Name\x07\r\nN:;Ev\u202eil;;;\r\n"
        'ORG:=HYPERLINK("http://x")\r\nTITLE:+SUM(A1)\r\nNOTE:line\u202e one\\nline\x1b two\r\n'
        "EMAIL:" + "a" * 300_000 + "@x.org\r\nthis line is not a property\r\n"
        'TEL;TYPE="unclosed:+1 555\r\nX-NETDESK-CLOSENESS:99\r\nX-NETDESK-RELATION:root\r\n'
        "X-NETDESK-LAST-INTERACTION:not a date\r\nCATEGORIES:"
        + ",".join(map(str, range(500)))
        + "\r\nEND:VCARD\r\n"
    )
    read = person_from_card(card)
    assert read.display_name == "Evil Name"
    assert read.given_name == "Evil"
    assert read.organisation == '=HYPERLINK("http://x")'  # text: the CSV export guards it
    assert read.role == "+SUM(A1)"
    assert read.notes == "line one\nline two"
    assert read.emails == []  # longer than any value NetDesk reads
    assert (read.relation, read.closeness, read.last_interaction) == (None, None, None)
    assert len(read.tags) == 100
    # And written back with its unreadable lines as they were.
    written = card_from_person(person(), EXTRAS, "u", base=card)
    assert "this line is not a property\r\n" in written


def test_mangled_cards_never_raise_anything_but_a_refusal() -> None:
    rng = random.Random(17)
    source = PHONE_CARD + CARD_4
    good = card_from_person(person(), EXTRAS, "u", base=PHONE_CARD)
    read_count = 0
    for _ in range(300):
        text = list(rng.choice([good, PHONE_CARD, CARD_4, source]))
        for _ in range(rng.randint(1, 20)):
            at = rng.randrange(len(text))
            text[at] = rng.choice(["\\", ";", ":", ",", "\r\n", " ", "=", '"', "\u202e", "é", ""])
        mangled = "".join(text)
        try:
            read = person_from_card(mangled)
        except ImportFormatError:
            continue
        read_count += 1
        assert isinstance(read, CardPerson)
        try:
            rewritten = card_from_person(person(), EXTRAS, "u", base=mangled)
        except ImportFormatError:
            continue
        assert fields_of(person_from_card(rewritten)) == fields_of(person(), EXTRAS)
    assert read_count > 100  # most mangled cards are still read, not refused
