"""The capture dialog's preview: what each typed line becomes, as a table."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from netdesk.services.events.records import PreviewLine
from netdesk.views.models.rows import Column, RowTableModel

STAR = "★"


def outcome(item: PreviewLine) -> str:
    """'New', 'Matches Mia Chen', 'Same as line 2', or why the line is not a person."""
    if item.captured.problem:
        return f"Skipped: {item.captured.problem}"
    if item.contact_id is not None:
        return f"Matches {item.contact_name}"
    if item.same_as_line is not None:
        return f"Same as line {item.same_as_line}"
    return "New"


def _name(item: PreviewLine) -> str:
    # A line that is not a person shows as typed, so the user can find it.
    return item.captured.name or item.captured.text


def _reach(item: PreviewLine) -> str:
    return ", ".join(part for part in (item.captured.email, item.captured.linkedin_url) if part)


def _outcome_tooltip(item: PreviewLine) -> str:
    if item.contact_id is not None:
        return f"{item.contact_name} is already in your contacts (matched by {item.matched_by})"
    return outcome(item)


def _italic_if_skipped(item: PreviewLine) -> QFont | None:
    if not item.captured.problem:
        return None
    font = QFont()
    font.setItalic(True)
    return font


class CapturePreviewModel(RowTableModel[PreviewLine]):
    def __init__(self, parent=None, rows: Iterable[PreviewLine] = ()) -> None:
        super().__init__(parent, rows)

    def columns(self) -> Iterable[Column]:
        italic = {Qt.ItemDataRole.FontRole: _italic_if_skipped}
        return (
            Column(
                "Name",
                _name,
                tooltip=lambda item: item.captured.text,
                accessible=True,
                roles=italic,
            ),
            Column("Organisation", lambda item: item.captured.organisation, accessible=True),
            Column("Email / profile", _reach, accessible=True),
            Column("Note", lambda item: item.captured.note, tooltip=lambda i: i.captured.note),
            Column(
                STAR,
                lambda item: STAR if item.captured.starred else "",
                tooltip=lambda item: (
                    "Starred: propose a conversation" if item.captured.starred else ""
                ),
                accessible=lambda item: "starred" if item.captured.starred else "not starred",
                alignment=Qt.AlignmentFlag.AlignCenter,
            ),
            Column("Who", outcome, tooltip=_outcome_tooltip, accessible=True, roles=italic),
        )

    def people(self) -> int:
        """How many people capturing would add or link (a line naming someone an earlier
        line names is the same person)."""
        people = [item for item in self._rows if not item.captured.problem]
        known = {item.contact_id for item in people if item.contact_id is not None}
        new = [item for item in people if item.contact_id is None and item.same_as_line is None]
        return len(known) + len(new)
