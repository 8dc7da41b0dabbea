"""Settings → General: where the data is, and the reminders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.views.settings.common import muted, open_folder


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return "not created yet"
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, size // 1024)} kB"


class GeneralPage(QWidget):
    """Where the data is, and the reminders (their own dialog, shared with People)."""

    reminders_requested = Signal()

    def __init__(
        self,
        data_dir: Path,
        database: Path,
        has_reminders: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("generalPage")
        self.folder = QLabel(str(data_dir))
        self.folder.setObjectName("dataFolder")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setAccessibleName("Data folder")
        self.folder.setWordWrap(True)
        show = QPushButton("Show Data Folder")
        show.setObjectName("showDataFolder")
        show.clicked.connect(lambda: open_folder(data_dir))
        form = QFormLayout()
        form.addRow("Folder", self.folder)
        form.addRow("Database", QLabel(f"{database.name} · {_size(database)}"))
        data_box = QGroupBox("Your data")
        data_layout = QVBoxLayout(data_box)
        data_layout.addLayout(form)
        data_layout.addWidget(
            muted(
                "Everything NetDesk knows is in this one file, on this computer only. To keep it "
                "somewhere else, start NetDesk with <code>--data-dir FOLDER</code> or set "
                "<code>NETDESK_DATA_DIR</code>. Backups: see the Backups page."
            )
        )
        row = QHBoxLayout()
        row.addWidget(show)
        row.addStretch(1)
        data_layout.addLayout(row)

        reminders_box = QGroupBox("Reminders")
        reminders_layout = QVBoxLayout(reminders_box)
        reminders_layout.addWidget(
            muted(
                "How often to hear from people by how you know them (family every month, "
                "colleagues every three months, LinkedIn-only people never), when an outreach "
                "request counts as unanswered, and whether to be told at start."
            )
        )
        self.reminders = QPushButton("Keep-in-Touch Reminders…")
        self.reminders.setObjectName("editReminders")
        self.reminders.setEnabled(has_reminders)
        self.reminders.clicked.connect(self.reminders_requested)
        row = QHBoxLayout()
        row.addWidget(self.reminders)
        row.addStretch(1)
        reminders_layout.addLayout(row)

        layout = QVBoxLayout(self)
        layout.addWidget(data_box)
        layout.addWidget(reminders_box)
        layout.addStretch(1)

    def save(self) -> bool:
        return True  # everything here acts at once
