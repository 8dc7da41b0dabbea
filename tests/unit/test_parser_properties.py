"""Whatever bytes arrive, the reader imports them or refuses with its own clear error."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.errors import ImportFormatError
from netdesk.services.imports.decoding import decode_text
from netdesk.services.imports.linkedin_csv import parse_connections
from tests.helpers import HEADER_2023, PREAMBLE

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(data: bytes):
    return parse_connections(decode_text(data, "Connections.csv"), "Connections.csv")


@SETTINGS
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        parsed = read(data)
    except ImportFormatError as error:
        assert "Connections.csv" in str(error)
    else:
        assert all(p.display_name for p in parsed.people)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_a_real_header(data: bytes) -> None:
    head = (PREAMBLE + HEADER_2023 + "\n").encode()
    try:
        parsed = read(head + data)
    except ImportFormatError as error:
        assert "Connections.csv" in str(error)
        return
    first_data_line = head.count(b"\n") + 1  # the preamble and header take lines 1-4
    # Each row read is one person or one skipped line, and the rows cannot outnumber the
    # lines they were read from (a row may span several lines, never less than one).
    skipped = [p.line for p in parsed.problems if p.kind == "skipped"]
    assert parsed.total_rows == len(parsed.people) + len(skipped)
    assert parsed.total_rows <= data.count(b"\n") + data.count(b"\r") + 1
    # Everyone is named and comes from a data line, in file order, each line once.
    lines = [p.line for p in parsed.people]
    assert all(p.display_name for p in parsed.people)
    assert lines == sorted(set(lines))
    assert not set(lines) & set(skipped)
    assert all(line >= first_data_line for line in lines + skipped)


cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@SETTINGS
@given(
    st.lists(st.lists(cells, min_size=0, max_size=9), max_size=40),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_arbitrary_rows_in_a_real_layout(rows: list[list[str]], encoding: str) -> None:
    out = io.StringIO()
    out.write(PREAMBLE + HEADER_2023 + "\r\n")
    # As RFC 4180 and LinkedIn write it: CRLF line ends, so a cell holding a CR or an LF
    # is quoted (a bare CR between two rows of a LF file is an old Excel line end).
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    try:
        parsed = read(out.getvalue().encode(encoding))
    except ImportFormatError as error:
        assert "Connections.csv" in str(error)
        return
    for person in parsed.people:
        assert person.display_name == person.display_name.strip()
        assert person.connected_on is None or len(person.connected_on) == 10
    assert len(parsed.people) + sum(p.kind == "skipped" for p in parsed.problems) <= len(rows)
