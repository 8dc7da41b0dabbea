"""Settings → Mail account: the account form (password only in the keyring), the
connection test and the résumé."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import ValidationError
from netdesk.services.credentials import KeyringStatus, Secret
from netdesk.services.mail.account import MailAccount, MailAccountService
from netdesk.services.mail.security import (
    DEFAULT_PORTS,
    SECURITY,
    is_pinned,
    short_fingerprint,
    wire,
)
from netdesk.services.mail.transport import MailTransport
from netdesk.tasks import TaskRunner
from netdesk.views.appearance import tone_sheet
from netdesk.views.settings.common import MUTED, muted
from netdesk.views.settings.connection_test import ConnectionTestMixin
from netdesk.views.settings.mail_scan_section import MailScanSection
from netdesk.views.settings.scan_preferences import ScanPreferences
from netdesk.views.settings.trust import CertificateTrustMixin

SECURITY_HELP = {
    "starttls": "Encrypted after a plain greeting (usually port 587 for SMTP, 143 for IMAP); "
    "the certificate must be signed by an authority your computer trusts.",
    "tls": "Encrypted from the start (usually port 465 for SMTP, 993 for IMAP); the "
    "certificate must be signed by an authority your computer trusts.",
    "starttls_pinned": "STARTTLS with a certificate of its own (a bridge such as Proton Mail "
    "Bridge): NetDesk accepts exactly the certificate you checked and trusted.",
    "tls_pinned": "TLS with a certificate of its own: NetDesk accepts exactly the certificate "
    "you checked and trusted.",
    "plain": "Nothing is encrypted: only for a relay or bridge on this computer "
    "(127.0.0.1, ::1 or localhost); refused for any other server.",
}

APP_PASSWORD_HELP = (
    "<b>Gmail or Outlook?</b> With two-step verification on, your normal password will be "
    "refused: create an <i>app password</i> and paste it here instead "
    '(<a href="https://myaccount.google.com/apppasswords">Google: App passwords</a>; '
    '<a href="https://account.live.com/proofs/AppPassword">Microsoft: App passwords</a>). '
    "Gmail: smtp.gmail.com, 587, STARTTLS; imap.gmail.com, 993, TLS. "
    "Outlook.com: smtp-mail.outlook.com, 587, STARTTLS; outlook.office365.com, 993, TLS."
)


class MailAccountPage(ConnectionTestMixin, CertificateTrustMixin, QWidget):
    """The account form. The password box is the only place the secret is typed; it goes
    straight to the credential store and is never saved with the other fields."""

    saved = Signal()

    def __init__(
        self,
        accounts: MailAccountService,
        transport: MailTransport,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        scan: ScanPreferences | None = None,
    ) -> None:
        """*scan*: the mail scan's preferences, shown in their own section."""
        super().__init__(parent)
        self._scan = scan
        self._accounts = accounts
        self._transport = transport
        self._tasks = tasks
        self._account = accounts.get() or MailAccount()
        self._testing = False
        self._pins: dict[str, str | None] = {"smtp": None, "imap": None}  # trusted certificates
        self._build()
        self._load()

    # --- building --------------------------------------------------------

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _server_row(self, kind: str) -> tuple[QLineEdit, QSpinBox, QComboBox, QHBoxLayout]:
        host = self._line(f"{kind}Host", f"e.g. {kind}.example.org")
        port = QSpinBox()
        port.setObjectName(f"{kind}Port")
        port.setRange(1, 65535)
        port.setAccessibleName(f"{kind.upper()} port")
        security = QComboBox()
        security.setObjectName(f"{kind}Security")
        security.setAccessibleName(f"{kind.upper()} security")
        for key, label in SECURITY.items():
            security.addItem(label, key)
            security.setItemData(
                security.count() - 1, SECURITY_HELP[key], Qt.ItemDataRole.ToolTipRole
            )
        # The long choices show in full in the list; the box itself stays narrow.
        security.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        security.setMinimumContentsLength(20)
        security.setProperty("serverKind", kind)
        security.currentIndexChanged.connect(self._on_security_changed)
        row = QHBoxLayout()
        row.addWidget(host, 3)
        row.addWidget(QLabel("Port"))
        row.addWidget(port)
        row.addWidget(security, 1)
        return host, port, security, row

    def _build(self) -> None:
        intro = muted(
            "NetDesk sends email through your own account, only when you press Send. "
            "Without an account you can still open drafts in your mail app."
        )
        self.display_name = self._line("displayName", "Your name, as people see it")
        self.address = self._line("address", "you@example.org")
        self.signature = QPlainTextEdit()
        self.signature.setObjectName("signature")
        self.signature.setPlaceholderText("Signature (your name if left empty)")
        self.signature.setTabChangesFocus(True)
        self.signature.setFixedHeight(self.signature.fontMetrics().lineSpacing() * 3 + 14)
        you = QFormLayout()
        you.addRow("Your name", self.display_name)
        you.addRow("Email address", self.address)
        you.addRow("Signature", self.signature)
        you_box = QGroupBox("You")
        you_box.setLayout(you)

        self.smtp_host, self.smtp_port, self.smtp_security, smtp_row = self._server_row("smtp")
        self.imap_host, self.imap_port, self.imap_security, imap_row = self._server_row("imap")
        self.username = self._line("username", "Usually your email address")
        self.password = self._line("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password or app password")
        self.smtp_note = muted()
        self.smtp_note.setObjectName("smtpSecurityNote")
        self.imap_note = muted()
        self.imap_note.setObjectName("imapSecurityNote")
        servers = QFormLayout()
        servers.addRow("Outgoing (SMTP)", smtp_row)
        servers.addRow("", self.smtp_note)
        servers.addRow("Drafts (IMAP)", imap_row)
        servers.addRow("", self.imap_note)
        servers.addRow(
            "", muted("IMAP is optional: it saves drafts and reads mail headers (below).")
        )
        servers.addRow("Username", self.username)
        servers.addRow("Password", self.password)
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("keyringStatus")
        self.keyring_label.setWordWrap(True)
        help_label = QLabel(APP_PASSWORD_HELP)
        help_label.setObjectName("appPasswordHelp")
        help_label.setWordWrap(True)
        help_label.setOpenExternalLinks(True)
        help_label.setTextFormat(Qt.TextFormat.RichText)
        self.test_button = QPushButton("Test connection")
        self.test_button.setObjectName("testConnection")
        self.test_button.setToolTip("Log in to both servers now; nothing is sent")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_result, 1)
        self._build_trust_box()
        # Wrapped labels as form rows get odd heights: they go below the form instead.
        server_layout = QVBoxLayout()
        server_layout.addLayout(servers)
        server_layout.addWidget(self.keyring_label)
        server_layout.addWidget(help_label)
        server_layout.addLayout(test_row)
        server_layout.addWidget(self.trust_box)
        server_box = QGroupBox("Your mail account")
        server_box.setLayout(server_layout)

        self.resume_label = QLabel()
        self.resume_label.setObjectName("resumePath")
        self.resume_label.setWordWrap(True)
        self.resume_choose = QPushButton("Choose…")
        self.resume_choose.clicked.connect(self._on_choose_resume)
        self.resume_remove = QPushButton("Remove")
        self.resume_remove.clicked.connect(self._on_remove_resume)
        self.attach_resume = QCheckBox("Attach it to new drafts by default")
        self.attach_resume.setObjectName("attachResume")
        resume_row = QHBoxLayout()
        resume_row.addWidget(self.resume_label, 1)
        resume_row.addWidget(self.resume_choose)
        resume_row.addWidget(self.resume_remove)
        resume = QVBoxLayout()
        resume.addLayout(resume_row)
        resume.addWidget(self.attach_resume)
        resume.addWidget(
            muted(
                "A one-page résumé can go with a thank-you when it fits; by default it does "
                "not, so the note stays a thank-you rather than a request."
            )
        )
        resume_box = QGroupBox("Résumé")
        resume_box.setLayout(resume)

        self.error = QLabel()
        self.error.setObjectName("accountError")
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(intro)
        layout.addWidget(you_box)
        layout.addWidget(server_box)
        layout.addWidget(resume_box)
        self.scan_section = None
        if self._scan is not None:
            self.scan_section = MailScanSection(
                self._scan, self._transport, self._tasks, self._login, body
            )
            layout.addWidget(self.scan_section)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error)

    # --- loading and reading the form ------------------------------------

    def _load(self) -> None:
        account = self._account
        self.display_name.setText(account.display_name)
        self.address.setText(account.address)
        self.signature.setPlainText(account.signature)
        for kind in ("smtp", "imap"):
            getattr(self, f"{kind}_host").setText(getattr(account, f"{kind}_host"))
            combo: QComboBox = getattr(self, f"{kind}_security")
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(getattr(account, f"{kind}_security"))))
            combo.blockSignals(False)
            getattr(self, f"{kind}_port").setValue(getattr(account, f"{kind}_port"))
        self._pins = {"smtp": account.smtp_cert_sha256, "imap": account.imap_cert_sha256}
        self._update_notes()
        self.username.setText(account.username)
        self.password.clear()
        stored = account.id is not None and self._accounts.password(account) is not None
        self.password.setPlaceholderText(
            "Stored; type a new one to replace it" if stored else "Password or app password"
        )
        self._show_keyring_status(self._accounts.keyring_status())
        resume = self._accounts.resume_path()
        self.resume_label.setText(str(resume) if resume else "No résumé chosen.")
        self.resume_label.setProperty("path", str(resume) if resume else "")
        self.resume_remove.setEnabled(resume is not None)
        self.attach_resume.setChecked(self._accounts.attach_resume_by_default())
        self.attach_resume.setEnabled(resume is not None)

    def _show_keyring_status(self, status: KeyringStatus) -> None:
        icon = "🔒 " if status.persistent else "⚠ "
        self.keyring_label.setText(icon + status.message)
        self.keyring_label.setStyleSheet(
            MUTED if status.persistent else tone_sheet("warning", self)
        )

    def form_account(self) -> MailAccount:
        return replace(
            self._account,
            display_name=self.display_name.text(),
            address=self.address.text(),
            signature=self.signature.toPlainText(),
            smtp_host=self.smtp_host.text(),
            smtp_port=self.smtp_port.value(),
            smtp_security=self.smtp_security.currentData(),
            imap_host=self.imap_host.text(),
            imap_port=self.imap_port.value(),
            imap_security=self.imap_security.currentData(),
            username=self.username.text(),
            smtp_cert_sha256=self._pins["smtp"],
            imap_cert_sha256=self._pins["imap"],
        )

    def is_dirty(self) -> bool:
        saved_resume = self._accounts.resume_path()
        return (
            self.form_account() != self._account
            or bool(self.password.text())
            or (self.resume_label.property("path") or "")
            != (str(saved_resume) if saved_resume else "")
            or self.attach_resume.isChecked() != self._accounts.attach_resume_by_default()
            or (self.scan_section is not None and self.scan_section.is_dirty())
        )

    def _typed_password(self) -> Secret | None:
        return Secret(self.password.text()) if self.password.text() else None

    def _on_security_changed(self, *_args) -> None:
        """Switching TLS/STARTTLS moves a standard port to the other standard port."""
        kind = self.sender().property("serverKind")
        port: QSpinBox = getattr(self, f"{kind}_port")
        security = getattr(self, f"{kind}_security").currentData()
        standard = {DEFAULT_PORTS[(kind, s)] for s in SECURITY}
        if port.value() in standard:
            port.setValue(DEFAULT_PORTS[(kind, security)])
        self._update_notes()

    def _update_notes(self) -> None:
        """Under each server: what its security setting means now."""
        for kind in ("smtp", "imap"):
            security = getattr(self, f"{kind}_security").currentData()
            note: QLabel = getattr(self, f"{kind}_note")
            pin = self._pins.get(kind)
            if wire(security) == "plain":
                text = "Not encrypted: only for a relay or bridge on this computer."
            elif is_pinned(security) and pin:
                text = f"Trusted certificate (SHA-256): {short_fingerprint(pin)}"
            elif is_pinned(security):
                text = "No certificate trusted yet: press Test connection to check it and trust it."
            else:
                text = ""
            note.setText(text)
            note.setToolTip(pin if is_pinned(security) and pin else "")
            note.setVisible(bool(text))

    # --- actions ---------------------------------------------------------

    def save(self) -> bool:
        scan = self.scan_section
        problem = scan.problem(self.form_account()) if scan is not None else None
        if problem is not None:
            self.error.setText(problem)
            return False
        try:
            account, status = self._accounts.save(self.form_account(), self._typed_password())
        except ValidationError as error:
            self.error.setText(" ".join(error.errors.values()))
            return False
        if scan is not None:
            scan.save()
        self._account = account
        self.error.clear()
        self._accounts.set_resume(
            Path(self.resume_label.property("path"))
            if self.resume_label.property("path")
            else None,
            self.attach_resume.isChecked(),
        )
        self._load()
        if status is not None:
            self._show_keyring_status(status)
        self.saved.emit()
        return True

    def _on_choose_resume(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose your résumé", str(Path.home()), "Documents (*.pdf *.docx *.odt *.doc)"
        )
        if path:
            self.resume_label.setText(path)
            self.resume_label.setProperty("path", path)
            self.resume_remove.setEnabled(True)
            self.attach_resume.setEnabled(True)

    def _on_remove_resume(self) -> None:
        self.resume_label.setText("No résumé chosen.")
        self.resume_label.setProperty("path", "")
        self.resume_remove.setEnabled(False)
        self.attach_resume.setChecked(False)
        self.attach_resume.setEnabled(False)
