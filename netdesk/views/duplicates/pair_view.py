"""One likely duplicate pair side by side: both people's fields, a choice per field
where they differ (the merge's default picked), and why they look like one person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.duplicates.finder import DuplicatePair
from netdesk.services.duplicates.merge_choices import BOTH, KEPT, OTHER, ChosenField
from netdesk.views.empty_state import MUTED

SHOWN_CHARS = 48  # a longer value (notes) is cut on its button; the tooltip has it all
SIDE_COLUMNS = {KEPT: 1, OTHER: 2}


def shown(value: str) -> str:
    """A value on one line, cut, with its ampersands kept (not mnemonics)."""
    line = " · ".join(part.strip() for part in value.splitlines() if part.strip())
    if len(line) > SHOWN_CHARS:
        line = line[: SHOWN_CHARS - 1].rstrip() + "…"
    return line.replace("&", "&&") if line else "—"


def evidence_text(pair: DuplicatePair) -> str:
    """'Likely the same person (99%): same email bob@smith.org; Bob ~ Robert'."""
    why = "; ".join(pair.evidence)
    score = f"Likely the same person ({round(pair.score * 100)}%)"
    return f"{score}: {why}" if why else score


class PairView(QWidget):
    """The fields of one pair; `choices()` is what the user picked where they differ."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evidence = QLabel()
        self.evidence.setObjectName("duplicateEvidence")
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.PlainText)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.evidence)
        layout.addWidget(scroll, 1)
        self._groups: dict[str, QButtonGroup] = {}
        self.buttons: dict[tuple[str, str], QRadioButton] = {}

    def show_pair(self, pair: DuplicatePair, fields: list[ChosenField]) -> None:
        self.evidence.setText(evidence_text(pair))
        self._clear()
        for column, name in ((1, pair.first_name), (2, pair.second_name)):
            header = QLabel(name)
            header.setObjectName(f"duplicateSide{column}")
            header.setStyleSheet("font-weight: bold;")
            header.setTextFormat(Qt.TextFormat.PlainText)
            self.grid.addWidget(header, 0, column)
        row = 1
        for field in fields:
            if not (field.kept or field.other):
                continue  # neither has it: nothing to choose or to see
            self._add_field(row, field)
            row += 1
        self.grid.setRowStretch(row, 1)

    def _clear(self) -> None:
        for group in self._groups.values():
            group.deleteLater()
        self._groups.clear()
        self.buttons.clear()
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)

    def _add_field(self, row: int, field: ChosenField) -> None:
        label = QLabel(field.label)
        label.setStyleSheet(MUTED)
        self.grid.addWidget(label, row, 0)
        if len(field.sides) == 1 or field.kept == field.other:
            self._add_values(row, field)
            return
        group = QButtonGroup(self)
        self._groups[field.key] = group
        for side, column in SIDE_COLUMNS.items():
            value = field.kept if side == KEPT else field.other
            self._add_button(group, field, side, shown(value), value, row, column)
        if BOTH in field.sides:
            self._add_button(group, field, BOTH, "Keep both", "", row, 3)

    def _add_values(self, row: int, field: ChosenField) -> None:
        """Nothing to choose: every email, phone and tag is kept, equal values are one."""
        joined = len(field.sides) == 1
        for column, value in ((1, field.kept), (2, field.other)):
            # Emails and phones one a line; any other value as on a button.
            words = "\n".join(value.split(", ")) if joined else shown(value).replace("&&", "&")
            text = QLabel(words or "—")
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            text.setToolTip(value)
            self.grid.addWidget(text, row, column)
        if joined:
            note = QLabel("all kept")
            note.setStyleSheet(MUTED)
            self.grid.addWidget(note, row, 3)

    def _add_button(
        self, group: QButtonGroup, field: ChosenField, side: str, text: str, full: str, row, column
    ) -> None:
        button = QRadioButton(text)
        button.setObjectName(f"choose_{field.key}_{side}")
        button.setToolTip(full)
        button.setAccessibleName(f"{field.label}: {full or text}")
        button.setChecked(side == field.default)
        group.addButton(button)
        # At its own size: a click beside the text would not choose it.
        self.grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignLeft)
        self.buttons[field.key, side] = button

    def choices(self) -> dict[str, str]:
        """field -> kept, other or both, for every field that had a choice."""
        chosen = {}
        for (key, side), button in self.buttons.items():
            if button.isChecked():
                chosen[key] = side
        return chosen
