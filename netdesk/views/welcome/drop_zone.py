"""Where the welcome screen invites the LinkedIn export to be dropped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class DropZone(QLabel):
    """Where to drop the export; the window itself takes the drop (anywhere on it)."""

    def __init__(self) -> None:
        super().__init__(
            "Drop the LinkedIn .zip or Connections.csv here\n"
            "(vCard .vcf files and Google Contacts CSV work too)"
        )
        self.setObjectName("welcomeDropZone")
        self.setAccessibleName("Drop zone for LinkedIn exports and contact files")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(86)
        self.setWordWrap(True)
        self.setStyleSheet(
            "#welcomeDropZone { border: 2px dashed palette(highlight); border-radius: 10px; "
            "color: palette(highlight); font-weight: 600; padding: 10px; }"
        )
