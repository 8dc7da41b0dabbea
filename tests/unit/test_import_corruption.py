"""Files that used to import silently corrupted: mixed encodings, stray quotes, control
characters, odd line endings, look-alike LinkedIn hosts and files far beyond LinkedIn's size.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from netdesk.errors import ImportFormatError, TooManyRowsError
from netdesk.services.contacts.records import ContactFilter
from netdesk.services.imports.linkedin_csv import (
    normalise_linkedin_url,
    parse_connections,
    read_connections,
)
from netdesk.services.text import clean_cell
from tests.helpers import HEADER_2023, dump

URL = "https://www.linkedin.com/in/"


def row(given: str, family: str, slug: str = "", company: str = "Acme") -> str:
    url = URL + slug if slug else ""
    return f"{given},{family},{url},,{company},Engineer,07 Feb 2026"


def rows(count: int) -> list[str]:
    return [row(f"Given{n}", f"Family{n}", f"person-{n}") for n in range(count)]


def names(parsed) -> list[tuple[str, str]]:
    return [(p.given_name, p.family_name) for p in parsed.people]


def problems(parsed) -> dict[int | None, str]:
    return {p.line: p.reason for p in parsed.problems}


def save(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_bytes(data)
    return path


# --- encodings -----------------------------------------------------------


def test_one_windows_1252_row_in_a_utf8_file_keeps_every_accent(tmp_path) -> None:
    lines = [HEADER_2023, row("José", "Müller", "jose"), row("Zoë", "Brontë", "zoe")]
    data = ("\n".join(lines) + "\n").encode()
    data += (row("Ana", "Pérez", "ana") + "\n").encode("cp1252")  # line 4
    data += (row("Åsa", "Öberg", "asa") + "\n").encode()

    parsed = read_connections(save(tmp_path, data))

    assert names(parsed) == [
        ("José", "Müller"),
        ("Zoë", "Brontë"),
        ("Ana", "Pérez"),
        ("Åsa", "Öberg"),
    ]
    assert problems(parsed) == {4: "not UTF-8, read as Windows-1252"}


def test_a_windows_1252_file_is_still_read_whole_without_a_problem_per_line(tmp_path) -> None:
    text = "\n".join([HEADER_2023, row("José", "Müller", "jose"), row("Zoë", "B", "zoe")])
    parsed = read_connections(save(tmp_path, text.encode("cp1252")))
    assert names(parsed) == [("José", "Müller"), ("Zoë", "B")]
    assert parsed.problems == []


# --- quotes --------------------------------------------------------------


def test_an_unclosed_quote_mid_file_does_not_merge_the_rows_after_it() -> None:
    lines = [HEADER_2023, *rows(300)]
    lines[230] = '"' + lines[230]  # line 231 of the file
    parsed = parse_connections("\n".join(lines) + "\n", "Connections.csv")

    assert len(parsed.people) == 300
    assert ("Given229", "Family229") in names(parsed)
    assert problems(parsed) == {231: "a quote is not closed; the rows after it were not merged"}
    assert all("\n" not in p.given_name + p.family_name for p in parsed.people)


def test_an_unclosed_quote_in_the_middle_of_a_row_is_reported() -> None:
    lines = [HEADER_2023, *rows(20)]
    lines[5] = 'Given4,"Family4,https://www.linkedin.com/in/p4,,Acme,Engineer,07 Feb 2026'
    parsed = parse_connections("\n".join(lines), "Connections.csv")

    assert len(parsed.people) == 20
    assert 6 in problems(parsed)
    assert ("Given4", "Family4") in names(parsed)


@pytest.mark.parametrize("ending", ["", "\n"])
def test_an_unclosed_quote_at_the_end_is_reported_not_a_family_name(ending) -> None:
    zed = 'Zed,"Last,https://www.linkedin.com/in/zed,,Acme,CEO,07 Feb 2026'
    lines = [HEADER_2023, *rows(3), zed]
    parsed = parse_connections("\n".join(lines) + ending, "Connections.csv")

    assert problems(parsed) == {5: "a quote is not closed; the rows after it were not merged"}
    zed = parsed.people[-1]
    assert (zed.given_name, zed.family_name) == ("Zed", "Last")
    assert zed.linkedin_url == URL + "zed"


def test_a_quoted_field_that_spans_lines_is_kept_as_one_row() -> None:
    text = f'{HEADER_2023}\nAnn,Lee,,,"Acme\nInc",Engineer,07 Feb 2026\n{row("Bo", "Ek")}\n'
    parsed = parse_connections(text, "Connections.csv")
    assert names(parsed) == [("Ann", "Lee"), ("Bo", "Ek")]
    assert parsed.people[0].organisation == "Acme Inc"
    assert parsed.problems == []


# --- control and invisible characters -----------------------------------


def test_a_nul_after_the_first_64_kb_is_not_stored(tmp_path) -> None:
    lines = [HEADER_2023, *rows(1200), row("Nu\x00ll", "Na\x00me", "null")]
    data = "\n".join(lines).encode()
    assert data.index(b"\x00") > 65_536

    parsed = read_connections(save(tmp_path, data))

    assert parsed.people[-1].given_name == "Null"
    assert parsed.people[-1].family_name == "Name"


def test_escape_bell_and_line_breaks_are_stripped_from_names() -> None:
    text = f'{HEADER_2023}\n"An\x1b[31mn\x07","Le\re\nSmith",,,Acme,Engineer,07 Feb 2026\n'
    parsed = parse_connections(text, "Connections.csv")
    person = parsed.people[0]
    assert person.given_name == "An[31mn"
    assert person.family_name == "Le e Smith"


def test_clean_cell_strips_controls_but_keeps_joiners_inside_words() -> None:
    assert clean_cell("A\x00n\x1bn\x07\x7f\x85") == "Ann"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_cell(f" {family} ") == family
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert clean_cell(persian) == persian
    assert clean_cell("\u200dAnn\u200c") == "Ann"
    assert clean_cell("\u200d\u200c") == ""


def test_zwj_emoji_and_zwnj_persian_names_survive_an_import() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    persian = "\u0645\u06cc\u200c\u0646\u0627"
    text = f"{HEADER_2023}\n{row('Kim ' + family, 'Park', 'kim')}\n{row(persian, 'X', 'mina')}\n"
    parsed = parse_connections(text, "Connections.csv")
    assert names(parsed) == [("Kim " + family, "Park"), (persian, "X")]


def test_bidi_overrides_in_names_are_neutralised() -> None:
    given, family = "Eve\u202egro.live\u202c", "Sm\u2066ith\u2069"
    text = f"{HEADER_2023}\n{row(given, family, 'eve')}\n"
    person = parse_connections(text, "Connections.csv").people[0]
    assert person.given_name == "Evegro.live"
    assert person.family_name == "Smith"


# --- line endings --------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r", "mixed"])
def test_cr_only_and_mixed_line_endings_import_every_row(tmp_path, newline) -> None:
    lines = [HEADER_2023, *rows(6)]
    if newline == "mixed":
        text = "".join(line + ("\r", "\n", "\r\n")[n % 3] for n, line in enumerate(lines))
    else:
        text = "\r".join(lines) + "\r"
    parsed = read_connections(save(tmp_path, text.encode()))
    assert names(parsed) == [(f"Given{n}", f"Family{n}") for n in range(6)]
    assert parsed.problems == []


def test_a_cr_inside_a_quoted_cell_of_a_mixed_file_stays_in_that_cell() -> None:
    lines = [HEADER_2023, *rows(2)]
    lines.insert(2, 'Ada,Byron,,,"Analytical\rEngines, Ltd",Countess,07 Feb 2026')
    text = "\n".join(lines[:2]) + "\r" + "\n".join(lines[2:]) + "\n"  # one old-Excel end
    parsed = parse_connections(text, "Connections.csv")
    assert names(parsed) == [("Given0", "Family0"), ("Ada", "Byron"), ("Given1", "Family1")]
    (ada,) = [p for p in parsed.people if p.given_name == "Ada"]
    assert ada.organisation == "Analytical Engines, Ltd"


def test_a_cr_only_file_reports_the_line_a_person_reads() -> None:
    lines = [HEADER_2023, *rows(3), ",,,,,,"]
    lines[2] = ",,https://www.linkedin.com/in/x,,Acme,,"
    parsed = parse_connections("\r".join(lines), "Connections.csv")
    assert problems(parsed) == {3: "no name"}


# --- LinkedIn URLs -------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://linkedin.com.evil.example/in/x",
        "https://evillinkedin.com/in/x",
        "https://www.linkedin.com@evil.example/in/x",
        "https://www.linkedin.com.evil.example/in/x",
    ],
)
def test_a_look_alike_host_is_not_kept_as_a_linkedin_url(url) -> None:
    assert normalise_linkedin_url(url) is None
    text = f"{HEADER_2023}\nAnn,Lee,{url},,Acme,Engineer,07 Feb 2026\n"
    parsed = parse_connections(text, "Connections.csv")
    assert parsed.people[0].linkedin_url is None
    assert problems(parsed) == {2: f"profile URL {url!r} is not a LinkedIn profile URL"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://linkedin.com/in/x", URL + "x"),
        ("https://de.linkedin.com/in/x/", URL + "x"),
        ("http://WWW.LinkedIn.com/in/x?trk=1", URL + "x"),
        ("www.linkedin.com/in/x", URL + "x"),
    ],
)
def test_linkedin_and_its_subdomains_are_kept(url, expected) -> None:
    assert normalise_linkedin_url(url) == expected


# --- size ----------------------------------------------------------------


def test_a_file_far_beyond_linkedins_maximum_is_refused_quickly(services, tmp_path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("\n".join([HEADER_2023, *rows(40_000)]) + "\n", encoding="utf-8")
    before = dump(services.paths.database, history=False)

    started = time.perf_counter()
    with pytest.raises(TooManyRowsError) as raised:
        services.imports.import_linkedin(path)
    elapsed = time.perf_counter() - started

    assert isinstance(raised.value, ImportFormatError)
    message = str(raised.value)
    assert "\n" not in message
    assert "40,000" in message and "30,000" in message and "nothing was imported" in message
    assert elapsed < 1.0
    assert dump(services.paths.database, history=False) == before
    assert services.contacts.query_ids(ContactFilter()) == []


_REFUSE_IN_A_CHILD = """
import resource, sys
from netdesk.errors import TooManyRowsError
from netdesk.services.imports.linkedin_csv import read_connections
try:
    read_connections(sys.argv[1])
except TooManyRowsError as error:
    print(error)
print(int(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:'))))
"""


def test_a_million_rows_are_refused_in_bounded_memory(tmp_path) -> None:
    path = tmp_path / "Connections.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("First Name,Last Name,Company\n")
        out.writelines(f"G{n},F{n},C\n" for n in range(1_000_000))

    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _REFUSE_IN_A_CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    elapsed = time.perf_counter() - started

    message, peak_kilobytes = result.stdout.splitlines()
    assert "1,000,000 rows" in message and "nothing was imported" in message
    assert int(peak_kilobytes) < 300 * 1024
    assert elapsed < 5.0
