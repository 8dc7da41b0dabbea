"""A DAV account page's certificate choice (Settings → Calendar, Contacts sync), the same
as mail's: the certificate trusted for the server (with a way to stop trusting it) and,
when the server's certificate was refused, a panel with its SHA-256 fingerprint and the
choice to trust exactly it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netdesk.errors import CalendarError
from netdesk.services.dav_account import DavAccount, server_url
from netdesk.services.mail.security import (
    CertificateInfo,
    is_loopback_host,
    normal_fingerprint,
    short_fingerprint,
)
from netdesk.tasks import TaskRunner
from netdesk.views.settings.common import muted


class DavCertificate(QWidget):
    """Below the Find button. Holds the fingerprint the page's account trusts (saved with
    Save); the page offers a refused certificate with offer() and hears the choice.
    *prefix* starts the object names ("calendar"), *server* names the server ("calendar
    server") and *many* what Find lists ("calendars")."""

    trust_chosen = Signal(object)  # the CertificateInfo offered
    declined = Signal()

    def __init__(self, prefix: str, server: str, many: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prefix, self._server, self._many = prefix, server, many
        self._fingerprint: str | None = None
        self._offered: CertificateInfo | None = None
        self._build_note()
        self._build_panel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.panel)
        self._show()

    def _build_note(self) -> None:
        self.note = QWidget()
        self.note_text = muted()
        self.note_text.setObjectName(f"{self._prefix}TrustedCertificate")
        self.stop_button = QPushButton("Stop trusting it")
        self.stop_button.setObjectName(f"{self._prefix}StopTrustingCertificate")
        self.stop_button.setToolTip(
            "Accept only certificates an authority signed again (from Save on)"
        )
        self.stop_button.clicked.connect(self.stop_trusting)
        row = QHBoxLayout(self.note)
        row.setContentsMargins(0, 0, 0, 0)
        self.note_text.setWordWrap(False)
        row.addWidget(self.note_text)
        row.addWidget(self.stop_button)
        row.addStretch(1)

    def _build_panel(self) -> None:
        self.panel = QFrame()
        self.panel.setObjectName(f"{self._prefix}TrustBox")
        self.panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.panel_text = QLabel()
        self.panel_text.setObjectName(f"{self._prefix}TrustText")
        self.panel_text.setWordWrap(True)
        self.panel_text.setTextFormat(Qt.TextFormat.RichText)
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setObjectName(f"{self._prefix}TrustFingerprint")
        self.fingerprint_label.setAccessibleName("SHA-256 fingerprint")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.fingerprint_label.setFont(mono)
        self.fingerprint_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.trust_button = QPushButton("Trust this certificate")
        self.trust_button.setObjectName(f"{self._prefix}TrustCertificate")
        self.trust_button.setToolTip(
            "Accept exactly this certificate for this server (kept with Save) and find the "
            f"{self._many} again"
        )
        self.trust_button.clicked.connect(self._trust)
        self.distrust_button = QPushButton("Don't trust it")
        self.distrust_button.setObjectName(f"{self._prefix}DistrustCertificate")
        self.distrust_button.clicked.connect(self._decline)
        buttons = QHBoxLayout()
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.distrust_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.panel)
        layout.addWidget(self.panel_text)
        layout.addWidget(self.fingerprint_label)
        layout.addLayout(buttons)

    # --- what the page asks ------------------------------------------------------

    @property
    def fingerprint(self) -> str | None:
        """The certificate trusted on the page (not yet saved, perhaps)."""
        return self._fingerprint

    @property
    def offered(self) -> CertificateInfo | None:
        return self._offered

    def load(self, fingerprint: str | None) -> None:
        self._fingerprint = fingerprint
        self._offered = None
        self._show()

    def keep(self, cert: CertificateInfo, typed_server: str) -> bool:
        """Trust *cert* if the server typed is still the one that showed it."""
        parts = urlsplit(server_url(typed_server.strip()))
        if (parts.hostname, parts.port or 443) != (cert.host, cert.port):
            self.withdraw()
            return False
        self._fingerprint = cert.fingerprint
        self._offered = None
        self._show()
        return True

    def stop_trusting(self) -> None:
        self._fingerprint = None
        self._show()

    def offer(self, cert: CertificateInfo) -> None:
        """The certificate a server showed when it was refused; cert.trusted is the one
        trusted before, if any."""
        self._offered = cert
        where = f"{self._server} {cert.address}"
        if cert.changed:
            text = (
                f"<b>The {where} showed another certificate than the one you trusted.</b> "
                f"You trusted {short_fingerprint(cert.trusted or '')}; it now shows the one "
                "below. Trust it only if the server's certificate was renewed or the server "
                "reinstalled: otherwise someone may be intercepting the connection."
            )
        else:
            usual = (
                "That is usual for a server on this computer."
                if is_loopback_host(cert.host)
                else "A server with a certificate of its own shows this, and so does someone "
                "intercepting the connection."
            )
            text = (
                f"<b>The certificate of the {where} could not be verified:</b> no authority "
                f"this computer trusts signed it. {usual} Compare its SHA-256 fingerprint "
                "with the one the server's administrator shows you. If you trust it, "
                "NetDesk accepts exactly this certificate for this server, refuses any "
                "other, and keeps the choice when you save."
            )
        self.panel_text.setText(text)
        self.fingerprint_label.setText(in_two_lines(cert.fingerprint))
        self.trust_button.setText(
            "Trust the new certificate" if cert.changed else "Trust this certificate"
        )
        self._show()

    def examine(
        self,
        tasks: TaskRunner,
        read: Callable[[DavAccount], CertificateInfo],
        account: DavAccount,
        refused: CalendarError,
        not_offered: Callable[[str], None],
    ) -> None:
        """Read the certificate the refusing server shows with *read*, off the GUI thread
        (nothing of the user's is sent), and offer it; else *not_offered* gets why the
        login failed."""

        trusted = normal_fingerprint(account.cert_sha256 or "")

        def shown(cert: CertificateInfo | None) -> None:
            if not shiboken6.isValid(self):
                return  # Settings was closed meanwhile
            if cert is None or cert.fingerprint == trusted:
                not_offered(str(refused))  # unread, or not what was refused
                return
            self.offer(replace(cert, trusted=trusted))
            not_offered("the server's certificate is not trusted (below).")

        tasks.run(lambda _progress: read(account), shown, lambda _e: shown(None))

    def withdraw(self) -> None:
        self._offered = None
        self._show()

    # --- the choice ----------------------------------------------------------------

    def _trust(self) -> None:
        cert = self._offered
        if cert is not None:
            self.trust_chosen.emit(cert)  # the page keeps it, or withdraws it

    def _decline(self) -> None:
        self.declined.emit()
        self.withdraw()

    def _show(self) -> None:
        fingerprint = self._fingerprint
        self.note_text.setText(
            f"Trusting the certificate SHA-256 {short_fingerprint(fingerprint)}"
            if fingerprint
            else ""
        )
        self.note_text.setToolTip(f"SHA-256 {fingerprint}" if fingerprint else "")
        noted, offered = bool(fingerprint) and self._offered is None, self._offered is not None
        self.note.setVisible(noted)
        self.panel.setVisible(offered)
        self.setVisible(noted or offered)


def in_two_lines(fingerprint: str) -> str:
    """The 32 bytes as two lines of 16: one line of them is wider than the page."""
    parts = fingerprint.split(":")
    half = len(parts) // 2
    return ":".join(parts[:half]) + "\n" + ":".join(parts[half:])
