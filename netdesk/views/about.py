"""Help → About: the version, what it runs on, where the data is."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QSize, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from netdesk import APP_NAME, __version__


def about_text(data_dir: Path) -> str:
    python = sys.version.split()[0]
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>A few real, reciprocal relationships, grown through short conversations and "
        "kept alive for years.</p>"
        "<p>Local-first: everything is in one file on this computer. Nothing leaves it "
        "unless you send an email.</p>"
        f"<p><b>Your data:</b> {data_dir}</p>"
        f"<p style='color: palette(placeholder-text);'>Qt {qVersion()} · PySide6 "
        f"{PySide6.__version__} · Python {python} · {platform.system()} "
        f"{platform.machine()}<br>MIT license</p>"
    )


def about_box(data_dir: Path, icon: QIcon, parent: QWidget) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.NoIcon,
        f"About {APP_NAME}",
        about_text(data_dir),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("aboutBox")
    box.setIconPixmap(icon.pixmap(QSize(72, 72)))
    return box
