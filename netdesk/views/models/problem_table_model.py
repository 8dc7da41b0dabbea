"""The rows an import skipped or imported with a warning, for the summary dialog."""

from __future__ import annotations

from netdesk.services.imports.summary import Problem
from netdesk.views.models.rows import Column, RowTableModel


def _what_happened(problem: Problem) -> str:
    return "Skipped" if problem.kind == "skipped" else "Imported, value left out"


class ProblemTableModel(RowTableModel[Problem]):
    def __init__(self, problems: list[Problem], parent=None) -> None:
        super().__init__(parent, problems)

    def columns(self):
        return (
            Column("Line", lambda p: "" if p.line is None else str(p.line)),
            Column("What happened", _what_happened),
            Column("Why", lambda p: p.reason),
        )
