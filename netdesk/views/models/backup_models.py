"""The backups in the backups folder, newest first."""

from __future__ import annotations

from pathlib import Path

from netdesk.services.backup import Backup
from netdesk.views.models.roles import PATH_ROLE
from netdesk.views.models.rows import Column, RowListModel


class BackupListModel(RowListModel[Backup]):
    def columns(self):
        return (Column(text=lambda b: b.label, accessible=True, tooltip=lambda b: str(b.path)),)

    def row_roles(self):
        return {PATH_ROLE: lambda backup: str(backup.path)}

    def set_backups(self, backups: list[Backup]) -> None:
        self.set_rows(backups)

    def backup(self, row: int) -> Backup | None:
        return self.row_at(row)

    def path(self, row: int) -> Path | None:
        found = self.backup(row)
        return found.path if found else None
