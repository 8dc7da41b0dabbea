"""The mail account page's certificate-trust panel: shown after a connection test when a
server's certificate is not trusted, with its fingerprint and the choice to pin it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from netdesk.services.mail.security import (
    CertificateInfo,
    is_loopback_host,
    pinned,
    short_fingerprint,
)


class CertificateTrustMixin:
    """Mixed into MailAccountPage (before QWidget): builds ``trust_box`` and offers each
    untrusted certificate of the last test in turn."""

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
