"""The recovery sheet: the database key written out for paper, to copy, print or save.

Shown once before encryption is turned on (Continue only after the user says the key is
kept somewhere safe) and again from Settings → Security. The QR code is drawn from
segno's module matrix straight into a QImage: no image library, no temporary file.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.views.settings.common import muted

WARNING = "Without this key or your passphrase your data cannot be recovered."
QR_SCALE = 5  # pixels per module on screen: a version-5 code is about 200 px wide


def qr_image(text: str, scale: int = QR_SCALE, border: int = 4) -> QImage:
    """*text* as a QR code (error correction M), black on white, *scale* px a module."""
    import segno

    code = segno.make_qr(text, error="m", boost_error=False)
    rows = list(code.matrix_iter(scale=scale, border=border))
    image = QImage(len(rows[0]), len(rows), QImage.Format.Format_Mono)
    image.setColorTable([QColor("white").rgb(), QColor("black").rgb()])
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            image.setPixel(x, y, 1 if dark else 0)
    return image


def qr_text(recovery: str) -> str:
    """What the code holds: the key's groups on one line (QR's compact alphanumeric mode,
    and parse_recovery reads it back as it is)."""
    return " ".join(recovery.split())


def sheet_text(recovery: str, database: Path) -> str:
    """The saved text file: what it is, then the key alone on its four lines."""
    return (
        "NetDesk recovery key\n"
        f"For the data in {database}\n"
        f"{WARNING} Keep this file away from this computer (on a USB stick in a drawer, "
        "say), or print it and delete the file.\n"
        "\n"
        f"{recovery}\n"
    )


def write_owner_only(path: Path, text: str) -> None:
    """Write *text* to *path* readable by its owner alone, even if a file readable by
    others was there: a new owner-only file is written, then moved over the name."""
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def choose_printer(printer, parent: QWidget) -> bool:
    """The system print dialog for *printer*; True when the user chose to print."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the Recovery Sheet")
    return dialog.exec() == QDialog.DialogCode.Accepted


class RecoverySheet(QDialog):
    """*confirm*: before turning encryption on, Continue waits for the box "kept safe";
    else (shown again later) there is only Close."""

    def __init__(
        self, recovery: str, database: Path, confirm: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoverySheet")
        self.setWindowTitle("Recovery Sheet")
        self.setMinimumWidth(600)
        self.recovery = recovery
        self._database = Path(database)
        self.qr = qr_image(qr_text(recovery))

        heading = QLabel("<b>Your recovery key</b>")
        intro = QLabel(
            "This key opens your encrypted data if the keyring loses it or you forget your "
            "passphrase. Print it or save it, and keep it away from this computer."
        )
        intro.setWordWrap(True)
        self.key_label = QLabel(recovery)
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setAccessibleName("Recovery key")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        qr_label = QLabel()
        qr_label.setObjectName("recoveryQr")
        qr_label.setAccessibleName("Recovery key as a QR code")
        qr_label.setPixmap(QPixmap.fromImage(self.qr))
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_label, 1)
        key_row.addWidget(qr_label)
        self.warning = QLabel(f"<b>{WARNING}</b>")
        self.warning.setObjectName("recoveryWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b3261e;")
        self.status = muted()
        self.status.setObjectName("recoveryStatus")
        self.status.hide()  # until a copy, print or save has something to say

        actions = QHBoxLayout()
        for text, name, slot in (
            ("Copy", "copyRecoveryKey", self.copy),
            ("Print…", "printRecoverySheet", self._on_print),
            ("Save as Text…", "saveRecoveryKey", self._on_save),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            actions.addWidget(button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(key_row)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.warning)
        self.kept_safe = QCheckBox("I have kept my recovery key somewhere safe")
        self.kept_safe.setObjectName("keptRecoveryKey")
        if confirm:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            self.continue_button = buttons.addButton(
                "Continue", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.continue_button.setEnabled(False)
            self.kept_safe.toggled.connect(self.continue_button.setEnabled)
            layout.addWidget(self.kept_safe)
        else:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            self.continue_button = None
            self.kept_safe.hide()
        self.buttons = buttons
        buttons.setObjectName("recoveryButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self.continue_button is not None and not self.kept_safe.isChecked():
            return  # the key is the only way back: the user says it is kept first
        super().accept()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.recovery)
        self._say("Copied. Paste it where it will be safe, then clear the clipboard.")

    # --- printing --------------------------------------------------------------

    def document(self) -> QTextDocument:
        """The printed sheet: heading, the data folder, the key, its QR code, the warning."""
        document = QTextDocument(self)
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl("netdesk:qr"), self.qr)
        key_html = self.recovery.replace("\n", "<br>")
        document.setHtml(
            "<h1>NetDesk recovery key</h1>"
            f"<p>For the data in {self._database}</p>"
            f"<p style='font-family: monospace; font-size: 18pt'>{key_html}</p>"
            "<p><img src='netdesk:qr'></p>"
            f"<p><b>{WARNING}</b></p>"
            "<p>Keep this sheet somewhere safe, away from the computer.</p>"
        )
        return document

    def print_to(self, printer) -> None:
        printer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
        self.document().print_(printer)

    def _on_print(self) -> None:
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("NetDesk recovery key")
        if choose_printer(printer, self):
            self.print_to(printer)
            self._say("Sent to the printer.")

    # --- saving ----------------------------------------------------------------

    def _on_save(self) -> None:
        start = str(Path.home() / "NetDesk recovery key.txt")
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the recovery key", start, "Text files (*.txt)"
        )
        if name:
            self.save_text(Path(name))

    def save_text(self, path: Path) -> bool:
        try:
            write_owner_only(path, sheet_text(self.recovery, self._database))
        except OSError as error:
            self._say(f"Could not save {path.name}: {error.strerror or error}")
            return False
        self._say(f"Saved to {path} (readable by you only).")
        return True
