"""Google Contacts CSV and vCard files that used to import silently corrupted: one
Windows-1252 line in a UTF-8 file, a quote never closed, old Excel's CR-only line ends,
a NUL deep in the file, and files far beyond any address book's size.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from netdesk.errors import ImportFormatError, TooManyRowsError
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from tests.helpers import dump

HEADER = "First Name,Last Name,Organization Name,E-mail 1 - Value,Notes"
REPAIRED = "not UTF-8, read as Windows-1252"
QUOTE = "a quote is not closed; the rows after it were not merged"


def row(given: str, family: str, n: int = 0) -> str:
    return f"{given},{family},Acme,p{n}@example.org,"


def rows(count: int) -> list[str]:
    return [row(f"Given{n}", f"Family{n}", n) for n in range(count)]


def save(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def everyone(services) -> dict[str, ContactRecord]:
    ids = services.contacts.query_ids(ContactFilter())
    return {record.display_name: record for record in map(services.contacts.get, ids)}


def reasons(summary) -> dict[int | None, str]:
    return {p.line: p.reason for p in summary.problems}


# --- Google Contacts CSV ---------------------------------------------------------


def test_one_windows_1252_row_in_a_utf8_google_csv_keeps_every_accent(services, tmp_path) -> None:
    data = (f"{HEADER}\n{row('José', 'Müller', 1)}\n{row('Zoë', 'Brontë', 2)}\n").encode()
    data += (row("Ana", "Pérez", 3) + "\n").encode("cp1252")  # line 4
    data += (row("Åsa", "Öberg", 4) + "\n").encode()

    summary = services.interchange.import_file(save(tmp_path, "contacts.csv", data))

    assert summary.added == 4
    assert reasons(summary) == {4: REPAIRED}
    expected = ["Ana Pérez", "Zoë Brontë", "José Müller", "Åsa Öberg"]
    assert sorted(everyone(services)) == sorted(expected)


def test_an_unclosed_quote_mid_google_csv_does_not_merge_the_rows_after_it(
    services, tmp_path
) -> None:
    lines = [HEADER, *rows(300)]
    lines[230] = '"' + lines[230]  # line 231 of the file
    path = save(tmp_path, "contacts.csv", ("\n".join(lines) + "\n").encode())

    summary = services.interchange.import_file(path)

    assert summary.added == 300
    assert reasons(summary) == {231: QUOTE}
    people = everyone(services)
    assert "Given229 Family229" in people and "Given299 Family299" in people
    assert all("\n" not in name for name in people)


def test_an_unclosed_quote_at_the_end_is_not_a_family_name(services, tmp_path) -> None:
    lines = [HEADER, *rows(3), 'Zed,"Last,Acme,zed@example.org,']
    path = save(tmp_path, "contacts.csv", "\n".join(lines).encode())

    summary = services.interchange.import_file(path)

    assert reasons(summary) == {5: QUOTE}
    assert everyone(services)["Zed Last"].emails == ["zed@example.org"]


@pytest.mark.parametrize("newline", ["\r", "\r\n\r"])
def test_a_cr_only_google_csv_imports_every_row(services, tmp_path, newline) -> None:
    text = "\n".join([HEADER, *rows(50)]) + "\n"
    text = text.replace("\n", newline) if newline == "\r" else text.replace("\n", "\r", 20)
    summary = services.interchange.import_file(save(tmp_path, "contacts.csv", text.encode()))
    assert summary.added == 50
    assert summary.problems == []


def test_a_nul_deep_in_a_google_csv_is_not_stored(services, tmp_path) -> None:
    nul = "Nu\x00ll,Na\x00me,Acme,nul@example.org,Bell\x07 and NUL\x00 note"
    lines = [HEADER, *rows(2000), nul]
    data = "\n".join(lines).encode()
    assert data.index(b"\x00") > 65_536

    services.interchange.import_file(save(tmp_path, "contacts.csv", data))

    assert everyone(services)["Null Name"].notes == "Bell and NUL note"


def test_a_google_csv_far_beyond_any_address_book_is_refused_quickly(services, tmp_path) -> None:
    text = "\n".join([HEADER, *rows(150_000)]) + "\n"
    path = save(tmp_path, "contacts.csv", text.encode())
    before = dump(services.paths.database, history=False)

    started = time.perf_counter()
    with pytest.raises(TooManyRowsError) as raised:
        services.interchange.import_file(path)
    elapsed = time.perf_counter() - started

    assert isinstance(raised.value, ImportFormatError)
    message = str(raised.value)
    assert "\n" not in message
    assert "150,000" in message and "100,000" in message and "nothing was imported" in message
    assert elapsed < 2.0
    assert dump(services.paths.database, history=False) == before


# --- vCard -----------------------------------------------------------------------


def card(full: str) -> str:
    given, family = full.split()
    return f"BEGIN:VCARD\nVERSION:3.0\nN:{family};{given}\nFN:{full}\nEND:VCARD\n"


def test_one_windows_1252_line_in_a_utf8_vcard_is_reported_and_read(services, tmp_path) -> None:
    data = (card("José Müller") + card("Zoë Brontë")).encode()
    data += b"BEGIN:VCARD\nVERSION:3.0\n"
    data += "N:Pérez;Ana\n".encode("cp1252")  # line 13
    data += "FN:Ana Pérez\nEND:VCARD\n".encode()

    summary = services.interchange.import_file(save(tmp_path, "contacts.vcf", data))

    assert summary.added == 3
    assert reasons(summary) == {13: REPAIRED}
    assert sorted(everyone(services)) == sorted(["Ana Pérez", "Zoë Brontë", "José Müller"])
