"""Settings → Backups: daily, how many, where; back up or restore now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import BackupError
from netdesk.services.backup import KEEP_RANGE, BackupService
from netdesk.views.models.backup_models import BackupListModel
from netdesk.views.settings.common import muted, open_folder


class BackupsPage(QWidget):
    """Daily backups on or off, how many to keep, where; the list, back up now, restore."""

    restore_requested = Signal(object)  # Path: the window confirms, restores and reloads
    backed_up = Signal(object)  # Backup

    def __init__(self, backups: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsPage")
        self._backups = backups
        self.daily = QCheckBox("Back up every day, when NetDesk starts")
        self.daily.setObjectName("dailyBackups")
        self.daily.setChecked(backups.daily())
        self.daily.toggled.connect(backups.set_daily)
        self.keep = QSpinBox()
        self.keep.setObjectName("keepBackups")
        self.keep.setAccessibleName("Daily backups to keep")
        self.keep.setRange(KEEP_RANGE.start, KEEP_RANGE.stop - 1)
        self.keep.setValue(backups.keep())
        self.keep.setSuffix(" backups")
        self.keep.valueChanged.connect(backups.set_keep)
        self.folder = QLabel()
        self.folder.setObjectName("backupFolder")
        self.folder.setAccessibleName("Backup folder")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        change = QPushButton("Change…")
        change.setObjectName("changeBackupFolder")
        change.setAccessibleName("Change the backup folder")
        change.clicked.connect(self._on_change_folder)
        self.default_button = QPushButton("Use Default")
        self.default_button.setObjectName("defaultBackupFolder")
        self.default_button.setAccessibleName("Back up to the default folder")
        self.default_button.clicked.connect(self._on_default_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(change)
        folder_row.addWidget(self.default_button)
        form = QFormLayout()
        form.addRow(self.daily)
        form.addRow("Keep the newest", self.keep)
        form.addRow("Folder", folder_row)
        settings_box = QGroupBox("Automatic backups")
        settings_layout = QVBoxLayout(settings_box)
        settings_layout.addLayout(form)
        settings_layout.addWidget(
            muted(
                "Backups are complete copies of your database, made safely while NetDesk runs. "
                "Daily backups and the copies made before a restore roll over; the ones you "
                "make with Back Up Now are kept until you delete them. A folder on another "
                "disk or a synced folder protects against losing this computer."
            )
        )

        self.model = BackupListModel(self)
        self.list = QListView()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName("Backups")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAlternatingRowColors(True)
        self.list.doubleClicked.connect(lambda index: self._on_restore())
        self.status = muted("")
        self.status.setObjectName("backupStatus")
        back_up = QPushButton("Back Up Now")
        back_up.setObjectName("backUpNow")
        back_up.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setObjectName("restoreSelected")
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.clicked.connect(self._on_restore)
        other = QPushButton("Restore from File…")
        other.setObjectName("restoreFromFile")
        other.clicked.connect(self._on_restore_file)
        show = QPushButton("Show Folder")
        show.setObjectName("showBackupFolder")
        show.setAccessibleName("Show the backup folder")
        show.clicked.connect(lambda: open_folder(self._backups.folder()))
        buttons = QHBoxLayout()
        for button in (back_up, self.restore_button, other, show):
            buttons.addWidget(button)
        buttons.addStretch(1)
        list_box = QGroupBox("Backups")
        list_layout = QVBoxLayout(list_box)
        list_layout.addWidget(self.list, 1)
        list_layout.addWidget(self.status)
        list_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(settings_box)
        layout.addWidget(list_box, 1)
        self.list.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        folder = self._backups.folder()
        self.folder.setText(str(folder))
        self.default_button.setEnabled(folder != self._backups.default_folder)
        self.model.set_backups(self._backups.backups())
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        self.restore_button.setEnabled(bool(self.list.selectionModel().selectedRows()))

    def back_up_now(self) -> None:
        try:
            made = self._backups.back_up()
        except BackupError as error:
            self.status.setText(str(error))
            return
        self.refresh()
        self.list.setCurrentIndex(self.model.index(0, 0))
        self.status.setText(f"Backed up to {made.path.name}.")
        self.backed_up.emit(made)

    def _on_restore(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        path = self.model.path(rows[0].row()) if rows else None
        if path is not None:
            self.restore_requested.emit(path)

    def _on_restore_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Restore a backup",
            str(self._backups.folder()),
            "NetDesk backups (*.sqlite3 *.db *.bak);;All files (*)",
        )
        if path:
            self.restore_requested.emit(Path(path))

    def _on_change_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Back up to this folder", str(self._backups.folder())
        )
        if folder:
            self.set_folder(Path(folder))

    def _on_default_folder(self) -> None:
        self.set_folder(None)

    def set_folder(self, folder: Path | None) -> None:
        try:
            self._backups.set_folder(folder)
        except BackupError as error:
            self.status.setText(str(error))
            return
        self.refresh()

    def save(self) -> bool:
        return True
