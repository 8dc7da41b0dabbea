"""Edit → Settings: the mail account (password only in the keyring) and email templates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.contacts import ValidationError
from netdesk.services.credentials import KeyringStatus, Secret
from netdesk.services.mail.account import MailAccount, MailAccountService
from netdesk.services.mail.security import (
    DEFAULT_PORTS,
    SECURITY,
    CertificateInfo,
    is_loopback_host,
    is_pinned,
    pinned,
    short_fingerprint,
    wire,
)
from netdesk.services.mail.transport import CheckResult, ConnectionReport, MailTransport
from netdesk.services.templates import (
    PURPOSES,
    VARIABLES,
    EmailTemplate,
    TemplateError,
    TemplateService,
    render,
    sample_context,
)
from netdesk.tasks import TaskRunner
from netdesk.views.appearance import tone_sheet
from netdesk.views.models.template_models import TemplateListModel

MUTED = "color: palette(placeholder-text);"
PREVIEW_DELAY_MS = 250

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


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(MUTED)
    return label


def _brief(result: CheckResult) -> str:
    """A result whose certificate is offered below: what happened, without the advice
    to come here and test (the offer is right below it)."""
    text = result.message
    if result.certificate is None:
        return text
    head, found, _ = text.partition("NetDesk did not log in")
    if not found:
        return text
    end = text.find(".", len(head))
    return text[: end + 1] + " See below."


class MailAccountPage(QWidget):
    """The account form. The password box is the only place the secret is typed; it goes
    straight to the credential store and is never saved with the other fields."""

    saved = Signal()

    def __init__(
        self,
        accounts: MailAccountService,
        transport: MailTransport,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
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
        intro = _muted(
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
        self.smtp_note = _muted()
        self.smtp_note.setObjectName("smtpSecurityNote")
        self.imap_note = _muted()
        self.imap_note.setObjectName("imapSecurityNote")
        servers = QFormLayout()
        servers.addRow("Outgoing (SMTP)", smtp_row)
        servers.addRow("", self.smtp_note)
        servers.addRow("Drafts (IMAP)", imap_row)
        servers.addRow("", self.imap_note)
        servers.addRow(
            "", _muted("IMAP is optional: it lets NetDesk save drafts to your Drafts folder.")
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
            _muted(
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
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error)

    def _build_trust_box(self) -> None:
        """Shown after a test when a server's certificate is not trusted: what it is, its
        fingerprint, and the choice."""
        self.trust_box = QFrame()
        self.trust_box.setObjectName("trustCertificateBox")
        self.trust_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.trust_text = QLabel()
        self.trust_text.setObjectName("trustCertificateText")
        self.trust_text.setWordWrap(True)
        self.trust_text.setTextFormat(Qt.TextFormat.RichText)
        self.trust_fingerprint = QLabel()
        self.trust_fingerprint.setObjectName("trustFingerprint")
        self.trust_fingerprint.setAccessibleName("SHA-256 fingerprint")
        self.trust_fingerprint.setWordWrap(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.trust_fingerprint.setFont(mono)
        self.trust_fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trust_button = QPushButton("Trust this certificate")
        self.trust_button.setObjectName("trustCertificate")
        self.trust_button.setToolTip(
            "Save the account so that this exact certificate is accepted for this server"
        )
        self.trust_button.clicked.connect(self.trust_certificate)
        self.distrust_button = QPushButton("Don't trust it")
        self.distrust_button.setObjectName("distrustCertificate")
        self.distrust_button.clicked.connect(self.distrust_certificate)
        buttons = QHBoxLayout()
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.distrust_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.trust_box)
        layout.addWidget(self.trust_text)
        layout.addWidget(self.trust_fingerprint)
        layout.addLayout(buttons)
        self.trust_box.hide()
        self._offered: list[CertificateInfo] = []
        self._trusted_now = False

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
        try:
            account, status = self._accounts.save(self.form_account(), self._typed_password())
        except ValidationError as error:
            self.error.setText(" ".join(error.errors.values()))
            return False
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

    def test_connection(self) -> None:
        """Log in to SMTP and IMAP off the GUI thread with what the form says now."""
        if self._testing:
            return
        account = self.form_account()
        errors = self._accounts.validate(account)
        if not account.smtp_host.strip():
            errors["smtp_host"] = "Enter the outgoing (SMTP) server first."
        if errors:
            self._show_result(False, " ".join(errors.values()))
            return
        secret = self._typed_password()
        if secret is None and account.id is not None:
            secret = self._accounts.password(account)
        # A relay on this computer may take mail without a login.
        local_relay = wire(account.smtp_security) == "plain" and not account.imap_host.strip()
        if secret is None and not local_relay:
            self._show_result(False, "Enter the password (or app password) first.")
            return
        self._hide_trust()
        self._testing = True
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet(MUTED)
        self.test_result.setText("Connecting…")
        transport = self._transport
        self._tasks.run(
            lambda _progress: transport.test_connection(account, secret),
            self._on_test_done,
            self._on_test_failed,
        )

    def _on_test_done(self, report: ConnectionReport) -> None:
        if not shiboken6.isValid(self):
            return  # Settings was closed while the servers answered
        self._testing = False
        self.test_button.setEnabled(True)
        lines = [("✓ " if report.smtp.ok else "✗ ") + _brief(report.smtp)]
        if report.imap is not None:
            lines.append(("✓ " if report.imap.ok else "✗ ") + _brief(report.imap))
        else:
            lines.append("IMAP not set up: drafts can still go to your mail app.")
        self._show_result(report.ok, "\n".join(lines))
        self._offered = [
            result.certificate
            for result in (report.smtp, report.imap)
            if result is not None and result.certificate is not None
        ]
        self._trusted_now = False
        self._offer_next()

    # --- trusting a certificate ------------------------------------------

    def _offer_next(self) -> None:
        if not self._offered:
            self._hide_trust()
            return
        cert = self._offered[0]
        where = f"{cert.what} server {cert.address}"
        if cert.changed:
            text = (
                f"<b>The certificate of the {where} changed since you trusted it.</b> "
                f"You trusted {short_fingerprint(cert.trusted or '')}; it now shows the one "
                "below. Trust it only if you renewed or reinstalled the server or your bridge: "
                "otherwise someone may be intercepting the connection."
            )
        else:
            usual = (
                "That is usual for a bridge on this computer (such as Proton Mail Bridge)."
                if is_loopback_host(cert.host)
                else "A server with a certificate of its own shows this, and so does someone "
                "intercepting the connection."
            )
            reason = f" ({cert.reason})" if cert.reason else ""
            text = (
                f"<b>The certificate of the {where} could not be verified</b>{reason}. "
                f"{usual} Compare its SHA-256 fingerprint with the one "
                "your bridge or the server's administrator shows you. If you trust it, NetDesk "
                "accepts exactly this certificate for this server from now on, refuses any "
                "other, and saves the account."
            )
        self.trust_text.setText(text)
        self.trust_fingerprint.setText(cert.fingerprint)
        self.trust_button.setText(
            "Trust the new certificate" if cert.changed else "Trust this certificate"
        )
        self.trust_box.show()

    def _hide_trust(self) -> None:
        self._offered = []
        self.trust_box.hide()

    def trust_certificate(self) -> None:
        """Pin the certificate on show to its server, save the account, and test again."""
        if not self._offered:
            return
        cert = self._offered.pop(0)
        kind = cert.kind
        host, port = getattr(self, f"{kind}_host"), getattr(self, f"{kind}_port")
        if (host.text().strip(), port.value()) != (cert.host, cert.port):
            self._hide_trust()
            self._show_result(False, "The server changed since the test: test again first.")
            return
        combo: QComboBox = getattr(self, f"{kind}_security")
        combo.blockSignals(True)  # the port stays as it is
        combo.setCurrentIndex(combo.findData(pinned(combo.currentData())))
        combo.blockSignals(False)
        self._pins[kind] = cert.fingerprint
        self._update_notes()
        if not self.save():
            self._hide_trust()
            return
        self._trusted_now = True
        if self._offered:
            self._offer_next()
        else:
            self._hide_trust()
            self.test_connection()

    def distrust_certificate(self) -> None:
        if self._offered:
            self._offered.pop(0)
        if self._offered:
            self._offer_next()
            return
        self._hide_trust()
        if self._trusted_now:
            self._trusted_now = False
            self.test_connection()

    def _on_test_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._testing = False
        self.test_button.setEnabled(True)
        self._show_result(False, f"The test itself failed: {type(error).__name__}.")

    def _show_result(self, ok: bool, text: str) -> None:
        self.test_result.setStyleSheet(tone_sheet("good" if ok else "error", self))
        self.test_result.setText(text)

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


class TemplatesPage(QWidget):
    """Edit the email templates, with a live preview on sample data."""

    def __init__(self, templates: TemplateService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._templates = templates
        self._current: EmailTemplate | None = None
        self._loading = False
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.update_preview)
        self._build()
        self.reload()

    def _build(self) -> None:
        self.model = TemplateListModel(self)
        self.list = QListView()
        self.list.setObjectName("templateList")
        self.list.setModel(self.model)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.new_button = QPushButton("New")
        self.new_button.clicked.connect(self.new_template)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_template)
        self.reset_button = QPushButton("Reset to default")
        self.reset_button.setObjectName("resetTemplate")
        self.reset_button.clicked.connect(self.reset_template)
        list_buttons = QHBoxLayout()
        for button in (self.new_button, self.delete_button):
            list_buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(list_buttons)
        left_layout.addWidget(self.reset_button)

        self.name = QLineEdit()
        self.name.setObjectName("templateName")
        self.purpose = QComboBox()
        for key, label in PURPOSES.items():
            self.purpose.addItem(label, key)
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.body.setFont(mono)
        self.subject.setFont(mono)
        for signal in (self.name.textChanged, self.subject.textChanged, self.body.textChanged):
            signal.connect(self._on_edited)
        self.purpose.currentIndexChanged.connect(self._on_edited)
        self.variables = QListView()
        self.variables.setObjectName("templateVariables")
        self.variables.setModel(
            QStringListModel([f"{name} — {about}" for name, about in VARIABLES.items()], self)
        )
        self.variables.setToolTip("Double-click or press Enter to insert {{ variable }}")
        self.variables.activated.connect(self._on_insert_variable)  # mouse and keyboard
        self.variables.setMaximumHeight(150)
        self.variables.setWordWrap(True)
        self.variables.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("templatePreview")
        self.preview.setReadOnly(True)
        self.preview_error = QLabel()
        self.preview_error.setObjectName("templateError")
        self.preview_error.setWordWrap(True)
        self.preview_error.setStyleSheet(tone_sheet("error", self))
        self.state = _muted()
        self.state.setObjectName("templateState")

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("For", self.purpose)
        form.addRow("Subject", self.subject)
        form.addRow("Body", self.body)
        form.addRow(
            "Variables",
            self.variables,
        )
        form.addRow(
            "",
            _muted(
                "Jinja2: {{ first_name }}, {% if topics %}…{% endif %}, "
                "{% for item in takeaways %}…{% endfor %}, {{ suggested | join_and }}."
            ),
        )
        editor = QWidget()
        editor.setLayout(form)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(
            QLabel("<b>Preview</b> (sample data: Mia Chen, coffee on 20 October)")
        )
        preview_layout.addWidget(self.preview_error)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(self.state)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.addWidget(preview_box)
        splitter.setSizes([230, 440, 330])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # --- list ------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        current = select if select is not None else (self._current.id if self._current else None)
        self.model.set_templates(self._templates.list())
        row = self.model.row_of(current)
        self.list.setCurrentIndex(self.model.index(row if row is not None else 0, 0))

    def _on_current_changed(self, current, previous) -> None:
        if self._loading:
            return
        if self.is_dirty() and not self.save():
            # Keep the user on the template they are fixing.
            self._loading = True
            self.list.setCurrentIndex(previous)
            self._loading = False
            return
        self._load(self.model.template(current.row()))

    def _load(self, template: EmailTemplate | None) -> None:
        self._loading = True
        try:
            self._current = template
            enabled = template is not None
            for widget in (self.name, self.purpose, self.subject, self.body):
                widget.setEnabled(enabled)
            if template is None:
                for edit in (self.name, self.subject):
                    edit.clear()
                self.body.clear()
                self.preview.clear()
                return
            self.name.setText(template.name)
            self.purpose.setCurrentIndex(max(0, self.purpose.findData(template.purpose)))
            self.subject.setText(template.subject)
            self.body.setPlainText(template.body)
            self.reset_button.setEnabled(template.builtin_key is not None)
            self.delete_button.setEnabled(template.builtin_key is None)
            self.state.clear()
        finally:
            self._loading = False
        self.update_preview()

    def form_template(self) -> EmailTemplate | None:
        if self._current is None:
            return None
        return replace(
            self._current,
            name=self.name.text(),
            purpose=self.purpose.currentData(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
        )

    def is_dirty(self) -> bool:
        return self._current is not None and self.form_template() != self._current

    # --- editing ---------------------------------------------------------

    def _on_edited(self, *_args) -> None:
        if self._loading:
            return
        self.state.setText("Unsaved changes")
        self.preview_timer.start()

    def update_preview(self) -> None:
        template = self.form_template()
        if template is None:
            return
        try:
            rendered = render(template.subject, template.body, sample_context())
        except TemplateError as error:
            self.preview_error.setText(str(error))
            return
        self.preview_error.clear()
        self.preview.setPlainText(f"Subject: {rendered.subject}\n\n{rendered.body}")

    def _on_insert_variable(self, index) -> None:
        name = list(VARIABLES)[index.row()]
        self.body.insertPlainText("{{ " + name + " }}")
        self.body.setFocus()

    def save(self) -> bool:
        template = self.form_template()
        if template is None:
            return True
        try:
            saved = self._templates.save(template)
        except ValidationError as error:
            self.preview_error.setText(" ".join(error.errors.values()))
            return False
        self._current = saved
        self.state.setText("Saved")
        self._loading = True
        self.model.set_templates(self._templates.list())
        row = self.model.row_of(saved.id)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row, 0))
        self._loading = False
        return True

    def new_template(self) -> None:
        if self.is_dirty() and not self.save():
            return
        names = {t.name.casefold() for t in self._templates.list()}
        name, number = "New template", 2
        while name.casefold() in names:
            name, number = f"New template {number}", number + 1
        created = self._templates.save(
            EmailTemplate(
                None, None, "other", name, "Hello {{ first_name }}",
                "Hi {{ first_name }},\n\n\n\nBest,\n{{ signature }}\n",
            )
        )  # fmt: skip
        self._current = None
        self.reload(created.id)
        self.name.setFocus()
        self.name.selectAll()

    def delete_template(self) -> None:
        if self._current is None or self._current.builtin_key is not None:
            return
        answer = QMessageBox.question(
            self,
            "Delete template",
            f"Delete the template “{self._current.name}”?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._templates.delete(self._current.id)
        self._current = None
        self.reload()

    def reset_template(self) -> None:
        if self._current is None:
            return
        default = self._templates.default_of(self._current)
        if default is None:
            return
        self._loading = True
        self.name.setText(default.name)
        self.purpose.setCurrentIndex(max(0, self.purpose.findData(default.purpose)))
        self.subject.setText(default.subject)
        self.body.setPlainText(default.body)
        self._loading = False
        self.state.setText("Default text restored; save to keep it")
        self.update_preview()


class SettingsDialog(QDialog):
    """Pages on the left, one page at a time on the right."""

    PAGES = ("Mail account", "Email templates")

    def __init__(
        self,
        accounts: MailAccountService,
        templates: TemplateService,
        transport: MailTransport,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        extra_pages: Sequence[tuple[str, QWidget]] = (),
    ) -> None:
        """*extra_pages* (title, page) follow the mail pages: General, Appearance, Backups."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.resize(1100, 740)
        # Each box's title is the heading of what it holds (the text inside stays plain).
        self.setStyleSheet("QGroupBox { font-weight: 600; }")
        self.mail_page = MailAccountPage(accounts, transport, tasks, self)
        self.templates_page = TemplatesPage(templates, self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.mail_page)
        self.pages.addWidget(self.templates_page)
        self.titles = list(self.PAGES)
        for title, page in extra_pages:
            page.setParent(self)
            self.pages.addWidget(page)
            self.titles.append(title)
        self.navigation = QListView()
        self.navigation.setObjectName("settingsPages")
        self.navigation.setAccessibleName("Settings pages")
        self.navigation.setModel(QStringListModel(self.titles, self))
        self.navigation.setMaximumWidth(140)
        self.navigation.setStyleSheet("QListView::item { padding: 6px 8px; }")
        self.navigation.selectionModel().currentRowChanged.connect(self._on_page_changed)
        self.navigation.setCurrentIndex(self.navigation.model().index(0, 0))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveSettings")
        self.save_button.setToolTip("Save this page (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

    def _on_page_changed(self, current, _previous) -> None:
        self.pages.setCurrentIndex(current.row())

    def save(self) -> bool:
        """Save the page on show (the button is shared by both pages)."""
        page = self.pages.currentWidget()
        return page.save()

    def show_page(self, row: int | str) -> None:
        """Show a page by its row or its title ("Backups")."""
        if isinstance(row, str):
            row = self.titles.index(row)
        self.navigation.setCurrentIndex(self.navigation.model().index(row, 0))

    def reject(self) -> None:
        if self.templates_page.is_dirty() and not self.templates_page.save():
            # It cannot be saved as it is (the error is on show): fix it, or let it go.
            self.show_page(1)
            answer = QMessageBox.question(
                self,
                "Template not saved",
                "This template has an error and cannot be saved. Close and discard your "
                "changes to it?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        if self.mail_page.is_dirty():
            answer = QMessageBox.question(
                self,
                "Unsaved account",
                "Save the changes to your mail account?",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.mail_page.save()
            ):
                self.show_page(0)
                return
        super().reject()
