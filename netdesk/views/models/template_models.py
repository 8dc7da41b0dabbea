"""Item model for email templates: a short list, held as rows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from netdesk.services.templates import PURPOSES, EmailTemplate
from netdesk.views.models.roles import ID_ROLE


class TemplateListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[EmailTemplate] = []

    def set_templates(self, templates: list[EmailTemplate]) -> None:
        self.beginResetModel()
        self._rows = list(templates)
        self.endResetModel()

    def template(self, row: int) -> EmailTemplate | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, template_id: int | None) -> int | None:
        for row, template in enumerate(self._rows):
            if template.id == template_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        template = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return template.name
        if role == Qt.ItemDataRole.ToolTipRole:
            origin = "our default, edited or not" if template.builtin_key else "your own"
            return f"{PURPOSES.get(template.purpose, template.purpose)} · {origin}"
        if role == ID_ROLE:
            return template.id
        return None
