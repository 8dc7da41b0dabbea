"""Whatever bytes arrive, the reader imports them or refuses with its own clear error."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.services.linkedin import ImportFormatError, decode_text, parse_connections
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
    try:
        parsed = read((PREAMBLE + HEADER_2023 + "\n").encode() + data)
    except ImportFormatError as error:
        assert "Connections.csv" in str(error)
    else:
        assert len(parsed.people) + len(parsed.problems) >= 0


cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@SETTINGS
@given(
    st.lists(st.lists(cells, min_size=0, max_size=9), max_size=40),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_arbitrary_rows_in_a_real_layout(rows: list[list[str]], encoding: str) -> None:
    out = io.StringIO()
    out.write(PREAMBLE + HEADER_2023 + "\n")
    csv.writer(out, lineterminator="\n").writerows(rows)
    try:
        parsed = read(out.getvalue().encode(encoding))
    except ImportFormatError as error:
        assert "Connections.csv" in str(error)
        return
    for person in parsed.people:
        assert person.display_name == person.display_name.strip()
        assert person.connected_on is None or len(person.connected_on) == 10
    assert len(parsed.people) + sum(p.kind == "skipped" for p in parsed.problems) <= len(rows)
