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


def test_a_json_restore_offers_no_undo_of_an_import(qtbot) -> None:
    from netdesk.services.imports.summary import ImportSummary
    from netdesk.views.import_summary import ImportSummaryDialog

    restored = ImportSummaryDialog(ImportSummary(None, "everything.json", added=200))
    qtbot.addWidget(restored)
    assert not restored.undo_button.isEnabled()
    imported = ImportSummaryDialog(ImportSummary(7, "Connections.csv", added=200))
    qtbot.addWidget(imported)
    assert imported.undo_button.isEnabled()
