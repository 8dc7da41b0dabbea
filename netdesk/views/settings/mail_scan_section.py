"""Settings → Mail account → "Keep timelines current from my mailbox": the explanation
of what is read (before the switch), the switch, how often, and the archive folders
(typed, or chosen from the server's list after a login off the GUI thread)."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.transport import MailTransport
from netdesk.services.text import split_lines
from netdesk.tasks import TaskRunner
from netdesk.views.appearance import tone_sheet
from netdesk.views.settings.common import MUTED, muted
from netdesk.views.settings.scan_preferences import MAX_MINUTES, MIN_MINUTES, ScanPreferences

TITLE = "Keep timelines current from my mailbox"
EXPLANATION = (
    "When this is on, NetDesk logs in to your IMAP server now and then and reads only these "
    "headers of the mail in <b>Sent</b>, <b>INBOX</b> and the archive folders below: "
    "<i>From, To, Cc, Date, Message-ID, In-Reply-To</i> and <i>References</i> (and the "
    "day the server received each message). It never reads subjects, message bodies or "
    "attachments, and it changes nothing on the server, not even what is read."
    "<ul style='margin-left: -20px'>"
    "<li>An email with someone in NetDesk goes on their timeline (email sent or "
    "received), and a reply to an outreach request shows on Today.</li>"
    "<li>Mail with people who are not in NetDesk is not stored; mailing lists and bulk "
    "mail are skipped.</li>"
    "<li>It runs on this computer: nothing leaves it.</li>"
    "</ul>"
)
NOTE = (
    "None listed: the folder your server marks as the archive, if any. Uses the IMAP "
    "server and password above."
)
# The form's account and the password to log in with (typed, else stored; None: none).
Login = Callable[[], tuple[MailAccount, Secret | None]]


class MailScanSection(QGroupBox):
    def __init__(
        self,
        preferences: ScanPreferences,
        transport: MailTransport,
        tasks: TaskRunner,
        login: Login,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("mailScanSection")
        self._preferences = preferences
        self._transport = transport
        self._tasks = tasks
        self._login = login
        self._listing = False
        self._build()
        self.load()

    def _build(self) -> None:
        explanation = QLabel(EXPLANATION)
        explanation.setObjectName("mailScanExplanation")
        explanation.setTextFormat(Qt.TextFormat.RichText)
        explanation.setWordWrap(True)
        self.enabled = QCheckBox("Read my mailbox's headers to keep timelines current")
        self.enabled.setObjectName("mailScanEnabled")
        self.enabled.toggled.connect(self._update_enabled)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("mailScanMinutes")
        self.minutes.setAccessibleName("Minutes between readings")
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" minutes")
        every = QHBoxLayout()
        every.addWidget(QLabel("At start, then every"))
        every.addWidget(self.minutes)
        every.addStretch(1)
        self.archives = QPlainTextEdit()
        self.archives.setObjectName("mailScanArchives")
        self.archives.setAccessibleName("Archive folders, one per line")
        self.archives.setPlaceholderText("Archive folders, one per line (e.g. Archive/2025)")
        self.archives.setTabChangesFocus(True)
        self.archives.setFixedHeight(self.archives.fontMetrics().lineSpacing() * 3 + 14)
        self.choose = QPushButton("Choose Folders…")
        self.choose.setObjectName("chooseArchives")
        self.choose.setToolTip("Log in and pick from your server's folders")
        self.choose.clicked.connect(self.choose_folders)
        self.note = muted(NOTE)
        self.note.setObjectName("mailScanNote")
        choose_column = QVBoxLayout()
        choose_column.addWidget(self.choose)
        choose_column.addStretch(1)
        folders = QHBoxLayout()
        folders.addWidget(self.archives, 1)
        folders.addLayout(choose_column)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.enabled)
        layout.addLayout(every)
        layout.addWidget(QLabel("Archive folders to read besides Sent and INBOX"))
        layout.addLayout(folders)
        layout.addWidget(self.note)

    def load(self) -> None:
        prefs = self._preferences
        self.enabled.setChecked(prefs.enabled)
        self.minutes.setValue(prefs.minutes)
        self.archives.setPlainText("\n".join(prefs.archives))
        self._update_enabled()

    def _update_enabled(self, *_args) -> None:
        on = self.enabled.isChecked()
        for widget in (self.minutes, self.archives, self.choose):
            widget.setEnabled(on and not (widget is self.choose and self._listing))

    def chosen_archives(self) -> list[str]:
        return split_lines(self.archives.toPlainText())

    def is_dirty(self) -> bool:
        prefs = self._preferences
        return (
            self.enabled.isChecked() != prefs.enabled
            or self.minutes.value() != prefs.minutes
            or tuple(self.chosen_archives()) != prefs.archives
        )

    def problem(self, account: MailAccount) -> str | None:
        """Why the form cannot be saved with the switch as it is, if it cannot."""
        if self.enabled.isChecked() and not account.imap_host.strip():
            return "Reading your mailbox needs the IMAP server: enter it above."
        return None

    def save(self) -> None:
        if self.is_dirty():
            self._preferences.save(
                self.enabled.isChecked(), self.minutes.value(), self.chosen_archives()
            )

    # --- choosing folders from the server ----------------------------------

    def choose_folders(self) -> None:
        """Log in with what the form says now (off the GUI thread) and list the folders."""
        if self._listing:
            return
        account, secret = self._login()
        if not account.imap_host.strip() or secret is None:
            self._say("Enter the IMAP server and the password above first.", error=True)
            return
        self._listing = True
        self._update_enabled()
        self._say("Connecting…")
        transport = self._transport

        def work(_progress) -> list[str]:
            from netdesk.services.mailscan.reader import all_folder_names

            with transport.imap_session(account, secret) as conn:
                return all_folder_names(conn)

        self._tasks.run(work, self._on_listed, self._on_list_failed)

    def _on_listed(self, names: list[str]) -> None:
        if not shiboken6.isValid(self):
            return  # Settings was closed while the server answered
        self._listing = False
        self._update_enabled()
        self._say("")
        dialog = FolderChooser(names, self.chosen_archives(), self)
        # A bound method, not a lambda holding the dialog (it is deleted on close).
        dialog.picked.connect(self._on_picked)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_picked(self, names: list[str]) -> None:
        self.archives.setPlainText("\n".join(names))

    def _on_list_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._listing = False
        self._update_enabled()
        self._say(f"Could not list the folders: {error}", error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.note.setText(text or NOTE)
        self.note.setStyleSheet(tone_sheet("error", self) if error else MUTED)


class FolderChooser(QDialog):
    """The server's folders with a box each; Sent and INBOX are read anyway."""

    picked = Signal(list)  # the ticked folders, on OK

    def __init__(self, names: list[str], chosen: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("archiveChooser")
        self.setWindowTitle("Archive folders")
        wanted = {name.casefold() for name in chosen}
        self.folders = QListWidget()
        self.folders.setObjectName("archiveFolders")
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = name.casefold() in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.folders.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(muted("Sent and INBOX are always read. Tick the archives too:"))
        layout.addWidget(self.folders, 1)
        layout.addWidget(buttons)
        self.resize(360, 420)

    def accept(self) -> None:
        self.picked.emit(self.chosen())
        super().accept()

    def chosen(self) -> list[str]:
        return [
            self.folders.item(row).text()
            for row in range(self.folders.count())
            if self.folders.item(row).checkState() == Qt.CheckState.Checked
        ]
