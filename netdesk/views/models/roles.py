"""The item-data roles NetDesk's models answer beyond Qt's own, declared once so that
no two models give one number two meanings."""

from __future__ import annotations

from PySide6.QtCore import Qt

_USER = Qt.ItemDataRole.UserRole
ID_ROLE = _USER + 1  # the row's own id: a meeting, a to-do, a template, a question…
CONTACT_ID_ROLE = _USER + 2  # the person a row is about (a contact row: that contact)
PATH_ROLE = _USER + 3  # what a row stands for beyond an id: a backup file, a warm path
