"""The import summary's sentence about skipped rows reads as English for any count."""

from __future__ import annotations

import pytest

from netdesk.views.import_summary import problems_sentence


@pytest.mark.parametrize(
    ("skipped", "warnings", "start"),
    [
        (1, 0, "1 row was skipped."),
        (2, 0, "2 rows were skipped."),
        (0, 1, "1 row was imported with a value left out."),
        (3, 1, "3 rows were skipped and 1 row was imported with a value left out."),
        (1_204, 2, "1,204 rows were skipped and 2 rows were imported with a value left out."),
    ],
)
def test_counts_agree_with_their_nouns(skipped: int, warnings: int, start: str) -> None:
    assert problems_sentence(skipped, warnings).startswith(start)
